"""Shared set-up for benchmarks: a PostgreSQL database of their own, migrated, with Django.

Every benchmark empties the app's tables in its database, so each uses its own
(`factcheck_bench_*`), whatever DATABASE_URL says; BENCH_DATABASE_URL only picks the server.
"""

import os
import resource
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def database_url(database: str) -> str:
    """The URL of the benchmark's own `database` on the BENCH_DATABASE_URL server."""
    server = urlsplit(os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER))
    return urlunsplit(server._replace(path=f"/{database}"))


def create_database(url: str) -> None:
    """CREATE DATABASE when the one `url` names does not exist yet."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"creating database {name}")
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup(database: str) -> None:
    """Point Django at the benchmark's own `database` (created if missing), and migrate."""
    url = database_url(database)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    sys.path.insert(0, str(ROOT))
    create_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def peak_mb() -> float:
    """The process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_seconds(action, repeat: int = 15) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)
