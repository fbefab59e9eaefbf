"""Suggest check-worthy claims in plain article text: one suggestion per sentence.

Pure Python with no Django import, so editors' tools and tests can use it anywhere.

Kind, first that applies: "quote" (a direct quotation with a speaker), "figure", "attribution",
"event" (a concrete past action), "opinion" (an evaluative or prescriptive cue), "prediction";
a sentence with none of these cues is classed as "opinion" (commentary) with a low score.

Score (check-worthiness, 0..1), a fixed additive heuristic:
- 0.15 to start;
- +0.40 for a figure and +0.05 for each further figure (at most +0.10);
- +0.30 for an attribution, +0.05 more if it carries a direct quotation;
- +0.30 for a concrete event;
- +0.05 for a date, +0.05 for a proper name after the first word;
- a prediction cue adds +0.15 to a sentence with nothing firmer, and takes 0.10 off one
  that has a figure, attribution or event (the claim is hedged);
- an opinion cue takes off 0.25; a question takes off 0.20;
- a sentence with a figure, attribution or event never scores below 0.50, whatever its
  opinion or prediction cues; the result is clamped to 0..1 and rounded to two places.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from claims.extraction.attribution import Attribution, find_attribution_span
from claims.extraction.cues import (
    has_date,
    has_direct_quote,
    has_event,
    has_opinion,
    has_prediction,
)
from claims.extraction.figures import Figure, find_figures, main_figure
from claims.extraction.sentences import split_sentences
from claims.extraction.speakers import SpeakerTracker

__all__ = [
    "HANDLED_LANGUAGES",
    "ArticleFileError",
    "Suggestion",
    "extract_claims",
    "format_suggestions",
    "read_article_text",
]

CHECKWORTHY = 0.5
# The word cues (events, opinions, predictions, attribution verbs) are English. Text in other
# languages is still split and its figures read, but its scores rest on figures alone and are
# capped below the check-worthy line, so a reviewer decides rather than the score.
HANDLED_LANGUAGES = frozenset({"en"})
_OTHER_LANGUAGE_CAP = 0.45
# Bylines, headings and reference fragments are too short to state anything checkable.
_MIN_WORDS = 4
_MIN_CJK_CHARACTERS = 8
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# "ANKARA, 14 March –", "SEOUL, Oct. 29 (Yonhap) --", "(Reuters) -": where and when a wire
# story was filed, not part of its first sentence.
_DATELINE = re.compile(
    r"""(?x)
    (?:
        [A-ZÀ-ÖØ-ÞĞİŞ][A-ZÀ-ÖØ-ÞĞİŞ'.\- ]{1,30}[A-ZÀ-ÖØ-ÞĞİŞ.]   # ANKARA, LOS ANGELES
        (?:,\s*[^,–—\n]{1,30}?)?                                   # , 14 March / , Calif.
        (?:\s*\([^)\n]{1,40}\))?                                    # (Reuters)
      | \([^)\n]{1,40}\)                                            # (Reuters) on its own
    )
    \s*(?:--|[–—-]|:)\s+
    """
)
_BYLINE = re.compile(r"(?i:by)\s+[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|de|van|von|bin))*$")
_END_PUNCTUATION = tuple(".!?…:;\"'”’)。！？؟।")
_PROPER_NAME = re.compile(r"(?<=[\s(“\"‘,;:])[A-Z][\w’'\-]+")


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    start: int
    end: int
    kind: str
    score: float
    figures: tuple[Figure, ...] = ()
    attributed_to: str = ""
    # Where the attribution is written in the text (a pronoun's own place when it was resolved
    # to an earlier name); both 0 when there is none.
    attribution_start: int = 0
    attribution_end: int = 0
    main_figure: Figure | None = None

    def figure_dicts(self) -> list[dict[str, object]]:
        """The figures as JSON-ready dicts; the one a claim should state is marked "main"."""
        return [{**figure.to_dict(), "main": figure is self.main_figure} for figure in self.figures]

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "score": self.score,
            "figures": self.figure_dicts(),
            "attributed_to": self.attributed_to,
            "attribution": (
                {"start": self.attribution_start, "end": self.attribution_end}
                if self.attributed_to
                else None
            ),
        }


def extract_claims(text: str, *, title: str = "", language: str | None = None) -> list[Suggestion]:
    """Return a suggestion for every sentence of ``text`` long enough to state something.

    Datelines and bylines are left out, and so is the headline: ``title`` when the text
    repeats it, or an unpunctuated first line. ``language`` (ISO 639-1, e.g. "en", "tr")
    says how numbers are written and whether the English word cues apply; None means
    unknown, read as English.
    """
    suggestions = []
    speakers = SpeakerTracker()
    heading = " ".join(title.split()).casefold()
    for index, (start, end) in enumerate(split_sentences(text)):
        dateline = _DATELINE.match(text, start, end) if index < 3 else None
        if dateline:
            start = dateline.end()
        sentence = text[start:end]
        if _is_headline(text, sentence, start, end, first=index == 0, heading=heading):
            speakers.read(sentence)
            continue
        if _long_enough(sentence) and not _BYLINE.fullmatch(sentence):
            suggestion = _suggest(sentence, start, end, speakers, language)
            suggestions.append(suggestion)
            speakers.read(sentence)
            if suggestion.attributed_to:
                speakers.note(suggestion.attributed_to)
        else:
            speakers.read(sentence)
    return suggestions


def _long_enough(sentence: str) -> bool:
    if len(sentence.split()) >= _MIN_WORDS:
        return True
    return len(_CJK.findall(sentence)) >= _MIN_CJK_CHARACTERS


def _is_headline(
    text: str, sentence: str, start: int, end: int, *, first: bool, heading: str
) -> bool:
    """The article's title repeated in its text, or a first line standing alone unpunctuated."""
    if heading and " ".join(sentence.split()).casefold() == heading:
        return True
    whole_line = (start == 0 or text[start - 1] == "\n") and (
        end == len(text) or text[end] in "\r\n"
    )
    return first and whole_line and not sentence.endswith(_END_PUNCTUATION)


def _suggest(
    sentence: str, start: int, end: int, speakers: SpeakerTracker, language: str | None
) -> Suggestion:
    figures = tuple(find_figures(sentence, offset=start, language=language))
    attribution = find_attribution_span(sentence)
    attributed_to, attribution_start, attribution_end = _attributed(
        attribution, sentence, start, speakers
    )
    # A report is a report even when its pronoun has no name to stand for: it scores as one.
    reported = attribution is not None
    quoted = reported and has_direct_quote(sentence)
    event = has_event(sentence)
    opinion = has_opinion(sentence)
    prediction = has_prediction(sentence)
    firm = bool(figures or reported or event)

    score = 0.15
    if figures:
        score += 0.40 + min(0.10, 0.05 * (len(figures) - 1))
    if reported:
        score += 0.35 if quoted else 0.30
    if event:
        score += 0.30
    if has_date(sentence):
        score += 0.05
    if _PROPER_NAME.search(sentence):
        score += 0.05
    if prediction:
        score += -0.10 if firm else 0.15
    if opinion:
        score -= 0.25
    if sentence.rstrip("”’\"') ").endswith("?"):
        score -= 0.20
    if firm:
        score = max(score, CHECKWORTHY)
    if not _handles(language):
        score = min(score, _OTHER_LANGUAGE_CAP)
    score = round(min(1.0, max(0.0, score)), 2)

    kind = _kind(
        quoted=quoted,
        figures=bool(figures),
        attributed=reported,
        event=event,
        opinion=opinion,
        prediction=prediction,
    )
    return Suggestion(
        sentence,
        start,
        end,
        kind,
        score,
        figures,
        attributed_to,
        attribution_start,
        attribution_end,
        main_figure(figures, sentence, start),
    )


def _handles(language: str | None) -> bool:
    code = (language or "en").lower().split("-")[0]
    return code in HANDLED_LANGUAGES


def _attributed(
    attribution: Attribution | None, sentence: str, start: int, speakers: SpeakerTracker
) -> tuple[str, int, int]:
    """The attribution's name and offsets; a pronoun becomes the nearest earlier name of its
    kind ("he" a person, "it" an organisation), and is dropped when there is none."""
    if attribution is None:
        return "", 0, 0
    where = (start + attribution.start, start + attribution.end)
    if not attribution.pronoun:
        return " ".join(attribution.name.split()), *where
    speakers.read(sentence[: attribution.start])
    name = speakers.resolve(attribution.name)
    return (name, *where) if name else ("", 0, 0)


def _kind(
    *, quoted: bool, figures: bool, attributed: bool, event: bool, opinion: bool, prediction: bool
) -> str:
    for kind, applies in (
        ("quote", quoted),
        ("figure", figures),
        ("attribution", attributed),
        ("event", event),
        ("opinion", opinion),
        ("prediction", prediction),
    ):
        if applies:
            return kind
    return "opinion"


def format_suggestions(suggestions: Iterable[Suggestion], *, as_json: bool = False) -> str:
    """Text for the ``extract_claims`` command: JSON lines, or one readable block each."""
    if as_json:
        return "".join(
            json.dumps(suggestion.to_dict(), ensure_ascii=False) + "\n"
            for suggestion in suggestions
        )
    blocks = []
    for suggestion in suggestions:
        lines = [
            f"[{suggestion.score:.2f}] {suggestion.kind} {suggestion.start}-{suggestion.end}",
            f"  {suggestion.text}",
        ]
        for figure in suggestion.figures:
            unit = f" {figure.unit}" if figure.unit else ""
            lines.append(f"  figure: {figure.raw!r} = {figure.value}{unit} ({figure.qualifier})")
        if suggestion.attributed_to:
            lines.append(f"  attributed to: {suggestion.attributed_to}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


class ArticleFileError(ValueError):
    """The article file is missing, unreadable or not UTF-8 text."""


def read_article_text(path: str) -> str:
    """Read a UTF-8 text file, naming the file and the line of the first bad byte on error."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ArticleFileError(f"Cannot read {path}: {error.strerror or error}") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ArticleFileError(
            f"{path} is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line}"
        ) from error
