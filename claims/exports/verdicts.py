"""CSV exports: the verdicts of a set of claims, the corrections log, and the cell escaping
that every CSV the project writes goes through."""

import csv
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from itertools import batched, chain

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Count, F, FilteredRelation, Q, QuerySet, TextField, Value
from django.db.models.aggregates import StringAgg
from django.db.models.functions import Cast, Collate
from django.http import StreamingHttpResponse
from django.utils import timezone

from claims.models import Claim, Evidence, Verdict
from claims.roles import is_editor

VERDICT_COLUMNS = (
    "claim_id",
    "article_id",
    "article_title",
    "article_url",
    "claim_text",
    "kind",
    "stated_value",
    "unit",
    "attributed_to",
    "status",
    "rating",
    "rating_value",
    "verdict_summary",
    "evidence_count",
    "source_urls",
    "submitted_by",
    "approved_by",
    "published_at",
    "updated_at",
)

# With proposed verdicts asked for, at the end so the published columns keep their places.
DRAFT_COLUMNS = ("proposed_rating", "proposed_summary")
# Written as plain numbers: a negative figure stays a number, not text like '-5.
NUMERIC_COLUMNS = frozenset({"stated_value", "rating_value", "evidence_count"})
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
UTF8_BOM = b"\xef\xbb\xbf"

CORRECTION_COLUMNS = (
    "claim_id",
    "article_id",
    "claim_text",
    "previous_rating",
    "previous_published_at",
    "new_rating",
    "new_published_at",
    "correction_note",
)

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The same prefixes as SQL expressions, for the COPY path's escaping.
_SQL_FORMULA_PREFIXES = ", ".join(f"chr({ord(prefix)})" for prefix in FORMULA_PREFIXES)

CHUNK_BYTES = 64 * 1024
BATCH_ROWS = 2000


# --- cells and the writer ----------------------------------------------------------------


def csv_cell(value) -> str:
    """One value as the text of a CSV cell, prefixed with ' if a spreadsheet would run it."""
    text = _text(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_number(value) -> str:
    """A number as a spreadsheet reads a number: never prefixed, so -5 stays -5."""
    if value is not None and not isinstance(value, int | Decimal):
        raise TypeError(f"{value!r} is not a number")
    return _text(value)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


class _Buffer:
    """A file-like sink that csv.writer fills and the stream drains."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def drain(self) -> bytes:
        data = "".join(self.parts).encode()
        self.parts.clear()
        self.size = 0
        return data


def csv_stream(
    header: Sequence[str], rows: Iterable[Iterable], *, numeric: frozenset[str] = frozenset()
) -> Iterator[bytes]:
    """RFC 4180 CSV in UTF-8, header first, every text cell escaped, in chunks of about 64 KB;
    the columns named in `numeric` are written as plain numbers.

    The header is yielded on its own so a download starts before the first row is read.
    """
    buffer = _Buffer()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    yield buffer.drain()
    cells = [csv_number if name in numeric else csv_cell for name in header]
    for row in rows:
        writer.writerow([cell(value) for cell, value in zip(cells, row, strict=True)])
        if buffer.size >= CHUNK_BYTES:
            yield buffer.drain()
    if buffer.size:
        yield buffer.drain()


def csv_response(chunks: Iterator[bytes], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def dated_filename(stem: str) -> str:
    return f"{stem}-{timezone.now():%Y-%m-%d}.csv"


# --- which claims ------------------------------------------------------------------------


def can_export_unpublished(user) -> bool:
    """Editors and staff export any status; everyone else only what is published."""
    return is_editor(user) or (user.is_active and user.is_staff)


def claims_for_export(claims: QuerySet, *, user=None) -> QuerySet:
    """`claims` (the queue's selection) as `user` may export them.

    A user who may not export unpublished work gets the published ones among them, whatever
    status they asked for. No user (a management command) means no restriction.
    """
    if user is not None and not can_export_unpublished(user):
        claims = claims.filter(status=Claim.Status.PUBLISHED)
    return claims


# --- verdict rows ------------------------------------------------------------------------

# Every column but the evidence ones, as ORM expressions on a claim queryset. The verdict
# columns describe the claim's public verdict as it was published (a claim reopened for
# correction keeps it until the correction is published); the proposed ones, the working
# verdict that is not public yet, if any.
_ROW_EXPRESSIONS = {
    "claim_id": F("external_id"),
    "article_id": F("article__external_id"),
    "article_title": F("article__title"),
    "article_url": F("article__url"),
    "claim_text": F("text"),
    "kind": F("kind"),
    "stated_value": F("stated_value"),
    "unit": F("unit"),
    "attributed_to": F("attributed_to"),
    "status": F("status"),
    "rating": F("public__rating_label"),
    "rating_value": F("public__rating_value"),
    "verdict_summary": F("public__summary"),
    "submitted_by": F("public__submitted_by__username"),
    "approved_by": F("public__approved_by__username"),
    "published_at": F("public__published_at"),
    "updated_at": F("updated_at"),
    "proposed_rating": F("proposed__rating__label"),
    "proposed_summary": F("proposed__summary"),
}
_EVIDENCE_COLUMNS = ("evidence_count", "source_urls")


def verdict_columns(*, include_drafts: bool) -> tuple[str, ...]:
    return VERDICT_COLUMNS + DRAFT_COLUMNS if include_drafts else VERDICT_COLUMNS


def _row_columns(columns: Sequence[str]) -> tuple[str, ...]:
    return tuple(name for name in columns if name not in _EVIDENCE_COLUMNS)


def _alias(column: str) -> str:
    # Prefixed: several column names (kind, status, article_id...) are Claim fields.
    return f"export_{column}"


def _ordered(claims: QuerySet) -> QuerySet:
    """The claims' order made explicit and total (pk breaks ties), in plain field names that
    both paths sort by alike: the queue's sort, or article order when there is none."""
    terms = [term for term in claims.query.order_by if isinstance(term, str) and term != "?"]
    order = []
    for term in terms or ["article_id", "start"]:
        name = term.lstrip("-")
        if "__" not in name and name != "pk":
            # "article" would sort by the Article's own ordering; the key is what we mean.
            name = Claim._meta.get_field(name).attname
        order.append(("-" if term.startswith("-") else "") + name)
    if not {"pk", "-pk", "id", "-id"} & set(order):
        order.append("pk")
    return claims.order_by(*order)


def _verdict_rows(claims: QuerySet, columns: Sequence[str]) -> QuerySet:
    """The claims as export rows: the pk first, then every column but the evidence ones."""
    row_columns = _row_columns(columns)
    rows = claims.alias(
        public=FilteredRelation("verdicts", condition=Q(verdicts__is_public=True)),
        proposed=FilteredRelation(
            "verdicts", condition=Q(verdicts__is_current=True, verdicts__is_public=False)
        ),
    ).annotate(**{_alias(name): _ROW_EXPRESSIONS[name] for name in row_columns})
    return rows.values_list("pk", *[_alias(name) for name in row_columns])


def verdict_csv(
    claims: QuerySet, *, include_drafts: bool = False, excel: bool = False
) -> Iterator[bytes]:
    """The export CSV of `claims` (a filtered Claim queryset), streamed from one snapshot;
    with proposed verdicts in two more columns when asked, with a byte order mark for Excel
    when asked."""
    columns = verdict_columns(include_drafts=include_drafts)
    if connection.vendor == "postgresql":
        chunks = verdict_csv_copy(claims, columns)
    else:
        chunks = verdict_csv_portable(claims, columns)
    return chain([UTF8_BOM], chunks) if excel else chunks


def verdict_csv_portable(
    claims: QuerySet, columns: Sequence[str] = VERDICT_COLUMNS
) -> Iterator[bytes]:
    """Any database: rows in batches from one read transaction, evidence per batch."""
    return csv_stream(columns, _portable_rows(_ordered(claims), columns), numeric=NUMERIC_COLUMNS)


def _portable_rows(claims: QuerySet, columns: Sequence[str]) -> Iterator[tuple]:
    row_columns = _row_columns(columns)
    with _read_transaction():
        rows = _verdict_rows(claims, columns).iterator(chunk_size=BATCH_ROWS)
        for batch in batched(rows, BATCH_ROWS):
            pks = [row[0] for row in batch]
            urls: dict[int, set[str]] = {pk: set() for pk in pks}
            counts = dict.fromkeys(pks, 0)
            evidence = Evidence.objects.filter(claim__in=pks).order_by()
            for claim_pk, url in evidence.values_list("claim", "source__url"):
                counts[claim_pk] += 1
                urls[claim_pk].add(url)
            for pk, *values in batch:
                row = dict(zip(row_columns, values, strict=True))
                row["evidence_count"] = counts[pk]
                row["source_urls"] = " ".join(sorted(urls[pk])) or None
                yield [row[name] for name in columns]


@contextmanager
def _read_transaction():
    """One transaction for the whole export, so batches read the same data."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


# --- the PostgreSQL fast path ------------------------------------------------------------

# Code point order, as the portable path sorts, whatever the database's collation; text, as
# DISTINCT needs the ORDER BY to be exactly the aggregated expression.
_URL_IN_CODE_POINT_ORDER = Collate(Cast("source__url", TextField()), "C")


def _pg_text(sql: str) -> str:
    """A text cell as COPY should print it: '' as NULL (printed unquoted, as csv does) and
    a formula-like start prefixed with a quote."""
    return (
        f"CASE WHEN {sql} = '' THEN NULL "
        f"WHEN left({sql}, 1) IN ({_SQL_FORMULA_PREFIXES}) THEN '''' || {sql} "
        f"ELSE {sql} END"
    )


def _pg_cell(column: str) -> str:
    if column == "evidence_count":
        return "coalesce(ev.n, 0)::text"
    if column == "source_urls":
        return _pg_text("ev.urls")
    sql = f't."{_alias(column)}"'
    if column in ("published_at", "updated_at"):
        # Digits first, so never formula-like.
        return f"""to_char({sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    if column == "rating_value":
        return f"{sql}::text"
    if column == "stated_value":
        # A plain number, negative ones included: numbers are not escaped as formulas.
        return f"trim_scale({sql})::text"
    return _pg_text(f"{sql}::text")


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def verdict_copy_sql(
    claims: QuerySet, columns: Sequence[str] = VERDICT_COLUMNS
) -> tuple[str, tuple]:
    """The export's SELECT (formatted and escaped cells, in order) and its parameters.

    Evidence is aggregated once for all the exported claims and joined: at a million rows
    that is several times faster than a correlated subquery per row. The claims' order is
    applied on top, through sort keys the inner query carries.
    """
    claims = _ordered(claims)
    order = [(f"export_order_{index}", term) for index, term in enumerate(claims.query.order_by)]
    rows = _verdict_rows(claims.order_by(), columns).annotate(
        export_pk=F("pk"), **{alias: F(term.lstrip("-")) for alias, term in order}
    )
    inner, inner_params = _sql(rows)
    evidence = (
        Evidence.objects.filter(claim__in=claims.order_by().values("pk"))
        .order_by()
        .values(export_claim=F("claim"))
        .annotate(
            n=Count("pk"),
            urls=StringAgg(
                _URL_IN_CODE_POINT_ORDER,
                Value(" "),
                distinct=True,
                order_by=_URL_IN_CODE_POINT_ORDER,
            ),
        )
    )
    aggregated, evidence_params = _sql(evidence)
    cells = ", ".join(_pg_cell(column) for column in columns)
    sort = ", ".join(
        f't."{alias}"' + (" DESC" if term.startswith("-") else "") for alias, term in order
    )
    select = (
        f"SELECT {cells} FROM ({inner}) t "
        f'LEFT JOIN ({aggregated}) ev ON ev."export_claim" = t."export_pk" '
        f"ORDER BY {sort}"
    )
    return select, inner_params + evidence_params


def verdict_csv_copy(claims: QuerySet, columns: Sequence[str] = VERDICT_COLUMNS) -> Iterator[bytes]:
    """PostgreSQL: COPY (the export's SELECT) TO STDOUT, relayed in 64 KB chunks."""
    select, params = verdict_copy_sql(claims, columns)
    yield ",".join(columns).encode() + b"\r\n"
    with _pg_snapshot() as pg_connection, pg_connection.cursor() as cursor:
        buffer = bytearray()
        with cursor.copy(f"COPY ({select}) TO STDOUT (FORMAT csv)", params) as copy:
            # COPY sends one message per row, ending in \n; RFC 4180 wants \r\n.
            for row in copy:
                buffer += row[:-1]
                buffer += b"\r\n"
                if len(buffer) >= CHUNK_BYTES:
                    yield bytes(buffer)
                    buffer.clear()
        if buffer:
            yield bytes(buffer)


@contextmanager
def _pg_snapshot():
    """A raw psycopg connection in a REPEATABLE READ, READ ONLY transaction.

    Its own connection (from the pool), so a long download holds one snapshot and nothing
    else. Inside a caller's transaction (a test, a command that wraps it), that
    transaction's connection is used, as its data may not be committed yet.
    """
    if connection.in_atomic_block:
        connection.ensure_connection()
        yield connection.connection
        return
    wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        wrapper.ensure_connection()
        raw = wrapper.connection
        raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield raw
        finally:
            raw.execute("ROLLBACK")
    finally:
        wrapper.close()


# --- the corrections log -----------------------------------------------------------------


def corrections() -> QuerySet:
    """Published verdicts that replaced an earlier published verdict, oldest first (a
    verdict only ever replaces a published one: see verdict_propose and claim_reopen)."""
    return Verdict.objects.filter(replaces__isnull=False, published_at__isnull=False).order_by(
        "published_at", "pk"
    )


def corrections_csv() -> Iterator[bytes]:
    rows = corrections().values_list(
        "claim__external_id",
        "claim__article__external_id",
        "claim__text",
        "replaces__rating_label",
        "replaces__published_at",
        "rating_label",
        "published_at",
        "correction_note",
    )
    return csv_stream(CORRECTION_COLUMNS, _in_one_transaction(rows))


def _in_one_transaction(rows: QuerySet) -> Iterator[tuple]:
    with _read_transaction():
        yield from rows.iterator(chunk_size=BATCH_ROWS)
