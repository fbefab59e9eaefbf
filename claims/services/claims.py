"""Creating and editing claim records outside the workflow's transitions, with their audit."""

from django.db import transaction

from claims.extraction.anchoring import exact_span
from claims.models import AnchorStatus, Article, Claim, ClaimEvent
from claims.roles import Actor
from claims.services.events import changed_fields, event_record
from claims.services.permissions import can_edit_claim, can_set_due
from claims.services.workflow import NotAllowed, WorkflowError, locked_claim
from claims.tallies.upkeep import work_moved

# Fields a person may edit on a claim; status and assignee change only through workflow.py.
EDITABLE_FIELDS = (
    "text",
    "quote",
    "start",
    "end",
    "kind",
    "stated_value",
    "qualifier",
    "unit",
    "attributed_to",
    "priority",
)


class AnchorError(ValueError):
    """The claim's quote is not the text found at its offsets in the article."""


def check_anchor(article: Article, quote: str, start: int, end: int) -> None:
    found = article.body[start:end]
    if found != quote:
        raise AnchorError(
            "The quote must be exactly the article text between start and end "
            f"(characters {start}–{end} are: “{found[:120]}”)."
        )


def claim_create(*, article: Article, actor: Actor, external_id: str, **values) -> Claim:
    with transaction.atomic():
        check_anchor(article, values["quote"], values["start"], values["end"])
        claim = Claim.objects.create(article=article, external_id=external_id, **values)
        work_moved(None, (claim.assignee_id, claim.status))
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.CREATED,
            after={"external_id": external_id},
        )
        return claim


def claim_update(*, claim: Claim, actor: Actor, **values) -> list[str]:
    """Apply `values`, record what changed, and return the names of the changed fields."""
    with transaction.atomic():
        unknown = set(values) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}.")
        before, after = changed_fields(claim, values)
        if not after:
            return []
        for field, value in after.items():
            setattr(claim, field, value)
        check_anchor(claim.article, claim.quote, claim.start, claim.end)
        claim.save_new_version(*after)
        event_record(
            claim=claim, actor=actor, kind=ClaimEvent.Kind.UPDATED, before=before, after=after
        )
        return list(after)


def claim_edit(
    *, claim: Claim, actor: Actor, expected_version: int | None = None, **values
) -> list[str]:
    """Reword a claim from its page; its quote must be copied exactly from the article.

    Saving also confirms the anchor: a claim re-anchored to a close match, or whose anchor
    was lost, is anchored exactly again.
    """
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        if not can_edit_claim(actor, claim):
            raise NotAllowed(
                "Only editors, or the claim's assignee while researching, edit claims."
            )
        quote = values.get("quote", claim.quote)
        position = exact_span(claim.article.body, quote, hint=claim.start)
        if position is None:
            raise WorkflowError(
                "The quote must be copied exactly from the article text; this one is not in it."
            )
        values["start"], values["end"] = position
        return claim_update_and_confirm(
            claim=claim, actor=actor, note="confirmed by editing the claim", **values
        )


def claim_update_and_confirm(*, claim: Claim, actor: Actor, note: str, **values) -> list[str]:
    """Apply a person's edit and, the quote now checked against the article, confirm the
    anchor; the names of the changed fields, "anchor_status" among them if it was."""
    changed = claim_update(claim=claim, actor=actor, **values)
    if anchor_confirm(claim=claim, actor=actor, note=note):
        changed.append("anchor_status")
    return changed


def anchor_confirm(*, claim: Claim, actor: Actor, note: str) -> bool:
    """Mark the claim exactly anchored again once its quote is the text at its offsets."""
    if claim.anchor_status == AnchorStatus.EXACT:
        return False
    check_anchor(claim.article, claim.quote, claim.start, claim.end)
    before = claim.anchor_status
    claim.anchor_status, claim.anchor_confidence = AnchorStatus.EXACT, 1.0
    claim.save_new_version("anchor_status", "anchor_confidence")
    event_record(
        claim=claim,
        actor=actor,
        kind=ClaimEvent.Kind.ANCHOR,
        before={"anchor": before},
        after={"anchor": AnchorStatus.EXACT},
        note=note,
    )
    return True


def claim_set_due(
    *, claim: Claim, actor: Actor, due_on, expected_version: int | None = None
) -> Claim:
    """Set (or clear, with None) the day the claim is due, in the desk's time zone."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        if not can_set_due(actor, claim):
            raise NotAllowed("Only editors set due dates, on claims not yet published.")
        if claim.due_on == due_on:
            return claim
        before = claim.due_on
        claim.due_on = due_on
        claim.save_new_version("due_on")
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.DUE_CHANGED,
            before={"due_on": before},
            after={"due_on": due_on},
        )
        return claim
