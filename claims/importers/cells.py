"""The rule for each column of an import file: what a cell may hold and what is staged.

A rule takes a cell's text (stripped, never empty) and returns the value to stage, or
raises CellError with what is wrong, worded for the person who wrote the file.
"""

import re
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from claims.extraction.numbers import AmbiguousNumber, read_number
from claims.importers.columns import DECIMAL_LIMITS, IMPORT_STATUSES, MAX_LENGTHS
from claims.models import Claim, Evidence
from claims.roles import is_reviewer
from claims.services.sources import normalise_url

NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# "2.314": a decimal here, but 2314 as Turkish and German write it (see read_number).
DOT_BEFORE_THREE_DIGITS = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")
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


def at_most(limit: int) -> Clean:
    """Text of at most `limit` characters, staged as it is."""

    def clean(text: str) -> str:
        if len(text) > limit:
            raise CellError(f"is longer than {limit} characters")
        return text

    return clean


def one_of(noun: str, choices) -> Clean:
    """One of a fixed set of values, such as a claim's kind."""
    allowed = frozenset(choices)
    listing = ", ".join(sorted(allowed))

    def clean(text: str) -> str:
        if text not in allowed:
            raise CellError(f"unknown {noun} “{text}”; use one of {listing}")
        return text

    return clean


def import_status(text: str) -> str:
    """A status an import may set; the others are reached only through the workflow."""
    if text in IMPORTABLE_STATUSES:
        return text
    allowed = ", ".join(IMPORT_STATUSES)
    if text in Claim.Status.values:
        raise CellError(f"“{text}” is reached only through the workflow; an import sets {allowed}")
    raise CellError(f"unknown status “{text}”; use one of {allowed}")


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
            raise CellError(
                f"“{text}” is not a number (use digits, a dot for decimals: 10,000 or 3.5)"
            )
        if ask_when_ambiguous and DOT_BEFORE_THREE_DIGITS.fullmatch(text):
            try:
                read_number(text)
            except AmbiguousNumber as error:
                raise CellError(str(error)) from None
        value = text.replace(",", "")
        whole, _dot, fraction = value.lstrip("+-").partition(".")
        if len(fraction.rstrip("0")) > places:
            raise CellError(f"“{text}” has more than {places} decimal places")
        if len(whole.lstrip("0")) > whole_digits:
            raise CellError(f"“{text}” is too large")
        return value

    return clean


def iso_date(text: str) -> str:
    """A YYYY-MM-DD date, staged as ISO text."""
    if len(text) == 10:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise CellError(f"“{text}” is not a date (use YYYY-MM-DD)")


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
        except ValidationError:
            raise CellError("is not an http or https web address") from None
        return text

    return clean


def source_address() -> Clean:
    """An http or https address, staged normalised (the form a Source is stored in).

    Each address's answer is remembered: many rows cite the same few sources.
    """
    limit = MAX_LENGTHS["source_url"]
    answers: dict[str, str | None] = {}

    def clean(text: str) -> str:
        normalised = answers.get(text, "")
        if normalised == "":
            try:
                normalised = normalise_url(text)
            except ValidationError:
                normalised = None
            if normalised is not None and len(normalised) > limit:
                normalised = None
            if len(answers) > CACHE_LIMIT:
                answers.clear()
            answers[text] = normalised
        if normalised is not None:
            return normalised
        if len(text) > limit:
            raise CellError(f"is longer than {limit} characters")
        raise CellError(f"“{text}” is not an http or https web address")

    return clean


def reviewer_id() -> Clean:
    """The username of a reviewer or editor, staged as the user's id.

    Each username's answer is remembered: a file names the same few people on every row.
    """
    answers: dict[str, int | str] = {}  # username -> the user's id, or the problem

    def clean(text: str) -> int:
        answer = answers.get(text)
        if answer is None:
            user = get_user_model().objects.filter(username=text).first()
            if user is None:
                answer = f"no user is called “{text}”"
            elif not is_reviewer(user):
                answer = f"“{text}” is not a reviewer or an editor"
            else:
                answer = user.pk
            answers[text] = answer
        if isinstance(answer, str):
            raise CellError(answer)
        return answer

    return clean


def cell_rules() -> dict[str, Rule]:
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
        "assignee": Rule(reviewer_id()),
        "source_url": Rule(source_address()),
        "source_title": Rule(at_most(MAX_LENGTHS["source_title"])),
        "publisher": Rule(at_most(MAX_LENGTHS["publisher"])),
        "source_published_on": Rule(iso_date),
        "stance": Rule(one_of("stance", Evidence.Stance.values)),
        "reported_value": Rule(decimal_for("reported_value", ask_when_ambiguous=True)),
    }
