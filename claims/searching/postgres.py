"""PostgreSQL's path: `websearch_to_tsquery` against the generated `search_vector` (GIN),
`ts_rank`, `ts_headline`, `pg_trgm` for near spellings, and term weights for matching."""

import math

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from claims.searching.query import ParsedQuery
from claims.searching.schema import CONFIG, VECTOR, SearchIndex

# A query that matches more rows than this ranks the rows found first; more words narrow it.
RANK_WINDOW = 1000
MARK_START, MARK_END = "\ue000", "\ue001"
HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=28, MinWords=10, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
TSQUERY = f"websearch_to_tsquery('{CONFIG}', %s)"
# ts_headline drops what looks like markup; "<" and ">" stand in as private characters while
# it works, so a claim quoting "<script>" shows it (escaped) in its snippet.
TAG_STANDINS = "\ue002\ue003"
TAGS_BACK = str.maketrans({"\ue002": "<", "\ue003": ">"})
NEAR_THRESHOLD = "0.4"
NEAR_WINDOW = 200


def tsquery(parsed: ParsedQuery) -> tuple[str, list[str]]:
    """The query as SQL: each clause through `websearch_to_tsquery`, joined with `&&`.

    One websearch string for the whole query would bind "a or b c" as "a | (b & c)"; a
    number's alternatives ("1500" or "1 500") must stay one clause.
    """
    clauses = [
        " or ".join(parsed.websearch_clause(clause))
        if not clause[0].negated
        else " ".join(parsed.websearch_clause(clause))
        for clause in parsed.clauses
    ]
    return "(" + " && ".join([TSQUERY] * len(clauses)) + ")", clauses


def filter_queryset(queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
    # A subquery of ids, not a condition on the table's name: the queryset may itself end up
    # as a subquery under an alias (the export filters through the queue's queryset).
    table = queryset.model._meta.db_table
    sql, params = tsquery(parsed)
    return queryset.filter(pk__in=RawSQL(f"SELECT id FROM {table} WHERE {VECTOR} @@ {sql}", params))


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
    query, params = tsquery(parsed)
    within = f"{index.table} WHERE {VECTOR} @@ {query} LIMIT {RANK_WINDOW}"
    found = f"SELECT id, {VECTOR} FROM {within}"
    if latest_per:
        group, time = latest_per
        found = f"""
            SELECT DISTINCT ON ({group}) id, {VECTOR}
            FROM (SELECT id, {VECTOR}, {group}, {time} FROM {within}) AS found
            ORDER BY {group}, {time} DESC, id DESC
        """
    # ts_headline reads the text it is given to the end: give it only what is indexed.
    snippet = index.field(snippet_column).prefix(f"t.{snippet_column}", "postgresql")
    sql = f"""
        SELECT r.id, r.rank, ts_headline('{CONFIG}', translate({snippet}, '<>', %s), {query}, %s)
        FROM (
            SELECT hits.id, ts_rank(hits.{VECTOR}, {query}, 1) AS rank
            FROM ({found}) AS hits
            ORDER BY rank DESC, hits.id DESC LIMIT %s
        ) AS r JOIN {index.table} AS t ON t.id = r.id
        ORDER BY r.rank DESC, r.id DESC
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [TAG_STANDINS, *params, HEADLINE, *params, *params, limit])
        return [(pk, rank, snippet.translate(TAGS_BACK)) for pk, rank, snippet in cursor.fetchall()]


def near_spellings(
    table: str, column: str, text: str, limit: int, *, explain: bool = False
) -> list[tuple[int, float]]:
    """Rows whose `column` holds words spelled like `text` (pg_trgm word similarity): the
    first NEAR_WINDOW the trigram index finds, closest first. With `explain`, the plan."""
    sql = f"""
        SELECT id, word_similarity(%s, lower({column})) AS similarity
        FROM (SELECT id, {column} FROM {table} WHERE %s <%% lower({column})
              LIMIT {NEAR_WINDOW}) AS near
        ORDER BY similarity DESC, id DESC LIMIT %s
    """
    with transaction.atomic(), connection.cursor() as cursor:
        # The default threshold (0.6) misses a one-letter slip in a short word ("nurces").
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = " + NEAR_THRESHOLD)
        # A spelling shared by many rows makes a scan under LIMIT look cheaper than the index;
        # when the guess is wrong that scan reads the whole table, so the index it is.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(("EXPLAIN " if explain else "") + sql, [text, text, limit])
        return cursor.fetchall()


# --- matching ---------------------------------------------------------------------------------

# Counting a word's rows stops here: without statistics (a new or small table) the count
# is the estimate; with them, a word they do not list is rare and a few rows tell enough.
COUNT_CAP = 300
COUNT_CAP_WITH_STATISTICS = 20


def lexemes_and_statistics(table: str, text: str) -> tuple[list[str], float, dict[str, float]]:
    """The distinct stemmed, accent-folded words of `text` (stop words left out), the rows
    in `table`, and the frequency of its common lexemes from the planner's statistics
    (ANALYZE): one round trip, and no cache to go stale."""
    sql = f"""
        SELECT (SELECT array_agg(lexeme ORDER BY lexeme)
                FROM unnest(to_tsvector('{CONFIG}', %s))),
               (SELECT reltuples FROM pg_class WHERE relname = %s),
               s.most_common_elems::text::text[], s.most_common_elem_freqs
        FROM (SELECT 1) AS one
        LEFT JOIN pg_stats AS s ON s.tablename = %s AND s.attname = '{VECTOR}'
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, table, table])
        words, estimate, elements, frequencies = cursor.fetchone()
        if not estimate or estimate < 0:
            cursor.execute(f"SELECT count(*) FROM {table}")
            estimate = cursor.fetchone()[0]
    common = dict(zip(elements, frequencies, strict=False)) if elements else {}
    return words or [], float(estimate), common


def document_frequencies(
    table: str, words: list[str], total: float, common: dict[str, float]
) -> tuple[float, dict[str, float]]:
    """How many rows hold each lexeme (0 for none): the planner's statistics for common ones,
    a count through the GIN index for the rest, stopped early where statistics exist.

    A word the statistics do not list is rarer than the rarest they do, so counting it to
    a few dozen rows tells it apart from words that are not there at all (which must not
    weigh in a score) without reading many rows.
    """
    found = {word: common[word] * total for word in words if word in common}
    rare = [word for word in words if word not in found]
    cap = COUNT_CAP_WITH_STATISTICS if common else COUNT_CAP
    # Below the listed ones: half the rarest listed frequency.
    floor = min(common.values()) * total / 2 if common else 0.0
    if rare:
        # One constant tsquery per word, so each count is a GIN lookup (a tsquery the planner
        # cannot see may be counted by scanning the table).
        sql = " UNION ALL ".join(
            f"SELECT %s, count(*) FROM (SELECT 1 FROM {table} "
            f"WHERE {VECTOR} @@ %s::tsquery LIMIT {cap}) AS hits"
            for _ in rare
        )
        params = [value for word in rare for value in (word, _lexeme_query(word))]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for word, count in cursor.fetchall():
                found[word] = max(float(count), floor) if count >= cap else float(count)
    return max(total, 1.0), found


def _lexeme_query(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def idf(total: float, frequency: float) -> float:
    return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))


def best_matches(
    table: str,
    weights: dict[str, float],
    retrieve: list[str],
    *,
    together: bool = False,
    limit: int,
    where: str = "",
    params: list | None = None,
) -> list[tuple[int, float, float]]:
    """(id, rank, share of the query's weight matched) of the rows holding any `retrieve`
    lexeme (all of them, `together`), ranked BM25-style by the weights of the lexemes they
    hold (each a word of the query, its inverse document frequency)."""
    terms = list(weights)
    matched = " + ".join(f"CASE WHEN {VECTOR} @@ %s::tsquery THEN %s ELSE 0 END" for _ in terms)
    total_weight = sum(weights.values()) or 1.0
    # BM25 with every term counted once; a claim's length is its count of distinct lexemes.
    sql = f"""
        SELECT id, matched * 2.2 / (1 + 1.2 * (0.25 + 0.75 * length / 12.0)) AS rank,
               matched / %s AS share
        FROM (
            SELECT id, ({matched}) AS matched, length({VECTOR}) AS length
            FROM {table}
            WHERE {VECTOR} @@ %s::tsquery {where}
        ) AS candidates
        ORDER BY rank DESC, id DESC LIMIT %s
    """
    term_params = [value for term in terms for value in (_lexeme_query(term), weights[term])]
    retrieval = (" & " if together else " | ").join(_lexeme_query(word) for word in retrieve)
    with connection.cursor() as cursor:
        cursor.execute(sql, [total_weight, *term_params, retrieval, *(params or []), limit])
        return cursor.fetchall()
