"""Using an earlier fact check: copying its evidence, or marking a claim its duplicate."""

from django.db import transaction

from claims.models import Claim, ClaimEvent, Evidence
from claims.roles import Actor
from claims.services.events import event_record
from claims.services.permissions import can_add_evidence, can_edit_claim
from claims.services.workflow import NotAllowed, WorkflowError, locked_claim

COPIED_FIELDS = ("stance", "excerpt", "pinpoint", "reported_value", "note")


def evidence_reuse(*, claim: Claim, earlier: Claim, actor: Actor) -> list[Evidence]:
    """Copy `earlier`'s evidence rows to `claim` (sources are shared, not copied), one audit
    event per row; rows citing a source the claim already cites are left out."""
    if earlier.pk == claim.pk:
        raise WorkflowError("A claim cannot reuse its own evidence.")
    with transaction.atomic():
        claim = locked_claim(claim, None)
        if not can_add_evidence(actor, claim):
            raise NotAllowed(
                "Evidence can be added by reviewers while a claim is being researched."
            )
        cited = set(claim.evidence.values_list("source_id", flat=True))
        copies = []
        for row in earlier.evidence.select_related("source").order_by("created_at", "pk"):
            if row.source_id in cited:
                continue
            cited.add(row.source_id)
            copy = Evidence.objects.create(
                claim=claim,
                source=row.source,
                added_by=actor,
                **{name: getattr(row, name) for name in COPIED_FIELDS},
            )
            event_record(
                claim=claim,
                actor=actor,
                kind=ClaimEvent.Kind.EVIDENCE_ADDED,
                after={
                    "source": row.source.url,
                    "stance": row.stance,
                    "reported_value": row.reported_value,
                    "copied_from": f"{earlier.article.external_id}/{earlier.external_id}",
                },
            )
            copies.append(copy)
        return copies


def claim_mark_duplicate(*, claim: Claim, original: Claim | None, actor: Actor) -> Claim:
    """Say `claim` repeats `original` (None: it does not after all); the desk then works the
    original, and the duplicate shows the original's verdict."""
    with transaction.atomic():
        claim = locked_claim(claim, None)
        if not can_edit_claim(actor, claim):
            raise NotAllowed("Only an editor, or the claim's assignee, can mark it a duplicate.")
        if original is not None:
            original = Claim.objects.select_related("article").get(pk=original.pk)
            if original.pk == claim.pk:
                raise WorkflowError("A claim cannot be a duplicate of itself.")
            if original.duplicate_of_id is not None:
                raise WorkflowError(
                    f"{original.external_id} is itself a duplicate: link to the claim it repeats."
                )
        before = claim.duplicate_of
        if (before.pk if before else None) == (original.pk if original else None):
            return claim
        claim.duplicate_of = original
        claim.save_new_version("duplicate_of")
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.DUPLICATE,
            before={"duplicate_of": _label(before)},
            after={"duplicate_of": _label(original)},
        )
        return claim


def _label(claim: Claim | None) -> str | None:
    return f"{claim.article.external_id}/{claim.external_id}" if claim else None
