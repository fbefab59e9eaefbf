"""Sources are shared by every claim that cites them, keyed by their normalised URL."""

from django.db import transaction
from django.utils import timezone

from claims.models import ClaimEvent, Publisher, Source, SourceSnapshot
from claims.roles import Actor, is_editor, is_reviewer
from claims.services.events import event_row
from claims.services.workflow import NotAllowed, WorkflowError
from claims.sources.addresses import normalise_url
from claims.sources.publishers import domain_of, publisher_for


def source_for_url(url: str, **details) -> tuple[Source, bool]:
    """The Source for this address, created with `details` when it is new.

    Details of an existing Source are filled in where they were empty, never overwritten:
    another claim's reviewer may have written them. A new source without a reliability of
    its own takes its publisher's from the registry.
    """
    url = normalise_url(url)
    if details.get("archive_url"):
        # An archived copy is a link people will follow: the same rule as the source's own.
        normalise_url(details["archive_url"])
    domain = domain_of(url)
    defaults = {**details, "domain": domain}
    if details.get("reliability") in (None, "", Source.Reliability.UNKNOWN):
        publisher = publisher_for(domain)
        if publisher is not None:
            defaults["reliability"] = publisher.reliability
    source, created = Source.objects.get_or_create(url=url, defaults=defaults)
    if not created:
        missing = {
            field: value
            for field, value in details.items()
            if value not in (None, "") and getattr(source, field) in (None, "")
        }
        if missing:
            for field, value in missing.items():
                setattr(source, field, value)
            source.save(update_fields=list(missing))
    return source, created


# --- checks and details ----------------------------------------------------------------


def source_queue_check(source: Source, requested_by: Actor | None = None) -> None:
    """Queue a check of `source` once the current transaction commits."""
    from claims.sources.tasks import check_source  # the task module imports the services

    Source.objects.filter(pk=source.pk).update(check_requested_at=timezone.now())
    user_id = requested_by.pk if requested_by is not None else None
    transaction.on_commit(lambda: check_source.enqueue(source.pk, user_id))


def source_check_request(*, source: Source, actor: Actor) -> None:
    """ "Check now": an editor asks for a check outside the schedule."""
    if not is_editor(actor):
        raise NotAllowed("Only editors can ask for a source to be checked now.")
    with transaction.atomic():
        source_queue_check(source, actor)


SNAPSHOT_DETAILS = ("title", "publisher", "published_on")


def offered_details(source: Source, snapshot: SourceSnapshot | None) -> dict:
    """What the archived page says about itself that the source's empty fields lack."""
    if snapshot is None:
        return {}
    return {
        field: getattr(snapshot, field)
        for field in SNAPSHOT_DETAILS
        if getattr(snapshot, field) not in (None, "") and getattr(source, field) in (None, "")
    }


def source_fill_details(*, source: Source, actor: Actor) -> dict:
    """Fill the source's empty title, publisher and date from its latest snapshot."""
    if not is_reviewer(actor):
        raise NotAllowed("Only reviewers and editors can change a source's details.")
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        offered = offered_details(source, source.last_snapshot)
        if not offered:
            raise WorkflowError("The archived page offers nothing for this source's empty fields.")
        for field, value in offered.items():
            setattr(source, field, value)
        source.save(update_fields=list(offered))
        claim_ids = sorted(set(source.evidence.values_list("claim_id", flat=True)))
        ClaimEvent.objects.bulk_create(
            event_row(
                claim_id=claim_id,
                actor_id=actor.pk,
                kind=ClaimEvent.Kind.SOURCE_EDITED,
                after={"source": source.url, **offered},
            )
            for claim_id in claim_ids
        )
        return offered


def publisher_save(
    *,
    actor: Actor,
    domain: str,
    reliability: str,
    name: str = "",
    note: str = "",
    publisher: Publisher | None = None,
) -> Publisher:
    """Add or change a publisher registry entry (editors only)."""
    if not is_editor(actor):
        raise NotAllowed("Only editors can change the publisher registry.")
    domain = domain.strip().lower().removeprefix("www.").rstrip(".")
    if not domain or "." not in domain or "/" in domain or " " in domain:
        raise WorkflowError("Enter a domain like reuters.com, without http:// or a path.")
    if reliability not in Source.Reliability.values:
        raise WorkflowError(f"Unknown reliability: {reliability}.")
    with transaction.atomic():
        clash = Publisher.objects.filter(domain=domain)
        if publisher is not None:
            clash = clash.exclude(pk=publisher.pk)
        if clash.exists():
            raise WorkflowError(f"{domain} is already in the registry.")
        publisher = publisher or Publisher()
        publisher.domain, publisher.name, publisher.note = domain, name.strip(), note.strip()
        publisher.reliability, publisher.updated_by = reliability, actor
        publisher.save()
        return publisher
