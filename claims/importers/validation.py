"""Checking every row of an import file and turning it into a row ready for staging.

All problems are collected, never just the first, as "row N, column C: problem".
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from claims.importers.columns import (
    ARTICLE_COLUMNS,
    COLUMNS,
    DECIMAL_LIMITS,
    EVIDENCE_COLUMNS,
    IMPORT_STATUSES,
    MAX_LENGTHS,
    REPEATABLE,
    REQUIRED,
)
from claims.importers.staged import StagedRow
from claims.models import Article, Claim, Evidence
from claims.roles import is_reviewer
from claims.services.sources import normalise_url

KINDS = frozenset(Claim.Kind.values)
QUALIFIERS = frozenset(Claim.Qualifier.values)
STATUSES = frozenset(IMPORT_STATUSES)
STANCES = frozenset(Evidence.Stance.values)
NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
CACHE_LIMIT = 100_000
_http_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True, order=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"row {self.row}, column {self.column}: {self.message}"
        return f"row {self.row}: {self.message}"


class ErrorLog:
    """Counts every error, keeps the first `keep`, and hands each to `on_error` at once."""

    def __init__(self, keep: int = 200, on_error: Callable[[str], None] | None = None):
        self.keep = keep
        self.on_error = on_error
        self.count = 0
        self.kept: list[str] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.add_text(str(RowError(row, column, message)))

    def add_text(self, text: str) -> None:
        self.count += 1
        if len(self.kept) < self.keep:
            self.kept.append(text)
        if self.on_error is not None:
            self.on_error(text)


@dataclass
class ArticleDraft:
    """What the file says about one article, gathered from all of its rows."""

    key: str
    first_row: int
    existing: Article | None
    values: dict = field(default_factory=dict)  # model field -> value
    rows: dict = field(default_factory=dict)  # model field -> the row that gave it
    body: str | None = None
    body_row: int = 0

    @property
    def known_body(self) -> str | None:
        """The text quotes are found in: the stored one, which an import never changes."""
        if self.existing is not None:
            return self.existing.body
        return self.body


ARTICLE_FIELDS = {
    "article_title": "title",
    "article_url": "url",
    "article_author": "author",
    "article_outlet": "outlet",
    "article_published_on": "published_on",
}


def clean_decimal(text: str, column: str) -> tuple[str | None, str | None]:
    """The number as plain decimal text, or the problem with it."""
    if not NUMBER.fullmatch(text):
        return None, f"“{text}” is not a number (use digits, a dot for decimals: 10,000 or 3.5)"
    value = text.replace(",", "")
    whole, _dot, fraction = value.lstrip("+-").partition(".")
    limits = DECIMAL_LIMITS[column]
    if len(fraction.rstrip("0")) > limits.decimal_places:
        return None, f"“{text}” has more than {limits.decimal_places} decimal places"
    if len(whole.lstrip("0")) > limits.max_digits - limits.decimal_places:
        return None, f"“{text}” is too large"
    return value, None


def clean_date(text: str) -> str | None:
    if len(text) == 10:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    return None


class Validator:
    """Validates rows one at a time; `finish()` then checks what needs the whole file."""

    def __init__(self, header: list[str], errors: ErrorLog, warnings: list[str]):
        self.errors = errors
        self.warnings = warnings
        self.articles: dict[str, ArticleDraft] = {}
        self.pending: list[tuple[int, str, str, bool]] = []  # row, article, text, is_quote
        self.anchors: list[tuple[int, int, int]] = []  # resolved pending: row, start, end
        self._finds: dict[tuple[str, str], int] = {}
        self._urls: dict[str, str | None] = {}
        self._users: dict[str, tuple[int | None, str | None]] = {}
        self.index = self._read_header(header)
        self.width = len(header)

    # --- the header ----------------------------------------------------------------------

    def _read_header(self, header: list[str]) -> dict[str, int]:
        names = [name.strip().lower() for name in header]
        index: dict[str, int] = {}
        for position, name in enumerate(names):
            if not name:
                continue
            if name in index:
                self.errors.add(1, name, "appears twice in the header")
            elif name in COLUMNS:
                index[name] = position
            else:
                self.warnings.append(f"row 1, column {name}: unknown column, ignored")
        missing = [name for name in REQUIRED if name not in index]
        for name in missing:
            self.errors.add(1, name, "required column is missing")
        self.usable = not missing
        return index

    # --- rows ----------------------------------------------------------------------------

    def rows(self, table_rows) -> Iterator[StagedRow]:
        """The staged form of each valid row; invalid rows only add errors."""
        if not self.usable:
            return
        width = self.width
        at = {name: self.index.get(name, width) for name in COLUMNS}
        body_at = self.index.get("article_body")
        article_at = [(column, at[column]) for column in ARTICLE_COLUMNS[1:]]
        repeat_at = [(column, at[column]) for column in REPEATABLE]
        evidence_at = [at[column] for column in EVIDENCE_COLUMNS[1:]]
        i_article, i_claim, i_text, i_quote = (
            at["article_id"],
            at["claim_id"],
            at["text"],
            at["quote"],
        )
        i_kind, i_value, i_qualifier, i_unit = (
            at["kind"],
            at["stated_value"],
            at["qualifier"],
            at["unit"],
        )
        i_attributed, i_status, i_assignee = at["attributed_to"], at["status"], at["assignee"]
        i_url, i_title, i_publisher, i_published = (
            at["source_url"],
            at["source_title"],
            at["publisher"],
            at["source_published_on"],
        )
        i_stance, i_excerpt, i_reported = at["stance"], at["excerpt"], at["reported_value"]
        limit_article = MAX_LENGTHS["article_id"]
        limit_claim = MAX_LENGTHS["claim_id"]
        limit_unit, limit_attributed = MAX_LENGTHS["unit"], MAX_LENGTHS["attributed_to"]
        add = self.errors.add
        previous_key = None
        previous_cells: list[str] = []
        previous_row = 0
        sources: dict[str, int] = {}

        for row_no, raw, problems in table_rows:
            count_before = self.errors.count
            for column, message in problems:
                add(row_no, column, message)
            cells = [cell.strip() for cell in raw]
            cells.append("")
            article_key, claim_key, text = cells[i_article], cells[i_claim], cells[i_text]
            if not article_key:
                add(row_no, "article_id", "is required")
            elif len(article_key) > limit_article:
                add(row_no, "article_id", f"is longer than {limit_article} characters")
            if not claim_key:
                add(row_no, "claim_id", "is required")
            elif len(claim_key) > limit_claim:
                add(row_no, "claim_id", f"is longer than {limit_claim} characters")

            draft = None
            if article_key and len(article_key) <= limit_article:
                draft = self.articles.get(article_key) or self._new_draft(article_key, row_no)
                body = raw[body_at] if body_at is not None and cells[body_at] else None
                if body is not None or any(cells[position] for _column, position in article_at):
                    self._article_cells(draft, row_no, cells, article_at, body)

            key = (article_key, claim_key)
            repeat = key == previous_key
            if repeat:
                for column, position in repeat_at:
                    value = cells[position]
                    if value and value != previous_cells[position]:
                        add(
                            row_no,
                            column,
                            f"differs from row {previous_row}, the first line of this claim",
                        )
            elif not text:
                add(row_no, "text", "is required")

            kind = cells[i_kind] or None
            if kind is not None and kind not in KINDS:
                add(row_no, "kind", f"unknown kind “{kind}”; use one of {_listing(KINDS)}")
            stated_value = cells[i_value] or None
            if stated_value is not None:
                stated_value, problem = clean_decimal(stated_value, "stated_value")
                if problem:
                    add(row_no, "stated_value", problem)
            qualifier = cells[i_qualifier] or None
            if qualifier is not None and qualifier not in QUALIFIERS:
                add(
                    row_no,
                    "qualifier",
                    f"unknown qualifier “{qualifier}”; use one of {_listing(QUALIFIERS)}",
                )
            unit = cells[i_unit] or None
            if unit is not None and len(unit) > limit_unit:
                add(row_no, "unit", f"is longer than {limit_unit} characters")
            attributed_to = cells[i_attributed] or None
            if attributed_to is not None and len(attributed_to) > limit_attributed:
                add(row_no, "attributed_to", f"is longer than {limit_attributed} characters")
            status = cells[i_status] or None
            if status is not None and status not in STATUSES:
                add(row_no, "status", _status_problem(status))
            assignee_id = None
            if cells[i_assignee]:
                assignee_id, problem = self._assignee(cells[i_assignee])
                if problem:
                    add(row_no, "assignee", problem)

            url = cells[i_url] or None
            source_title = publisher = published = stance = excerpt = reported = None
            if url is not None:
                url = self._url(url, row_no)
                source_title = cells[i_title] or None
                if source_title is not None and len(source_title) > MAX_LENGTHS["source_title"]:
                    add(row_no, "source_title", _too_long("source_title"))
                publisher = cells[i_publisher] or None
                if publisher is not None and len(publisher) > MAX_LENGTHS["publisher"]:
                    add(row_no, "publisher", _too_long("publisher"))
                if cells[i_published]:
                    published = clean_date(cells[i_published])
                    if published is None:
                        add(row_no, "source_published_on", _not_a_date(cells[i_published]))
                stance = cells[i_stance] or None
                if stance is not None and stance not in STANCES:
                    add(
                        row_no,
                        "stance",
                        f"unknown stance “{stance}”; use one of {_listing(STANCES)}",
                    )
                excerpt = cells[i_excerpt] or None
                if cells[i_reported]:
                    reported, problem = clean_decimal(cells[i_reported], "reported_value")
                    if problem:
                        add(row_no, "reported_value", problem)
            elif any(cells[position] for position in evidence_at):
                add(row_no, "source_url", "is required when the row has evidence columns")

            if repeat:
                if url is None:
                    add(
                        row_no,
                        "claim_id",
                        f"duplicate: claim “{claim_key}” of article “{article_key}” is already "
                        f"on row {previous_row} (repeat a claim only to add another source)",
                    )
                elif url in sources:
                    add(
                        row_no,
                        "source_url",
                        f"this source is already cited for the claim on row {sources[url]}",
                    )
                else:
                    sources[url] = row_no
            else:
                previous_key, previous_cells, previous_row = key, cells, row_no
                sources = {url: row_no} if url else {}

            quote = None
            start = end = None
            if not repeat and draft is not None:
                quote = cells[i_quote] or None
                anchor = quote or text
                if anchor:
                    start = self._find(draft, anchor, row_no, is_quote=quote is not None)
                    if start is not None:
                        end = start + len(anchor)

            if self.errors.count != count_before:
                continue
            if repeat:
                yield StagedRow(
                    row_no,
                    article_key,
                    claim_key,
                    False,
                    source_url=url,
                    source_title=source_title,
                    publisher=publisher,
                    source_published_on=published,
                    stance=stance,
                    excerpt=excerpt,
                    reported_value=reported,
                )
            else:
                yield StagedRow(
                    row_no,
                    article_key,
                    claim_key,
                    True,
                    text,
                    quote,
                    start,
                    end,
                    kind,
                    stated_value,
                    qualifier,
                    unit,
                    attributed_to,
                    status,
                    assignee_id,
                    url,
                    source_title,
                    publisher,
                    published,
                    stance,
                    excerpt,
                    reported,
                )

    def _new_draft(self, key: str, row_no: int) -> ArticleDraft:
        existing = Article.objects.filter(external_id=key).first()
        draft = ArticleDraft(key=key, first_row=row_no, existing=existing)
        self.articles[key] = draft
        return draft

    def _article_cells(self, draft, row_no, cells, article_at, body) -> None:
        for column, position in article_at:
            value = cells[position]
            if not value:
                continue
            if column == "article_body":
                continue
            field_name = ARTICLE_FIELDS[column]
            limit = MAX_LENGTHS.get(column)
            if limit and len(value) > limit:
                self.errors.add(row_no, column, _too_long(column))
                continue
            if column == "article_url":
                try:
                    _http_url(value)
                except ValidationError:
                    self.errors.add(row_no, column, "is not an http or https web address")
                    continue
            if column == "article_published_on":
                cleaned = clean_date(value)
                if cleaned is None:
                    self.errors.add(row_no, column, _not_a_date(value))
                    continue
                value = date.fromisoformat(cleaned)
            if field_name in draft.values:
                if draft.values[field_name] != value:
                    self.errors.add(
                        row_no,
                        column,
                        f"differs from row {draft.rows[field_name]} for this article",
                    )
            else:
                draft.values[field_name], draft.rows[field_name] = value, row_no
        if body is not None:
            if draft.body is None:
                draft.body, draft.body_row = body, row_no
            elif draft.body != body:
                self.errors.add(
                    row_no,
                    "article_body",
                    f"differs from the article text given on row {draft.body_row}; "
                    "an article has one text",
                )

    def _find(self, draft: ArticleDraft, anchor: str, row_no: int, *, is_quote: bool):
        body = draft.known_body
        if body is None:
            self.pending.append((row_no, draft.key, anchor, is_quote))
            return None
        if is_quote:
            cache_key = (draft.key, anchor)
            start = self._finds.get(cache_key)
            if start is None:
                if len(self._finds) > CACHE_LIMIT:
                    self._finds.clear()
                start = self._finds[cache_key] = body.find(anchor)
        else:
            start = body.find(anchor)
        if start < 0:
            if is_quote:
                self.errors.add(
                    row_no, "quote", f"does not occur in the text of article “{draft.key}”"
                )
            return None
        return start

    def _url(self, url: str, row_no: int) -> str | None:
        normalised = self._urls.get(url, "")
        if normalised == "":
            try:
                normalised = normalise_url(url)
            except ValidationError:
                normalised = None
            if normalised is not None and len(normalised) > MAX_LENGTHS["source_url"]:
                normalised = None
            if len(self._urls) > CACHE_LIMIT:
                self._urls.clear()
            self._urls[url] = normalised
        if normalised is None:
            if len(url) > MAX_LENGTHS["source_url"]:
                self.errors.add(row_no, "source_url", _too_long("source_url"))
            else:
                self.errors.add(
                    row_no, "source_url", f"“{url}” is not an http or https web address"
                )
        return normalised

    def _assignee(self, username: str) -> tuple[int | None, str | None]:
        if username not in self._users:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                self._users[username] = (None, f"no user is called “{username}”")
            elif not is_reviewer(user):
                self._users[username] = (None, f"“{username}” is not a reviewer or an editor")
            else:
                self._users[username] = (user.pk, None)
        return self._users[username]

    # --- after the last row --------------------------------------------------------------

    def finish(self) -> None:
        """Checks that need the whole file: article texts, and quotes seen before their text."""
        for draft in self.articles.values():
            if draft.existing is None:
                if "title" not in draft.values:
                    self.errors.add(draft.first_row, "article_title", "a new article needs a title")
                if draft.body is None:
                    self.errors.add(
                        draft.first_row,
                        "article_body",
                        "a new article needs its text, on one of its rows",
                    )
            elif draft.body is not None and draft.body != draft.existing.body:
                self.errors.add(
                    draft.body_row,
                    "article_body",
                    f"differs from the stored text of article “{draft.key}”; an import never "
                    "changes the text that claims are anchored in",
                )
        for row_no, key, anchor, is_quote in self.pending:
            body = self.articles[key].known_body
            if body is None:
                continue  # reported above: a new article needs its text
            start = body.find(anchor)
            if start >= 0:
                self.anchors.append((row_no, start, start + len(anchor)))
            elif is_quote:
                self.errors.add(row_no, "quote", f"does not occur in the text of article “{key}”")
        self.pending = []

    @property
    def articles_without_text(self) -> list[str]:
        """New articles the file gives no text for (already reported; their claims are not)."""
        return [key for key, draft in self.articles.items() if draft.known_body is None]


def _listing(values) -> str:
    return ", ".join(sorted(values))


def _status_problem(status: str) -> str:
    allowed = ", ".join(IMPORT_STATUSES)
    if status in Claim.Status.values:
        return f"“{status}” is reached only through the workflow; an import sets {allowed}"
    return f"unknown status “{status}”; use one of {allowed}"


def _too_long(column: str) -> str:
    return f"is longer than {MAX_LENGTHS[column]} characters"


def _not_a_date(text: str) -> str:
    return f"“{text}” is not a date (use YYYY-MM-DD)"


NEEDS_QUOTE = "a new claim needs a quote from its article (the claim's text does not occur in it)"


def duplicate_claim(article_key: str, claim_key: str, first_row: int) -> str:
    return (
        f"duplicate: claim “{claim_key}” of article “{article_key}” is already on row "
        f"{first_row} (a claim's further lines must follow its first one)"
    )


def frozen_claim_error(article_key: str, claim_key: str, status: str) -> str:
    return (
        f"claim “{claim_key}” of article “{article_key}” is "
        f"{Claim.Status(status).label.lower()}: an import cannot change its text or quote"
    )


def frozen_evidence_error(article_key: str, claim_key: str, status: str) -> str:
    return (
        f"claim “{claim_key}” of article “{article_key}” is "
        f"{Claim.Status(status).label.lower()}: an import cannot add or change its evidence"
    )
