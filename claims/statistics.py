"""How the desk is doing: the figures of the statistics page, read from the tallies the
writers keep of the audit trail, the verdicts and the claims (`claims.tallies`), and from
the claims' due dates (selectors only; the page and its CSV files draw them).

Weeks start on Monday in the desk's time zone; a date range covers whole days there.
Percentiles interpolate between the two nearest values (as PostgreSQL's percentile_cont).
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from claims.deadlines import OPEN_STATUSES, DueWindow, desk_zone
from claims.models import Article, Claim, ClaimEvent, Rating
from claims.tallies.models import EventTally, PublicationTally, WorkTally

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
    """Submissions and publications per week, every week of the range (empty ones too),
    summed from the quarter-hour event tallies of the desk or of the article."""
    start, end = filters.bounds(zone)
    tallies = EventTally.objects.filter(
        kind__in=(ClaimEvent.Kind.VERDICT_SUBMITTED, ClaimEvent.Kind.VERDICT_PUBLISHED),
        period__gte=start,
        period__lt=end,
        article=filters.article,  # None: the whole desk's rows
    )
    weekly = (
        tallies.annotate(week=TruncWeek("period", tzinfo=zone))
        .values("week", "kind")
        .annotate(n=Sum("count"))
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
    """The verdicts published in the range, each with its moments: `started_at` (the
    claim's first move to researching), `submitted_at` and `published_at`."""
    start, end = filters.bounds(zone)
    published = PublicationTally.objects.filter(published_at__gte=start, published_at__lt=end)
    if filters.article is not None:
        published = published.filter(article=filters.article)
    return published


def durations(published) -> tuple[Spread, Spread]:
    """(first research to publication, waiting for approval) of the `published` verdicts."""
    if connection.vendor == "postgresql":
        return _durations_in_postgres(published)
    rows = list(published.values_list("published_at", "submitted_at", "started_at"))
    return (
        Spread.of(sorted(_hours(done - started) for done, _sub, started in rows if started)),
        Spread.of(sorted(_hours(done - sub) for done, sub, _started in rows if sub)),
    )


def _durations_in_postgres(published) -> tuple[Spread, Spread]:
    """The same figures computed by PostgreSQL (`percentile_cont` interpolates as the
    portable path does): fetching tens of thousands of timestamps into Python took longer
    than the query itself. Both percentiles of a measure come from one sort."""
    sql, params = published.values(
        "published_at", "submitted_at", "started_at"
    ).query.sql_with_params()
    # date_part, not extract: its double precision sorts several times faster than numeric.
    hours = "date_part('epoch', published_at - {}) / 3600"
    columns = ", ".join(
        f"count({column}), "
        f"percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY {hours.format(column)})"
        for column in ("started_at", "submitted_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM ({sql}) AS published", params)
        row = cursor.fetchone()
    return tuple(_spread(row[i], row[i + 1]) for i in (0, 2))


def _spread(count: int, percentiles: list | None) -> Spread:
    median, p90 = percentiles or (None, None)
    return Spread(count, _float(median), _float(p90))


def _float(value) -> float | None:
    return None if value is None else float(value)


def desk_statistics(filters: StatsFilters, *, now: datetime | None = None) -> DeskStatistics:
    now = now or timezone.now()
    zone = desk_zone()
    result = DeskStatistics(weeks=weekly_throughput(filters, zone))
    published = publications(filters, zone)
    result.research_to_publication, result.approval_wait = durations(published)
    counted = dict(
        published.values("rating_id")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("rating_id", "n")
    )
    result.by_rating = [(rating, counted.get(rating.pk, 0)) for rating in Rating.objects.all()]

    result.open_by_person = open_work(filters)
    result.overdue, result.due_soon = due_counts(filters, DueWindow.at(now, zone))
    return result


def open_work(filters: StatsFilters) -> list[tuple[str, int, int]]:
    """(username, researching, in review) for everyone holding open claims, busiest first.

    The whole desk's from the work tally (a row per person and status); one article's by
    counting its claims, which its (article, external_id) index finds.
    """
    if filters.article is None:
        rows = WorkTally.objects.filter(status__in=OPEN_WORK, count__gt=0).values_list(
            "assignee_id", "status", "count"
        )
    else:
        rows = (
            Claim.objects.filter(
                article=filters.article, status__in=OPEN_WORK, assignee__isnull=False
            )
            .values("assignee_id", "status")
            .annotate(n=Count("*"))
            .order_by()
            .values_list("assignee_id", "status", "n")
        )
    per_person: dict[int, list[int]] = {}
    for assignee_id, status, count in rows:
        counts = per_person.setdefault(assignee_id, [0, 0])
        counts[0 if status == Claim.Status.RESEARCHING else 1] += count
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
