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
from functools import cache

from claims.extraction.lexicon import MONTHS, word_set
from claims.extraction.numbers import AmbiguousNumber, read_number, uses_decimal_comma

__all__ = ["Figure", "find_figures", "main_figure"]


@dataclass(frozen=True, slots=True)
class Figure:
    raw: str
    value: Decimal
    qualifier: str
    unit: str
    start: int
    end: int
    ambiguous: bool = False  # "2.314" in a text of unknown language: 2314 or 2.314

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form. The value is decimal text ("7.1", "2314"), never a binary float,
        which would turn 7.1 into 7.0999999999999996447 on its way back to a Decimal."""
        data: dict[str, object] = {
            "raw": self.raw,
            "value": format(self.value, "f"),
            "qualifier": self.qualifier,
            "unit": self.unit,
        }
        if self.ambiguous:
            data["ambiguous"] = True
        return data


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
_ARABIC_SCALES = {
    "ألف": 1_000, "آلاف": 1_000, "ألفا": 1_000, "مليون": 1_000_000, "ملايين": 1_000_000,
    "مليونا": 1_000_000, "مليار": 1_000_000_000, "مليارات": 1_000_000_000,
}  # fmt: skip
_NUMBER_WORD = "|".join(sorted([*_SMALL, *_TENS, *_SCALES], key=len, reverse=True))
_SCALE_WORD = "hundred|thousand|million|billion|trillion|" + "|".join(
    sorted(_ARABIC_SCALES, key=len, reverse=True)
)
# How digits are grouped and the decimals marked: "2,314.5" (and Arabic "٢٬٣١٤٫٥"), or as
# Turkish and German write it, "2.314,5".
_DOT_DECIMAL_NUMBER = r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?|\d+(?:[.٫]\d+)?"
_COMMA_DECIMAL_NUMBER = r"\d{1,3}(?:[.\u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"

_FIGURE_PATTERN = r"""
    (?P<digits>
        (?:(?<=[Mm]agnitude-)|(?<![\w.,/:\-–]))
        (?P<currency>US\$|[$€£¥₩₹])?
        (?P<number>NUMBER)
        (?:
            -(?P<hyphen_scale>SCALE_WORD)\b
          | \s?(?P<short_scale>bn|mn|m|k)\b
          | \s+(?P<scale>SCALE_WORD)\b
        )?
        (?![\w:/]|[.,]\d|\s?[-–]\s?\d)
    )
  | (?P<a_scale>(?<![\w-])(?i:an?)\s+(?P<a_word>dozen|SCALE_WORD)\b(?![-‐]\w))
  | (?P<words>
        (?<![\w-])
        (?i:(?:NUMBER_WORD)(?:(?:\s+and\s+|[\s-]+)(?:NUMBER_WORD))*)
        \b(?![-‐]\w)
    )
    """


@cache
def _figure_regex(comma_decimal: bool) -> re.Pattern[str]:
    number = _COMMA_DECIMAL_NUMBER if comma_decimal else _DOT_DECIMAL_NUMBER
    pattern = (
        _FIGURE_PATTERN.replace("NUMBER_WORD", _NUMBER_WORD)
        .replace("SCALE_WORD", _SCALE_WORD)
        .replace("NUMBER", number)
    )
    return re.compile(pattern, re.VERBOSE)


# East Asian numbers: "2314명", "1만 2천 명", "3억 달러", "2万人". Each group is digits and the
# scales that multiply them; the groups add up.
_CJK_SCALES = {
    "十": 10, "百": 100, "백": 100, "千": 1_000, "천": 1_000, "万": 10_000, "萬": 10_000,
    "만": 10_000, "亿": 100_000_000, "億": 100_000_000, "억": 100_000_000,
    "兆": 1_000_000_000_000, "조": 1_000_000_000_000,
}  # fmt: skip
_CJK_UNITS = {
    "명": "people", "人": "people", "名": "people", "달러": "$", "美元": "$", "ドル": "$",
    "원": "₩", "円": "¥", "엔": "¥", "元": "¥", "유로": "€", "欧元": "€", "ユーロ": "€",
    "%": "%", "％": "%", "퍼센트": "%",
}  # fmt: skip
_CJK_SCALE_CHARS = "".join(_CJK_SCALES)
_CJK_GROUP = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_CJK_FIGURE = re.compile(
    rf"(?<![\d.,])(?P<groups>(?:(?:{_CJK_GROUP})[{_CJK_SCALE_CHARS}]+\s?)+(?:{_CJK_GROUP})?"
    rf"|(?:{_CJK_GROUP}))\s?(?P<unit>{'|'.join(_CJK_UNITS)})?"
)
_CJK_PART = re.compile(rf"({_CJK_GROUP})([{_CJK_SCALE_CHARS}]*)")
# Nouns of other scripts that count people: "٢٣١٤ قتيلا" (killed), "15 ألف شخص".
_PEOPLE_NOUNS = word_set(
    "شخص شخصا أشخاص قتيل قتيلا قتلى جريح جريحا جرحى مواطن مواطنا لاجئ لاجئا جندي جنديا جنود"
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
_ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_CURRENCY_UNIT = {"$": "$", "US$": "$", "€": "€", "£": "£", "¥": "¥", "₩": "₩", "₹": "₹"}
_MAGNITUDE_BEFORE = re.compile(r"\b(?i:magnitude)(?:\s+of)?[\s-]+$")
_MAGNITUDE_AFTER = re.compile(r"[\s-]+(?:(?i:magnitude)\b|on\s+the\s+Richter\b)")


def find_figures(sentence: str, offset: int = 0, *, language: str | None = None) -> list[Figure]:
    """Return the figures stated in ``sentence``; offsets are shifted by ``offset``.

    ``language`` (an ISO 639-1 code such as "en" or "tr") says how digits are grouped.
    """
    comma_decimal = uses_decimal_comma(language)
    figures: list[Figure] = []
    for match in _figure_regex(bool(comma_decimal)).finditer(sentence):
        parsed = _parse(match, sentence, language)
        if parsed is None:
            continue
        value, start, end, currency, ambiguous = parsed
        end, unit = _percent(sentence, end)
        if not unit and sentence[start - 1 : start] == "%" and start:
            start, unit = start - 1, "%"  # Turkish writes the sign first: "%14,2"
        if not unit:
            unit = (
                _CURRENCY_UNIT.get(currency, "")
                or _magnitude(sentence, start, end)
                or _counted_noun(sentence, end, english=comma_decimal is not True)
            )
        start, qualifier = _qualifier(sentence, start, end)
        figures.append(
            Figure(
                sentence[start:end],
                value,
                qualifier,
                unit,
                start + offset,
                end + offset,
                ambiguous,
            )
        )
    if not sentence.isascii():
        figures = _merge(figures, list(_cjk_figures(sentence, offset)))
    return figures


def _magnitude(sentence: str, start: int, end: int) -> str:
    """ "a magnitude 7.1 earthquake", "7.1-magnitude", "6.9 on the Richter scale"."""
    if _MAGNITUDE_BEFORE.search(sentence, max(0, start - 16), start) or _MAGNITUDE_AFTER.match(
        sentence, end
    ):
        return "magnitude"
    return ""


def _cjk_figures(sentence: str, offset: int):
    """Figures written with East Asian scales or counters: "1만 2천 명", "3억 달러", "2万人"."""
    for match in _CJK_FIGURE.finditer(sentence):
        unit = _CJK_UNITS.get(match.group("unit") or "", "")
        groups = match.group("groups").rstrip()
        has_scale = any(char in _CJK_SCALES for char in groups)
        if not (has_scale or unit):
            continue
        total = Decimal(0)
        for number, scales in _CJK_PART.findall(groups):
            value = Decimal(number.replace(",", ""))
            for char in scales:
                value *= _CJK_SCALES[char]
            total += value
        end = match.end() if unit else match.start() + len(groups)
        end = match.start() + len(sentence[match.start() : end].rstrip())
        start, qualifier = _qualifier(sentence, match.start(), end)
        raw = sentence[start:end]
        yield Figure(raw, _tidy(total), qualifier, unit, start + offset, end + offset)


def _merge(figures: list[Figure], others: list[Figure]) -> list[Figure]:
    """All figures in order; where two overlap, the longer reading wins."""
    merged: list[Figure] = []
    for figure in sorted([*figures, *others], key=lambda f: (f.start, -(f.end - f.start))):
        if merged and figure.start < merged[-1].end:
            continue
        merged.append(figure)
    return merged


_PEOPLE_UNITS = word_set(
    """people persons person residents civilians soldiers troops dead deaths killed victims
    injured wounded casualties fatalities patients children men women workers employees
    migrants refugees voters students pupils members protesters demonstrators fans visitors
    passengers inhabitants citizens households families prisoners detainees staff officers
    police personnel firefighters nurses doctors teachers lives individuals bodies survivors
    evacuees adults teenagers babies infants jobs tourists"""
)
_PEOPLE_CONTEXT = re.compile(
    r"\b(?:death\s+toll|toll|killed|killing|dead|died|deaths|injured|wounded|casualties|"
    r"fatalities|missing|displaced|evacuated|arrested|detained)\b",
    re.IGNORECASE,
)
_MEASURE_UNITS = word_set(
    """magnitude degrees degree kilometres kilometers km miles mile metres meters metre meter
    feet foot inches centimetres centimeters cm mm kg kilograms tonnes tons hectares acres
    square litres liters minutes seconds hours days weeks months years year km/h mph"""
)


def figure_weight(figure: Figure, sentence: str = "", sentence_start: int = 0) -> int:
    """How likely a figure is the one a sentence is about: people, money, shares, counts,
    then measures such as an earthquake's magnitude or a distance."""
    unit = figure.unit.lower()
    if unit in _PEOPLE_UNITS or unit == "people":
        return 5
    if sentence:
        start = figure.start - sentence_start
        end = figure.end - sentence_start
        before = sentence[max(0, start - 30) : start]
        after = sentence[end : end + 24]
        if not unit and (_PEOPLE_CONTEXT.search(before) or _PEOPLE_CONTEXT.match(after.strip())):
            return 5
    if unit in {"$", "€", "£", "¥", "₩", "₹"}:
        return 4
    if unit in {"%", "percentage point", "basis point"}:
        return 3
    if unit in _MEASURE_UNITS:
        return 1
    return 2


def main_figure(figures: tuple[Figure, ...] | list[Figure], sentence: str = "", start: int = 0):
    """The figure a claim made from the sentence should state; the first of the weightiest."""
    if not figures:
        return None
    return max(figures, key=lambda figure: (figure_weight(figure, sentence, start), -figure.start))


def _parse(
    match: re.Match[str], sentence: str, language: str | None
) -> tuple[Decimal, int, int, str, bool] | None:
    """Value and extent of one match, or None when the number is a year, date, time or name."""
    start, end = match.span()
    if match.group("words") is not None:
        parsed = _parse_words(match, sentence)
        return None if parsed is None else (*parsed, False)
    if match.group("a_scale") is not None:
        return Decimal(_SCALES[match.group("a_word").lower()]), start, end, "", False
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
    ambiguous = False
    try:
        value = read_number(number, language)
    except AmbiguousNumber as error:
        value, ambiguous = error.as_decimal, True
    if scale_word:
        value *= _SCALES.get(scale_word.lower()) or _ARABIC_SCALES[scale_word]
    elif short_scale:
        value *= _SHORT_SCALES[short_scale]
    return _tidy(value), start, end, currency, ambiguous


def _is_context_number(number: str, sentence: str, start: int, end: int) -> bool:
    """Years, days of a date and clock times give context; they are not claims."""
    digits = number.translate(_ASCII_DIGITS)
    is_year = len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) <= 2199
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
    if _spoken_year(tokens):
        return None  # "nineteen ninety-five" is a year, not 19 of something
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


_YEAR_FIRST = word_set(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)


def _spoken_year(tokens: list[re.Match[str]]) -> bool:
    """ "nineteen ninety-five", "twenty twenty-four": a year said the way people say it."""
    if len(tokens) < 2:
        return False
    first, second = tokens[0].group().lower(), tokens[1].group().lower()
    return first in _YEAR_FIRST and second in _TENS


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


# Korean and Arabic qualifiers: before the number ("최소 2316명", "حوالي 19365") or after it
# ("100만 명 이상", "237 شخصا على الأقل").
_QUALIFIER_BEFORE_OTHER = re.compile(
    r"(?P<phrase>최소|적어도|약|최대|أكثر\s+من|ما\s+لا\s+يقل\s+عن|حوالي|حوالى|نحو|قرابة|أقل\s+من)\s*$"
)
_QUALIFIER_AFTER_OTHER = re.compile(
    r"\s*(?:명|人|شخصا?|قتيلا?|شخصاً|قتيلاً)?\s*(?P<phrase>이상|넘게|이하|미만|여|가량|정도|على\s+الأقل)"
)
_OTHER_QUALIFIERS = {
    "최소": "at_least", "적어도": "at_least", "이상": "at_least", "넘게": "at_least",
    "أكثر من": "at_least", "ما لا يقل عن": "at_least", "على الأقل": "at_least",
    "최대": "at_most", "이하": "at_most", "미만": "at_most", "أقل من": "at_most",
}  # fmt: skip


def _other_qualifier(sentence: str, start: int, end: int) -> tuple[int, str] | None:
    before = _QUALIFIER_BEFORE_OTHER.search(sentence, max(0, start - 16), start)
    if before:
        phrase = " ".join(before.group("phrase").split())
        return before.start(), _OTHER_QUALIFIERS.get(phrase, "approximately")
    after = _QUALIFIER_AFTER_OTHER.match(sentence, end)
    if after:
        phrase = " ".join(after.group("phrase").split())
        return start, _OTHER_QUALIFIERS.get(phrase, "approximately")
    return None


def _qualifier(sentence: str, start: int, end: int = -1) -> tuple[int, str]:
    match = _QUALIFIER.search(sentence, max(0, start - 32), start)
    if match is None:
        other = _other_qualifier(sentence, start, end) if end >= 0 else None
        return other or (start, "exact")
    phrase = " ".join(match.group("phrase").lower().split())
    if phrase in _AT_MOST:
        return match.start(), "at_most"
    if phrase in _AT_LEAST:
        return match.start(), "at_least"
    return match.start(), "approximately"


def _counted_noun(sentence: str, end: int, *, english: bool = True) -> str:
    """The noun a figure counts: the first plural in the phrase after it, adjectives skipped."""
    compound = re.match(r"-([^\W\d_]+)", sentence[end : end + 40])
    if compound:
        return compound.group(1)  # "a 25-year-old", "a 10-point lead"
    words: list[str] = []
    after_of = False
    following = _WORD.search(sentence, end, min(len(sentence), end + 40))
    if following and (
        following.group() in _PEOPLE_NOUNS or following.group().lower().startswith("kişi")
    ):
        return "people"  # Arabic has no lower case: its counted nouns are known by name
    if not english:
        return ""  # the noun-phrase rules below are English ones
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
    # Past tenses are what the counted did ("5,000 gathered"), not what they were.
    lowered_words = [w for w in words if w.islower() and not w.endswith(("ly", "ing", "ed"))]
    return lowered_words[-1] if lowered_words else ""


def _is_plural(word: str) -> bool:
    if word in _IRREGULAR_PLURALS:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "’s"))
