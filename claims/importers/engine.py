"""The import itself: read, validate, stage and write a file in one all-or-nothing transaction."""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from claims.extraction.language import detect_language
from claims.importers.readers import file_format, open_table
from claims.importers.tables import FileError
from claims.importers.validation import ArticleDraft, ErrorLog, Validator
from claims.models import Article
from claims.sources.tasks import check_sources_never_checked

PROGRESS_EVERY = 10_000
NOT_CHECKABLE_REASON = "Marked not checkable by an import."
# A header with nothing under it and an empty JSON list alike: refused, never "imported".
NO_ROWS = "The file has no rows (only a header, or an empty JSON list): there is nothing to import."

Progress = Callable[[str, float | None], None]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    file_name: str
    checksum: str = ""
    size: int = 0
    rows: int = 0
    articles: Counts = field(default_factory=Counts)
    claims: Counts = field(default_factory=Counts)
    evidence: Counts = field(default_factory=Counts)
    sources_created: int = 0
    errors: ErrorLog = field(default_factory=ErrorLog)
    warnings: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.errors.count == 0

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            name: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged}
            for name, c in (
                ("articles", self.articles),
                ("claims", self.claims),
                ("evidence", self.evidence),
            )
        }


@dataclass(frozen=True)
class WriteContext:
    actor_id: int | None
    note: str
    now: object
    not_checkable_reason: str = NOT_CHECKABLE_REASON


def file_checksum(stream: BinaryIO) -> tuple[str, int]:
    """The SHA-256 of the whole stream and its size; leaves the stream at its start."""
    digest = hashlib.sha256()
    stream.seek(0)
    size = 0
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


def writer_for_database():
    """The set-based PostgreSQL writer (COPY and SQL), or the portable one elsewhere."""
    if connection.vendor == "postgresql":
        from claims.importers.postgres import PostgresWriter

        return PostgresWriter()
    from claims.importers.portable import PortableWriter

    return PortableWriter()


def import_file(
    stream: BinaryIO,
    *,
    name: str,
    actor=None,
    dry_run: bool = False,
    on_error: Callable[[str], None] | None = None,
    on_progress: Progress | None = None,
) -> ImportReport:
    """Import `stream` (named `name`, whose extension gives the format).

    Everything is written in one transaction, and only when no row has an error and this
    is not a dry run; the report says what was (or would have been) created and updated.
    """
    report = ImportReport(file_name=name, errors=ErrorLog(on_error=on_error))
    progress = on_progress or (lambda phase, fraction: None)
    try:
        file_format(name)
        report.checksum, report.size = file_checksum(stream)
        limit = settings.IMPORT_MAX_BYTES
        if report.size > limit:
            raise FileError(
                f"The file is {report.size / 1e6:.1f} MB; the largest import accepted is "
                f"{limit / 1e6:.1f} MB (the IMPORT_MAX_BYTES setting)."
            )
        if report.size == 0:
            raise FileError("The file is empty: it needs a header row and at least one row.")
        with transaction.atomic():
            _run(stream, report, actor, dry_run, progress)
    except FileError as error:
        report.errors.add_text(str(error))
    except DatabaseError as error:
        report.errors.add_text(f"The database refused the import, so nothing was written: {error}")
    return report


def _run(stream, report: ImportReport, actor, dry_run: bool, progress: Progress) -> None:
    table = open_table(stream, report.file_name)
    report.warnings = table.warnings
    writer = writer_for_database()
    validator = Validator(table.header, report.errors, report.warnings, before_query=writer.pause)
    progress("reading", 0.0)
    writer.stage(validator.rows(_counted(table.rows, report, table.progress, progress)))
    progress("reading", 1.0)
    if report.rows == 0 and validator.usable:
        report.errors.add_text(NO_ROWS)
    validator.finish()
    if validator.anchors:
        writer.patch_anchors(validator.anchors)
    progress("checking", None)
    context = WriteContext(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        note=f"Imported from {report.file_name}",
        now=timezone.now(),
    )
    # A refused import is rolled back, so its new articles' language (a model of about
    # 100 MB to load) is not worth detecting.
    article_ids = write_articles(
        validator.articles.values(), report.articles, context, detect=report.ok
    )
    writer.set_articles(article_ids)
    writer.check(report.errors, skip_articles=validator.articles_without_text)
    if report.ok:
        progress("writing", None)
        writer.write(report, context)
    writer.close()
    if report.ok and not dry_run:
        report.written = True
        if report.sources_created:
            # New sources are checked and archived like those cited on the claim page.
            transaction.on_commit(check_sources_never_checked.enqueue)
    else:
        transaction.set_rollback(True)
    progress("done", 1.0)


def _counted(rows: Iterable, report: ImportReport, fraction, progress: Progress) -> Iterator:
    for count, row in enumerate(rows, start=1):
        report.rows = count
        if count % PROGRESS_EVERY == 0:
            progress("reading", fraction())
        yield row


def write_articles(
    drafts: Iterable[ArticleDraft], counts: Counts, context, *, detect: bool = True
) -> dict[str, int]:
    """Create new articles and fill in changed details of existing ones; their ids by key.

    `detect`: whether to detect a new article's language (left "" otherwise)."""
    ids = {}
    for draft in drafts:
        if draft.existing is None:
            body = draft.body or ""
            language = detect_language(body) if detect else ""
            values = {"title": "", "language": language, **draft.values}
            article = Article.objects.create(external_id=draft.key, body=body, **values)
            counts.created += 1
        else:
            article = draft.existing
            changed = [
                name for name, value in draft.values.items() if getattr(article, name) != value
            ]
            if changed:
                for name in changed:
                    setattr(article, name, draft.values[name])
                article.save(update_fields=[*changed, "updated_at"])
                counts.updated += 1
            else:
                counts.unchanged += 1
        ids[draft.key] = article.pk
    return ids
