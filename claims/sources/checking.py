"""Checking a source: fetch it, record the check, archive what changed, and say what it means
for the claims that cite it. Runs in the worker (claims.sources.tasks) or the command."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from claims.fetching import FetchBlocked, Fetched, FetchError, FetchPolicy, fetch
from claims.fetching.readable import readable
from claims.models import ClaimEvent, Evidence, Source, SourceCheck, SourceSnapshot
from claims.services.events import event_row
from claims.sources.addresses import normalise_url
from claims.sources.archive import sha256, store_warc, warc_bytes, warc_name
from claims.sources.publishers import domain_of

LinkStatus = Source.LinkStatus


def source_check(
    *, source: Source, requested_by=None, policy: FetchPolicy | None = None
) -> SourceCheck:
    """Check `source` now: one SourceCheck, and a SourceSnapshot when the body changed.

    The slow parts (the fetch, reading the text, writing the WARC) happen before the
    transaction; a run stopped at any point leaves either everything or no snapshot row, and
    a rerun writes over the WARC an interrupted run left behind.
    """
    source = (
        Source.objects.select_related("last_snapshot")
        .only("url", "domain", "last_snapshot__sha256", "last_snapshot__text_sha256")
        .get(pk=source.pk)
    )
    checked_at = timezone.now()
    try:
        fetched = fetch(source.url, policy)
    except FetchError as error:
        return _record(
            source,
            SourceCheck(
                checked_at=checked_at,
                link_status=LinkStatus.BLOCKED
                if isinstance(error, FetchBlocked)
                else LinkStatus.BROKEN,
                status_code=error.status_code,
                final_url=error.url[:2000],
                redirects=[[hop.url, hop.status_code] for hop in error.redirects],
                error=error.reason,
                duration=error.duration,
                requested_by=requested_by,
            ),
        )
    try:
        final = normalise_url(fetched.final_url)
    except ValidationError:  # an odd final address still counts as reached elsewhere
        final = fetched.final_url
    check = SourceCheck(
        checked_at=checked_at,
        link_status=LinkStatus.OK if final == source.url else LinkStatus.REDIRECTED,
        status_code=fetched.status_code,
        final_url=fetched.final_url[:2000],
        redirects=[[hop.url, hop.status_code] for hop in fetched.redirects],
        duration=fetched.duration,
        requested_by=requested_by,
    )
    body_sha256 = sha256(fetched.body)
    previous = source.last_snapshot
    if previous is not None and previous.sha256 == body_sha256:
        check.snapshot = previous
        return _record(source, check)
    return _record(source, check, _new_snapshot(source, fetched, body_sha256, checked_at))


def _new_snapshot(source: Source, fetched: Fetched, body_sha256: str, fetched_at) -> SourceSnapshot:
    """An unsaved snapshot whose WARC file is already in the storage."""
    text = readable(fetched.body, fetched.content_type, fetched.final_url)
    name = store_warc(warc_name(source.pk, body_sha256), warc_bytes(fetched, fetched_at))
    return SourceSnapshot(
        source=source,
        fetched_at=fetched_at,
        status_code=fetched.status_code,
        final_url=fetched.final_url[:2000],
        content_type=fetched.content_type[:200],
        size=len(fetched.body),
        sha256=body_sha256,
        warc=name,
        warc_size=default_storage.size(name),
        text=text.text,
        text_sha256=sha256(text.text),
        title=text.title[:500],
        publisher=text.publisher[:200],
        author=text.author[:300],
        published_on=text.published_on,
    )


def _record(
    source: Source, check: SourceCheck, snapshot: SourceSnapshot | None = None
) -> SourceCheck:
    # Read before the lock: a check racing this one compares with the same earlier text.
    previous_text = source.last_snapshot.text_sha256 if source.last_snapshot else None
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        before = source.link_status
        if snapshot is not None:
            snapshot.save()
            check.snapshot = snapshot
            source.last_snapshot = snapshot
            source.archived_at = snapshot.fetched_at
        check.source = source
        check.save()
        source.link_status = check.link_status
        source.link_checked_at = check.checked_at
        source.link_error = check.error[:500]
        source.domain = source.domain or domain_of(source.url)
        source.save(
            update_fields=[
                "link_status",
                "link_checked_at",
                "link_error",
                "domain",
                "last_snapshot",
                "archived_at",
            ]
        )
        if snapshot is not None:
            _link_citations(source, snapshot)
        text_changed = (
            snapshot is not None
            and previous_text is not None
            and previous_text != snapshot.text_sha256
        )
        _record_events(source, before, check, text_changed)
    return check


def _link_citations(source: Source, snapshot: SourceSnapshot) -> None:
    """Rows cited before the source was first archived cite its first archive."""
    Evidence.objects.filter(source=source, cited_snapshot__isnull=True).update(
        cited_snapshot=snapshot
    )


def _record_events(source: Source, before: str, check: SourceCheck, text_changed: bool) -> None:
    """An audit event on every claim citing the source when its link status changes or its
    text changes; a check that finds things as they were leaves none."""
    if before == check.link_status and not text_changed:
        return
    after = {"source": source.url, "link_status": check.link_status}
    if check.error:
        after["error"] = check.error
    if text_changed:
        after["text_changed"] = True
    claim_ids = sorted(set(source.evidence.values_list("claim_id", flat=True)))
    ClaimEvent.objects.bulk_create(
        event_row(
            claim_id=claim_id,
            actor_id=check.requested_by_id,
            kind=ClaimEvent.Kind.SOURCE_CHECKED,
            before={"source": source.url, "link_status": before},
            after=after,
        )
        for claim_id in claim_ids
    )
