"""The background job of source tracking, run by `manage.py db_worker`."""

from django.contrib.auth import get_user_model
from django.tasks import task

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
