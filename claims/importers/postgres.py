"""The PostgreSQL writer: COPY validated rows into a staging table, then merge them in SQL.

Set-based throughout (INSERT ... SELECT, UPDATE ... FROM, IS DISTINCT FROM), so a million
rows cost a few statements rather than a million round trips; see docs/decisions.md.
"""

from collections.abc import Iterable

from django.db import connection

from claims.importers.columns import (
    DEFAULT_STANCE,
    IMPORTED_EVIDENCE_FIELDS,
)
from claims.importers.staged import StagedRow
from claims.importers.validation import (
    NEEDS_QUOTE,
    duplicate_claim,
    frozen_claim_error,
    frozen_evidence_error,
)
from claims.models import Claim, ClaimEvent, Source
from claims.services.permissions import FROZEN_STATUSES
from claims.services.workflow import STATUS_RANK
from claims.tallies.upkeep import work_add_selected

# The staging table has a column for each StagedRow field, in its order: text unless
# named here.
STAGE_TYPES = {
    "row_no": "integer NOT NULL",
    "article_key": "text NOT NULL",
    "claim_key": "text NOT NULL",
    "is_claim": "boolean NOT NULL",
    "anchor_start": "integer",
    "anchor_end": "integer",
    "stated_value": "numeric",
    "assignee_id": "bigint",
    "source_published_on": "date",
    "reported_value": "numeric",
}
STAGE_COLUMNS = ", ".join(StagedRow._fields)
STAGE_TABLE = "CREATE TEMPORARY TABLE import_rows ({}) ON COMMIT DROP".format(
    ", ".join(f"{name} {STAGE_TYPES.get(name, 'text')}" for name in StagedRow._fields)
)
TEMP_TABLES = (
    "import_rows",
    "import_anchors",
    "import_articles",
    "import_matches",
    "import_changes",
    "import_sources",
    "import_evidence",
)
RANK = "array_position(ARRAY[{}]::text[], {{}})".format(
    ", ".join(f"'{status}'" for status in sorted(STATUS_RANK, key=STATUS_RANK.get))
)
LOCKED = ", ".join(f"'{status}'" for status in FROZEN_STATUSES)
CLAIM_JOIN = """
    FROM import_rows r
    JOIN import_articles a ON a.article_key = r.article_key
"""

# Each tracked claim field: its column, and its new value given the staged row r and the
# stored claim c. An empty cell (NULL) keeps what is stored.
CLAIM_FIELDS = {
    "text": ("text", "r.text"),
    "quote": ("quote", "coalesce(r.quote, c.quote)"),
    "start": ("start", "CASE WHEN r.quote IS NULL THEN c.start ELSE r.anchor_start END"),
    "end": ('"end"', 'CASE WHEN r.quote IS NULL THEN c."end" ELSE r.anchor_end END'),
    "kind": ("kind", "coalesce(r.kind, c.kind)"),
    "stated_value": ("stated_value", "coalesce(r.stated_value, c.stated_value)"),
    "qualifier": ("qualifier", "coalesce(r.qualifier, c.qualifier)"),
    "unit": ("unit", "coalesce(r.unit, c.unit)"),
    "attributed_to": ("attributed_to", "coalesce(r.attributed_to, c.attributed_to)"),
    "status": (
        "status",
        f"CASE WHEN {RANK.format('r.status')} > {RANK.format('c.status')} "
        "THEN r.status ELSE c.status END",
    ),
    "assignee": ("assignee_id", "coalesce(r.assignee_id, c.assignee_id)"),
}


def _json_value(name: str, column: str) -> str:
    """A column as the JSON value `claims.services.events.jsonable` gives for the same field."""
    if name in ("stated_value", "reported_value"):
        return f"trim_scale({column})::text"
    if name == "assignee":
        return f"(SELECT username FROM auth_user WHERE id = {column})"
    return column


def _changed_json(side: str, names) -> str:
    """The `side` ("old" or "new") values of the fields among `names` whose old_ and new_
    columns differ, as one JSON object: an event's from_data or to_data."""
    parts = [
        f"CASE WHEN old_{name} IS DISTINCT FROM new_{name} "
        f"THEN jsonb_build_object('{name}', {_json_value(name, f'{side}_{name}')}) "
        "ELSE '{}'::jsonb END"
        for name in names
    ]
    return " || ".join(parts)


def _differ(names) -> str:
    """Whether any of `names` differs between its old_ and new_ columns."""
    old = ", ".join(f"old_{name}" for name in names)
    new = ", ".join(f"new_{name}" for name in names)
    return f"({old}) IS DISTINCT FROM ({new})"


class PostgresWriter:
    def __init__(self):
        self.cursor = connection.cursor()
        self._drop_temporary_tables()  # an earlier import on this connection may have failed

    def close(self) -> None:
        self._drop_temporary_tables()
        self.cursor.close()

    def _drop_temporary_tables(self) -> None:
        for table in TEMP_TABLES:
            self.cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{table}")

    def stage(self, rows: Iterable[StagedRow]) -> None:
        """COPY the rows into the staging table as validation yields them.

        One COPY stays open while rows come, so PostgreSQL stores each while Python reads
        and checks the next; validation calls `pause()` before it asks the database
        something (a new article, a username), which this connection cannot do while a
        COPY is open, and the next row opens another. The rows are written as plain
        tuples: psycopg writes them faster than NamedTuples.
        """
        self.cursor.execute(STAGE_TABLE)
        try:
            for row in rows:
                write = self._write_row or self._open_copy()
                write(tuple(row))
        except BaseException as error:
            self.pause(error)
            raise
        self.pause()
        self.cursor.execute("ANALYZE import_rows")

    _copy = None
    _write_row = None

    def _open_copy(self):
        self._copy = self.cursor.copy(f"COPY import_rows ({STAGE_COLUMNS}) FROM STDIN")
        self._write_row = self._copy.__enter__().write_row
        return self._write_row

    def pause(self, error: BaseException | None = None) -> None:
        """End the open COPY, if any, so that the connection can run a query."""
        copy, self._copy, self._write_row = self._copy, None, None
        if copy is not None:
            copy.__exit__(type(error) if error else None, error, None)

    def patch_anchors(self, anchors: list[tuple[int, int, int]]) -> None:
        """Offsets of quotes that came before their article's text in the file."""
        self.cursor.execute(
            "CREATE TEMPORARY TABLE import_anchors (row_no integer PRIMARY KEY, "
            "anchor_start integer, anchor_end integer) ON COMMIT DROP"
        )
        with self.cursor.copy("COPY import_anchors FROM STDIN") as copy:
            for anchor in anchors:
                copy.write_row(anchor)
        self.cursor.execute(
            "UPDATE import_rows r SET anchor_start = x.anchor_start, anchor_end = x.anchor_end "
            "FROM import_anchors x WHERE x.row_no = r.row_no"
        )

    def set_articles(self, article_ids: dict[str, int]) -> None:
        self.cursor.execute(
            "CREATE TEMPORARY TABLE import_articles (article_key text PRIMARY KEY, "
            "article_id bigint NOT NULL) ON COMMIT DROP"
        )
        with self.cursor.copy("COPY import_articles FROM STDIN") as copy:
            for item in article_ids.items():
                copy.write_row(item)

    # --- checks that need the database -------------------------------------------------

    def check(self, errors, skip_articles: list[str]) -> None:
        cursor = self.cursor
        cursor.execute(
            "SELECT article_key, claim_key, array_agg(row_no ORDER BY row_no) FROM import_rows "
            "WHERE is_claim GROUP BY article_key, claim_key HAVING count(*) > 1"
        )
        for article_key, claim_key, rows in cursor.fetchall():
            for row_no in rows[1:]:
                errors.add(row_no, "claim_id", duplicate_claim(article_key, claim_key, rows[0]))

        # The rows that name a stored claim; every other claim row is a new claim.
        cursor.execute(
            f"""
            CREATE TEMPORARY TABLE import_matches ON COMMIT DROP AS
            SELECT r.row_no {CLAIM_JOIN}
            JOIN claims_claim c ON c.article_id = a.article_id AND c.external_id = r.claim_key
            WHERE r.is_claim
            """
        )
        cursor.execute("ANALYZE import_matches")
        olds = ", ".join(f"c.{column} AS old_{name}" for name, (column, _) in CLAIM_FIELDS.items())
        news = ", ".join(f"{value} AS new_{name}" for name, (_, value) in CLAIM_FIELDS.items())
        cursor.execute(
            f"""
            CREATE TEMPORARY TABLE import_changes ON COMMIT DROP AS
            SELECT * FROM (
                SELECT r.row_no, r.article_key, r.claim_key, c.id, c.status_reason,
                       {olds}, {news}
                {CLAIM_JOIN}
                JOIN claims_claim c
                  ON c.article_id = a.article_id AND c.external_id = r.claim_key
                WHERE r.is_claim
            ) AS compared
            WHERE {_differ(CLAIM_FIELDS)}
            """
        )
        cursor.execute(
            """
            SELECT r.row_no FROM import_rows r
            WHERE r.is_claim AND r.anchor_start IS NULL AND r.article_key <> ALL(%s)
              AND NOT EXISTS (SELECT 1 FROM import_matches m WHERE m.row_no = r.row_no)
            ORDER BY r.row_no
            """,
            [skip_articles],
        )
        for (row_no,) in cursor.fetchall():
            errors.add(row_no, "quote", NEEDS_QUOTE)
        cursor.execute(
            f"""
            SELECT row_no, article_key, claim_key, old_status,
                   old_text IS DISTINCT FROM new_text
            FROM import_changes
            WHERE old_status IN ({LOCKED})
              AND (old_text IS DISTINCT FROM new_text OR old_quote IS DISTINCT FROM new_quote)
            ORDER BY row_no
            """
        )
        for row_no, article_key, claim_key, status, text_changed in cursor.fetchall():
            errors.add(
                row_no,
                "text" if text_changed else "quote",
                frozen_claim_error(article_key, claim_key, status),
            )
        cursor.execute(
            f"""
            SELECT r.row_no, r.article_key, r.claim_key, c.status {CLAIM_JOIN}
            JOIN claims_claim c ON c.article_id = a.article_id AND c.external_id = r.claim_key
            WHERE r.source_url IS NOT NULL AND c.status IN ({LOCKED}) AND NOT EXISTS (
                SELECT 1 FROM claims_evidence e JOIN claims_source s ON s.id = e.source_id
                WHERE e.claim_id = c.id AND s.url = r.source_url
                  AND (coalesce(r.stance, e.stance), coalesce(r.excerpt, e.excerpt),
                       coalesce(r.reported_value, e.reported_value))
                      IS NOT DISTINCT FROM (e.stance, e.excerpt, e.reported_value))
            ORDER BY r.row_no
            """
        )
        for row_no, article_key, claim_key, status in cursor.fetchall():
            errors.add(row_no, "source_url", frozen_evidence_error(article_key, claim_key, status))

    # --- writing -----------------------------------------------------------------------

    def write(self, report, context) -> None:
        cursor = self.cursor
        params = {
            "actor": context.actor_id,
            "note": context.note,
            "now": context.now,
            "reason": context.not_checkable_reason,
            "priority": Claim._meta.get_field("priority").default,
        }
        cursor.execute(
            f"""
            WITH created AS (
                INSERT INTO claims_claim (
                    article_id, external_id, text, quote, start, "end", kind, stated_value,
                    qualifier, unit, attributed_to, status, status_reason, assignee_id,
                    priority, version, created_at, updated_at)
                SELECT a.article_id, r.claim_key, r.text, coalesce(r.quote, r.text),
                       r.anchor_start, r.anchor_end, coalesce(r.kind, '{Claim.Kind.EVENT}'),
                       r.stated_value, coalesce(r.qualifier, ''), coalesce(r.unit, ''),
                       coalesce(r.attributed_to, ''), coalesce(r.status, '{Claim.Status.NEW}'),
                       CASE WHEN r.status = '{Claim.Status.NOT_CHECKABLE}'
                            THEN %(reason)s ELSE '' END,
                       r.assignee_id, %(priority)s, 1, %(now)s, %(now)s
                {CLAIM_JOIN}
                WHERE r.is_claim
                  -- A plain INSERT, not ON CONFLICT, whose speculative insertion costs more
                  -- per row; and an anti-join with import_matches, never with claims_claim,
                  -- which this very statement fills and might rescan for every row.
                  AND NOT EXISTS (SELECT 1 FROM import_matches m WHERE m.row_no = r.row_no)
                RETURNING id, external_id
            )
            INSERT INTO claims_claimevent
                (claim_id, actor_id, kind, from_data, to_data, note, created_at)
            SELECT id, %(actor)s, '{ClaimEvent.Kind.IMPORTED}', '{{}}'::jsonb,
                   jsonb_build_object('external_id', external_id), %(note)s, %(now)s
            FROM created
            """,
            params,
        )
        report.claims.created = cursor.rowcount
        cursor.execute(
            f"""
            INSERT INTO claims_claimevent
                (claim_id, actor_id, kind, from_data, to_data, note, created_at)
            SELECT ch.id, %(actor)s, '{ClaimEvent.Kind.IMPORTED}',
                   {_changed_json("old", CLAIM_FIELDS)}, {_changed_json("new", CLAIM_FIELDS)},
                   %(note)s, %(now)s
            FROM import_changes ch
            """,
            params,
        )
        report.claims.updated = cursor.rowcount
        sets = ", ".join(
            f"{column} = ch.new_{name}" for name, (column, _value) in CLAIM_FIELDS.items()
        )
        cursor.execute(
            f"""
            UPDATE claims_claim c SET {sets}, version = c.version + 1, updated_at = %(now)s,
                status_reason = CASE
                    WHEN ch.new_status = '{Claim.Status.NOT_CHECKABLE}'
                         AND ch.old_status <> ch.new_status AND c.status_reason = ''
                    THEN %(reason)s ELSE c.status_reason END
            FROM import_changes ch WHERE c.id = ch.id
            """,
            params,
        )
        # The statistics' claims per (assignee, status): the new claims, and the moves.
        work_add_selected(
            cursor,
            f"""
            SELECT r.assignee_id, coalesce(r.status, '{Claim.Status.NEW}'), 1 {CLAIM_JOIN}
            WHERE r.is_claim
              AND NOT EXISTS (SELECT 1 FROM import_matches m WHERE m.row_no = r.row_no)
            UNION ALL SELECT old_assignee, old_status, -1 FROM import_changes
            UNION ALL SELECT new_assignee, new_status, 1 FROM import_changes
            """,
        )
        cursor.execute("SELECT count(*) FROM import_rows WHERE is_claim")
        claim_rows = cursor.fetchone()[0]
        report.claims.unchanged = claim_rows - report.claims.created - report.claims.updated
        self._write_evidence(report, params)

    def _write_evidence(self, report, params) -> None:
        cursor = self.cursor
        cursor.execute("SELECT count(*) FROM import_rows WHERE source_url IS NOT NULL")
        evidence_rows = cursor.fetchone()[0]
        if not evidence_rows:
            return
        source = {
            "kind": Source._meta.get_field("kind").default,
            "reliability": Source._meta.get_field("reliability").default,
            "link_status": Source._meta.get_field("link_status").default,
        }
        cursor.execute(
            """
            CREATE TEMPORARY TABLE import_sources ON COMMIT DROP AS
            SELECT source_url,
                   (array_agg(source_title ORDER BY row_no)
                       FILTER (WHERE source_title IS NOT NULL))[1] AS title,
                   (array_agg(publisher ORDER BY row_no)
                       FILTER (WHERE publisher IS NOT NULL))[1] AS publisher,
                   (array_agg(source_published_on ORDER BY row_no)
                       FILTER (WHERE source_published_on IS NOT NULL))[1] AS published_on
            FROM import_rows WHERE source_url IS NOT NULL GROUP BY source_url
            """
        )
        cursor.execute(
            """
            INSERT INTO claims_source (url, title, publisher, published_on, kind, reliability,
                                       link_status, archive_url, created_at)
            SELECT source_url, coalesce(title, ''), coalesce(publisher, ''), published_on,
                   %(kind)s, %(reliability)s, %(link_status)s, '', %(now)s
            FROM import_sources
            ON CONFLICT (url) DO NOTHING
            """,
            {**params, **source},
        )
        report.sources_created = cursor.rowcount
        # Details of a source already cited elsewhere are filled in, never overwritten.
        cursor.execute(
            """
            UPDATE claims_source s SET
                title = CASE WHEN s.title = '' THEN coalesce(x.title, '') ELSE s.title END,
                publisher = CASE WHEN s.publisher = ''
                                 THEN coalesce(x.publisher, '') ELSE s.publisher END,
                published_on = coalesce(s.published_on, x.published_on)
            FROM import_sources x
            WHERE s.url = x.source_url AND (
                (s.title = '' AND x.title IS NOT NULL)
                OR (s.publisher = '' AND x.publisher IS NOT NULL)
                OR (s.published_on IS NULL AND x.published_on IS NOT NULL))
            """
        )
        cursor.execute(
            f"""
            CREATE TEMPORARY TABLE import_evidence ON COMMIT DROP AS
            SELECT c.id AS claim_id, s.id AS source_id, s.url, e.id AS evidence_id,
                   e.stance AS old_stance,
                   coalesce(r.stance, e.stance, '{DEFAULT_STANCE}') AS new_stance,
                   e.excerpt AS old_excerpt, coalesce(r.excerpt, e.excerpt, '') AS new_excerpt,
                   e.reported_value AS old_reported_value,
                   coalesce(r.reported_value, e.reported_value) AS new_reported_value
            {CLAIM_JOIN}
            JOIN claims_claim c ON c.article_id = a.article_id AND c.external_id = r.claim_key
            JOIN claims_source s ON s.url = r.source_url
            LEFT JOIN LATERAL (
                SELECT * FROM claims_evidence e
                WHERE e.claim_id = c.id AND e.source_id = s.id ORDER BY e.id LIMIT 1
            ) e ON true
            WHERE r.source_url IS NOT NULL
            """
        )
        cursor.execute(
            f"""
            WITH created AS (
                INSERT INTO claims_evidence (claim_id, source_id, stance, excerpt, pinpoint,
                    reported_value, note, added_by_id, created_at, updated_at)
                SELECT claim_id, source_id, new_stance, new_excerpt, '', new_reported_value, '',
                       %(actor)s, %(now)s, %(now)s
                FROM import_evidence WHERE evidence_id IS NULL
                RETURNING claim_id, source_id, stance, reported_value
            )
            INSERT INTO claims_claimevent
                (claim_id, actor_id, kind, from_data, to_data, note, created_at)
            SELECT x.claim_id, %(actor)s, '{ClaimEvent.Kind.EVIDENCE_ADDED}', '{{}}'::jsonb,
                   jsonb_build_object('source', s.url, 'stance', x.stance,
                                      'reported_value', trim_scale(x.reported_value)::text),
                   %(note)s, %(now)s
            FROM created x JOIN claims_source s ON s.id = x.source_id
            """,
            params,
        )
        report.evidence.created = cursor.rowcount
        fields = IMPORTED_EVIDENCE_FIELDS
        distinct = _differ(fields)
        cursor.execute(
            f"""
            INSERT INTO claims_claimevent
                (claim_id, actor_id, kind, from_data, to_data, note, created_at)
            SELECT claim_id, %(actor)s, '{ClaimEvent.Kind.EVIDENCE_CHANGED}',
                   jsonb_build_object('source', url) || {_changed_json("old", fields)},
                   {_changed_json("new", fields)},
                   %(note)s, %(now)s
            FROM import_evidence WHERE evidence_id IS NOT NULL AND {distinct}
            """,
            params,
        )
        report.evidence.updated = cursor.rowcount
        cursor.execute(
            f"""
            UPDATE claims_evidence e SET stance = x.new_stance, excerpt = x.new_excerpt,
                reported_value = x.new_reported_value, version = e.version + 1,
                updated_at = %(now)s
            FROM import_evidence x WHERE e.id = x.evidence_id AND {distinct}
            """,
            params,
        )
        report.evidence.unchanged = (
            evidence_rows - report.evidence.created - report.evidence.updated
        )
