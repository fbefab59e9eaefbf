"""Word cues that mark a sentence as reporting an event, a prediction or an opinion."""

import re

from claims.extraction.lexicon import MONTHS, word_set

__all__ = ["has_date", "has_direct_quote", "has_event", "has_opinion", "has_prediction"]


# Concrete actions in the past tense. Words that are as often adjectives ("increased
# assistance", "reduced rates") are left out; they would turn recommendations into events.
_EVENT_VERBS = word_set(
    """signed launched deployed voted approved elected convened arrested killed died won lost
    passed adopted invaded attacked struck seized captured fired resigned appointed banned
    imposed lifted ratified vetoed sanctioned transported disguised equipped integrated sent
    dispatched withdrew withdrawn opened held met visited recorded reached hit shot injured
    wounded detained charged convicted sentenced acquitted released freed evacuated destroyed
    damaged bombed shelled collapsed flooded erupted scored defeated beat qualified founded
    established introduced enacted rejected overturned raised hiked slashed fined sued ordered
    suspended expelled agreed pledged allocated spent paid received reacted responded joined
    occurred happened began started ended completed built tested deported hospitalised
    hospitalized vaccinated diagnosed infected emitted burned melted rose fell dropped grew
    declined surged soared plunged doubled tripled halved crashed exploded landed departed
    arrived stormed shut merged acquired bought sold hired took marched protested gathered
    rallied demonstrated attended caused declared prevented dismissed provided discovered
    hosted moderated silenced lowered crossed issued released proposed expired toppled
    transferred shipped moved deployed evacuated rescued displaced destroyed confirmed
    announced denied revealed"""
)
_EVENT_WORD = re.compile(r"\b(?:" + "|".join(sorted(_EVENT_VERBS)) + r")\b|\bby\s+(\w+ing)\b")
# Before a participle, these make it an adjective ("the elected president") or a plan
# ("to be deployed", "must be augmented") rather than something that happened.
_NOT_EVENT_BEFORE = re.compile(
    r"(?:\b(?i:a|an|the|its|their|his|her|our|this|these|those|be|not|never)"
    r"|\b(?!being\b)[a-z]{3,}ing)\s+(?:\w+ly\s+)?$"
)
_PREDICTION = re.compile(
    r"\b(?:will|would|could|might|may|shall|likely|unlikely|(?:is|are|was|were)\s+"
    r"(?:expected|set|poised|projected|forecast|anticipated|due|predicted|likely)\s+to|"
    r"forecasts?|predicts?|expects?|projects\s+that|is\s+on\s+track\s+to)\b"
)
_OPINION = re.compile(
    r"\b(?:must|should|ought\s+to|need(?:s)?\s+to\s+be|it\s+is\s+(?:imperative|essential|crucial|"
    r"vital|critical|necessary|clear|time|high\s+time)|signif(?:y|ies)|posits?|necessitates?|"
    r"in\s+conclusion|I\s+(?:believe|think|feel|argue)|we\s+(?:believe|think|must|should)|"
    r"in\s+my\s+(?:view|opinion)|arguably|undoubtedly|regrettabl[ey]|shameful|deplorable|"
    r"it\s+is\s+(?:regrettable|unacceptable|disgraceful))\b",
    re.IGNORECASE,
)
_MONTHS = rf"(?:{MONTHS})\.?"
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}|{_MONTHS}\s+\d{{1,2}}\b|"
    r"\b(?:on|last|this|next)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
    r"\b(?:in|since|by|until|during)\s+(?:1[89]|20)\d\d\b|\b(?:yesterday|last\s+(?:week|month|year))\b"
)
_DIRECT_QUOTE = re.compile(r"[“\"]([^”\"]+)[”\"]")
_MIN_QUOTE_WORDS = 4


def has_event(sentence: str) -> bool:
    """Whether a concrete past action is stated: "signed a treaty", "reacted by convening"."""
    for match in _EVENT_WORD.finditer(sentence):
        gerund = match.group(1)
        if gerund is not None:
            if _gerund_of_event(gerund.lower()):
                return True
            continue
        if not _NOT_EVENT_BEFORE.search(sentence, max(0, match.start() - 80), match.start()):
            return True
    return False


def _gerund_of_event(word: str) -> bool:
    stem = word.removesuffix("ing")
    candidates = {stem + "ed", stem + "d", stem[:-1] + "ed" if stem[-1:] == stem[-2:-1] else ""}
    return bool(candidates & _EVENT_VERBS)


def has_prediction(sentence: str) -> bool:
    return _PREDICTION.search(sentence) is not None


def has_opinion(sentence: str) -> bool:
    return _OPINION.search(sentence) is not None


def has_date(sentence: str) -> bool:
    return _DATE.search(sentence) is not None


def has_direct_quote(sentence: str) -> bool:
    """A quotation of a few words or more, not a single scare-quoted term."""
    return any(
        len(match.group(1).split()) >= _MIN_QUOTE_WORDS
        for match in _DIRECT_QUOTE.finditer(sentence)
    )
