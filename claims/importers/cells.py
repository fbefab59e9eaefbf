"""The rule for each column of an import file: what a cell may hold and what is staged.

A rule takes a cell's text (stripped, never empty) and returns the value to stage, or
raises CellError with what is wrong, worded for the person who wrote the file.
"""

import re
from collections.abc import Callable
from datetime import date
from typing import NamedTuple
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from claims.extraction.numbers import AmbiguousNumber, read_number
from claims.importers.columns import DECIMAL_LIMITS, IMPORT_STATUSES, MAX_LENGTHS
from claims.importers.text import LINE_BREAK, character_name, foreign_digit, shown
from claims.models import Claim, Evidence
from claims.roles import is_reviewer
from claims.services.sources import normalise_url

# ASCII digits only: Python's \d also matches Arabic-Indic and fullwidth digits, which
# PostgreSQL's numeric type refuses.
NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
# A date cell a spreadsheet wrote with its (midnight) time.
MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]00:00(?::00(?:\.0+)?)?Z?", re.ASCII)
# "2.314": a decimal here, but 2314 as Turkish and German write it (see read_number).
DOT_BEFORE_THREE_DIGITS = re.compile(r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}")
CACHE_LIMIT = 100_000
IMPORTABLE_STATUSES = frozenset(IMPORT_STATUSES)
_http_url = URLValidator(schemes=["http", "https"])


class CellError(ValueError):
    """What is wrong with one cell; the message completes "row N, column C: "."""


Clean = Callable[[str], object]


class Rule(NamedTuple):
    """A column's rule: how its cell is cleaned, and whether the cell may be empty."""

    clean: Clean
    required: bool = False  # an empty cell is an error, not "not given"


def too_long(limit: int) -> CellError:
    return CellError(f"is longer than {limit} characters")


def at_most(limit: int) -> Clean:
    """One line of at most `limit` characters, staged as it is."""

    def clean(text: str) -> str:
        if len(text) > limit:
            raise too_long(limit)
        if not text.isprintable() and (found := LINE_BREAK.search(text)):
            raise CellError(
                f"holds a line break or tab ({character_name(found.group())}); use one line"
            )
        return text

    return clean


def not_ascii_digits(text: str) -> None:
    """Refuse digits other than 0-9, naming the one found."""
    digit = foreign_digit(text)
    if digit is not None:
        raise CellError(
            f"“{shown(text)}” has the digit “{digit}”, {character_name(digit)}; "
            "write numbers and dates with the digits 0-9"
        )


def one_of(noun: str, choices) -> Clean:
    """One of a fixed set of values, such as a claim's kind."""
    allowed = frozenset(choices)
    listing = ", ".join(sorted(allowed))

    def clean(text: str) -> str:
        if text not in allowed:
            raise CellError(f"unknown {noun} “{shown(text)}”; use one of {listing}")
        return text

    return clean


def import_status(text: str) -> str:
    """A status an import may set; the others are reached only through the workflow."""
    if text in IMPORTABLE_STATUSES:
        return text
    allowed = ", ".join(IMPORT_STATUSES)
    if text in Claim.Status.values:
        raise CellError(f"“{text}” is reached only through the workflow; an import sets {allowed}")
    raise CellError(f"unknown status “{shown(text)}”; use one of {allowed}")


def decimal_for(column: str, *, ask_when_ambiguous: bool = False) -> Clean:
    """A number that fits `column`'s decimal field, staged as plain decimal text.

    Thousands commas are allowed where they belong ("10,000"), and dropped. With
    ``ask_when_ambiguous``, "2.314" is refused with a message asking which was meant: a value
    copied from a Turkish or German source writes 2314 that way.
    """
    limits = DECIMAL_LIMITS[column]
    places, whole_digits = limits.decimal_places, limits.max_digits - limits.decimal_places

    def clean(text: str) -> str:
        if not NUMBER.fullmatch(text):
            not_ascii_digits(text)
            raise CellError(
                f"“{shown(text)}” is not a number (use digits, a dot for decimals: 10,000 or 3.5)"
            )
        if ask_when_ambiguous and DOT_BEFORE_THREE_DIGITS.fullmatch(text):
            try:
                read_number(text)
            except AmbiguousNumber as error:
                raise CellError(str(error)) from None
        value = text.replace(",", "")
        whole, _dot, fraction = value.lstrip("+-").partition(".")
        if len(fraction.rstrip("0")) > places:
            raise CellError(f"“{shown(text)}” has more than {places} decimal places")
        if len(whole.lstrip("0")) > whole_digits:
            raise CellError(f"“{shown(text)}” is too large")
        return value

    return clean


def iso_date(text: str) -> str:
    """A YYYY-MM-DD date, staged as ISO text; a midnight time after it is dropped."""
    if len(text) > 10 and (midnight := MIDNIGHT.fullmatch(text)):
        text = midnight.group(1)
    if len(text) == 10 and text.isascii():
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    not_ascii_digits(text)
    raise CellError(f"“{shown(text)}” is not a date (use YYYY-MM-DD)")


def article_date(text: str) -> date:
    """A YYYY-MM-DD date, as the date an article is stored with."""
    return date.fromisoformat(iso_date(text))


def web_address(limit: int) -> Clean:
    """An http or https address of at most `limit` characters, kept as written."""
    within = at_most(limit)

    def clean(text: str) -> str:
        within(text)
        try:
            _http_url(text)
            urlsplit(text).port  # noqa: B018 - raises for a port outside 0-65535
        except (ValidationError, ValueError):
            raise CellError(f"is not an http or https web address{_port(text)}") from None
        return text

    return clean


def _port(text: str) -> str:
    """Why an address fails when it is its host's brackets or its port, else nothing."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return " (its host is malformed)"
    try:
        parts.port  # noqa: B018 - raises for a port outside 0-65535
    except ValueError:
        return " (its port is not a number from 1 to 65535)"
    return ""


def source_address() -> Clean:
    """An http or https address, staged normalised (the form a Source is stored in).

    Each address's answer is remembered: many rows cite the same few sources.
    """
    limit = MAX_LENGTHS["source_url"]
    answers: dict[str, str | CellError] = {}  # address -> its normalised form, or the problem

    def clean(text: str) -> str:
        answer = answers.get(text)
        if answer is None:
            answer = _normalised(text, limit)
            if len(answers) > CACHE_LIMIT:
                answers.clear()
            answers[text] = answer
        if isinstance(answer, CellError):
            raise answer
        return answer

    return clean


def _normalised(text: str, limit: int) -> str | CellError:
    if len(text) > limit:
        return too_long(limit)
    try:
        normalised = normalise_url(text)
    except ValidationError:
        return CellError(f"“{shown(text)}” is not an http or https web address{_port(text)}")
    if len(normalised) > limit:  # percent-encoding lengthened it
        return CellError(f"“{shown(text)}” is not an http or https web address")
    return normalised


def reviewer_id(before_query: Callable[[], None] = lambda: None) -> Clean:
    """The username of a reviewer or editor, staged as the user's id.

    Each username's answer is remembered: a file names the same few people on every row.
    """
    answers: dict[str, int | str] = {}  # username -> the user's id, or the problem

    def clean(text: str) -> int:
        answer = answers.get(text)
        if answer is None:
            before_query()
            user = get_user_model().objects.filter(username=text).first()
            if user is None:
                answer = f"no user is called “{shown(text)}”"
            elif not is_reviewer(user):
                answer = f"“{text}” is not a reviewer or an editor"
            else:
                answer = user.pk
            answers[text] = answer
        if isinstance(answer, str):
            raise CellError(answer)
        return answer

    return clean


def cell_rules(before_query: Callable[[], None] = lambda: None) -> dict[str, Rule]:
    """The rule of every column that has one, for one import (some remember answers).

    The others are staged as given: `text` (required on a claim's first line), `quote`
    (found in the article's text), `article_body` (one per article) and `excerpt`.
    """
    return {
        "article_id": Rule(at_most(MAX_LENGTHS["article_id"]), required=True),
        "article_title": Rule(at_most(MAX_LENGTHS["article_title"])),
        "article_url": Rule(web_address(MAX_LENGTHS["article_url"])),
        "article_author": Rule(at_most(MAX_LENGTHS["article_author"])),
        "article_outlet": Rule(at_most(MAX_LENGTHS["article_outlet"])),
        "article_published_on": Rule(article_date),
        "claim_id": Rule(at_most(MAX_LENGTHS["claim_id"]), required=True),
        "kind": Rule(one_of("kind", Claim.Kind.values)),
        "stated_value": Rule(decimal_for("stated_value")),
        "qualifier": Rule(one_of("qualifier", Claim.Qualifier.values)),
        "unit": Rule(at_most(MAX_LENGTHS["unit"])),
        "attributed_to": Rule(at_most(MAX_LENGTHS["attributed_to"])),
        "status": Rule(import_status),
        "assignee": Rule(reviewer_id(before_query)),
        "source_url": Rule(source_address()),
        "source_title": Rule(at_most(MAX_LENGTHS["source_title"])),
        "publisher": Rule(at_most(MAX_LENGTHS["publisher"])),
        "source_published_on": Rule(iso_date),
        "stance": Rule(one_of("stance", Evidence.Stance.values)),
        "reported_value": Rule(decimal_for("reported_value", ask_when_ambiguous=True)),
    }
