"""Checking every row of an import file and turning it into a row ready for staging.

Each column's own rule is in cells.py; the checks here are those that need more than one
cell or row. All problems are collected, never just the first, as "row N, column C: problem".
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from claims.importers.cells import CACHE_LIMIT, CellError, cell_rules, too_long
from claims.importers.columns import (
    COLUMNS,
    EVIDENCE_COLUMNS,
    MAX_LENGTHS,
    REPEATABLE,
    REQUIRED,
)
from claims.importers.staged import StagedRow
from claims.importers.text import shown
from claims.models import Article, Claim

MESSAGE_CHARS = 500


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
        # The last guard on what a file can put in a message: bounded, nothing invisible.
        text = shown(text, MESSAGE_CHARS)
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
    body_refused: bool = False  # its text was given but refused (reported on its row)

    @property
    def known_body(self) -> str | None:
        """The text quotes are found in: the stored one, which an import never changes."""
        if self.existing is not None:
            return self.existing.body
        return self.body


# The article columns besides its key and text, and the Article field each one fills.
ARTICLE_FIELDS = {
    "article_title": "title",
    "article_url": "url",
    "article_author": "author",
    "article_outlet": "outlet",
    "article_published_on": "published_on",
}
# The columns read through their rules in each step of a row, in the order Validator.rows
# unpacks them (and reports their problems).
KEY_COLUMNS = ("article_id", "claim_id")
CLAIM_FIELD_COLUMNS = (
    "kind",
    "stated_value",
    "qualifier",
    "unit",
    "attributed_to",
    "status",
    "assignee",
)
# Unknown columns named in the warning about them; the rest are counted.
UNKNOWN_SHOWN = 10
# A further line stages no claim fields: text to assignee_id.
CLAIM_NOT_GIVEN = (None,) * 11
EVIDENCE_RULE_COLUMNS = (  # an excerpt is free text: no rule
    "source_url",
    "source_title",
    "publisher",
    "source_published_on",
    "stance",
    "reported_value",
)


class Validator:
    """Validates rows one at a time; `finish()` then checks what needs the whole file."""

    def __init__(
        self,
        header: list[str],
        errors: ErrorLog,
        warnings: list[str],
        before_query: Callable[[], None] = lambda: None,
    ):
        self.errors = errors
        self.before_query = before_query  # the writer's, to end its open COPY
        self.warnings = warnings
        self.articles: dict[str, ArticleDraft] = {}
        self.pending: list[tuple[int, str, str, bool]] = []  # row, article, text, is_quote
        self.anchors: list[tuple[int, int, int]] = []  # resolved pending: row, start, end
        self._finds: dict[tuple[str, str], int] = {}
        self.index = self._read_header(header)
        # A column the file lacks is read from the empty cell added to the end of each row.
        self.at = {name: self.index.get(name, len(header)) for name in COLUMNS}
        rules = cell_rules(before_query)

        def rules_for(columns) -> list[tuple]:
            """(column, position, clean, required) of each column, as `_values` reads them."""
            return [(column, self.at[column], *rules[column]) for column in columns]

        self.key_rules = rules_for(KEY_COLUMNS)
        self.article_rules = rules_for(ARTICLE_FIELDS)
        self.claim_rules = rules_for(CLAIM_FIELD_COLUMNS)
        self.evidence_rules = rules_for(EVIDENCE_RULE_COLUMNS)

    # --- the header ----------------------------------------------------------------------

    def _read_header(self, header: list[str]) -> dict[str, int]:
        names = [name.strip().lower() for name in header]
        index: dict[str, int] = {}
        unknown = []
        for position, name in enumerate(names):
            if not name:
                continue
            if name in index:
                self.errors.add(1, name, "appears twice in the header")
            elif name in COLUMNS:
                index[name] = position
            else:
                unknown.append(shown(name))
        for name in unknown[:UNKNOWN_SHOWN]:
            self.warnings.append(f"row 1, column {name}: unknown column, ignored")
        if len(unknown) > UNKNOWN_SHOWN:
            more = len(unknown) - UNKNOWN_SHOWN
            self.warnings.append(f"row 1: {more:,} more unknown columns, ignored")
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
        errors, cleaned, at = self.errors, self._values, self.at
        strip = str.strip
        staged = tuple.__new__  # a StagedRow without NamedTuple's Python-level __new__
        key_rules, claim_rules, evidence_rules = (
            self.key_rules,
            self.claim_rules,
            self.evidence_rules,
        )
        i_article, i_claim, i_text, i_quote = (
            at["article_id"],
            at["claim_id"],
            at["text"],
            at["quote"],
        )
        i_url, i_excerpt = at["source_url"], at["excerpt"]
        body_at = self.index.get("article_body")
        body_max, text_max = MAX_LENGTHS["article_body"], MAX_LENGTHS["text"]
        quote_max, excerpt_max = MAX_LENGTHS["quote"], MAX_LENGTHS["excerpt"]
        # One C call each rather than a generator, as they run for nearly every row.
        article_details = itemgetter(*(at[column] for column in ARTICLE_FIELDS))
        evidence_details = itemgetter(*(at[column] for column in EVIDENCE_COLUMNS[1:]))
        # The first line of the claim being read, and the sources its lines cite so far.
        first_key, first_row, first_cells, sources = None, 0, [], {}

        for row_no, raw, problems in table_rows:
            count_before = errors.count
            for column, message in problems:
                errors.add(row_no, column, message)
            cells = [strip(cell) if cell else cell for cell in raw]
            cells.append("")
            article_key, claim_key, text = cells[i_article], cells[i_claim], cells[i_text]
            valid_article_key, _valid_claim_key = cleaned(row_no, cells, key_rules)

            # What the row says about its article.
            draft = None
            if valid_article_key is not None:
                draft = self.articles.get(article_key) or self._new_draft(article_key, row_no)
                body = raw[body_at] if body_at is not None and cells[body_at] else None
                if body is not None and len(body) > body_max:
                    errors.add(row_no, "article_body", str(too_long(body_max)))
                    draft.body_refused = True
                    body = None
                if body is not None or any(article_details(cells)):
                    self._article_details(draft, row_no, cells, body)

            # A claim's first line, or a further one that adds a source.
            key = (article_key, claim_key)
            repeat = key == first_key
            if repeat:
                self._further_line(row_no, cells, first_row, first_cells)
            elif not text:
                errors.add(row_no, "text", "is required")
            if len(text) > text_max:
                errors.add(row_no, "text", str(too_long(text_max)))

            kind, stated_value, qualifier, unit, attributed_to, status, assignee_id = cleaned(
                row_no, cells, claim_rules
            )
            if cells[i_url]:
                (
                    source_url,
                    source_title,
                    publisher,
                    source_published_on,
                    stance,
                    reported_value,
                ) = cleaned(row_no, cells, evidence_rules)
                excerpt = cells[i_excerpt] or None
                if excerpt is not None and len(excerpt) > excerpt_max:
                    errors.add(row_no, "excerpt", str(too_long(excerpt_max)))
            else:
                source_url = source_title = publisher = source_published_on = None
                stance = excerpt = reported_value = None
                if any(evidence_details(cells)):
                    errors.add(
                        row_no, "source_url", "is required when the row has evidence columns"
                    )

            if repeat:
                self._further_source(row_no, key, source_url, first_row, sources)
            else:
                first_key, first_row, first_cells = key, row_no, cells
                sources = {source_url: row_no} if source_url else {}

            # Where the claim's quote (or text) is in its article.
            quote = anchor_start = anchor_end = None
            if not repeat and draft is not None:
                quote = cells[i_quote] or None
                if quote is not None and len(quote) > quote_max:
                    errors.add(row_no, "quote", str(too_long(quote_max)))
                    quote = None
                anchor = quote or text
                if anchor:
                    anchor_start = self._anchor(draft, anchor, row_no, is_quote=quote is not None)
                    if anchor_start is not None:
                        anchor_end = anchor_start + len(anchor)

            if errors.count != count_before:
                continue
            if repeat:
                yield staged(
                    StagedRow,
                    (
                        row_no,
                        article_key,
                        claim_key,
                        False,
                        *CLAIM_NOT_GIVEN,
                        source_url,
                        source_title,
                        publisher,
                        source_published_on,
                        stance,
                        excerpt,
                        reported_value,
                    ),
                )
            else:
                yield staged(
                    StagedRow,
                    (
                        row_no,
                        article_key,
                        claim_key,
                        True,
                        text,
                        quote,
                        anchor_start,
                        anchor_end,
                        kind,
                        stated_value,
                        qualifier,
                        unit,
                        attributed_to,
                        status,
                        assignee_id,
                        source_url,
                        source_title,
                        publisher,
                        source_published_on,
                        stance,
                        excerpt,
                        reported_value,
                    ),
                )

    def _values(self, row_no: int, cells: list[str], rules: list[tuple]) -> list:
        """The value of each cell `rules` name, by its column's rule; None if empty or bad.

        A list rather than a generator where nothing comes between the columns' messages:
        resuming a generator for each column was a sixth of a row's validation.
        """
        values = []
        append = values.append
        for column, position, clean, required in rules:
            text = cells[position]
            if not text:
                if required:
                    self.errors.add(row_no, column, "is required")
                append(None)
                continue
            try:
                append(clean(text))
            except CellError as problem:
                self.errors.add(row_no, column, str(problem))
                append(None)
        return values

    def _cleaned(self, row_no: int, cells: list[str], rules: list[tuple]) -> Iterator:
        """`_values`, one column at a time.

        Lazy, so that a caller's own check of each value comes before the next column's
        problem: a row's messages stay in column order.
        """
        for rule in rules:
            yield from self._values(row_no, cells, (rule,))

    def _new_draft(self, key: str, row_no: int) -> ArticleDraft:
        self.before_query()
        existing = Article.objects.filter(external_id=key).first()
        draft = ArticleDraft(key=key, first_row=row_no, existing=existing)
        self.articles[key] = draft
        return draft

    def _article_details(self, draft: ArticleDraft, row_no: int, cells, body) -> None:
        """An article's details may be given on any of its rows, but must agree."""
        values = self._cleaned(row_no, cells, self.article_rules)
        for (column, field_name), value in zip(ARTICLE_FIELDS.items(), values, strict=True):
            if value is None:
                continue
            if field_name not in draft.values:
                draft.values[field_name], draft.rows[field_name] = value, row_no
            elif draft.values[field_name] != value:
                self.errors.add(
                    row_no, column, f"differs from row {draft.rows[field_name]} for this article"
                )
        if body is not None:
            self._article_text(draft, row_no, body)

    def _article_text(self, draft: ArticleDraft, row_no: int, body: str) -> None:
        """An article has one text: every row that gives it must give the same."""
        if draft.body is None:
            draft.body, draft.body_row = body, row_no
        elif draft.body != body:
            self.errors.add(
                row_no,
                "article_body",
                f"differs from the article text given on row {draft.body_row}; "
                "an article has one text",
            )

    def _further_line(self, row_no: int, cells, first_row: int, first_cells) -> None:
        """A claim's further lines may repeat its first line's claim cells, not change them."""
        for column in REPEATABLE:
            position = self.at[column]
            value = cells[position]
            if value and value != first_cells[position]:
                self.errors.add(
                    row_no, column, f"differs from row {first_row}, the first line of this claim"
                )

    def _further_source(self, row_no: int, key, source_url, first_row: int, sources) -> None:
        """A claim's further line is there to cite a source its earlier lines do not."""
        if source_url is None:
            article_key, claim_key = key
            self.errors.add(
                row_no,
                "claim_id",
                f"duplicate: claim “{claim_key}” of article “{article_key}” is already "
                f"on row {first_row} (repeat a claim only to add another source)",
            )
        elif source_url in sources:
            self.errors.add(
                row_no,
                "source_url",
                f"this source is already cited for the claim on row {sources[source_url]}",
            )
        else:
            sources[source_url] = row_no

    def _anchor(self, draft: ArticleDraft, anchor: str, row_no: int, *, is_quote: bool):
        """Where a claim's quote (or, without one, its text) starts in its article's text.

        Quotes of an article whose text comes later in the file wait for `finish()`.
        """
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

    # --- after the last row --------------------------------------------------------------

    def finish(self) -> None:
        """Checks that need the whole file: article texts, and quotes seen before their text."""
        for draft in self.articles.values():
            if draft.existing is None:
                if "title" not in draft.values:
                    self.errors.add(draft.first_row, "article_title", "a new article needs a title")
                if draft.body is None and not draft.body_refused:
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
