"""Delete admin uploads whose preview was never confirmed within a day."""

from django.core.management.base import BaseCommand

from claims.importers.uploads import uploads_expire


class Command(BaseCommand):
    help = "Expire import previews older than a day and delete their stored files."

    def handle(self, *args, **options) -> None:
        count = uploads_expire()
        self.stdout.write(f"{count} expired upload(s) removed.")
