"""SQLite's path: FTS5 tables kept by triggers, ranked by bm25(), with snippet()."""

from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from claims.searching.query import ParsedQuery
from claims.searching.schema import SearchIndex

MARK_START, MARK_END = "\ue000", "\ue001"
WEIGHTS = {"A": 10.0, "B": 4.0, "C": 2.0, "D": 1.0}


def filter_queryset(queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
    fts = f"{queryset.model._meta.db_table}_fts"
    match = parsed.fts5()
    if not match:
        return queryset.none()
    ids = RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match])
    return queryset.filter(pk__in=ids)


def _weights(index: SearchIndex) -> str:
    return ", ".join(str(WEIGHTS[field.weight]) for field in index.fields)


def ranked(
    index: SearchIndex,
    parsed: ParsedQuery,
    limit: int,
    snippet_column: str,
    *,
    latest_per: tuple[str, str] | None = None,
) -> list[tuple[int, float, str]]:
    """(id, rank, snippet) of the best rows, best first. With `latest_per` (a group column
    and a time column), only each group's latest matching row counts."""
    match = parsed.fts5()
    if not match:
        return []
    fts = index.fts_table
    column = [field.column for field in index.fields].index(snippet_column)
    where, params, chosen = f"{fts} MATCH %s", [MARK_START, MARK_END, match, limit], ""
    if latest_per:
        group, time = latest_per
        # bm25() cannot share a SELECT with a window function, hence the materialised step;
        # and snippets are made only for the rows chosen, as each reads its text.
        chosen = f"""
            WITH matched AS MATERIALIZED (
                SELECT {fts}.rowid AS id, bm25({fts}, {_weights(index)}) AS rank,
                       t.{group} AS grouped, t.{time} AS time
                FROM {fts} JOIN {index.table} AS t ON t.id = {fts}.rowid WHERE {fts} MATCH %s
            ), chosen AS (
                SELECT id FROM (
                    SELECT id, rank, row_number() OVER (
                        PARTITION BY grouped ORDER BY time DESC, id DESC
                    ) AS nth
                    FROM matched
                ) WHERE nth = 1 ORDER BY rank, id DESC LIMIT %s
            )
        """
        where += " AND rowid IN (SELECT id FROM chosen)"
        params = [match, limit, *params]
    sql = f"""{chosen}
        SELECT rowid, -bm25({fts}, {_weights(index)}) AS rank,
               snippet({fts}, {column}, %s, %s, ' … ', 24)
        FROM {fts} WHERE {where} ORDER BY rank DESC, rowid DESC LIMIT %s
    """
    return _fetch(sql, params)


def best_matches(
    index: SearchIndex, words: list[str], *, limit: int, where: str = "", params=None
) -> list[tuple[int, float]]:
    """(id, rank) of the rows holding any of `words`, ranked by BM25."""
    if not words:
        return []
    fts = index.fts_table
    match = " OR ".join('"' + word.replace('"', '""') + '"' for word in words)
    sql = f"""
        SELECT {fts}.rowid, -bm25({fts}, {_weights(index)}) AS rank
        FROM {fts} JOIN {index.table} AS t ON t.id = {fts}.rowid
        WHERE {fts} MATCH %s {where} ORDER BY rank DESC, {fts}.rowid DESC LIMIT %s
    """
    return _fetch(sql, [match, *(params or []), limit])


def _fetch(sql: str, params: list) -> list:
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    except DatabaseError as error:
        # The query is built from quoted strings only; FTS5 refusing it means it found no
        # usable token (e.g. only symbols), which is no match. Any other error is a bug in
        # the SQL, and must not pass for an empty result.
        if "fts5" not in str(error).lower():
            raise
        return []
