"""Check cited sources: queue the checks for the worker, or run them now with --sync."""

from django.core.management.base import BaseCommand, CommandError

from claims.models import Source
from claims.services.sources import source_queue_check
from claims.sources.checking import source_check


class Command(BaseCommand):
    help = (
        "Check and archive sources: every one (--all), those not checked for DAYS days "
        "(--stale DAYS; run it from cron), or some by id (--source ID ...). The checks are "
        "queued for `manage.py db_worker`, or run here with --sync."
    )

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every source")
        which.add_argument(
            "--stale", type=int, metavar="DAYS", help="sources never checked or not for DAYS days"
        )
        which.add_argument("--source", type=int, nargs="+", metavar="ID", help="these sources")
        parser.add_argument(
            "--sync", action="store_true", help="check now, one line per source, not queued"
        )

    def handle(self, *args, **options) -> None:
        sources = Source.objects.order_by("pk")
        if options["stale"] is not None:
            if options["stale"] < 0:
                raise CommandError("--stale takes a number of days, 0 or more.")
            sources = sources.check_due(options["stale"])
        elif options["source"]:
            wanted = set(options["source"])
            sources = sources.filter(pk__in=wanted)
            missing = wanted - set(sources.values_list("pk", flat=True))
            if missing:
                raise CommandError(
                    f"No source with id {', '.join(str(pk) for pk in sorted(missing))}."
                )
        if not options["sync"]:
            count = 0
            for source in sources.only("pk").iterator():
                source_queue_check(source)
                count += 1
            self.stdout.write(f"{count} source check(s) queued for the worker.")
            return
        for source in sources.iterator():
            check = source_check(source=source)
            snapshot = check.snapshot
            self.stdout.write(
                "\t".join(
                    [
                        source.url,
                        check.link_status,
                        str(check.status_code or "-"),
                        snapshot.sha256[:12] if snapshot else "-",
                    ]
                )
            )
