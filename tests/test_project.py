"""Project health: migrations, system checks, and start-up errors people can read."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "p" * 20 + "roduction-secret-key-that-is-long-enough-0123456789",
    "ALLOWED_HOSTS": "factcheck.example.org",
}


def manage(*args, env_overrides=None, drop=()):
    # The test run's own escape hatch for Playwright must not leak into a deploy check.
    drop = {*drop, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_system_check_is_clean():
    result = manage("check", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


class TestStartupErrors:
    def test_missing_secret_key_is_one_clear_line(self):
        result = manage("check", env_overrides={"DEBUG": "0"}, drop=("SECRET_KEY",))
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            "factcheck: configuration error: SECRET_KEY is required when DEBUG is off"
        ]

    def test_malformed_debug_names_the_setting(self):
        result = manage("check", env_overrides={"DEBUG": "maybe"})
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "DEBUG must be true or false" in result.stderr

    def test_malformed_database_url_names_the_setting(self):
        result = manage("check", env_overrides={"DEBUG": "1", "DATABASE_URL": "nosuchdb://x"})
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "DATABASE_URL" in result.stderr

    def test_missing_allowed_hosts_in_production_names_it(self):
        env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": ""}
        result = manage("check", env_overrides=env)
        assert result.returncode == 1
        assert "ALLOWED_HOSTS is required" in result.stderr
