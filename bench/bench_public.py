"""Throughput of a public fact-check page against /healthz, from the same gunicorn on
PostgreSQL, loaded by locust on loopback (bounded in time), side by side.

Target (issue 12): the fact-check page serves at least half as many requests a second as
/healthz, which does one `SELECT 1`; a cached page does no query at all. Run with
`make bench`, or `python bench/bench_public.py [--seconds N] [--users N] [--rounds N]`.
"""

import argparse
import csv
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchdb import ROOT, database_url, setup

TARGET_RATIO = 0.5
DATABASE = "factcheck_bench_public"
BIN = Path(sys.executable).parent

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--seconds", type=int, default=20, help="load time per run")
parser.add_argument("--users", type=int, default=20, help="concurrent locust users")
parser.add_argument("--rounds", type=int, default=3, help="runs of each path, interleaved")
parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
options = parser.parse_args()

setup(DATABASE)

from claims.demo import seed_article  # noqa: E402
from claims.models import Claim, Rating  # noqa: E402
from claims.services import workflow  # noqa: E402
from claims.services.evidence import evidence_add  # noqa: E402
from tests.factories import EditorFactory, ReviewerFactory  # noqa: E402


def published_claim() -> Claim:
    """One published fact check on the seed article (made once, kept across runs)."""
    claim = Claim.objects.filter(status=Claim.Status.PUBLISHED).first()
    if claim is not None:
        return claim
    seed_article()
    reviewer = ReviewerFactory(username=f"bench-reviewer-{secrets.token_hex(3)}")
    editor = EditorFactory(username=f"bench-editor-{secrets.token_hex(3)}")
    claim = Claim.objects.filter(status=Claim.Status.NEW).order_by("pk").first()
    workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
    evidence_add(
        claim=claim, actor=reviewer, url="https://bench.example.org/report", kind="official"
    )
    workflow.verdict_propose(
        claim=claim,
        actor=reviewer,
        rating=Rating.objects.get(slug="true"),
        summary="The intelligence service's briefing gives the figure.",
        short_claim="North Korea first sent about 1,500 soldiers",
    )
    workflow.claim_submit(claim=claim, actor=reviewer)
    workflow.verdict_publish(claim=claim, actor=editor)
    return claim


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} in time")


def locust_rps(host: str, path: str, seconds: int, users: int) -> tuple[float, int, float]:
    """Requests a second, failures and median latency (ms) of one bounded locust run."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = os.path.join(folder, "run")
        run = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile_public.py"),
                "--headless",
                "--only-summary",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "2",
                "--host",
                host,
                "--csv",
                prefix,
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "BENCH_PATH": path},
            timeout=seconds + 60,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise SystemExit(f"locust failed on {path}:\n{run.stderr}")
        with open(f"{prefix}_stats.csv", newline="") as stats:
            total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    return (
        float(total["Requests/s"]),
        int(total["Failure Count"]),
        float(total["Median Response Time"]),
    )


def main() -> int:
    claim = published_claim()
    page = claim.get_public_url()
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(DATABASE),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    # Production's static storage needs its manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "factcheck.wsgi",
            "--workers",
            str(options.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(f"{host}/healthz", time.monotonic() + 30)
        with urllib.request.urlopen(host + page, timeout=5) as response:
            assert response.status == 200, response.status
        results: dict[str, list[tuple[float, int, float]]] = {"/healthz": [], page: []}
        for _ in range(options.rounds):
            for path in results:
                results[path].append(locust_rps(host, path, options.seconds, options.users))
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"{options.rounds} interleaved runs of {options.seconds} s each, {options.users} users, "
        f"gunicorn with {options.workers} workers, PostgreSQL"
    )
    medians = {}
    for path, runs in results.items():
        medians[path] = statistics.median(rps for rps, _, _ in runs)
        failures = sum(failed for _, failed, _ in runs)
        latency = statistics.median(ms for _, _, ms in runs)
        print(
            f"{path:<70} median {medians[path]:8.1f} req/s "
            f"(runs: {', '.join(f'{rps:.1f}' for rps, _, _ in runs)}), "
            f"median latency {latency:.0f} ms, {failures} failures"
        )
    ratio = medians[page] / medians["/healthz"]
    met = ratio >= TARGET_RATIO and not any(f for runs in results.values() for _, f, _ in runs)
    print(
        f"fact-check page / healthz: {ratio:.2f} (target at least {TARGET_RATIO}) "
        + ("met" if met else "NOT MET")
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
