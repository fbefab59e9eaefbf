"""Statistics, inbox and badge with 1,000,000 claims and over 5,000,000 audit events (PostgreSQL).

Targets (issue 14): the statistics page under 500 ms, the inbox and the badge under 20 ms,
and the dashboard's query count the same with 1,000 claims as with 1,000,000. Run with
`make bench`, or `python bench/bench_together.py [CLAIMS]` to try a smaller desk.
"""

import io
import sys
import time

from benchdb import median_seconds, setup

SMALL, LARGE = 1_000, 1_000_000
PEOPLE = 50
ARTICLES = 1_000
STATS_TARGET_S, INBOX_TARGET_S = 0.5, 0.02

setup("factcheck_bench_together")

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims.roles import EDITORS, REVIEWERS  # noqa: E402


def people() -> tuple[object, list[int]]:
    users = get_user_model().objects
    editor, created = users.get_or_create(username="bench-editor")
    if created:
        editor.groups.add(Group.objects.get(name=EDITORS))
    reviewers = []
    for number in range(PEOPLE):
        person, created = users.get_or_create(username=f"bench-reviewer-{number}")
        if created:
            person.groups.add(Group.objects.get(name=REVIEWERS))
        reviewers.append(person.pk)
    return editor, reviewers


def generate(claims: int, editor, reviewers: list[int]) -> None:
    """A desk spread over two years: a fifth of the claims in each status, the audit trail
    each would leave (about 5.5 events a claim), verdicts, due dates, and notifications."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_claim, claims_article, claims_claimevent, claims_notification, "
            "claims_worktally, claims_eventtally, claims_publicationtally CASCADE"
        )
        cursor.execute(
            """
            INSERT INTO claims_article (id, external_id, title, author, outlet, url, body,
                language, due_on, created_at, updated_at)
            SELECT a, 'bench-' || a, 'Bench article ' || a, '', '', '', 'The ministry said.', '',
                CASE WHEN a %% 7 = 0 THEN current_date + (a %% 15 - 5) END, now(), now()
            FROM generate_series(1, %s) a
            """,
            [ARTICLES],
        )
        # Status by i % 5: new, researching, in review, published, not checkable.
        cursor.execute(
            """
            CREATE TEMP TABLE bench_claim AS
            SELECT i,
                (ARRAY['new','researching','in_review','published','not_checkable'])[1 + i %% 5]
                    AS status,
                now() - (i * 730.0 / %s) * interval '1 day' AS t0,
                (%s::int[])[1 + i %% %s] AS person
            FROM generate_series(1, %s) i
            """,
            [claims, reviewers, len(reviewers), claims],
        )
        cursor.execute(
            """
            INSERT INTO claims_claim (id, article_id, external_id, text, quote, start, "end", kind,
                qualifier, unit, attributed_to, status, status_reason, assignee_id, priority,
                version, due_on, created_at, updated_at)
            SELECT i, 1 + i %% %s, 'c' || i, 'Claim ' || i || ': the ministry hired nurses.',
                'The ministry said.', 0, 18, 'event', '', '', '', status, '',
                CASE WHEN status IN ('researching', 'in_review', 'published') THEN person END,
                i %% 101, 3, CASE WHEN i %% 10 = 0 THEN current_date + (i %% 21 - 10) END, t0, t0
            FROM bench_claim
            """,
            [ARTICLES],
        )
        cursor.execute(
            """
            INSERT INTO claims_verdict (claim_id, rating_id, summary, short_claim, is_current,
                created_by_id, submitted_by_id, submitted_at, approved_by_id, published_at,
                correction_note, is_public, rating_label, rating_colour, rating_description,
                published_quote, published_claim_text, published_sources, created_at, updated_at)
            SELECT i, r.ids[1 + i %% 7], 'Summary.', 'Short claim', true, person, person,
                t0 + interval '24 hours' + (i %% 48) * interval '1 hour',
                CASE WHEN status = 'published' THEN %s END,
                CASE WHEN status = 'published' THEN
                    t0 + interval '25 hours' + (i %% 48 + i %% 30) * interval '1 hour' END,
                '', status = 'published', '', '', '', '', '', '[]', t0, t0
            FROM bench_claim, (SELECT array_agg(id ORDER BY id) AS ids FROM claims_rating) r
            WHERE status IN ('in_review', 'published')
            """,
            [editor.pk],
        )
        cursor.execute(
            """
            INSERT INTO claims_claimevent (claim_id, actor_id, kind, from_data, to_data, note,
                created_at)
            SELECT i, person, kind, '{}'::jsonb, data::jsonb, '', t0 + offset_hours
            FROM bench_claim
            CROSS JOIN LATERAL (VALUES
                ('created', '{}', interval '0', true),
                ('status', '{"status": "researching"}', interval '1 hour', status <> 'new'),
                ('assigned', '{}', interval '1 hour',
                    status IN ('researching', 'in_review', 'published')),
                ('evidence_added', '{}', interval '2 hours', status <> 'new'),
                ('commented', '{}', interval '3 hours', i % 2 = 0),
                ('verdict_proposed', '{}', interval '20 hours',
                    status IN ('in_review', 'published')),
                ('status', '{"status": "in_review"}',
                    interval '24 hours' + (i % 48) * interval '1 hour',
                    status IN ('in_review', 'published')),
                ('verdict_submitted', '{}', interval '24 hours' + (i % 48) * interval '1 hour',
                    status IN ('in_review', 'published')),
                ('status', '{"status": "published"}',
                    interval '25 hours' + (i % 48 + i % 30) * interval '1 hour',
                    status = 'published'),
                ('verdict_published', '{}',
                    interval '25 hours' + (i % 48 + i % 30) * interval '1 hour',
                    status = 'published'),
                ('status', '{"status": "not_checkable"}', interval '1 hour',
                    status = 'not_checkable')
            ) AS event(kind, data, offset_hours, happened)
            WHERE happened
            """
        )
        # 500,000 notifications over the desk; the measured editor holds 20,000 (1,000 unread).
        cursor.execute(
            """
            INSERT INTO claims_notification (recipient_id, kind, claim_id, message, detail, key,
                mail, read_at, created_at)
            SELECT CASE WHEN n %% 25 = 0 THEN %s ELSE (%s::int[])[1 + n %% %s] END,
                'watched_activity', 1 + n %% %s, 'Someone commented on claim ' || n, '', '', '',
                CASE WHEN n %% 500 <> 0 THEN now() END, now() - n * interval '1 second'
            FROM generate_series(1, 500000) n
            """,
            [editor.pk, reviewers, len(reviewers), claims],
        )
        cursor.execute("DROP TABLE bench_claim")
        for table in ("claims_article", "claims_claim"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    # The statistics' tallies, computed from these records as on any desk whose records
    # were written past the services.
    rebuilding = time.perf_counter()
    call_command("rebuild_statistics", stdout=io.StringIO())
    rebuilt = time.perf_counter() - rebuilding
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM claims_claimevent")
        events = cursor.fetchone()[0]
    print(
        f"generated {claims:,} claims and {events:,} audit events "
        f"in {time.perf_counter() - started:.1f} s (rebuild_statistics {rebuilt:.1f} s)",
        flush=True,
    )


def measure(client: Client) -> dict[str, float]:
    from claims.models import Article

    def get(url, status=200, **headers):
        response = client.get(url, headers=headers)
        assert response.status_code == status, (url, response.status_code)
        return response

    article = Article.objects.order_by("pk").first()
    badge = get("/inbox/badge/")
    urls = {
        "stats, last 12 weeks": ("/stats/", 200, {}),
        "stats, one article": (f"/stats/?article={article.pk}", 200, {}),
        "inbox, unread": ("/inbox/", 200, {}),
        "inbox, all": ("/inbox/?show=all", 200, {}),
        "badge": ("/inbox/badge/", 200, {}),
        "badge, unchanged (304)": ("/inbox/badge/", 304, {"If-None-Match": badge["ETag"]}),
    }
    results = {}
    for name, (url, status, headers) in urls.items():
        get(url, status, **headers)  # warm the connection and PostgreSQL's buffers
        # The page keeps its figures a few minutes; measure the computation, not the cache.
        results[name] = median_seconds(
            lambda u=url, s=status, h=headers: (cache.clear(), get(u, s, **h))
        )
    return results


def dashboard_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def main() -> int:
    arguments = [arg for arg in sys.argv[1:] if arg != "--reuse"]
    large = int(arguments[0]) if arguments else LARGE
    editor, reviewers = people()
    client = Client()
    client.force_login(editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim")
        loaded = cursor.fetchone()[0]
    if "--reuse" in sys.argv and loaded == large:
        # Measure the desk a previous run left (generating it takes a quarter of an hour).
        print(f"reusing {large:,} claims already loaded")
        for name, seconds in measure(client).items():
            print(f"{name:<26}{seconds * 1000:>10.1f}ms")
        print(f"dashboard queries: {dashboard_queries(client)} with {large:,} claims")
        return 0
    generate(SMALL, editor, reviewers)
    small_queries = dashboard_queries(client)
    small = measure(client)
    generate(large, editor, reviewers)
    large_queries = dashboard_queries(client)
    results = measure(client)
    failed = large_queries != small_queries
    print(f"{'view':<26}{'1k median':>12}{f'{large:,} median':>18}{'target':>10}")
    for name, seconds in results.items():
        target = STATS_TARGET_S if name.startswith("stats") else INBOX_TARGET_S
        failed |= seconds > target
        print(
            f"{name:<26}{small[name] * 1000:>10.1f}ms{seconds * 1000:>16.1f}ms"
            f"{target * 1000:>8.0f}ms"
        )
    print(
        f"dashboard queries: {small_queries} with {SMALL:,} claims, {large_queries} with {large:,}"
    )
    print(f"targets: {'FAILED' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
