"""Liveness and database check for load balancers: the one page open to everyone."""

import logging
from concurrent.futures import ThreadPoolExecutor

import psycopg
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Load balancers commonly give up after 2 s, so the answer comes before that, whatever the
# database does.
DEADLINE_SECONDS = 1.5

# Probes run here so that one the database never answers is abandoned at the deadline. Two
# workers: a hung probe ends at the connect timeout (2 s), so they cannot pile up.
_probes = ThreadPoolExecutor(max_workers=2, thread_name_prefix="healthz")


@require_safe
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the app can reach its database."""
    try:
        database_answers(DEADLINE_SECONDS)
    except Exception as error:  # any database failure means "not ready", whatever its class
        logger.warning("healthz: the database did not answer: %r", error)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def database_answers(deadline: float) -> None:
    """Raise unless the database answers a query within `deadline` seconds."""
    if connection.vendor == "postgresql":
        probe = _probes.submit(_postgresql_select_one, deadline)
        try:
            probe.result(timeout=deadline)
        finally:
            probe.cancel()  # one still queued behind hung probes need not run at all
    else:
        # An embedded database is a local file: it answers at once or fails at once.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")


def _postgresql_select_one(deadline: float) -> None:
    # A connection of its own, not one from the pool: a pooled connection to a server that
    # has gone silent would wait on the socket for as long as TCP does. The timeouts end the
    # worker's wait soon after the view has given up on it.
    params = connection.get_connection_params()
    options = f"{params.get('options', '')} -c statement_timeout={int(deadline * 1000)}"
    params.update(
        connect_timeout=2,  # libpq's smallest
        tcp_user_timeout=2000,
        options=options.strip(),
    )
    with psycopg.connect(**params, autocommit=True) as probe:
        probe.execute("SELECT 1")
