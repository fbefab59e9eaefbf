"""Due dates and approval waits: when a day ends on the desk, what is overdue, what is late.

A due date is a calendar day in the desk's time zone (`FACTCHECK_TIME_ZONE`); the work is
due by the end of that day there, so a day with a clock change is 23 or 25 hours long.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

DUE_SOON = timedelta(hours=48)
OPEN_STATUSES = ("new", "researching", "in_review")


def desk_zone() -> ZoneInfo:
    return ZoneInfo(settings.DESK_TIME_ZONE)


def deadline(due_on: date, zone: ZoneInfo | None = None) -> datetime:
    """The moment `due_on` ends: the next midnight in the desk's time zone, in UTC.

    In UTC because Python subtracts two datetimes of one zone by their wall clocks, which
    would make every day 24 hours long, clock changes included.
    """
    zone = zone or desk_zone()
    return datetime.combine(due_on + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class DueWindow:
    """Which due dates are overdue and which are due soon, as of one moment.

    A day is overdue once its deadline has passed (`due_on < today`), and due soon while
    its deadline is at most `DUE_SOON` away (`due_on <= soon_until`): the same answer
    `due_state` gives, as dates a query can compare.
    """

    today: date
    soon_until: date

    @classmethod
    def at(cls, now: datetime, zone: ZoneInfo | None = None) -> "DueWindow":
        zone = zone or desk_zone()
        today = now.astimezone(zone).date()
        # deadline(d) <= now + DUE_SOON  <=>  d + 1 <= the local date of now + DUE_SOON
        soon_until = (now + DUE_SOON).astimezone(zone).date() - timedelta(days=1)
        return cls(today=today, soon_until=soon_until)


def due_state(due_on: date | None, now: datetime, zone: ZoneInfo | None = None) -> str:
    """ "overdue", "due_soon" or "" for a due date as of `now`."""
    if due_on is None:
        return ""
    left = deadline(due_on, zone) - now
    if left <= timedelta(0):
        return "overdue"
    if left <= DUE_SOON:
        return "due_soon"
    return ""


def approval_target() -> timedelta:
    return timedelta(hours=settings.APPROVAL_TARGET_HOURS)


def is_approval_late(submitted_at: datetime | None, now: datetime) -> bool:
    return submitted_at is not None and now - submitted_at > approval_target()


def duration_words(span: timedelta) -> str:
    """A wait as people say it: "35 min", "5 h", "3 days 4 h"."""
    minutes = max(int(span.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"
