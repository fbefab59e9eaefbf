"""Load the seed article, its claims, demo sources and demo accounts."""

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from claims.demo import DEMO_USERS, demo_password, load_demo


class Command(BaseCommand):
    help = "Load the seed article, its claims, sources and demo accounts (DEBUG only)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo data set is for development only: refusing to run with DEBUG off."
            )
        # The demo's history happens now, and would e-mail its made-up people on the console
        # in front of the instructions; it goes to the inbox only.
        with override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        ):
            report = load_demo()
            held = len(getattr(mail, "outbox", []))
        if report.created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {len(report.created)} demo records."))
            if held:
                self.stdout.write(
                    f"({held} notification e-mails of the demo's history were not sent; "
                    "they are in the demo people's inboxes.)"
                )
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
        self.stdout.write("Demo accounts (password from DEMO_PASSWORD):")
        for username, full_name, groups, _staff, is_superuser in DEMO_USERS:
            role = ", ".join(groups) or ("admin" if is_superuser else "")
            self.stdout.write(f"  {username:<10} {full_name:<16} {role}")
        self.stdout.write(f"Password: {demo_password()}")
