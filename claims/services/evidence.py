"""Attaching sources to claims: evidence rows and the audit records they leave."""

from decimal import Decimal

from django.db import transaction

from claims.models import Claim, ClaimEvent, Evidence
from claims.notifications import announce
from claims.roles import Actor
from claims.services.events import changed_fields, event_record
from claims.services.permissions import can_add_evidence, can_change_evidence
from claims.services.sources import source_for_url, source_queue_check
from claims.services.workflow import Conflict, NotAllowed, WorkflowError, locked_claim

SOURCE_DETAILS = ("title", "publisher", "published_on", "kind", "reliability", "archive_url")
EVIDENCE_FIELDS = ("stance", "excerpt", "pinpoint", "reported_value", "note")


def _summary(evidence: Evidence) -> dict:
    return {"source": evidence.source.url, "stance": evidence.stance}


def evidence_add(
    *,
    claim: Claim,
    actor: Actor,
    url: str,
    stance: str = Evidence.Stance.CONTEXT,
    excerpt: str = "",
    pinpoint: str = "",
    reported_value: Decimal | None = None,
    note: str = "",
    **source_details,
) -> Evidence:
    """Cite the source at `url` (reusing the Source when the normalised URL matches)."""
    with transaction.atomic():
        # The claim's row lock orders this against a submit or publish checking the evidence.
        claim = locked_claim(claim, None)
        if not can_add_evidence(actor, claim):
            raise NotAllowed(
                "Evidence can be added by reviewers while a claim is being researched."
            )
        unknown = set(source_details) - set(SOURCE_DETAILS)
        if unknown:
            raise WorkflowError(f"Unknown source details: {', '.join(sorted(unknown))}.")
        source, _created = source_for_url(url, **source_details)
        if claim.evidence.filter(source=source).exists():
            raise WorkflowError(
                f"This claim already cites {source.url}: change that evidence row instead."
            )
        evidence = Evidence.objects.create(
            claim=claim,
            source=source,
            cited_snapshot_id=source.last_snapshot_id,
            stance=stance,
            excerpt=excerpt.strip(),
            pinpoint=pinpoint.strip(),
            reported_value=reported_value,
            note=note.strip(),
            added_by=actor,
        )
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.EVIDENCE_ADDED,
            after={**_summary(evidence), "reported_value": reported_value},
        )
        # The first citation is what starts a source being watched.
        if source.link_status == source.LinkStatus.UNCHECKED and not source.is_checking:
            source_queue_check(source)
        announce.evidence_added(claim=claim, evidence=evidence, actor=actor)
        return evidence


def locked_evidence(evidence: Evidence, expected_version: int | None) -> Evidence:
    """Re-read the evidence row under a row lock (its claim's first, the order every writer
    takes) and refuse if it changed or went since the user read it."""
    claim = locked_claim(evidence.claim, None)
    fresh = Evidence.objects.select_for_update().select_related("source").filter(pk=evidence.pk)
    fresh = fresh.first()
    if fresh is None or (expected_version is not None and fresh.version != expected_version):
        changes = claim.events.filter(
            kind__in=(ClaimEvent.Kind.EVIDENCE_CHANGED, ClaimEvent.Kind.EVIDENCE_REMOVED)
        )
        raise Conflict(claim, list(changes.select_related("actor").order_by("-created_at")[:3]))
    fresh.claim = claim
    return fresh


def evidence_update(
    *, evidence: Evidence, actor: Actor, expected_version: int | None = None, **values
) -> Evidence:
    """Change one evidence row; `expected_version` is the row's version the user saw."""
    with transaction.atomic():
        evidence = locked_evidence(evidence, expected_version)
        if not can_change_evidence(actor, evidence):
            raise NotAllowed(
                "Only the reviewer who added this evidence, or an editor, can change it."
            )
        unknown = set(values) - set(EVIDENCE_FIELDS)
        if unknown:
            raise WorkflowError(f"Unknown evidence fields: {', '.join(sorted(unknown))}.")
        before, after = changed_fields(evidence, values)
        if not after:
            return evidence
        for field, value in after.items():
            setattr(evidence, field, value)
        evidence.version += 1
        evidence.save(update_fields=[*after, "version", "updated_at"])
        event_record(
            claim=evidence.claim,
            actor=actor,
            kind=ClaimEvent.Kind.EVIDENCE_CHANGED,
            before={"source": evidence.source.url, **before},
            after=after,
        )
        return evidence


def evidence_remove(
    *, evidence: Evidence, actor: Actor, expected_version: int | None = None
) -> None:
    with transaction.atomic():
        evidence = locked_evidence(evidence, expected_version)
        if not can_change_evidence(actor, evidence):
            raise NotAllowed(
                "Only the reviewer who added this evidence, or an editor, can remove it."
            )
        event_record(
            claim=evidence.claim,
            actor=actor,
            kind=ClaimEvent.Kind.EVIDENCE_REMOVED,
            before={**_summary(evidence), "excerpt": evidence.excerpt},
        )
        evidence.delete()
