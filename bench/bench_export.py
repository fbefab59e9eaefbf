"""Benchmark of the verdict export on PostgreSQL with 1,000,000 published claims.

Compares, in the same run, a raw `COPY (the export's SELECT) TO STDOUT` with the export as
the view serves it (through Django's test client, streamed to /dev/null): median time, time
to the first byte and to the first row, and the process's peak memory. Exits 1 when the
export takes more than 2x the raw COPY, peaks at 150 MB or more, or starts after 1 s.

    make bench     # or: DEBUG=1 .venv/bin/python bench/bench_export.py [--rows N] [--runs N]

It uses its own database, factcheck_bench_exports (created and migrated when missing; see
bench/benchdb.py), and reuses the data it generated on an earlier run.
"""

import argparse
import os
import statistics
import sys
import time

import psycopg
from benchdb import peak_mb, setup

ARTICLES = 1_000
SOURCES = 10_000
MAX_RATIO = 2.0
MAX_PEAK_MB = 150
MAX_FIRST_BYTE_S = 1.0


def generate(rows: int) -> None:
    """1,000 articles, 10,000 sources, `rows` published claims, 1.5 evidence rows per claim,
    one published verdict each; some text starts like a formula, some has quotes and commas."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    users = get_user_model().objects
    reviewer = users.filter(username="bench-reviewer").first() or users.create_user(
        "bench-reviewer"
    )
    editor = users.filter(username="bench-editor").first() or users.create_user("bench-editor")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim")
        if cursor.fetchone()[0] == rows:
            print(f"reusing {rows:,} claims already loaded")
            return
        print(f"generating {rows:,} claims...", flush=True)
        started = time.perf_counter()
        # CASCADE empties evidence, verdicts, comments and events too.
        cursor.execute("TRUNCATE claims_claim, claims_article, claims_source CASCADE")
        cursor.execute(
            """
            INSERT INTO claims_article (id, external_id, title, author, outlet, url, published_on,
                body, created_at, updated_at)
            SELECT a, 'bench-' || a, 'Bench article ' || a || ', "quoted" title', 'A. Writer',
                'The Daily Bench', 'https://news.example.org/bench/' || a,
                DATE '2024-01-01' + (a %% 300), repeat('The ministry said nurses were hired. ', 5),
                now(), now()
            FROM generate_series(1, %s) a
            """,
            [ARTICLES],
        )
        cursor.execute(
            """
            INSERT INTO claims_source (id, url, title, publisher, kind, reliability, link_status,
                archive_url, created_at)
            SELECT s, 'https://source.example.org/report/' || s, 'Report ' || s, 'Wire',
                'official', 'high', 'ok', '', now()
            FROM generate_series(1, %s) s
            """,
            [SOURCES],
        )
        cursor.execute(
            """
            INSERT INTO claims_claim (id, article_id, external_id, text, quote, start, "end", kind,
                stated_value, qualifier, unit, attributed_to, status, status_reason, priority,
                version, created_at, updated_at)
            SELECT i, 1 + i %% %s, 'c' || i,
                CASE WHEN i %% 50 = 0 THEN '=SUM(A' || i || ')' ELSE 'Claim ' || i END
                    || ': the ministry hired ' || (i * 7 %% 10000) || ' nurses, "it said", in 2023',
                'The ministry said nurses were hired.', 0, 36,
                CASE WHEN i %% 3 = 0 THEN 'figure' ELSE 'attribution' END,
                CASE WHEN i %% 3 = 0 THEN (i * 7 %% 10000) + 0.5 END,
                CASE WHEN i %% 3 = 0 THEN 'approximately' ELSE '' END,
                CASE WHEN i %% 3 = 0 THEN 'nurses' ELSE '' END,
                CASE WHEN i %% 3 = 0 THEN '' ELSE 'The Ministry of Health' END,
                'published', '', i %% 101, 3, now(), now()
            FROM generate_series(1, %s) i
            """,
            [ARTICLES, rows],
        )
        cursor.execute(
            """
            INSERT INTO claims_evidence (claim_id, source_id, stance, excerpt, pinpoint, note,
                added_by_id, created_at, updated_at)
            SELECT i, 1 + i %% %s, 'supports', 'The ministry hired the nurses.', 'p. 4', '',
                %s, now(), now()
            FROM generate_series(1, %s) i
            UNION ALL
            SELECT i, 1 + (i * 7 + 1) %% %s, 'context', '', '', '', %s, now(), now()
            FROM generate_series(2, %s, 2) i
            """,
            [SOURCES, reviewer.pk, rows, SOURCES, reviewer.pk, rows],
        )
        cursor.execute(
            """
            INSERT INTO claims_verdict (claim_id, rating_id, summary, short_claim, is_current,
                created_by_id, submitted_by_id, submitted_at, approved_by_id, published_at,
                correction_note, created_at, updated_at, is_public, rating_label, rating_value,
                rating_colour, rating_description, published_quote)
            SELECT v.*, true, rating.label, rating.value, rating.colour, rating.description,
                'The ministry said it hired the nurses.'
            FROM (SELECT i, r.ids[1 + i %% 7] AS rating_id,
                'The ministry''s annual report gives the figure for ' || i || ', and two wire '
                    || 'reports repeat it; the article rounds it.',
                'The ministry hired nurses in 2023', true, %s, %s, now(), %s, now(), '',
                now(), now()
            FROM generate_series(1, %s) i,
                (SELECT array_agg(id ORDER BY id) AS ids FROM claims_rating) r) v
            JOIN claims_rating rating ON rating.id = v.rating_id
            """,
            [reviewer.pk, reviewer.pk, editor.pk, rows],
        )
        for table in ("claims_article", "claims_source", "claims_claim", "claims_evidence"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("VACUUM ANALYZE")
    print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)


def raw_copy(select: str, params: tuple) -> float:
    """COPY (the same SELECT) TO STDOUT with nothing in between, into /dev/null."""
    started = time.perf_counter()
    with (
        psycopg.connect(os.environ["DATABASE_URL"]) as raw,
        raw.cursor() as cursor,
        open(os.devnull, "wb") as sink,
        cursor.copy(f"COPY ({select}) TO STDOUT (FORMAT csv)", params) as copy,
    ):
        for data in copy:
            sink.write(data)
    return time.perf_counter() - started


def export_through_view(client) -> tuple[float, float, float, int]:
    """GET /exports/verdicts.csv as an editor; (total s, first byte s, first row s, bytes)."""
    started = time.perf_counter()
    response = client.get("/exports/verdicts.csv", HTTP_HOST="localhost")
    assert response.status_code == 200, response.status_code
    first_byte = first_row = None
    size = 0
    with open(os.devnull, "wb") as sink:
        for chunk in response.streaming_content:
            now = time.perf_counter() - started
            if first_byte is None:
                first_byte = now
            elif first_row is None:
                first_row = now
            size += len(chunk)
            sink.write(chunk)
    response.close()
    return time.perf_counter() - started, first_byte, first_row, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    setup("factcheck_bench_exports")
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from claims.exports.verdicts import verdict_copy_sql
    from claims.selectors import ClaimFilters, claims_matching

    generate(args.rows)
    connection.close()

    editor = get_user_model().objects.get(username="bench-editor")
    editor.is_superuser = True  # an editor: exports every status
    editor.save(update_fields=["is_superuser"])
    client = Client()
    client.force_login(editor)
    select, params = verdict_copy_sql(claims_matching(ClaimFilters()))

    baseline_mb = peak_mb()
    copies, exports = [], []
    for run in range(1, args.runs + 1):
        copies.append(raw_copy(select, params))
        exports.append(export_through_view(client))
        total, first_byte, first_row, size = exports[-1]
        print(
            f"run {run}: raw COPY {copies[-1]:.2f} s; export {total:.2f} s "
            f"({size / 1e6:.0f} MB, first byte {first_byte * 1000:.0f} ms, "
            f"first row {first_row:.2f} s)",
            flush=True,
        )

    plain_s = raw_copy("SELECT * FROM claims_claim", ())
    print(f"for scale: raw COPY of the claims table alone (no join, no sort) {plain_s:.2f} s")
    copy_s = statistics.median(copies)
    export_s = statistics.median(run[0] for run in exports)
    first_byte_s = statistics.median(run[1] for run in exports)
    first_row_s = statistics.median(run[2] for run in exports)
    peak = peak_mb()
    ratio = export_s / copy_s
    print(
        f"\n{args.rows:,} rows, median of {args.runs}: raw COPY TO {copy_s:.2f} s; "
        f"export {export_s:.2f} s ({ratio:.2f}x COPY, limit {MAX_RATIO}x); "
        f"first byte {first_byte_s * 1000:.0f} ms (limit {MAX_FIRST_BYTE_S:.0f} s); "
        f"first row {first_row_s:.2f} s; "
        f"peak memory {peak:.0f} MB for the whole process "
        f"({peak - baseline_mb:+.0f} MB while exporting; limit {MAX_PEAK_MB} MB)"
    )
    failures = []
    if ratio > MAX_RATIO:
        failures.append(f"export is {ratio:.2f}x raw COPY")
    if peak >= MAX_PEAK_MB:
        failures.append(f"peak memory {peak:.0f} MB")
    if first_byte_s >= MAX_FIRST_BYTE_S:
        failures.append(f"first byte after {first_byte_s:.2f} s")
    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
