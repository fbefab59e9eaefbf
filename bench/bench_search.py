"""Search and matching: quality on real posts, speed at 1,000 and 1,000,000 claims (PostgreSQL).

Targets (issue 13): match MAP@5 >= 0.90 on real restatements; search median < 50 ms and p95
< 100 ms at 1,000,000 claims; match_claims >= 20 queries/s at 10,000 claims and < 200 ms per
query at 1,000,000; no full-table scan in any plan. `BENCH_SEARCH_LARGE` sets the large size.
Run with `make bench`, or `python bench/bench_search.py`.
"""

import csv
import os
import statistics
import sys
import time
from pathlib import Path

from benchdb import setup

DATA = Path(__file__).resolve().parent / "match_data"
LARGE = int(os.environ.get("BENCH_SEARCH_LARGE", 1_000_000))
SEARCHES = ["troops", "1500", "1,500 nurses", "c0000123", '"the agency" -schools', "hired or built"]

setup("factcheck_bench_search")

from django.db import connection  # noqa: E402

from claims.models import Article, Claim  # noqa: E402
from claims.search import SCOPES, match_claims, search_claims  # noqa: E402
from claims.searching import postgres  # noqa: E402
from claims.searching.query import parse  # noqa: E402


def read_tsv(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_real_claims() -> dict[str, int]:
    """The verified claims, one article each; their primary keys by vclaim id."""
    ids = {}
    for vclaim_id, text in read_tsv("claims.tsv"):
        article = Article.objects.create(
            external_id=f"vclaim-{vclaim_id}", title=text[:200], body=text
        )
        claim = Claim.objects.create(
            article=article,
            external_id=f"v{vclaim_id}",
            text=text,
            quote=text,
            start=0,
            end=len(text),
        )
        ids[vclaim_id] = claim.pk
    return ids


def fill_to(total: int) -> None:
    """Generated filler claims (the bench generator's sentences), inserted set-based."""
    article, _ = Article.objects.get_or_create(
        external_id="bench-filler", defaults={"title": "Filler", "body": "Filler."}
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
            SELECT %s, 'c' || lpad(n::text, 7, '0'),
                (ARRAY['The ministry','The agency','The council','The bureau'])[1 + n %% 4]
                || ' says ' || to_char(1000 + (n::bigint * 104729) %% 98000, 'FM999,999') || ' '
                || (ARRAY['nurses','troops','homes','schools','jobs','tonnes'])[1 + n %% 6]
                || ' were ' || (ARRAY['hired','sent','built','opened','shipped'])[1 + n %% 5]
                || ' in ' || (2000 + n %% 25) || ' (claim ' || n || ').',
                'Quoted figure ' || n || '.', 0, 10, 'figure', '', '', '',
                (ARRAY['new','researching','in_review','published','not_checkable'])[1 + n %% 5],
                '', n %% 101, 1, now(), now()
            FROM generate_series(%s, %s) AS n
            """,
            [article.pk, have + 1, total],
        )
        # VACUUM merges the GIN index's pending list, as autovacuum does after a large load;
        # until then each lookup reads the whole list.
        cursor.execute("VACUUM ANALYZE claims_claim")


def plain_search(text: str, operator: str) -> list[int]:
    """The steps before matching, for comparison: the post's words ANDed (what the search box
    does) or ORed, ranked by ts_rank, with no cleaning and no word weights."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH q AS (SELECT coalesce(string_agg(quote_literal(lexeme), ' {operator} '), '')
                              ::tsquery AS q
                       FROM unnest(to_tsvector('factcheck', %s)))
            SELECT id FROM claims_claim, q WHERE search_vector @@ q.q
            ORDER BY ts_rank(search_vector, q.q) DESC, id LIMIT 5
            """,
            [text],
        )
        return [row[0] for row in cursor.fetchall()]


def weighted_uncleaned(text: str) -> list[int]:
    """Word weights without cleaning the post first."""
    from claims.search import _postgres_matches

    return [pk for pk, _, _ in _postgres_matches(text, 5, "", [])]


def steps(ids: dict[str, int]) -> None:
    """MAP@5 of each step towards match_claims, on the same posts and claims."""
    for name, rank in [
        ("all words (AND), ts_rank", lambda text: plain_search(text, "&")),
        ("any word (OR), ts_rank", lambda text: plain_search(text, "|")),
        ("any word, weighted by rarity, post not cleaned", weighted_uncleaned),
        ("match_claims (cleaned, weighted)", lambda text: [m.claim.pk for m in match_claims(text)]),
    ]:
        map5, recall5 = quality(ids, rank, quiet=True)
        print(f"  step: {name:<50} MAP@5 {map5:.3f}  recall@5 {recall5:.3f}")


def quality(ids: dict[str, int], rank=None, quiet: bool = False) -> tuple[float, float]:
    """MAP@5 and recall@5 of match_claims (or `rank`) over the real posts."""
    posts = dict(read_tsv("posts.tsv"))
    wanted = {post: ids[vclaim] for post, vclaim in read_tsv("qrels.tsv")}
    precisions, recalls = [], []
    for post, target in wanted.items():
        if rank is not None:
            ranked = rank(posts[post])
        else:
            ranked = [match.claim.pk for match in match_claims(posts[post], limit=5)]
        position = ranked.index(target) + 1 if target in ranked else 0
        precisions.append(1 / position if position else 0.0)  # one relevant claim per post
        recalls.append(1.0 if position else 0.0)
        if not position and not quiet:
            print(f"  missed post {post}: {posts[post][:70]}")
    return statistics.mean(precisions), statistics.mean(recalls)


def timings(action, repeat: int) -> list[float]:
    result = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        result.append(time.perf_counter() - started)
    return result


def near_spelling_timings() -> list[float]:
    return timings(lambda: postgres.near_spellings("claims_claim", "text", "nurces", 8), 7)


def search_timings() -> list[float]:
    scope = SCOPES[0]
    result = []
    for query in SEARCHES:
        parsed = parse(query)
        postgres.ranked(scope.index, parsed, 8, scope.snippet_column)  # warm
        result += timings(lambda parsed=parsed: postgres.ranked(scope.index, parsed, 8, "text"), 7)
    return result


def match_timings() -> list[float]:
    posts = [text for _, text in read_tsv("posts.tsv")]
    match_claims(posts[0])
    return [t for post in posts for t in timings(lambda post=post: match_claims(post), 1)]


def show_plans() -> bool:
    """Print the plans of a search, a match, near spellings and the queue's q; True when
    none of them scans the whole claims table."""
    query, params = postgres.tsquery(parse("1,500 nurses"))
    statements = [
        (
            "search",
            f"SELECT id FROM claims_claim WHERE search_vector @@ {query} LIMIT 1000",
            params,
        ),
        (
            "match candidates",
            "SELECT id FROM claims_claim WHERE search_vector @@ %s::tsquery",
            ["'guantanamo' | 'detaine'"],
        ),
    ]
    plans = []
    with connection.cursor() as cursor:
        for name, sql, values in statements:
            cursor.execute("EXPLAIN " + sql, values)
            plans.append((name, [row[0] for row in cursor.fetchall()]))
    near = postgres.near_spellings("claims_claim", "text", "nurces", 8, explain=True)
    plans.append(("near spellings", [row[0] for row in near]))
    queue = search_claims(Claim.objects.all(), "1500 nurses").order_by("-priority")[:50]
    plans.append(("queue q", queue.explain().splitlines()))
    clean = True
    for name, lines in plans:
        print(f"plan: {name}")
        for line in lines:
            print("   ", line)
        clean &= not any("Seq Scan on claims_claim" in line for line in lines)
    return clean


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE claims_claim, claims_claimevent, claims_article CASCADE")
    ids = load_real_claims()
    fill_to(1_000)
    small_search = search_timings()
    fill_to(10_000)
    map5, recall5 = quality(ids)
    steps(ids)
    ten_k = match_timings()
    started = time.perf_counter()
    fill_to(LARGE)
    print(f"loaded {LARGE:,} claims in {time.perf_counter() - started:.0f} s")
    large_search = search_timings()
    large_match = match_timings()
    large_near = near_spelling_timings()
    map5_large, _ = quality(ids)
    plans_clean = show_plans()

    qps = len(ten_k) / sum(ten_k)
    large_search_median = statistics.median(large_search)
    large_search_p95 = statistics.quantiles(large_search, n=20)[-1]
    large_match_worst = max(large_match)
    checks = [
        ("match MAP@5 (10k claims) >= 0.90", f"{map5:.3f} (recall@5 {recall5:.3f})", map5 >= 0.90),
        (f"match MAP@5 ({LARGE:,} claims)", f"{map5_large:.3f}", True),
        ("search median at 1k", ms(statistics.median(small_search)), True),
        (
            f"search median at {LARGE:,} < 50 ms",
            ms(large_search_median),
            large_search_median < 0.05,
        ),
        (f"search p95 at {LARGE:,} < 100 ms", ms(large_search_p95), large_search_p95 < 0.1),
        (f"near spellings at {LARGE:,} (median)", ms(statistics.median(large_near)), True),
        ("match_claims at 10k >= 20/s", f"{qps:.1f}/s", qps >= 20),
        (
            f"match_claims at {LARGE:,}: slowest < 200 ms",
            f"{ms(large_match_worst)} (median {ms(statistics.median(large_match))})",
            large_match_worst < 0.2,
        ),
        ("no full-table scan in the plans", "yes" if plans_clean else "NO", plans_clean),
    ]
    failed = False
    for name, value, ok in checks:
        failed |= not ok
        print(f"{name:<48}{value:>32}  {'met' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
