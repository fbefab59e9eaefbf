"""How the desk is doing: the figures of the statistics page, read from the audit trail,
the verdicts and the claims (selectors only; the page and its CSV files draw them).

Weeks start on Monday in the desk's time zone; a date range covers whole days there.
Percentiles interpolate between the two nearest values (as PostgreSQL's percentile_cont).
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone

from claims.deadlines import OPEN_STATUSES, DueWindow, desk_zone
from claims.models import Article, Claim, ClaimEvent, Rating, Verdict

DEFAULT_WEEKS = 12
OPEN_WORK = (Claim.Status.RESEARCHING, Claim.Status.IN_REVIEW)


@dataclass(frozen=True)
class StatsFilters:
    """The page's date range (whole days, both included) and article."""

    start: date
    end: date
    article: Article | None = None

    @classmethod
    def default(cls, today: date, article: Article | None = None) -> "StatsFilters":
        monday = today - timedelta(days=today.weekday())
        return cls(start=monday - timedelta(weeks=DEFAULT_WEEKS - 1), end=today, article=article)

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The range as moments: from the start day's midnight to the midnight after the end."""
        return (
            datetime.combine(self.start, time(0), tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=zone),
        )


@dataclass(frozen=True)
class Spread:
    """A set of durations in hours: how many, the median and the 90th percentile."""

    count: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, hours: list[float]) -> "Spread":
        if not hours:
            return cls(0, None, None)
        if len(hours) == 1:
            return cls(1, hours[0], hours[0])
        p90 = statistics.quantiles(hours, n=10, method="inclusive")[8]
        return cls(len(hours), statistics.median(hours), p90)


@dataclass
class DeskStatistics:
    weeks: list[tuple[date, int, int]] = field(default_factory=list)  # (monday, sub, pub)
    research_to_publication: Spread = Spread(0, None, None)
    approval_wait: Spread = Spread(0, None, None)
    by_rating: list[tuple[Rating, int]] = field(default_factory=list)
    open_by_person: list[tuple[str, int, int]] = field(default_factory=list)  # researching, review
    overdue: int = 0
    due_soon: int = 0


def _hours(span: timedelta) -> float:
    return span.total_seconds() / 3600


def _day(value) -> date:
    """A truncated week as a date (the databases answer a datetime)."""
    return value.date() if isinstance(value, datetime) else value


def weekly_throughput(filters: StatsFilters, zone: ZoneInfo) -> list[tuple[date, int, int]]:
    """Submissions and publications per week, every week of the range (empty ones too)."""
    start, end = filters.bounds(zone)
    events = ClaimEvent.objects.filter(
        kind__in=(ClaimEvent.Kind.VERDICT_SUBMITTED, ClaimEvent.Kind.VERDICT_PUBLISHED),
        created_at__gte=start,
        created_at__lt=end,
    )
    if filters.article is not None:
        events = events.filter(claim__article=filters.article)
    weekly = (
        events.annotate(week=TruncWeek("created_at", tzinfo=zone))
        .values("week", "kind")
        # COUNT(*), not of a column: the (kind, created_at) index then answers it alone.
        .annotate(n=Count("*"))
        .order_by()
    )
    counts = {(_day(row["week"]), row["kind"]): row["n"] for row in weekly}
    monday = filters.start - timedelta(days=filters.start.weekday())
    weeks = []
    while monday <= filters.end:
        weeks.append(
            (
                monday,
                counts.get((monday, ClaimEvent.Kind.VERDICT_SUBMITTED), 0),
                counts.get((monday, ClaimEvent.Kind.VERDICT_PUBLISHED), 0),
            )
        )
        monday += timedelta(weeks=1)
    return weeks


def publications(filters: StatsFilters, zone: ZoneInfo):
    """The verdicts published in the range, each with `started`: the claim's first move to
    researching in its audit trail (a partial index holds exactly those events)."""
    start, end = filters.bounds(zone)
    first_research = (
        ClaimEvent.objects.filter(
            claim=OuterRef("claim_id"),
            kind=ClaimEvent.Kind.STATUS,
            to_data__status=Claim.Status.RESEARCHING,
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    verdicts = Verdict.objects.filter(published_at__gte=start, published_at__lt=end)
    if filters.article is not None:
        verdicts = verdicts.filter(claim__article=filters.article)
    return verdicts.annotate(started=Subquery(first_research)).order_by()


def durations(published) -> tuple[Spread, Spread]:
    """(first research to publication, waiting for approval) of the `published` verdicts."""
    if connection.vendor == "postgresql":
        return _durations_in_postgres(published)
    rows = list(published.values_list("published_at", "submitted_at", "started"))
    return (
        Spread.of(sorted(_hours(done - started) for done, _sub, started in rows if started)),
        Spread.of(sorted(_hours(done - sub) for done, sub, _started in rows if sub)),
    )


def _durations_in_postgres(published) -> tuple[Spread, Spread]:
    """The same figures computed by PostgreSQL (`percentile_cont` interpolates as the
    portable path does): fetching tens of thousands of timestamps into Python took longer
    than the query itself."""
    sql, params = published.values(
        "published_at", "submitted_at", "started"
    ).query.sql_with_params()
    hours = "extract(epoch FROM published_at - {}) / 3600"
    columns = ", ".join(
        f"count({column}), "
        f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {hours.format(column)}), "
        f"percentile_cont(0.9) WITHIN GROUP (ORDER BY {hours.format(column)})"
        for column in ("started", "submitted_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM ({sql}) AS published", params)
        row = cursor.fetchone()
    return tuple(Spread(row[i], _float(row[i + 1]), _float(row[i + 2])) for i in (0, 3))


def _float(value) -> float | None:
    return None if value is None else float(value)


def desk_statistics(filters: StatsFilters, *, now: datetime | None = None) -> DeskStatistics:
    now = now or timezone.now()
    zone = desk_zone()
    result = DeskStatistics(weeks=weekly_throughput(filters, zone))
    published = publications(filters, zone)
    result.research_to_publication, result.approval_wait = durations(published)
    counted = dict(
        published.values("rating_id").annotate(n=Count("*")).values_list("rating_id", "n")
    )
    result.by_rating = [(rating, counted.get(rating.pk, 0)) for rating in Rating.objects.all()]

    result.open_by_person = open_work(filters)
    result.overdue, result.due_soon = due_counts(filters, DueWindow.at(now, zone))
    return result


def open_work(filters: StatsFilters) -> list[tuple[str, int, int]]:
    """(username, researching, in review) for everyone holding open claims, busiest first.

    Counted by assignee id on the (assignee, status) index, then named: joining the users
    first would make PostgreSQL read every open claim's row.
    """
    open_claims = Claim.objects.filter(status__in=OPEN_WORK, assignee__isnull=False)
    if filters.article is not None:
        open_claims = open_claims.filter(article=filters.article)
    per_person: dict[int, list[int]] = {}
    rows = open_claims.values("assignee_id", "status").annotate(n=Count("*")).order_by()
    for row in rows:
        counts = per_person.setdefault(row["assignee_id"], [0, 0])
        counts[0 if row["status"] == Claim.Status.RESEARCHING else 1] += row["n"]
    names = dict(get_user_model().objects.filter(pk__in=per_person).values_list("pk", "username"))
    return sorted(
        ((names[pk], *counts) for pk, counts in per_person.items()),
        key=lambda item: (-(item[1] + item[2]), item[0]),
    )


def due_counts(filters: StatsFilters, window: DueWindow) -> tuple[int, int]:
    """Open claims overdue and due soon: those with a due date of their own (its partial
    index), and those without one whose article's deadline applies, counted apart so that
    neither count reads every open claim."""
    today = window.today
    overdue = soon = 0
    open_claims = Claim.objects.filter(status__in=OPEN_STATUSES)
    if filters.article is not None:
        open_claims = open_claims.filter(article=filters.article)
    for claims, due in (
        (open_claims.filter(due_on__lte=window.soon_until), "due_on"),
        (
            open_claims.filter(due_on__isnull=True, article__due_on__lte=window.soon_until),
            "article__due_on",
        ),
    ):
        counts = claims.aggregate(
            # Counting the date itself keeps the scan on the index.
            overdue=Count(due, filter=Q(**{f"{due}__lt": today})),
            soon=Count(due, filter=Q(**{f"{due}__gte": today})),
        )
        overdue += counts["overdue"]
        soon += counts["soon"]
    return overdue, soon
