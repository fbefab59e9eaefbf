"""Whether an evidence row's excerpt is in its source's archived text."""

import re
import unicodedata

EXACT = "exact"
NORMALISED = "normalised"
MISSING = "missing"

LABELS = {
    EXACT: "Excerpt found",
    NORMALISED: "Excerpt found (spacing or quotes differ)",
    MISSING: "Excerpt not found",
}

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00ad": None,
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as a reader sees it: one kind of quote and dash, single spaces, no case."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def excerpt_match(excerpt: str, text: str) -> str:
    """EXACT, NORMALISED or MISSING; "" when there is no excerpt or no text to look in."""
    excerpt = excerpt.strip()
    if not excerpt or not text:
        return ""
    if excerpt in text:
        return EXACT
    if normalise(excerpt) in normalise(text):
        return NORMALISED
    return MISSING
