"""/healthz: open over plain HTTP for load balancers, and quick to say when the database is
down."""

import socket
import time

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from claims.views import health

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: its probe has its own connection"
)


@pytest.fixture
def patient_probe(monkeypatch):
    """A deadline no busy test machine reaches, for tests of what a healthy database gets:
    the probe opens a connection of its own, which a loaded machine can take 2 s to do."""
    monkeypatch.setattr(health, "DEADLINE_SECONDS", 30)


class TestHttpsRedirect:
    def test_healthz_answers_over_plain_http_when_pages_redirect(
        self, client, settings, patient_probe
    ):
        """Production redirects HTTP to HTTPS, but not the load balancer's probe."""
        settings.SECURE_SSL_REDIRECT = True
        assert client.get(reverse("login")).status_code == 301
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": connection.vendor}

    def test_only_healthz_is_exempt(self, client, settings):
        """A path that merely starts with healthz still goes to HTTPS."""
        settings.SECURE_SSL_REDIRECT = True
        assert client.get("/healthz/../admin/").status_code == 301
        assert client.get("/healthzx").status_code == 301


@pytest.fixture
def silent_database(monkeypatch):
    """A server that accepts connections and never says a word, like a hung database."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)  # the kernel completes each handshake; nobody reads or replies
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", server.getsockname()[1])
    yield
    server.close()


@pytest.fixture
def closed_port(monkeypatch):
    """An address where nothing listens, like a stopped database."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", port)


@on_postgresql
class TestDatabaseDownOnPostgresql:
    def test_a_silent_database_is_reported_within_two_seconds(self, client, silent_database):
        """The probe is abandoned at its deadline, not after the driver's own timeouts."""
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert response.json() == {"status": "error", "database": "unreachable"}
        assert elapsed < 2.0

    def test_a_stopped_database_is_reported_at_once(self, client, closed_port):
        """A refused connection needs no deadline: it is reported straight away."""
        started = time.monotonic()
        assert client.get("/healthz").status_code == 503
        assert time.monotonic() - started < 1.0

    def test_the_probe_sets_a_statement_timeout_below_the_deadline(self, monkeypatch):
        """A database that accepts the connection but stalls on the query stops it itself."""
        params = {}
        real_connect = health.psycopg.connect

        def spy(**kwargs):
            params.update(kwargs)
            return real_connect(**kwargs)

        monkeypatch.setattr(health.psycopg, "connect", spy)
        health.database_answers(20)  # a deadline a busy machine meets; the rule is the same
        assert "-c statement_timeout=20000" in params["options"]
        assert params["connect_timeout"] == 2


class TestDatabaseDownAnywhere:
    def test_a_failing_database_is_a_503_not_a_server_error(self, client, monkeypatch):
        """Whatever the database raises, the probe reports it as unreachable."""

        def refuse(deadline):
            raise OperationalError("the database is gone")

        monkeypatch.setattr(health, "database_answers", refuse)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable"
