"""The record of each import, preview and dry run: who, which file, and how it went."""

from pathlib import PurePath

from django.utils import timezone

from claims.importers.engine import ImportReport
from claims.models import ImportRecord


def record_fill(record: ImportRecord, report: ImportReport, outcome: str) -> ImportRecord:
    record.outcome = outcome
    record.checksum = report.checksum or record.checksum
    record.size = report.size or record.size
    record.rows = report.rows
    for name in ("articles", "claims", "evidence"):
        counts = getattr(report, name)
        for kind in ("created", "updated", "unchanged"):
            setattr(record, f"{name}_{kind}", getattr(counts, kind))
    record.sources_created = report.sources_created
    record.error_count = report.errors.count
    record.errors = report.errors.kept
    record.warnings = report.warnings
    record.finished_at = timezone.now()
    record.save()
    return record


def import_record_create(*, report: ImportReport, user, via: str, dry_run: bool) -> ImportRecord:
    """The record of a command-line import; a dry run is recorded as previewed."""
    if dry_run:
        outcome = ImportRecord.Outcome.PREVIEWED
    else:
        outcome = ImportRecord.Outcome.SUCCEEDED if report.written else ImportRecord.Outcome.FAILED
    record = ImportRecord(
        file_name=PurePath(report.file_name).name[:255],
        imported_by=user if user is not None and user.is_authenticated else None,
        via=via,
    )
    return record_fill(record, report, outcome)
