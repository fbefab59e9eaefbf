"""Admin uploads, kept between their preview and their confirmation."""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename

from claims.importers.engine import ImportReport, file_checksum, import_file
from claims.importers.records import record_fill
from claims.models import ImportRecord

UPLOAD_LIFETIME = timedelta(days=1)
UPLOAD_DIRECTORY = "imports"


class UploadError(Exception):
    """The stored upload cannot be imported (expired, gone, or changed since its preview)."""


def upload_preview(*, upload, user) -> tuple[ImportRecord, ImportReport]:
    """Keep the uploaded file and validate it without writing anything."""
    uploads_expire()
    name = get_valid_filename(PurePath(upload.name).name) or "upload"
    path = default_storage.save(f"{UPLOAD_DIRECTORY}/{uuid.uuid4().hex}/{name}", upload)
    record = ImportRecord.objects.create(
        file_name=PurePath(upload.name).name[:255],
        stored_file=path,
        imported_by=user,
        via="admin",
    )
    with default_storage.open(path, "rb") as stored:
        report = import_file(stored, name=name, actor=user, dry_run=True)
    record_fill(record, report, ImportRecord.Outcome.PREVIEWED)
    return record, report


def upload_is_expired(record: ImportRecord, now=None) -> bool:
    return (now or timezone.now()) - record.created_at > UPLOAD_LIFETIME


def upload_confirm(*, record: ImportRecord, user) -> ImportReport:
    """Import exactly the file that was previewed; refuse it once expired or changed."""
    if record.outcome != ImportRecord.Outcome.PREVIEWED or not record.stored_file:
        raise UploadError("This upload was already imported, cancelled or expired.")
    if upload_is_expired(record):
        _expire(record)
        raise UploadError("This upload expired (previews are kept for a day): upload it again.")
    if not default_storage.exists(record.stored_file):
        raise UploadError("The uploaded file is no longer stored: upload it again.")
    with default_storage.open(record.stored_file, "rb") as stored:
        checksum, _size = file_checksum(stored)
        if checksum != record.checksum:
            raise UploadError("The stored file changed since its preview: upload it again.")
        report = import_file(stored, name=record.stored_file, actor=user)
    report.file_name = record.file_name
    record.imported_by = user
    outcome = ImportRecord.Outcome.SUCCEEDED if report.written else ImportRecord.Outcome.FAILED
    _delete_file(record)
    record_fill(record, report, outcome)
    return report


def upload_cancel(*, record: ImportRecord) -> None:
    if record.outcome == ImportRecord.Outcome.PREVIEWED:
        _delete_file(record)
        record.outcome = ImportRecord.Outcome.CANCELLED
        record.finished_at = timezone.now()
        record.save(update_fields=["outcome", "stored_file", "finished_at"])


def uploads_expire(now=None) -> int:
    """Expire previews older than a day and delete their files; the number expired."""
    cutoff = (now or timezone.now()) - UPLOAD_LIFETIME
    stale = ImportRecord.objects.filter(
        outcome=ImportRecord.Outcome.PREVIEWED, created_at__lt=cutoff
    ).exclude(stored_file="")
    count = 0
    for record in stale:
        _expire(record)
        count += 1
    return count


def _expire(record: ImportRecord) -> None:
    _delete_file(record)
    record.outcome = ImportRecord.Outcome.EXPIRED
    record.finished_at = timezone.now()
    record.save(update_fields=["outcome", "stored_file", "finished_at"])


def _delete_file(record: ImportRecord) -> None:
    if record.stored_file:
        default_storage.delete(record.stored_file)
        record.stored_file = ""
