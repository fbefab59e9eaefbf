"""Find a claim's quote again in an article body that may have been edited since it was taken.

Tried in order: the exact text; the text ignoring whitespace runs and quote, apostrophe and
dash styles; then the closest approximate passage. Offsets always index the original body.
"""

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

__all__ = ["Anchor", "find_anchor"]


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    method: str  # "exact", "normalised" or "fuzzy"
    confidence: float


_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("‘’‛′ʼ`", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("–—‒―−‐‑", "-"),
        "…": "...",
    }
)
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\ufeff")
_TOKEN = re.compile(r"\S+")
_EDGE_PUNCTUATION = "\"'.,;:!?()[]-"
# Words this common locate nothing; skipping them keeps voting linear in practice.
_MAX_POSTINGS = 200
_CANDIDATES = 6


@dataclass(frozen=True, slots=True)
class _Normalised:
    text: str
    starts: tuple[int, ...]  # original index of each normalised character
    ends: tuple[int, ...]  # original index just after it


@dataclass(frozen=True, slots=True)
class _Prepared:
    normalised: _Normalised
    tokens: tuple[tuple[int, int], ...]  # token spans in normalised text
    keys: tuple[str, ...]
    postings: dict[str, list[int]]


def find_anchor(
    body: str, quote: str, *, hint: int | None = None, threshold: float = 0.8
) -> Anchor | None:
    """Locate ``quote`` in ``body``; None means the anchor is lost.

    ``hint`` is where the quote used to start: among equally good matches the nearest wins.
    """
    if not quote.strip():
        return None
    span = exact_span(body, quote, hint=hint)
    if span is not None:
        return Anchor(*span, "exact", 1.0)

    prepared = _prepare(body)
    normalised = prepared.normalised
    target = _normalise(quote).text.strip()
    if not target:
        return None
    spans = [
        (normalised.starts[i], normalised.ends[i + len(target) - 1])
        for i in _occurrences(normalised.text, target)
    ]
    chosen = _nearest([s for s, _ in spans], hint)
    if chosen is not None:
        end = next(e for s, e in spans if s == chosen)
        return Anchor(chosen, end, "normalised", 1.0)

    return _fuzzy(prepared, target, hint=hint, threshold=threshold)


def exact_span(body: str, quote: str, *, hint: int | None = None) -> tuple[int, int] | None:
    """Where ``quote`` stands word for word in ``body``: the occurrence nearest ``hint``."""
    if not quote:
        return None
    start = _nearest(_occurrences(body, quote), hint)
    return None if start is None else (start, start + len(quote))


def _occurrences(text: str, part: str) -> list[int]:
    found = []
    index = text.find(part)
    while index != -1:
        found.append(index)
        index = text.find(part, index + 1)
    return found


def _nearest(starts: list[int], hint: int | None) -> int | None:
    if not starts:
        return None
    if hint is None:
        return starts[0]
    return min(starts, key=lambda start: (abs(start - hint), start))


def _normalise(text: str) -> _Normalised:
    """Collapse whitespace runs to one space and unify typographic quotes and dashes."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        if char.isspace():
            if chars and chars[-1] == " ":
                ends[-1] = index + 1
                continue
            replacement = " "
        else:
            replacement = char.translate(_TRANSLATE)
        for piece in replacement:
            chars.append(piece)
            starts.append(index)
            ends.append(index + 1)
    return _Normalised("".join(chars), tuple(starts), tuple(ends))


@lru_cache(maxsize=4)
def _prepare(body: str) -> _Prepared:
    """Normalised text and a word index of ``body``, built once for all of its claims."""
    normalised = _normalise(body)
    tokens = tuple(match.span() for match in _TOKEN.finditer(normalised.text))
    keys = tuple(_key(normalised.text[start:end]) for start, end in tokens)
    postings: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        if key:
            postings.setdefault(key, []).append(position)
    return _Prepared(normalised, tokens, keys, postings)


def _key(word: str) -> str:
    return word.strip(_EDGE_PUNCTUATION).lower()


def _fuzzy(
    prepared: _Prepared, target: str, *, hint: int | None, threshold: float
) -> Anchor | None:
    """Vote for where the quote's words line up, then score the few best places in full."""
    quote_keys = [_key(word) for word in target.split()]
    votes: Counter[int] = Counter()
    for offset, key in enumerate(quote_keys):
        positions = prepared.postings.get(key, ())
        if key and len(positions) <= _MAX_POSTINGS:
            votes.update(position - offset for position in positions)
    minimum_votes = max(1, len(quote_keys) // 4)
    best: tuple[float, int, int, int] | None = None  # (ratio, -distance, start, end)
    for origin, count in votes.most_common(_CANDIDATES):
        if count < minimum_votes:
            break
        span = _align(prepared, quote_keys, origin)
        if span is None:
            continue
        start, end = _trim(prepared.normalised.text, *span, target)
        ratio = SequenceMatcher(None, prepared.normalised.text[start:end], target, False).ratio()
        original_start = prepared.normalised.starts[start]
        distance = abs(original_start - hint) if hint is not None else 0
        candidate = (ratio, -distance, start, end)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None or best[0] < threshold:
        return None
    ratio, _, start, end = best
    normalised = prepared.normalised
    return Anchor(normalised.starts[start], normalised.ends[end - 1], "fuzzy", round(ratio, 3))


def _align(prepared: _Prepared, quote_keys: list[str], origin: int) -> tuple[int, int] | None:
    """Character span in the normalised body of the words that best match the quote's."""
    size = len(quote_keys)
    slack = max(3, size // 4)
    low = max(0, origin - slack)
    high = min(len(prepared.tokens), origin + size + slack)
    if low >= high:
        return None
    region = prepared.keys[low:high]
    blocks = [
        b for b in SequenceMatcher(None, region, quote_keys, False).get_matching_blocks() if b.size
    ]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    # Extend to cover quote words before the first and after the last matching word.
    first_token = max(low, low + first.a - first.b)
    last_token = min(high, low + last.a + last.size + (size - last.b - last.size)) - 1
    return prepared.tokens[first_token][0], prepared.tokens[last_token][1]


def _trim(text: str, start: int, end: int, target: str) -> tuple[int, int]:
    """Leave out punctuation the quote does not have at either edge ("soldiers," vs "soldiers")."""
    while end > start and text[end - 1] in _EDGE_PUNCTUATION and not target.endswith(text[end - 1]):
        end -= 1
    while start < end and text[start] in _EDGE_PUNCTUATION and not target.startswith(text[start]):
        start += 1
    return start, end
