"""Benchmark of source checking and archiving: 1,000 sources served locally, one worker.

Queues a check of every source, runs `manage.py db_worker --batch` (one process, as `make
run` starts) until the queue is empty, and reports sources checked per second, the worker's
peak memory and the storage each snapshot takes; then does it again with nothing changed
(each check fetches and compares, no new snapshot), side by side. Exits 1 when the worker
peaks at 200 MB or more, or when a source was not archived.

    make bench     # or: DEBUG=1 .venv/bin/python bench/bench_sources.py [--sources N]

It uses its own database, factcheck_bench_sources (see bench/benchdb.py), and a temporary
media directory; the pages come from a local HTTP server it starts (nothing leaves the
machine).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchdb import ROOT, setup

MAX_PEAK_MB = 200
PARAGRAPH = (
    "The ministry said {n} nurses were hired in the year to March, a figure its own annual "
    "report puts at {m}; officials declined to say how the count was made or checked. "
)


def article(n: int) -> bytes:
    """A news page of about 50 KB: a script, navigation, an article of 60 paragraphs (12 KB of
    text) and a footer."""
    paragraphs = "".join(f"<p>{PARAGRAPH.format(n=n + i, m=n * 3 + i)}</p>\n" for i in range(60))
    script = "var tracking = {" + ",".join(f'"k{i}": {i * n}' for i in range(2500)) + "};"
    menu = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Report {n}</title>"
        f"<meta property='og:site_name' content='Bench Wire'><script>{script}</script></head>"
        f"<body><nav><ul>{menu}</ul>"
        f"</nav><article><h1>Report {n}</h1>{paragraphs}</article>"
        f"<footer>{'Copyright Bench Wire. ' * 40}</footer></body></html>"
    ).encode()


class Pages(BaseHTTPRequestHandler):
    def do_GET(self):
        body = article(int(self.path.rsplit("/", 1)[-1]))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def run_worker(media: str) -> tuple[float, float]:
    """Seconds until `db_worker --batch` empties the queue, and its peak memory in MB."""
    env = {
        **os.environ,
        "FETCH_ALLOW_PRIVATE_NETWORKS": "1",
        "MEDIA_ROOT": media,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    # The largest child waited for so far: each run's worker is the only child there is.
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=1_000)
    args = parser.parse_args()
    setup("factcheck_bench_sources")
    from django.db import connection
    from django.db.models import Avg, Sum
    from django_tasks_db.models import DBTaskResult

    from claims.models import Source, SourceSnapshot
    from claims.services.sources import source_for_url, source_queue_check

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE claims_source, django_tasks_database_dbtaskresult CASCADE")
    for n in range(args.sources):
        source_for_url(f"{base}/report/{n}")
    print(f"{args.sources:,} sources served by {base}", flush=True)

    figures = {}
    with tempfile.TemporaryDirectory() as media:
        for run in ("first check (archives every page)", "second check (nothing changed)"):
            started = time.perf_counter()
            for source in Source.objects.only("pk").iterator():
                source_queue_check(source)
            queued = time.perf_counter() - started
            elapsed, peak = run_worker(media)
            figures[run] = (args.sources / elapsed, peak)
            print(
                f"{run}: queued in {queued:.2f} s, worker {elapsed:.1f} s, "
                f"{args.sources / elapsed:.1f} sources/s, worker peak {peak:.0f} MB",
                flush=True,
            )
        snapshots = SourceSnapshot.objects.aggregate(
            count=models_count(), warc=Avg("warc_size"), body=Avg("size"), total=Sum("warc_size")
        )
        text = sum(len(t.encode()) for t in SourceSnapshot.objects.values_list("text", flat=True))
        on_disk = sum(f.stat().st_size for f in Path(media).rglob("*.warc.gz"))
    failed = DBTaskResult.objects.exclude(status="SUCCESSFUL").count()
    archived = Source.objects.filter(link_status="ok", last_snapshot__isnull=False).count()
    count = snapshots["count"]
    print(
        f"snapshots: {count:,} ({on_disk / 1024 / 1024:.1f} MB of WARC on disk); per snapshot: "
        f"body {snapshots['body'] / 1024:.1f} KB, WARC {snapshots['warc'] / 1024:.1f} KB (gzip), "
        f"readable text {text / count / 1024:.1f} KB in the database"
    )
    first, second = figures.values()
    print(f"first check / second check rate: {first[0] / second[0]:.2f}")
    missed = []
    if max(first[1], second[1]) >= MAX_PEAK_MB:
        missed.append(f"worker peak memory under {MAX_PEAK_MB} MB")
    if archived != args.sources or count != args.sources or failed:
        missed.append(f"every source archived once ({archived} archived, {failed} tasks failed)")
    for target in missed:
        print(f"MISSED: {target}")
    return 1 if missed else 0


def models_count():
    from django.db.models import Count

    return Count("pk")


if __name__ == "__main__":
    sys.exit(main())
