"""CSV exports: the verdicts of a set of claims, the corrections log, and the cell escaping
that every CSV the project writes goes through."""

import csv
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from itertools import batched

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
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif isinstance(value, Decimal):
        text = format(value.normalize(), "f")
    else:
        text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


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


def csv_stream(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[bytes]:
    """RFC 4180 CSV in UTF-8, header first, every cell escaped, in chunks of about 64 KB.

    The header is yielded on its own so a download starts before the first row is read.
    """
    buffer = _Buffer()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    yield buffer.drain()
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
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

# Every column but the evidence ones, as ORM expressions on a claim queryset. The row shows
# the claim's current verdict: for a published claim that is the published verdict; for a
# claim reopened for correction it is the draft correction (not yet published).
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
    "rating": F("current__rating__label"),
    "rating_value": F("current__rating__value"),
    "verdict_summary": F("current__summary"),
    "submitted_by": F("current__submitted_by__username"),
    "approved_by": F("current__approved_by__username"),
    "published_at": F("current__published_at"),
    "updated_at": F("updated_at"),
}
_EVIDENCE_COLUMNS = ("evidence_count", "source_urls")
_ROW_COLUMNS = tuple(name for name in VERDICT_COLUMNS if name not in _EVIDENCE_COLUMNS)


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


def _verdict_rows(claims: QuerySet) -> QuerySet:
    """The claims as export rows: the pk first, then every column but the evidence ones."""
    rows = claims.alias(
        current=FilteredRelation("verdicts", condition=Q(verdicts__is_current=True))
    ).annotate(**{_alias(name): expression for name, expression in _ROW_EXPRESSIONS.items()})
    return rows.values_list("pk", *[_alias(name) for name in _ROW_COLUMNS])


def verdict_csv(claims: QuerySet) -> Iterator[bytes]:
    """The export CSV of `claims` (a filtered Claim queryset), streamed from one snapshot."""
    if connection.vendor == "postgresql":
        return verdict_csv_copy(claims)
    return verdict_csv_portable(claims)


def verdict_csv_portable(claims: QuerySet) -> Iterator[bytes]:
    """Any database: rows in batches from one read transaction, evidence per batch."""
    return csv_stream(VERDICT_COLUMNS, _portable_rows(_ordered(claims)))


def _portable_rows(claims: QuerySet) -> Iterator[tuple]:
    with _read_transaction():
        rows = _verdict_rows(claims).iterator(chunk_size=BATCH_ROWS)
        for batch in batched(rows, BATCH_ROWS):
            pks = [row[0] for row in batch]
            urls: dict[int, set[str]] = {pk: set() for pk in pks}
            counts = dict.fromkeys(pks, 0)
            evidence = Evidence.objects.filter(claim__in=pks).order_by()
            for claim_pk, url in evidence.values_list("claim", "source__url"):
                counts[claim_pk] += 1
                urls[claim_pk].add(url)
            for pk, *values in batch:
                row = dict(zip(_ROW_COLUMNS, values, strict=True))
                row["evidence_count"] = counts[pk]
                row["source_urls"] = " ".join(sorted(urls[pk])) or None
                yield [row[name] for name in VERDICT_COLUMNS]


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
        # 1 to 5, by a check constraint.
        return f"{sql}::text"
    if column == "stated_value":
        # May be negative, and "-5" would be a formula.
        return _pg_text(f"trim_scale({sql})::text")
    return _pg_text(f"{sql}::text")


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def verdict_copy_sql(claims: QuerySet) -> tuple[str, tuple]:
    """The export's SELECT (formatted and escaped cells, in order) and its parameters.

    Evidence is aggregated once for all the exported claims and joined: at a million rows
    that is several times faster than a correlated subquery per row. The claims' order is
    applied on top, through sort keys the inner query carries.
    """
    claims = _ordered(claims)
    order = [(f"export_order_{index}", term) for index, term in enumerate(claims.query.order_by)]
    rows = _verdict_rows(claims.order_by()).annotate(
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
    cells = ", ".join(_pg_cell(column) for column in VERDICT_COLUMNS)
    sort = ", ".join(
        f't."{alias}"' + (" DESC" if term.startswith("-") else "") for alias, term in order
    )
    select = (
        f"SELECT {cells} FROM ({inner}) t "
        f'LEFT JOIN ({aggregated}) ev ON ev."export_claim" = t."export_pk" '
        f"ORDER BY {sort}"
    )
    return select, inner_params + evidence_params


def verdict_csv_copy(claims: QuerySet) -> Iterator[bytes]:
    """PostgreSQL: COPY (the export's SELECT) TO STDOUT, relayed in 64 KB chunks."""
    select, params = verdict_copy_sql(claims)
    yield ",".join(VERDICT_COLUMNS).encode() + b"\r\n"
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
    """Published verdicts that replaced an earlier published verdict, oldest first."""
    return Verdict.objects.filter(
        replaces__isnull=False,
        published_at__isnull=False,
        replaces__published_at__isnull=False,
    ).order_by("published_at", "pk")


def corrections_csv() -> Iterator[bytes]:
    rows = corrections().values_list(
        "claim__external_id",
        "claim__article__external_id",
        "claim__text",
        "replaces__rating__label",
        "replaces__published_at",
        "rating__label",
        "published_at",
        "correction_note",
    )
    return csv_stream(CORRECTION_COLUMNS, _in_one_transaction(rows))


def _in_one_transaction(rows: QuerySet) -> Iterator[tuple]:
    with _read_transaction():
        yield from rows.iterator(chunk_size=BATCH_ROWS)
