"""Load the seed article, its claims, demo sources and demo accounts."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.demo import DEMO_USERS, demo_password, load_demo


class Command(BaseCommand):
    help = "Load the seed article, its claims, sources and demo accounts (DEBUG only)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo data set is for development only: refusing to run with DEBUG off."
            )
        report = load_demo()
        if report.created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {len(report.created)} demo records."))
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
        self.stdout.write("Demo accounts (password from DEMO_PASSWORD):")
        for username, full_name, groups, _staff, is_superuser in DEMO_USERS:
            role = ", ".join(groups) or ("admin" if is_superuser else "")
            self.stdout.write(f"  {username:<10} {full_name:<16} {role}")
        self.stdout.write(f"Password: {demo_password()}")
