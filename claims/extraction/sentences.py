"""Split plain article text into sentences, keeping exact offsets into the original text.

Offsets are Python ``str`` indices, so ``text[start:end]`` is always the sentence itself.
Sentence ends of other scripts count too: 。！？ (Chinese, Japanese), ؟ and ۔ (Arabic, Urdu),
। and ॥ (Hindi); in scripts without capital letters (Korean, Arabic, Hindi...) any letter
may start the next sentence.
"""

import re
from collections.abc import Iterator

from claims.extraction.lexicon import word_set

# Lines are blocks of their own when they start with a list marker; the marker is not part
# of the sentence. "1." needs a following space so that "1.5 million" never counts.
_BULLET = re.compile(r"[ \t]*(?:[•‣◦▪●·*\-–—]|\d{1,2}[.)])[ \t]+(?=\S)")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
# A sentence may end at terminal punctuation, optionally followed by closing quotes or
# brackets, and then whitespace; whether it really ends depends on what comes next.
_CANDIDATE = re.compile(r"(?:[.!?]+|…)[\"'”’)\]」』]*\s+|[。！？؟۔।॥]+[\"'”’)\]」』]*\s*")
_TOKEN_BEFORE = re.compile(r"[\w’'.\-]+$")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_OPENERS = "\"'“‘([«「『"


# Titles before a name never end a sentence ("Gen. Kim", "Dr. Müller").
_TITLES = word_set(
    "mr mrs ms mx dr prof gen lt col maj capt cpt sgt adm cmdr gov sen rep rev fr st "
    "pres supt insp hon messrs mme mlle sr jr"
)
# Abbreviations that end a sentence only when followed by a number-free common starter.
_BEFORE_NUMBER = word_set(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos art vol p pp fig ch sec para"
)
_NEVER_FINAL = word_set("vs v e.g i.e cf approx est viz al ca c")
# After a dotted acronym ("U.S.") or "Inc." a new sentence is assumed only when one of these
# words follows; "the U.S. Senate" is far more common than a sentence ending in "U.S.".
_COMMON_STARTERS = word_set(
    "the a an he she it they we i you this that these those there but and however in on at "
    "for its his her their our as after before while when if meanwhile yet so since although "
    "still some many most officials critics analysts experts according"
)
_HEADING_MAX = 50
_HEADING_END = tuple(".!?:;,…\"'”’)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of each sentence, in order, without outer whitespace."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        spans.extend(_split_block(text, block_start, block_end))
    return spans


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield paragraph-like blocks: separated by blank lines, bullets and short headings."""
    start: int | None = None
    end = 0
    previous = ""
    for match in _LINE.finditer(text):
        if match.start() == match.end():
            break
        line = match.group().rstrip("\r\n")
        stripped = line.strip()
        if not stripped:
            if start is not None:
                yield start, end
            start = None
            continue
        bullet = _BULLET.match(line)
        indent = bullet.end() if bullet else len(line) - len(line.lstrip())
        if start is not None and (bullet or _is_heading(previous, stripped)):
            yield start, end
            start = None
        if start is None:
            start = match.start() + indent
        end = match.start() + len(line.rstrip())
        previous = stripped
    if start is not None:
        yield start, end


def _is_heading(previous: str, current: str) -> bool:
    """A short unpunctuated line followed by a capitalised one is a heading or a byline."""
    return (
        len(previous) < _HEADING_MAX
        and not previous.endswith(_HEADING_END)
        and _first_letter_is_upper(current)
    )


def _first_letter_is_upper(text: str) -> bool:
    for char in text:
        if char in _OPENERS:
            continue
        # Hangul, Arabic, Devanagari and CJK letters have no case: any of them may start one.
        return char.isupper() or char.isdigit() or (char.isalpha() and not char.islower())
    return False


def _split_block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    sentence_start = start
    for match in _CANDIDATE.finditer(text, start, end):
        following = text[match.end() : match.end() + 3]
        if not following or not _first_letter_is_upper(following):
            continue
        punctuation = match.group().rstrip()
        single_period = punctuation.startswith(".") and not punctuation.startswith("..")
        if single_period and not _period_ends_sentence(
            text, sentence_start, match.start(), match.end()
        ):
            continue
        stop = match.start() + len(punctuation)
        yield sentence_start, stop
        sentence_start = match.end()
    if sentence_start < end:
        yield sentence_start, end


def _period_ends_sentence(text: str, floor: int, period: int, following: int) -> bool:
    before = _TOKEN_BEFORE.search(text, max(floor, period - 24), period)
    if before is None:
        return True
    token = before.group().lstrip("'’-.")
    lowered = token.lower()
    next_word = re.match(r"[\"'“‘(\[]*([\w’']+)", text[following : following + 40])
    word = next_word.group(1) if next_word else ""
    if lowered in _TITLES or lowered in _NEVER_FINAL:
        return False
    if len(token) == 1 and token.isupper():
        return False  # an initial: "John F. Kennedy", "J. R. R. Tolkien"
    if lowered in _BEFORE_NUMBER and word[:1].isdigit():
        return False
    if _ACRONYM.fullmatch(token) or lowered in {"inc", "ltd", "co", "corp", "bros"}:
        return word.lower() in _COMMON_STARTERS
    return True
