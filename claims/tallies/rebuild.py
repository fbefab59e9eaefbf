"""The tallies computed again from the records (claims, audit events, verdicts), for
`manage.py rebuild_statistics`, the migration that first filled them, and the checks that
the upkeep agrees with them."""

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery

from claims.models import Claim, ClaimEvent, Verdict
from claims.tallies.models import (
    PERIOD_MINUTES,
    TALLIED_EVENTS,
    EventTally,
    PublicationTally,
    WorkTally,
)
from claims.tallies.upkeep import COUNT, first_research, table_name

TALLIES = (WorkTally, EventTally, PublicationTally)


def _period_sql(column: str) -> str:
    """The start of the quarter hour holding `column`, as the database stores a moment."""
    if connection.vendor == "postgresql":
        return f"date_bin('{PERIOD_MINUTES} minutes', {column}, TIMESTAMPTZ '2000-01-01 00:00Z')"
    # SQLite keeps moments as UTC text, 'YYYY-MM-DD HH:MM:SS[.ffffff]'.
    return (
        f"strftime('%%Y-%%m-%%d %%H:', {column}) || printf('%%02d', "
        f"CAST(strftime('%%M', {column}) AS INTEGER) / {PERIOD_MINUTES} * {PERIOD_MINUTES})"
        " || ':00'"
    )


def _insert_selected(cursor, model, columns: list[str], queryset) -> None:
    sql, params = queryset.query.sql_with_params()
    cursor.execute(f"INSERT INTO {table_name(model)} ({', '.join(columns)}) {sql}", params)


def rebuild_tallies() -> None:
    """Replace every tally with what the records say, in one transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Writers wait until the tallies are whole again; readers go on reading.
            names = ", ".join(table_name(model) for model in TALLIES)
            cursor.execute(f"LOCK TABLE {names} IN EXCLUSIVE MODE")
        for model in TALLIES:
            model.objects.all().delete()
        _insert_selected(
            cursor,
            WorkTally,
            ["assignee_id", "status", COUNT],
            Claim.objects.filter(assignee__isnull=False)
            .order_by()
            .values("assignee_id", "status")
            .annotate(n=Count("*"))
            .values_list("assignee_id", "status", "n"),
        )
        # Rows go in the order pages read them (an article's periods, a range of periods, of
        # publication times), so that a range lies in few pages, as when added over time.
        events = table_name(EventTally)
        cursor.execute(
            f"""
            INSERT INTO {events} (period, kind, article_id, {COUNT})
            SELECT {_period_sql("e.created_at")}, e.kind, c.article_id, count(*)
            FROM {table_name(ClaimEvent)} e JOIN {table_name(Claim)} c ON c.id = e.claim_id
            WHERE e.kind IN ({", ".join(["%s"] * len(TALLIED_EVENTS))})
            GROUP BY 1, 2, 3 ORDER BY 3, 1, 2
            """,
            TALLIED_EVENTS,
        )
        cursor.execute(
            f"""
            INSERT INTO {events} (period, kind, article_id, {COUNT})
            SELECT period, kind, NULL, sum({COUNT}) FROM {events}
            WHERE article_id IS NOT NULL GROUP BY period, kind ORDER BY period, kind
            """
        )
        _insert_selected(
            cursor,
            PublicationTally,
            ["verdict_id", "article_id", "rating_id", "published_at", "submitted_at", "started_at"],
            Verdict.objects.filter(published_at__isnull=False)
            .order_by("published_at")
            .annotate(started=Subquery(first_research(OuterRef("claim_id"))))
            .values_list(
                "pk", "claim__article_id", "rating_id", "published_at", "submitted_at", "started"
            ),
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {names}")


def tally_contents() -> dict[str, set[tuple]]:
    """Every tally's rows as sets of tuples, to compare (rows counting nothing left out)."""
    return {
        "work": set(
            WorkTally.objects.exclude(count=0).values_list("assignee_id", "status", "count")
        ),
        "events": set(
            EventTally.objects.exclude(count=0).values_list("period", "kind", "article_id", "count")
        ),
        "publications": set(
            PublicationTally.objects.values_list(
                "verdict_id",
                "article_id",
                "rating_id",
                "published_at",
                "submitted_at",
                "started_at",
            )
        ),
    }


def tally_drift() -> dict[str, tuple[set, set]]:
    """What a rebuild would change, without changing it: {tally: (rows it would remove,
    rows it would add)} for each tally that differs."""
    with transaction.atomic():
        before = tally_contents()
        rebuild_tallies()
        after = tally_contents()
        transaction.set_rollback(True)
    return {
        name: (before[name] - after[name], after[name] - before[name])
        for name in before
        if before[name] != after[name]
    }
