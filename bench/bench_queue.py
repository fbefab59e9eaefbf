"""Queue latency with 1,000 claims and with 1,000,000, measured side by side (PostgreSQL).

Target (docs: DESIGN, Performance): the median with a million claims is within 1.5x of the
median with a thousand. Run with `make bench`, or `python bench/bench_queue.py`.
"""

import sys
import time

from benchdb import median_seconds, setup

TARGET_RATIO = 1.5
SMALL, LARGE = 1_000, 1_000_000

setup("factcheck_bench_queue")

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from claims.models import Article  # noqa: E402
from claims.roles import EDITORS  # noqa: E402

BODY = "The ministry said 4,200 nurses were hired in 2023. " * 4


def fill_to(total: int) -> None:
    """Insert claims set-based until the table holds `total` (the ORM would take minutes)."""
    article, _ = Article.objects.get_or_create(
        external_id="bench-queue", defaults={"title": "Benchmark article", "body": BODY}
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim")
        have = cursor.fetchone()[0]
        if have >= total:
            return
        cursor.execute(
            """
            INSERT INTO claims_claim (article_id, external_id, text, quote, start, "end", kind,
                qualifier, unit, attributed_to, status, status_reason, priority, version,
                created_at, updated_at)
            SELECT %s, 'q' || n, 'Claim number ' || n || ': the ministry hired nurses.',
                'The ministry said 4,200 nurses were hired in 2023.', 0, 51,
                (ARRAY['figure','attribution','event','opinion'])[1 + n %% 4], '', '', '',
                (ARRAY['new','researching','in_review','published','not_checkable'])[1 + n %% 5],
                '', n %% 101, 1, now(), now() - n * interval '1 second'
            FROM generate_series(%s, %s) AS n
            """,
            [article.pk, have + 1, total],
        )
        cursor.execute("ANALYZE claims_claim")


def queue_client() -> Client:
    user, created = get_user_model().objects.get_or_create(username="bench-editor")
    if created:
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(user)
    return client


def measure(client: Client) -> dict[str, float]:
    urls = {
        "default": "/claims/",
        "status filter": "/claims/?status=researching",
        "kind + sort": "/claims/?kind=figure&sort=updated",
        "page 5": "/claims/?page=5",
    }

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    results = {}
    for name, url in urls.items():
        get(url)  # warm the cache and the connection
        results[name] = median_seconds(lambda url=url: get(url))
    return results


def main() -> int:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE claims_claim, claims_claimevent CASCADE")
    client = queue_client()
    fill_to(SMALL)
    small = measure(client)
    started = time.perf_counter()
    fill_to(LARGE)
    print(f"loaded {LARGE:,} claims in {time.perf_counter() - started:.1f} s")
    large = measure(client)
    failed = False
    print(f"{'queue view':<16}{'1k median':>12}{'1M median':>12}{'ratio':>8}")
    for name in small:
        ratio = large[name] / small[name]
        failed |= ratio > TARGET_RATIO
        print(f"{name:<16}{small[name] * 1000:>10.1f}ms{large[name] * 1000:>10.1f}ms{ratio:>8.2f}")
    print(f"target: ratio <= {TARGET_RATIO}: {'FAILED' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
