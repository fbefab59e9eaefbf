"""Remember the people and organisations an article has named, to resolve "he said", "it said".

A pronoun takes the nearest earlier name of its kind: "he" and "she" a person, "it" an
organisation, "they" a group ("officials") or an organisation.
"""

import re

from claims.extraction.attribution import entity_kind
from claims.extraction.lexicon import word_set

__all__ = ["SpeakerTracker"]

_TITLE = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|Rev|Sheriff|President|"
    r"Senator|Governor|Mayor|Minister|Secretary|General|Colonel|Captain|Judge|Ambassador|"
    r"Chancellor|Premier|Prime\s+Minister|Sir|Dame)\.?\s+)"
)
_CAPITALISED = r"[A-ZÀ-ÖØ-ÞĞİŞ][\w’'\-]+"
# "Rafaelito Alejandro", "Sen. Lindsey Graham", "Health Minister Fahrettin Koca".
_PERSON = re.compile(rf"{_TITLE}?{_CAPITALISED}(?:\s+{_CAPITALISED}){{1,3}}")
# "the Disaster and Emergency Management Authority (AFAD)", "the Ministry of Health".
_ORGANISATION = re.compile(
    rf"{_CAPITALISED}(?:\s+(?:of|for|and|on|the|de|du)?\s*{_CAPITALISED}){{0,6}}"
    r"(?:\s+\([A-Z][\w&]{1,10}\))?"
)
_SENTENCE_STARTERS = word_set(
    """The A An In On At For But And Yet So After Before While When If As Since Although
    However Meanwhile Earlier Later According Some Many Most This That These Those There It
    He She They We I Our His Her Their Its"""
)
# Kinds each pronoun may stand for; "name" is a name of unclear kind ("Alejandro said").
_PRONOUN_KINDS = {
    "he": ("person", "name"),
    "she": ("person", "name"),
    "it": ("organisation",),
    "they": ("group", "organisation"),
}


class SpeakerTracker:
    """The latest name of each kind seen so far, in reading order.

    Text and names are queued and read only when a pronoun needs resolving: most sentences
    have none, and reading every name of a long article would double the extractor's time.
    """

    def __init__(self) -> None:
        self.latest: dict[str, tuple[int, str]] = {}
        self.seen = 0
        self.pending: list[tuple[bool, str]] = []  # (is a known source, text)

    def _remember(self, kind: str, name: str) -> None:
        self.seen += 1
        self.latest[kind] = (self.seen, name)

    def note(self, name: str) -> None:
        """Remember a name already known to be a source (an attribution)."""
        self.pending.append((True, name))

    def read(self, text: str) -> None:
        """Remember the names ``text`` mentions, the last of each kind winning."""
        self.pending.append((False, text))

    def _catch_up(self) -> None:
        pending, self.pending = self.pending, []
        for is_source, text in pending:
            if is_source:
                self._note_now(text)
            else:
                self._read_now(text)

    def _note_now(self, name: str) -> None:
        kind = entity_kind(name) or "name"
        if kind == "name":
            person = self.latest.get("person", (0, ""))[1]
            if person.split()[-1:] == name.split():
                kind, name = "person", person  # "Word said" after "Dale Word" is Dale Word
        self._remember(kind, name)

    def _read_now(self, text: str) -> None:
        found: list[tuple[int, str, str]] = []
        for match in _ORGANISATION.finditer(text):
            name = _without_starter(match.group())
            head, _and, tail = name.rpartition(" and ")
            if head and entity_kind(tail) == "person":
                name = head  # "the Ministry of Defence and Jane Doe" names two
            if name and entity_kind(name) == "organisation":
                found.append((match.start(), "organisation", name))
        for match in _PERSON.finditer(text):
            name = _without_starter(match.group())
            if name and entity_kind(name) == "person":
                found.append((match.start(), "person", name))
        for _position, kind, name in sorted(found):
            self._remember(kind, name)

    def resolve(self, pronoun: str) -> str:
        """The name a pronoun stands for, or "" when none of its kind came before."""
        self._catch_up()
        known = [
            self.latest[kind]
            for kind in _PRONOUN_KINDS.get(pronoun.lower(), ())
            if kind in self.latest
        ]
        return max(known)[1] if known else ""


def _without_starter(name: str) -> str:
    words = name.split()
    while words and words[0] in _SENTENCE_STARTERS:
        words.pop(0)
    return " ".join(words)
