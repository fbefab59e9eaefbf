"""Find stated figures (counts, amounts, percentages) in a sentence, with their qualifiers.

Qualifier mapping, read from the words just before the number:
- approximately: approximately, approx., about, around, roughly, some, an estimated,
  estimated, close to, circa, in the region of, of the order of
- at_most: nearly, almost, up to, at most, no more than, not more than, less than, fewer
  than, under, below, as many as, a maximum of, just under
- at_least: more than, over, at least, upwards of, in excess of, exceeding, above, no fewer
  than, no less than, as few as, a minimum of, just over
- exact: none of these.

``Figure.raw`` spans the qualifier (when there is one), any currency sign, the number, its
scale word and a percent marker; the counted noun is reported in ``unit`` but is not part
of ``raw``. Years, dates, ordinals, clock times, ranges, scores, fractions and names such as
"COVID-19" or "F-16" are not figures.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from claims.extraction.lexicon import MONTHS, word_set

__all__ = ["Figure", "find_figures"]


@dataclass(frozen=True, slots=True)
class Figure:
    raw: str
    value: Decimal
    qualifier: str
    unit: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form; integral values become ints, others floats (shortest repr)."""
        value: int | float = (
            int(self.value) if self.value == self.value.to_integral() else float(self.value)
        )
        return {"raw": self.raw, "value": value, "qualifier": self.qualifier, "unit": self.unit}


_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "dozen": 12,
}  # fmt: skip
_SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}
_NUMBER_WORD = "|".join(sorted([*_SMALL, *_TENS, *_SCALES], key=len, reverse=True))
_SCALE_WORD = "hundred|thousand|million|billion|trillion"

_FIGURE = re.compile(
    rf"""
    (?P<digits>
        (?<![\w.,/:\-–])
        (?P<currency>US\$|[$€£¥])?
        (?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
        (?:
            -(?P<hyphen_scale>{_SCALE_WORD})\b
          | \s?(?P<short_scale>bn|mn|m|k)\b
          | \s+(?P<scale>{_SCALE_WORD})\b
        )?
        (?![\w:/]|[.,]\d|\s?[-–]\s?\d)
    )
  | (?P<a_scale>(?<![\w-])(?i:an?)\s+(?P<a_word>dozen|{_SCALE_WORD})\b(?![-‐]\w))
  | (?P<words>
        (?<![\w-])
        (?i:(?:{_NUMBER_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORD}))*)
        \b(?![-‐]\w)
    )
    """,
    re.VERBOSE,
)
_PERCENT = re.compile(
    r"\s?(?P<sign>%)|\s+(?P<word>per\s?cent|percent|pc)\b|\s+(?P<point>percentage\s+points?)\b"
    r"|\s+(?P<basis>basis\s+points?)\b"
)
_QUALIFIER = re.compile(
    r"""(?xi)
    \b(?P<phrase>
        approximately|approx\.|about|around|roughly|some|an\s+estimated|estimated|close\s+to
      | circa|in\s+the\s+region\s+of|of\s+the\s+order\s+of
      | nearly|almost|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|less\s+than
      | fewer\s+than|under|below|as\s+many\s+as|as\s+much\s+as|a\s+maximum\s+of|just\s+under
      | more\s+than|over|at\s+least|upwards\s+of|in\s+excess\s+of|exceeding|above
      | no\s+fewer\s+than|no\s+less\s+than|as\s+few\s+as|a\s+minimum\s+of|just\s+over
    )\s+$
    """
)


def _phrase_set(phrases: str) -> frozenset[str]:
    return frozenset(phrases.split("|"))


_AT_MOST = _phrase_set(
    "nearly|almost|up to|at most|no more than|not more than|less than|fewer than|under|below"
    "|as many as|as much as|a maximum of|just under"
)
_AT_LEAST = _phrase_set(
    "more than|over|at least|upwards of|in excess of|exceeding|above|no fewer than"
    "|no less than|as few as|a minimum of|just over"
)
_DATE_AFTER = re.compile(rf"\s+(?:of\s+)?(?:{MONTHS})\b\.?")
_DATE_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s+$")
_CLOCK_AFTER = re.compile(r"\s*(?:[ap]\.?m\.?(?!\w)|o[’']clock\b|GMT\b|UTC\b|CET\b|hrs\b)", re.I)
_OPENING = re.compile(r"[\s\"'“‘(]*")
_REFERRING = re.compile(r"\b(?i:the|these|those|both|its|their|his|her|our|all)\s+$")
_WORD = re.compile(r"[^\W\d_][\w’'\-]*|\S")


_DETERMINERS = word_set("the its their his her our these those your")
# Words that end a counted noun phrase: function words, auxiliaries and common verbs.
_STOP = word_set(
    """a an the of in on at to from for with by and or but as than that which who whom whose
    this these those it its their his her our was were is are be been being has have had do
    does did will would could should may might must can per each
    since during after before until while when where including among across into over under
    between against about around through via more most less fewer last next ago"""
)
_IRREGULAR_PLURALS = word_set(
    "people children men women police personnel staff cattle livestock sheep deer fish "
    "aircraft data media"
)
_CURRENCY_UNIT = {"$": "$", "US$": "$", "€": "€", "£": "£", "¥": "¥"}


def find_figures(sentence: str, offset: int = 0) -> list[Figure]:
    """Return the figures stated in ``sentence``; offsets are shifted by ``offset``."""
    figures: list[Figure] = []
    for match in _FIGURE.finditer(sentence):
        parsed = _parse(match, sentence)
        if parsed is None:
            continue
        value, start, end, currency = parsed
        end, unit = _percent(sentence, end)
        if not unit:
            unit = _CURRENCY_UNIT.get(currency, "") or _counted_noun(sentence, end)
        start, qualifier = _qualifier(sentence, start)
        figures.append(
            Figure(sentence[start:end], value, qualifier, unit, start + offset, end + offset)
        )
    return figures


def _parse(match: re.Match[str], sentence: str) -> tuple[Decimal, int, int, str] | None:
    """Value and extent of one match, or None when the number is a year, date, time or name."""
    start, end = match.span()
    if match.group("words") is not None:
        return _parse_words(match, sentence)
    if match.group("a_scale") is not None:
        return Decimal(_SCALES[match.group("a_word").lower()]), start, end, ""
    number = match.group("number")
    currency = match.group("currency") or ""
    scale_word = match.group("hyphen_scale") or match.group("scale")
    short_scale = match.group("short_scale")
    if short_scale in {"m", "k"} and not currency:
        return None  # "5m" is as likely metres as millions; "10k" a race
    plain = not (currency or scale_word or short_scale)
    # "about 2024" is a figure, not a year: a qualifier rules out context numbers.
    if (
        plain
        and _QUALIFIER.search(sentence, max(0, start - 32), start) is None
        and _is_context_number(number, sentence, start, end)
    ):
        return None
    value = Decimal(number.replace(",", ""))
    if scale_word:
        value *= _SCALES[scale_word.lower()]
    elif short_scale:
        value *= _SHORT_SCALES[short_scale]
    return _tidy(value), start, end, currency


def _is_context_number(number: str, sentence: str, start: int, end: int) -> bool:
    """Years, days of a date and clock times give context; they are not claims."""
    is_year = len(number) == 4 and number.isdigit() and 1000 <= int(number) <= 2199
    if is_year and not _PERCENT.match(sentence, end):
        return True
    if _DATE_AFTER.match(sentence, end) or _DATE_BEFORE.search(sentence, max(0, start - 16), start):
        return True
    return bool(_CLOCK_AFTER.match(sentence, end))


def _parse_words(match: re.Match[str], sentence: str) -> tuple[Decimal, int, int, str] | None:
    start = match.start()
    if sentence[start].isupper() and _OPENING.match(sentence).end() < start:
        return None  # a capitalised number word mid-sentence is a name ("Penguin Twelve")
    total = current = 0
    previous = ""
    end = start
    tokens = list(re.finditer(r"[A-Za-z]+", match.group()))
    for index, token in enumerate(tokens):
        word = token.group().lower()
        kind = _word_kind(word)
        if kind == "and":
            following = (
                _word_kind(tokens[index + 1].group().lower()) if index + 1 < len(tokens) else ""
            )
            if previous not in {"hundred", "scale"} or following not in {"small", "ten"}:
                break
            continue
        if not _follows(previous, kind):
            break
        if kind in {"small", "ten"}:
            current += _SMALL.get(word, 0) + _TENS.get(word, 0)
        elif kind == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _SCALES[word]
            current = 0
        previous = kind
        end = start + token.end()
    if end == start or sentence[start:end].lower() == "one":
        return None  # "one" on its own is nearly always a pronoun ("one of the")
    if total == 0 and _REFERRING.search(sentence, max(0, start - 12), start):
        return None  # "the two nations" points back at something; it counts nothing new
    return Decimal(total + current), start, end, ""


def _word_kind(word: str) -> str:
    if word == "and":
        return "and"
    if word in _SMALL:
        return "small"
    if word in _TENS:
        return "ten"
    return "hundred" if word == "hundred" else "scale"


def _follows(previous: str, kind: str) -> bool:
    """Whether number word ``kind`` may follow ``previous`` ("twenty-five", not "two three")."""
    if kind == "small":
        return previous in {"", "ten", "hundred", "scale"}
    if kind == "ten":
        return previous in {"", "hundred", "scale"}
    if kind == "hundred":
        return previous in {"small", "ten"}
    return previous in {"small", "ten", "hundred"}


def _tidy(value: Decimal) -> Decimal:
    """Drop exponent noise: 7.2 million is 7200000, not 7.2E+6 or 7200000.0."""
    if value == value.to_integral():
        return value.quantize(Decimal(1))
    return value.normalize()


def _percent(sentence: str, end: int) -> tuple[int, str]:
    match = _PERCENT.match(sentence, end)
    if match is None:
        return end, ""
    if match.group("point"):
        return match.end(), "percentage point"
    if match.group("basis"):
        return match.end(), "basis point"
    return match.end(), "%"


def _qualifier(sentence: str, start: int) -> tuple[int, str]:
    match = _QUALIFIER.search(sentence, max(0, start - 32), start)
    if match is None:
        return start, "exact"
    phrase = " ".join(match.group("phrase").lower().split())
    if phrase in _AT_MOST:
        return match.start(), "at_most"
    if phrase in _AT_LEAST:
        return match.start(), "at_least"
    return match.start(), "approximately"


def _counted_noun(sentence: str, end: int) -> str:
    """The noun a figure counts: the first plural in the phrase after it, adjectives skipped."""
    compound = re.match(r"-([^\W\d_]+)", sentence[end : end + 40])
    if compound:
        return compound.group(1)  # "a 25-year-old", "a 10-point lead"
    words: list[str] = []
    after_of = False
    for token in _WORD.finditer(sentence, end, min(len(sentence), end + 80)):
        word = token.group()
        lowered = word.lower()
        if not words and (lowered == "of" or (after_of and lowered in _DETERMINERS)):
            after_of = True  # "10,000 of its soldiers"
            continue
        if not word[0].isalpha() or lowered in _STOP or len(words) == 5:
            break
        words.append(word.strip("’'-"))
    lower_plural = next((w for w in words if w.islower() and _is_plural(w)), "")
    if lower_plural:
        return lower_plural
    upper_plural = [w for w in words if _is_plural(w.lower())]
    if upper_plural:
        return upper_plural[-1]
    lowered_words = [w for w in words if w.islower() and not w.endswith(("ly", "ing"))]
    return lowered_words[-1] if lowered_words else ""


def _is_plural(word: str) -> bool:
    if word in _IRREGULAR_PLURALS:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "’s"))
