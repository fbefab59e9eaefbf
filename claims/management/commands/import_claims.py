"""Import articles, claims and evidence from a CSV, JSON or XLSX file."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from claims.importers import FileError, file_format, import_file
from claims.importers.records import import_record_create

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import articles, claims and evidence from FILE (.csv, .json or .xlsx; see "
        "docs/formats.md). All or nothing: any row error means nothing is written."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, writing nothing.",
        )

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        path = Path(file)
        try:
            file_format(path.name)
        except FileError as error:
            raise CommandError(str(error)) from None
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        self.tty = sys.stderr.isatty()
        self.last_line = -1.0
        self.started = time.monotonic()
        with path.open("rb") as stream:
            report = import_file(
                stream,
                name=path.name,
                dry_run=dry_run,
                on_error=lambda text: self.stdout.write(f"error: {text}"),
                on_progress=self.progress,
            )
        import_record_create(report=report, user=None, via="command", dry_run=dry_run)
        self.summary(report, dry_run)
        if not report.ok:
            raise CommandError(
                f"{report.errors.count} error(s) in {path.name}: nothing was written.",
                returncode=1,
            )

    def progress(self, phase: str, fraction: float | None) -> None:
        elapsed = time.monotonic() - self.started
        if self.tty:
            if fraction is None:
                line = f"{phase}…"
            else:
                done = int(BAR_WIDTH * fraction)
                line = f"{phase:<9} [{'#' * done}{'.' * (BAR_WIDTH - done)}] {fraction:4.0%}"
            self.stderr.write(f"\r{line:<50} {elapsed:6.1f} s", ending="")
            if phase == "done":
                self.stderr.write("")
            return
        # Not a terminal: a plain line per tenth of the file, and one per phase.
        if phase == "reading" and fraction is not None:
            if fraction < 1.0 and fraction - self.last_line < 0.1:
                return
            self.last_line = fraction
            self.stderr.write(f"reading: {fraction:.0%} ({elapsed:.1f} s)")
        elif phase != "done":
            self.stderr.write(f"{phase} ({elapsed:.1f} s)")

    def summary(self, report, dry_run: bool) -> None:
        verb = "would be" if dry_run or not report.written else "were"
        self.stdout.write(f"{report.file_name}: {report.rows:,} row{pluralize(report.rows)} read.")
        for name in ("articles", "claims", "evidence"):
            counts = getattr(report, name)
            self.stdout.write(
                f"  {name:<9} {counts.created:>9,} created  {counts.updated:>9,} updated  "
                f"{counts.unchanged:>9,} unchanged"
            )
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        if report.ok and dry_run:
            self.stdout.write(f"Dry run: no errors; the changes above {verb} made.")
        elif report.ok:
            self.stdout.write(self.style.SUCCESS("Imported."))
        else:
            self.stdout.write(f"{report.errors.count} error(s); nothing was written.")
