"""Compute the statistics page's tallies again from the claims, the audit trail and the
verdicts: after changing records in SQL, after a restore, or to check for drift."""

from django.core.management.base import BaseCommand, CommandError

from claims.tallies.rebuild import rebuild_tallies, tally_drift


class Command(BaseCommand):
    help = "Rebuild the statistics tallies from the records (--check: only say what differs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; list what a rebuild would change and fail if anything.",
        )

    def handle(self, *args, check: bool = False, **options):
        if not check:
            rebuild_tallies()
            self.stdout.write("Statistics tallies rebuilt from the records.")
            return
        drift = tally_drift()
        if not drift:
            self.stdout.write("The statistics tallies agree with the records.")
            return
        for name, (removed, added) in drift.items():
            self.stdout.write(
                f"{name}: a rebuild would remove {len(removed)} rows and add {len(added)}"
            )
            for row in sorted(removed, key=str)[:10]:
                self.stdout.write(f"  - {row}")
            for row in sorted(added, key=str)[:10]:
                self.stdout.write(f"  + {row}")
        raise CommandError("The statistics tallies differ from the records: run without --check.")
