"""Read a number as a person typed or copied it, with the separators of its language.

"2.314" is two thousand three hundred and fourteen in Turkish or German and two point three
one four in English. Where the language says which, the number is read that way; where it is
unknown and the text could be either, ``AmbiguousNumber`` asks rather than guessing.
"""

import re
from decimal import Decimal, InvalidOperation

from claims.extraction.lexicon import word_set

__all__ = [
    "AmbiguousNumber",
    "COMMA_DECIMAL_LANGUAGES",
    "DOT_DECIMAL_LANGUAGES",
    "read_number",
    "uses_decimal_comma",
]

# Languages whose numbers group thousands with a dot (or a space) and mark decimals with a
# comma: "2.314" and "2,5". Others listed write "2,314" and "2.5".
COMMA_DECIMAL_LANGUAGES = word_set(
    "tr de nl da nb nn no sv fi is es pt it fr ro pl cs sk sl hr sr bs hu el id ru uk bg "
    "lt lv et ca gl eu vi az ka be mk sq"
)
DOT_DECIMAL_LANGUAGES = word_set("en ko ja zh ar he hi th ms tl ur fa bn ta sw")

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_PLAIN = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


class AmbiguousNumber(ValueError):
    """The number's separator could mark thousands or decimals, and the language is unknown."""

    def __init__(self, text: str, *, as_thousands: Decimal, as_decimal: Decimal) -> None:
        self.text = text
        self.as_thousands = as_thousands
        self.as_decimal = as_decimal
        whole = f"{as_thousands:,}"
        super().__init__(
            f"“{text}” could be {whole} (a dot between thousands, as Turkish and German write "
            f"it) or {as_decimal} (a decimal point). Write {as_thousands} for the whole number, "
            f"or {as_decimal}0 for the decimal."
        )


def uses_decimal_comma(language: str | None) -> bool | None:
    """True for "tr", "de"...; False for "en", "ko"...; None when the language is unknown."""
    code = (language or "").lower().replace("_", "-").split("-")[0]
    if code in COMMA_DECIMAL_LANGUAGES:
        return True
    if code in DOT_DECIMAL_LANGUAGES:
        return False
    return None


def read_number(text: str, language: str | None = None) -> Decimal:
    """The value of a number written with digits and separators: "2,314", "2.314,5", "٢٣١٤".

    Raises ``ValueError`` for text that is not a number, and ``AmbiguousNumber`` (a
    ``ValueError``) when one dot or comma followed by exactly three digits could be either
    and ``language`` does not settle it. A dot is read as a decimal point otherwise, so
    "4.3" and "0.125" never ask.
    """
    cleaned = _SPACES.sub("", text.translate(_ARABIC_DIGITS)).replace("٬", ",").replace("٫", ".")
    if not _PLAIN.fullmatch(cleaned):
        raise ValueError(f"“{text}” is not a number")
    comma_decimal = uses_decimal_comma(language)
    dots, commas = cleaned.count("."), cleaned.count(",")
    if dots and commas:
        # Both appear: whichever comes last marks the decimals ("2.314,5" or "2,314.5").
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    elif dots > 1 or commas > 1:
        decimal_mark = ""  # "1.234.567": only thousands repeat
    elif dots or commas:
        mark = "." if dots else ","
        decimal_mark = _single_mark(cleaned, mark, comma_decimal)
    else:
        decimal_mark = ""
    grouping = {".": ",", ",": "."}.get(decimal_mark, "")
    plain = cleaned
    if decimal_mark:
        plain = plain.replace(grouping, "").replace(decimal_mark, ".")
    else:
        plain = plain.replace(".", "").replace(",", "")
    try:
        return Decimal(plain)
    except InvalidOperation:
        raise ValueError(f"“{text}” is not a number") from None


def _single_mark(cleaned: str, mark: str, comma_decimal: bool | None) -> str:
    """Whether the one separator in ``cleaned`` marks decimals (return it) or thousands ("")."""
    whole, _mark, fraction = cleaned.lstrip("+-").partition(mark)
    could_group = len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
    if not could_group:
        # "4.3", "0.125", "12345.678": only a decimal separator fits; a lone comma there is
        # read as the comma-decimal languages write it only when they are known.
        return mark if mark == "." or comma_decimal else ""
    if comma_decimal is None:
        if mark == ",":
            return ""  # "2,314": a comma between thousands is what nearly everyone means
        thousands = Decimal(whole + fraction)
        raise AmbiguousNumber(
            cleaned, as_thousands=thousands, as_decimal=Decimal(f"{whole}.{fraction}")
        )
    decimal_mark = "," if comma_decimal else "."
    return mark if mark == decimal_mark else ""
