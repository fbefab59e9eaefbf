"""Keeping the tallies in step with the records, inside the writer's own transaction: a
change that is refused or rolled back takes its tally with it.

Counts are added with one upsert (`count = count + excluded.count`) rather than read and
written back, so two desks counting at once both count. The rows one call touches are
written in key order, and a service touches the work tally before the event tally, so two
transactions never wait on each other's rows in opposite orders.
"""

from collections import Counter
from datetime import UTC, datetime

from django.db import connection

from claims.models import Claim, ClaimEvent
from claims.tallies.models import (
    PERIOD_MINUTES,
    TALLIED_EVENTS,
    EventTally,
    PublicationTally,
    WorkTally,
)

# A claim as the work tally counts it: (assignee id, status).
WorkKey = tuple[int | None, str]


def table_name(model) -> str:
    """The model's table, quoted for raw SQL."""
    return connection.ops.quote_name(model._meta.db_table)


COUNT = '"count"'


def period_of(moment: datetime) -> datetime:
    """The start of the quarter hour (UTC) that holds `moment`."""
    moment = moment.astimezone(UTC)
    return moment.replace(
        minute=moment.minute - moment.minute % PERIOD_MINUTES, second=0, microsecond=0
    )


def first_research(claim):
    """When `claim` (a pk, or an OuterRef) first moved to researching: its earliest status
    event to researching (a partial index holds exactly those events)."""
    return (
        ClaimEvent.objects.filter(
            claim=claim, kind=ClaimEvent.Kind.STATUS, to_data__status=Claim.Status.RESEARCHING
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )


# --- claims per (assignee, status) -------------------------------------------------------


def work_moved(before: WorkKey | None, after: WorkKey | None) -> None:
    """One claim went from `before` to `after` (None: it did not exist, or no longer does)."""
    if before == after:
        return
    changes: Counter[WorkKey] = Counter()
    if before is not None:
        changes[before] -= 1
    if after is not None:
        changes[after] += 1
    work_add(changes)


def work_add(changes: Counter) -> None:
    """Add `changes` ({(assignee id, status): how many more or fewer}) to the work tally."""
    rows = sorted(
        (assignee, status, change)
        for (assignee, status), change in changes.items()
        if assignee is not None and change
    )
    if not rows:
        return
    table = table_name(WorkTally)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (assignee_id, status, {COUNT}) VALUES {values} "
            f"ON CONFLICT (assignee_id, status) DO UPDATE "
            f"SET {COUNT} = {table}.{COUNT} + excluded.{COUNT}",
            [value for row in rows for value in row],
        )


def work_add_selected(cursor, changes_sql: str, params=None) -> None:
    """Add to the work tally what `changes_sql` selects: rows of (assignee id, status, +n or
    -n), for writers that change claims in SQL (the PostgreSQL importer)."""
    table = table_name(WorkTally)
    cursor.execute(
        f"""
        INSERT INTO {table} (assignee_id, status, {COUNT})
        SELECT assignee_id, status, sum(change)
        FROM ({changes_sql}) AS changes (assignee_id, status, change)
        WHERE assignee_id IS NOT NULL
        GROUP BY assignee_id, status HAVING sum(change) <> 0
        ORDER BY assignee_id, status
        ON CONFLICT (assignee_id, status) DO UPDATE
        SET {COUNT} = {table}.{COUNT} + excluded.{COUNT}
        """,
        params,
    )


# --- submissions and publications per period ----------------------------------------------


def event_tallied(event: ClaimEvent, article_id: int) -> None:
    """Count a new audit event, if it is of a kind the statistics count: once for the
    desk, once for the claim's article."""
    if event.kind not in TALLIED_EVENTS:
        return
    table = table_name(EventTally)
    period = connection.ops.adapt_datetimefield_value(period_of(event.created_at))
    add = f"SET {COUNT} = {table}.{COUNT} + excluded.{COUNT}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (period, kind, article_id, {COUNT}) VALUES (%s, %s, NULL, 1) "
            f"ON CONFLICT (period, kind) WHERE article_id IS NULL DO UPDATE {add}",
            [period, event.kind],
        )
        cursor.execute(
            f"INSERT INTO {table} (period, kind, article_id, {COUNT}) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (article_id, period, kind) DO UPDATE {add}",
            [period, event.kind, article_id],
        )


# --- published verdicts --------------------------------------------------------------------


def publication_tallied(verdict, claim: Claim) -> None:
    """Keep the moments of a verdict just published."""
    started = list(first_research(claim.pk))
    PublicationTally.objects.create(
        verdict=verdict,
        article_id=claim.article_id,
        rating_id=verdict.rating_id,
        published_at=verdict.published_at,
        submitted_at=verdict.submitted_at,
        started_at=started[0]["created_at"] if started else None,
    )
