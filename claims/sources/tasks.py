"""The background job of source tracking, run by `manage.py db_worker`."""

from django.contrib.auth import get_user_model
from django.tasks import task
from django.utils import timezone

from claims.models import Source
from claims.sources.checking import source_check


@task()
def check_source(source_id: int, requested_by_id: int | None = None) -> dict:
    """Check and archive one source; what it found, for the task's result."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:  # deleted while the task waited
        return {"source": source_id, "link_status": None}
    requested_by = get_user_model().objects.filter(pk=requested_by_id).first()
    check = source_check(source=source, requested_by=requested_by)
    return {
        "source": source_id,
        "link_status": check.link_status,
        "status_code": check.status_code,
        "snapshot": check.snapshot_id,
    }


@task()
def check_sources_never_checked() -> dict:
    """Queue a check of every source never checked nor asked for: what a bulk import cites
    first. One task per import, rather than one queued per row while the import's
    transaction holds its locks; each source's own check then runs as usual."""
    waiting = Source.objects.filter(link_checked_at__isnull=True, check_requested_at__isnull=True)
    ids = list(waiting.values_list("pk", flat=True))
    Source.objects.filter(pk__in=ids).update(check_requested_at=timezone.now())
    for source_id in ids:
        check_source.enqueue(source_id)
    return {"queued": len(ids)}
