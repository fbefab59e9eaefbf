"""Characters an import file may not hold, and how a file's text is shown back in messages."""

import re
import unicodedata

# C0 controls other than tab and line breaks, DEL, C1 controls, and lone surrogates (a JSON
# "\ud800" decodes to one): PostgreSQL refuses NUL and no database can store a surrogate.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
LINE_BREAK = re.compile("[\t\n\r\x85\u2028\u2029]")
SHOWN_CHARS = 60


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """`text` as a message may quote it: shortened, its invisible characters made visible."""
    if len(text) > limit:
        text = text[:limit] + "…"
    return CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def character_name(character: str) -> str:
    """U+0000 NUL style: the code point, and its name where Unicode gives one."""
    name = unicodedata.name(character, "")
    if not name and ord(character) < 0x20:
        name = "a control character"
    if 0xD800 <= ord(character) <= 0xDFFF:
        name = "a lone surrogate"
    return f"U+{ord(character):04X} ({name})" if name else f"U+{ord(character):04X}"


def control_problem(text: str) -> str | None:
    """What is wrong when `text` holds a character no cell may hold, else None."""
    found = CONTROL.search(text)
    if found is None:
        return None
    return (
        f"contains the invisible character {character_name(found.group())} at position "
        f"{found.start() + 1}; remove it"
    )


def foreign_digit(text: str) -> str | None:
    """The first digit in `text` that is not 0-9 (Arabic-Indic, fullwidth...), if any."""
    for character in text:
        if character.isdigit() and not character.isascii():
            return character
    return None
