"""Tell people of claims due soon or overdue and of verdicts waiting too long for approval."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from claims.notifications.announce import deadlines_notify


class Command(BaseCommand):
    help = (
        "Notify assignees of due and overdue claims, and editors of verdicts waiting longer "
        "than the approval target; each only once (run every hour)."
    )

    def handle(self, *args, **options) -> None:
        counts = deadlines_notify(now=timezone.now())
        self.stdout.write(", ".join(f"{kind}: {count}" for kind, count in counts.items()))
