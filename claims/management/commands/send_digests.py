"""E-mail each person the notifications they chose to receive as a daily digest."""

from django.core.management.base import BaseCommand

from claims.notifications.email import digests_send


class Command(BaseCommand):
    help = "Send the daily digest e-mails (run once a day)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would get what; send nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        sent = digests_send(dry_run=dry_run)
        verb = "would get" if dry_run else "got"
        for username, count in sent.items():
            self.stdout.write(f"{username} {verb} {count} notification(s)")
        self.stdout.write(f"{len(sent)} digest(s) {'to send' if dry_run else 'sent'}.")
