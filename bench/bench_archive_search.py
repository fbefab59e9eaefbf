"""Benchmark of searching archived pages (PostgreSQL): the worker's cost of indexing a capture,
the search page's archived-pages group, and adding the index to a desk that has captures.

Loads SOURCES sources (default 2,000) with three captures each that share most of their text
(articles of 5,000 to 30,000 characters, and one source in fifty a PDF of 1 to 3 MB), then
reports medians, side by side:
- inserting a capture (20 KB and 3 MB texts), and searching right after a few inserts, with the
  GIN index's pending list off (as the migration makes it) and on (PostgreSQL's default), and
  inserting into the same table without the index;
- the archived-pages group with one result per source against every matching capture, and the
  whole search page (`search_everything`);
- adding the index to the loaded captures (what the migration does).
Exits 1 when a search's median is 200 ms or more.

    make bench     # or: DEBUG=1 .venv/bin/python bench/bench_archive_search.py [--sources N]

It uses its own database, factcheck_bench_archive_search (see bench/benchdb.py).
"""

import argparse
import itertools
import random
import sys
import time
from datetime import timedelta

from benchdb import median_seconds, setup

MAX_SEARCH_MS = 200
SYLLABLES = [consonant + vowel for consonant in "bdklmnrstv" for vowel in "aeiou"]

setup("factcheck_bench_archive_search")

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from claims.models import Source, SourceSnapshot  # noqa: E402
from claims.search import SCOPES, search_everything  # noqa: E402
from claims.searching import postgres, schema  # noqa: E402
from claims.searching.query import parse  # noqa: E402

SCOPE = next(scope for scope in SCOPES if scope.name == "snapshots")


class Words:
    """Made-up words drawn as in prose: a few common, most rare (Zipf)."""

    def __init__(self, count: int, seed: int = 7):
        self.random = random.Random(seed)
        self.vocabulary = sorted(
            {
                "".join(self.random.choices(SYLLABLES, k=self.random.randint(2, 4)))
                for _ in range(count * 2)
            }
        )[:count]
        self.random.shuffle(self.vocabulary)
        self.weights = list(itertools.accumulate(1 / rank for rank in range(1, count + 1)))

    def text(self, characters: int) -> str:
        words, size = [], 0
        while size < characters:
            chunk = self.random.choices(self.vocabulary, cum_weights=self.weights, k=200)
            words += chunk
            size += sum(len(word) + 1 for word in chunk)
        sentences = [
            " ".join(words[i : i + 18]).capitalize() + "." for i in range(0, len(words), 18)
        ]
        return " ".join(sentences)[:characters]


def load(sources: int, words: Words) -> None:
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE claims_source, claims_sourcesnapshot CASCADE")
    made = Source.objects.bulk_create(
        Source(url=f"https://bench{n}.example.org/page", title=f"Page {n}", publisher="Bench")
        for n in range(sources)
    )
    batch = []
    for n, source in enumerate(made):
        length = words.random.randint(1_000_000, 3_000_000) if n % 50 == 0 else None
        text = words.text(length or words.random.randint(5_000, 30_000))
        for capture in range(3):
            text += " " + words.text(300)  # each capture adds a paragraph
            batch.append(snapshot(source, text, now - timedelta(days=3 - capture)))
        if len(batch) >= 300:
            SourceSnapshot.objects.bulk_create(batch)
            batch = []
    SourceSnapshot.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE claims_sourcesnapshot")


def snapshot(source: Source, text: str, fetched_at) -> SourceSnapshot:
    return SourceSnapshot(
        source=source,
        fetched_at=fetched_at,
        status_code=200,
        final_url=source.url,
        size=len(text),
        sha256="0" * 64,
        warc="warc/bench.warc.gz",
        text=text,
        text_sha256="0" * 64,
        title=source.title,
        publisher=source.publisher,
    )


def insert_timings(text: str) -> tuple[float, float]:
    """Median seconds to insert a capture of `text`: with the index, and into a copy of the
    table without it."""
    source = Source.objects.first()
    columns = "source_id, fetched_at, status_code, final_url, content_type, size, sha256, warc, "
    columns += "warc_size, text, text_sha256, title, publisher, author"
    values = [
        source.pk,
        timezone.now(),
        200,
        source.url,
        "",
        1,
        "0",
        "w",
        0,
        text,
        "0",
        "t",
        "p",
        "",
    ]
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS plain_snapshot "
            "(LIKE claims_sourcesnapshot INCLUDING DEFAULTS INCLUDING IDENTITY)"
        )

        def insert(table: str):
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)

        indexed = median_seconds(lambda: insert("claims_sourcesnapshot"), 7)
        plain = median_seconds(lambda: insert("plain_snapshot"), 7)
        cursor.execute("DELETE FROM claims_sourcesnapshot WHERE title = 't'")
    return indexed, plain


def queries(words: Words) -> dict[str, str]:
    """A phrase from one page, a rare word, a common word, and two middling words."""
    page = SourceSnapshot.objects.filter(size__lt=100_000).order_by("pk")[10]
    phrase = " ".join(page.text.split()[40:43]).strip(".").lower()
    vocabulary = words.vocabulary
    return {
        "phrase from one page": f'"{phrase}"',
        "rare word": vocabulary[3000],
        "common word (every page)": vocabulary[1],
        "two middling words": f"{vocabulary[120]} {vocabulary[160]}",
    }


def ranked(query: str, latest_per) -> list:
    return postgres.ranked(SCOPE.index, parse(query), 8, "text", latest_per=latest_per)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def set_fastupdate(on: bool) -> None:
    """Switch the GIN index's pending list, and start with it empty."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER INDEX {SCOPE.index.gin_index} SET (fastupdate = {'on' if on else 'off'})"
        )
        cursor.execute("VACUUM claims_sourcesnapshot")


def search_medians(queries: dict[str, str], latest_per) -> dict[str, float]:
    medians = {}
    for label, query in queries.items():
        ranked(query, latest_per)  # warm
        medians[label] = median_seconds(lambda query=query: ranked(query, latest_per), 7)
    return medians


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=2_000)
    arguments = parser.parse_args()
    words = Words(20_000)
    started = time.perf_counter()
    load(arguments.sources, words)
    count = SourceSnapshot.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('claims_sourcesnapshot'))")
        size = cursor.fetchone()[0]
    print(
        f"loaded {arguments.sources:,} sources, {count:,} captures ({size}) in "
        f"{time.perf_counter() - started:.0f} s"
    )
    searches = queries(words)
    texts = {"20 KB": words.text(20_000), "3 MB": words.text(3_000_000)}

    # The worker inserts a few captures, then someone searches: with GIN's pending list (the
    # default) and without it (as the migration makes the index).
    inserts, after = {}, {}
    for on in (False, True):
        set_fastupdate(on)
        inserts[on] = {label: insert_timings(text) for label, text in texts.items()}
        after[on] = search_medians(searches, SCOPE.latest_per)
    set_fastupdate(False)
    print("\ninserting one capture        no pending list  pending list   ratio   no index")
    for label in texts:
        (off, plain), (on, _) = inserts[False][label], inserts[True][label]
        print(f"  {label:<26}{ms(off)}      {ms(on)}   {off / on:5.2f}  {ms(plain)}")
    print("\nsearching after those        no pending list  pending list   ratio")
    for label in searches:
        off, on = after[False][label], after[True][label]
        print(f"  {label:<26}{ms(off)}      {ms(on)}   {off / on:5.2f}")

    once = search_medians(searches, SCOPE.latest_per)
    every = search_medians(searches, None)
    print("\narchived pages group         one per source   every capture  ratio   whole page")
    slow = False
    for label, query in searches.items():
        shown = len(ranked(query, SCOPE.latest_per))
        page = median_seconds(lambda query=query: search_everything(query), 5)
        slow |= max(once[label], after[False][label], page) >= MAX_SEARCH_MS / 1000
        print(
            f"  {label:<26}{ms(once[label])}      {ms(every[label])}   "
            f"{once[label] / every[label]:5.2f}  {ms(page)}  ({shown} shown)"
        )

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in schema.drop_statements("postgresql", [SCOPE.index]):
            cursor.execute(statement)
        started = time.perf_counter()
        for statement in schema.create_statements("postgresql", [SCOPE.index]):
            cursor.execute(statement)
        added = time.perf_counter() - started
    print(f"\nadding the index to {count:,} captures (the migration): {added:.1f} s")
    print(f"every search's median under {MAX_SEARCH_MS} ms: {'met' if not slow else 'MISSED'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
