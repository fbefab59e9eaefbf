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

from claims.extraction.attribution import find_attribution
from claims.extraction.cues import (
    has_date,
    has_direct_quote,
    has_event,
    has_opinion,
    has_prediction,
)
from claims.extraction.figures import Figure, find_figures
from claims.extraction.sentences import split_sentences

__all__ = [
    "ArticleFileError",
    "Suggestion",
    "extract_claims",
    "format_suggestions",
    "read_article_text",
]

CHECKWORTHY = 0.5
# Bylines, headings and reference fragments are too short to state anything checkable.
_MIN_WORDS = 4
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

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "score": self.score,
            "figures": [figure.to_dict() for figure in self.figures],
            "attributed_to": self.attributed_to,
        }


def extract_claims(text: str) -> list[Suggestion]:
    """Return a suggestion for every sentence of ``text`` long enough to state something."""
    suggestions = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        if len(sentence.split()) >= _MIN_WORDS:
            suggestions.append(_suggest(sentence, start, end))
    return suggestions


def _suggest(sentence: str, start: int, end: int) -> Suggestion:
    figures = tuple(find_figures(sentence, offset=start))
    attributed_to = find_attribution(sentence)
    quoted = bool(attributed_to) and has_direct_quote(sentence)
    event = has_event(sentence)
    opinion = has_opinion(sentence)
    prediction = has_prediction(sentence)
    firm = bool(figures or attributed_to or event)

    score = 0.15
    if figures:
        score += 0.40 + min(0.10, 0.05 * (len(figures) - 1))
    if attributed_to:
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
    score = round(min(1.0, max(0.0, score)), 2)

    kind = _kind(
        quoted=quoted,
        figures=bool(figures),
        attributed=bool(attributed_to),
        event=event,
        opinion=opinion,
        prediction=prediction,
    )
    return Suggestion(sentence, start, end, kind, score, figures, attributed_to)


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
