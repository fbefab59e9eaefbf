"""The claim workflow: every transition, its rules and its audit record, in one place.

Views, the admin, commands and importers call these functions; none of them writes a
claim's status or verdict fields directly.
"""

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimEvent, Comment, Rating, Verdict
from claims.notifications import announce
from claims.public.cache import public_pages_changed
from claims.roles import Actor
from claims.services.events import event_record
from claims.services.permissions import (
    can_assign,
    can_fix_short_claim,
    can_mark_not_checkable,
    can_publish,
    can_release,
    can_reopen,
    can_restore,
    can_send_back,
    can_submit,
    can_withdraw,
    can_work_on,
)
from claims.tallies.upkeep import publication_tallied, work_moved

Status = Claim.Status

# How far along the workflow each status is: an import moves a claim forward, never back.
STATUS_RANK = {
    Status.NEW: 0,
    Status.RESEARCHING: 1,
    Status.NOT_CHECKABLE: 2,
    Status.IN_REVIEW: 3,
    Status.PUBLISHED: 4,
}


# What a published verdict freezes (`Verdict.freeze_published_record`).
FROZEN_FIELDS = (
    "rating_label",
    "rating_value",
    "rating_colour",
    "rating_description",
    "published_quote",
    "published_claim_text",
    "published_sources",
    "updated_at",
)


class WorkflowError(Exception):
    """An action that breaks a rule of the workflow; the message says which."""


class NotAllowed(WorkflowError):
    """The user's role does not allow this action (HTTP 403)."""


class Conflict(WorkflowError):
    """Someone else changed the claim after the user loaded it."""

    def __init__(self, claim: Claim, changes: list[ClaimEvent]):
        self.claim = claim
        self.changes = changes
        names = ", ".join(
            f"{event.get_kind_display().lower()} by {event.actor or 'the system'}"
            for event in changes
        )
        super().__init__(
            "This claim was changed by someone else while you were working on it"
            + (f" (latest: {names})." if names else ".")
            + " Your input is kept below: check the latest version, then save again."
        )


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    detail: str = ""


# --- reading the rules -------------------------------------------------------------------


def publish_checks(
    claim: Claim, verdict: Verdict | None = None, evidence: list | None = None
) -> list[Check]:
    """The pre-publish checklist of the design, each item passed or not.

    Pass `verdict` and `evidence` when the caller has them loaded already.
    """
    verdict = verdict if verdict is not None else claim.current_verdict()
    if evidence is None:
        evidence = list(claim.evidence.select_related("source"))
    checks = [
        Check("A rating is chosen", verdict is not None and verdict.rating_id is not None),
        Check("A summary is written", verdict is not None and bool(verdict.summary.strip())),
        Check("At least one source is cited", bool(evidence)),
    ]
    if claim.kind == Claim.Kind.ATTRIBUTION:
        checks.append(
            Check(
                "An attribution is backed by a primary or official source",
                any(item.source.kind in ("primary", "official") for item in evidence),
            )
        )
    short_claim = verdict.short_claim.strip() if verdict else ""
    if not short_claim:
        checks.append(Check("A short claim (at most 75 characters) is written", False))
    else:
        rating_word = verdict.rating.label.lower()
        checks.append(
            Check(
                "The short claim is at most 75 characters",
                len(short_claim) <= 75,
                f"{len(short_claim)} characters",
            )
        )
        checks.append(
            Check(
                "The short claim does not contain the rating word",
                rating_word not in short_claim.lower(),
                f"remove “{verdict.rating.label}”" if rating_word in short_claim.lower() else "",
            )
        )
    checks.append(
        Check(
            "The quote is anchored in the current article text",
            claim.anchor_status in ("exact", "normalised"),
            {
                "fuzzy": "re-anchored to a close match: check it and save the claim to confirm",
                "lost": "the quote is no longer in the article",
            }.get(claim.anchor_status, ""),
        )
    )
    unreachable = {
        item.source.pk: item.source for item in evidence if not item.source.is_reachable_or_archived
    }
    checks.append(
        Check(
            "Every cited source is reachable or archived",
            not unreachable,
            "; ".join(
                f"{source.url} ({source.get_link_status_display().lower()})"
                for source in unreachable.values()
            ),
        )
    )
    return checks


# --- changing state ----------------------------------------------------------------------


def recent_changes(claim: Claim) -> list[ClaimEvent]:
    """What a conflict shows: versions and events do not pair one to one, so the latest few."""
    return list(claim.events.select_related("actor").order_by("-created_at", "-pk")[:3])


def locked_claim(claim: Claim, expected_version: int | None) -> Claim:
    """Re-read the claim under a row lock and refuse if it moved on since the user read it."""
    fresh = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise Conflict(fresh, recent_changes(fresh))
    return fresh


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _require_status(claim: Claim, allowed: tuple[str, ...], done: str) -> None:
    """Refuse an action the claim's status rules out, saying so (before any role check)."""
    if claim.status not in allowed:
        labels = " or ".join(Status(status).label.lower() for status in allowed)
        raise WorkflowError(
            f"{claim.external_id} is {claim.get_status_display().lower()}: "
            f"only a claim that is {labels} can be {done}."
        )


def _set_status(
    claim: Claim, status: str, *, actor: Actor, note: str = "", extra: tuple = ()
) -> None:
    before = claim.status
    claim.status = status
    claim.save_new_version("status", *extra)
    work_moved((claim.assignee_id, before), (claim.assignee_id, status))
    event_record(
        claim=claim,
        actor=actor,
        kind=ClaimEvent.Kind.STATUS,
        before={"status": before},
        after={"status": status},
        note=note,
    )


def claim_assign(
    *, claim: Claim, assignee: Actor | None, actor: Actor, expected_version: int | None = None
) -> Claim:
    """Give the claim to `assignee` (None to unassign); a new claim starts research."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.NEW, Status.RESEARCHING, Status.IN_REVIEW), "assigned")
        _require(
            can_assign(actor, claim, assignee),
            "Only editors assign claims to others; reviewers can take an unassigned claim.",
        )
        if claim.assignee_id == (assignee.pk if assignee else None):
            return claim
        before = claim.assignee
        claim.assignee = assignee
        claim.save_new_version("assignee")
        work_moved((before.pk if before else None, claim.status), (claim.assignee_id, claim.status))
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.ASSIGNED,
            before={"assignee": before},
            after={"assignee": assignee},
        )
        if claim.status == Status.NEW and assignee is not None:
            _set_status(claim, Status.RESEARCHING, actor=actor)
        if assignee is not None:
            announce.assigned(claim=claim, assignee=assignee, actor=actor)
        return claim


def verdict_propose(
    *,
    claim: Claim,
    actor: Actor,
    rating: Rating,
    summary: str,
    short_claim: str = "",
    expected_version: int | None = None,
) -> Verdict:
    """Write the claim's working verdict; a published verdict is never edited, only replaced."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.RESEARCHING,), "given a verdict")
        _require(
            can_work_on(actor, claim),
            "Only the claim's assignee or an editor can propose a verdict while it is researched.",
        )
        summary, short_claim = summary.strip(), short_claim.strip()
        if not summary:
            raise WorkflowError("A verdict needs a summary.")
        if len(short_claim) > 75:
            raise WorkflowError("The short claim must be at most 75 characters.")
        verdict = claim.current_verdict()
        after = {"rating": rating.label, "summary": summary, "short_claim": short_claim}
        if verdict is None or verdict.is_published:
            if verdict is not None:
                verdict.is_current = False
                verdict.save(update_fields=["is_current", "updated_at"])
            verdict = Verdict.objects.create(
                claim=claim,
                rating=rating,
                summary=summary,
                short_claim=short_claim,
                created_by=actor,
                replaces=verdict,
            )
            before = {}
        else:
            before = {
                "rating": verdict.rating.label,
                "summary": verdict.summary,
                "short_claim": verdict.short_claim,
            }
            if before == after:
                return verdict
            verdict.rating, verdict.summary, verdict.short_claim = rating, summary, short_claim
            verdict.save(update_fields=["rating", "summary", "short_claim", "updated_at"])
        claim.save_new_version()
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.VERDICT_PROPOSED,
            before=before,
            after=after,
        )
        return verdict


def claim_submit(*, claim: Claim, actor: Actor, expected_version: int | None = None) -> Claim:
    """Researching → in review: the assignee hands a proposed verdict to the editors."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.RESEARCHING,), "submitted for review")
        _require(can_submit(actor, claim), "Only the claim's assignee can submit it for review.")
        verdict = claim.current_verdict()
        if verdict is None or not verdict.summary.strip():
            raise WorkflowError("Propose a verdict (a rating and a summary) before submitting.")
        if not claim.evidence.exists():
            raise WorkflowError("Cite at least one source before submitting.")
        verdict.submitted_by = actor
        verdict.submitted_at = timezone.now()
        verdict.save(update_fields=["submitted_by", "submitted_at", "updated_at"])
        _set_status(claim, Status.IN_REVIEW, actor=actor)
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.VERDICT_SUBMITTED,
            after={"rating": verdict.rating.label},
        )
        announce.submitted(claim=claim, actor=actor)
        return claim


def verdict_save_and_submit(
    *,
    claim: Claim,
    actor: Actor,
    rating: Rating,
    summary: str,
    short_claim: str = "",
    expected_version: int | None = None,
) -> Verdict:
    """Propose the verdict and submit it for review, together: a refused submit saves
    nothing, so the reviewer's draft is not half-sent."""
    with transaction.atomic():
        verdict = verdict_propose(
            claim=claim,
            actor=actor,
            rating=rating,
            summary=summary,
            short_claim=short_claim,
            expected_version=expected_version,
        )
        claim_submit(claim=claim, actor=actor)
        return verdict


def verdict_publish(*, claim: Claim, actor: Actor, expected_version: int | None = None) -> Verdict:
    """In review → published, by an editor other than the submitter, once the checks pass."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        verdict = claim.current_verdict()
        _require_status(claim, (Status.IN_REVIEW,), "published")
        _require(
            can_publish(actor, claim, verdict),
            "Only an editor who did not write or submit this verdict can publish it.",
        )
        failing = [check.label for check in publish_checks(claim, verdict) if not check.passed]
        if failing:
            raise WorkflowError("Not ready to publish: " + "; ".join(failing) + ".")
        verdict.approved_by = actor
        verdict.published_at = timezone.now()
        verdict.freeze_published_record()
        # Cleared first: one public verdict per claim, by a unique constraint.
        claim.verdicts.filter(is_public=True).update(is_public=False)
        verdict.is_public = True
        verdict.save(update_fields=["approved_by", "published_at", "is_public", *FROZEN_FIELDS])
        claim.article_changed = False
        _set_status(claim, Status.PUBLISHED, actor=actor, extra=("article_changed",))
        public_pages_changed(claim.pk)
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.VERDICT_PUBLISHED,
            after={"rating": verdict.rating.label, "published_at": verdict.published_at},
            note=verdict.correction_note,
        )
        publication_tallied(verdict, claim)
        announce.published(claim=claim, verdict=verdict, actor=actor)
        return verdict


def _reason_required(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise WorkflowError(f"Say why {what}.")
    return reason


def claim_send_back(
    *, claim: Claim, actor: Actor, reason: str, expected_version: int | None = None
) -> Claim:
    """In review → researching, with a comment saying what to fix."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.IN_REVIEW,), "sent back")
        _require(can_send_back(actor, claim), "Only editors can send a claim back.")
        reason = _reason_required(reason, "you are sending it back")
        verdict = claim.current_verdict()
        if verdict is not None:
            verdict.submitted_at = None
            verdict.save(update_fields=["submitted_at", "updated_at"])
        _set_status(claim, Status.RESEARCHING, actor=actor, note=reason)
        event_record(claim=claim, actor=actor, kind=ClaimEvent.Kind.VERDICT_RETURNED, note=reason)
        Comment.objects.create(claim=claim, author=actor, body=f"Sent back: {reason}")
        announce.sent_back(claim=claim, verdict=verdict, reason=reason, actor=actor)
        return claim


def claim_reopen(
    *, claim: Claim, actor: Actor, reason: str, expected_version: int | None = None
) -> Claim:
    """Published → researching for a correction; the published verdict stays on record."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.PUBLISHED,), "reopened")
        _require(can_reopen(actor, claim), "Only editors can reopen a published claim.")
        reason = _reason_required(reason, "the verdict needs correcting")
        published = claim.current_verdict()
        if published is not None:
            published.is_current = False
            published.save(update_fields=["is_current", "updated_at"])
            Verdict.objects.create(
                claim=claim,
                rating=published.rating,
                summary=published.summary,
                short_claim=published.short_claim,
                created_by=actor,
                replaces=published,
                correction_note=reason,
            )
        # The published page stays, saying a correction is being prepared.
        claim.article_changed = False
        _set_status(claim, Status.RESEARCHING, actor=actor, note=reason, extra=("article_changed",))
        event_record(claim=claim, actor=actor, kind=ClaimEvent.Kind.REOPENED, note=reason)
        public_pages_changed(claim.pk)
        return claim


def claim_mark_not_checkable(
    *, claim: Claim, actor: Actor, reason: str, expected_version: int | None = None
) -> Claim:
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.NEW, Status.RESEARCHING), "marked not checkable")
        _require(
            can_mark_not_checkable(actor, claim),
            "Only editors can mark a new or researching claim not checkable.",
        )
        claim.status_reason = _reason_required(reason, "the claim is not checkable")
        _set_status(
            claim,
            Status.NOT_CHECKABLE,
            actor=actor,
            note=claim.status_reason,
            extra=("status_reason",),
        )
        return claim


def claim_restore(*, claim: Claim, actor: Actor, expected_version: int | None = None) -> Claim:
    """Not checkable → new, when an editor decides it can be checked after all."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.NOT_CHECKABLE,), "restored")
        _require(can_restore(actor, claim), "Only editors can restore a not-checkable claim.")
        claim.status_reason = ""
        _set_status(claim, Status.NEW, actor=actor, extra=("status_reason",))
        return claim


def claim_confirm_article_change(
    *, claim: Claim, actor: Actor, expected_version: int | None = None
) -> Claim:
    """An editor confirms a published verdict still holds for the article's changed text:
    the public page then quotes the text as it is now. Otherwise the claim is reopened."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.PUBLISHED,), "confirmed against the changed article")
        _require(can_reopen(actor, claim), "Only editors confirm a published verdict.")
        if not claim.article_changed:
            raise WorkflowError(f"{claim.external_id}: the article has not changed its quote.")
        if claim.anchor_lost:
            raise WorkflowError(
                "The quote is no longer in the article: reopen the claim to correct it."
            )
        verdict = Verdict.objects.published().select_for_update().get(claim=claim)
        before = {"quote": verdict.published_quote}
        verdict.published_quote = claim.quote
        verdict.save(update_fields=["published_quote", "updated_at"])
        claim.article_changed = False
        claim.save_new_version("article_changed")
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.ARTICLE_CHANGE_CONFIRMED,
            before=before,
            after={"quote": claim.quote},
        )
        public_pages_changed(claim.pk)
        return claim


def claim_withdraw(*, claim: Claim, actor: Actor, expected_version: int | None = None) -> Claim:
    """In review → researching, by the reviewer who submitted it (to fix something first)."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.IN_REVIEW,), "withdrawn from review")
        verdict = claim.current_verdict()
        _require(
            can_withdraw(actor, claim, verdict),
            "Only the reviewer who submitted this verdict can withdraw it.",
        )
        verdict.submitted_at = None
        verdict.save(update_fields=["submitted_at", "updated_at"])
        _set_status(claim, Status.RESEARCHING, actor=actor)
        event_record(claim=claim, actor=actor, kind=ClaimEvent.Kind.WITHDRAWN)
        return claim


def claim_release(*, claim: Claim, actor: Actor, expected_version: int | None = None) -> Claim:
    """The assignee gives the claim back to the desk; its evidence and draft stay."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.NEW, Status.RESEARCHING), "released")
        _require(can_release(actor, claim), "Only the claim's assignee can release it.")
        before = claim.assignee_id
        claim.assignee = None
        claim.save_new_version("assignee")
        work_moved((before, claim.status), (None, claim.status))
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.RELEASED,
            before={"assignee": actor},
            after={"assignee": None},
        )
        return claim


# A typo fix keeps at least this much of the short claim; more is a new verdict to review.
TYPO_SIMILARITY = 0.8


def verdict_fix_short_claim(
    *, claim: Claim, actor: Actor, short_claim: str, expected_version: int | None = None
) -> Verdict:
    """An editor corrects a typo in a submitted short claim without sending it back."""
    with transaction.atomic():
        claim = locked_claim(claim, expected_version)
        _require_status(claim, (Status.IN_REVIEW,), "corrected in review")
        _require(can_fix_short_claim(actor, claim), "Only editors correct a submitted short claim.")
        verdict = claim.current_verdict()
        before, after = verdict.short_claim, short_claim.strip()
        if not after:
            raise WorkflowError("The short claim cannot be empty.")
        if len(after) > 75:
            raise WorkflowError("The short claim must be at most 75 characters.")
        if after == before:
            return verdict
        if SequenceMatcher(None, before, after).ratio() < TYPO_SIMILARITY:
            raise WorkflowError(
                "That changes more than a typo: send the verdict back with a reason instead."
            )
        verdict.short_claim = after
        verdict.save(update_fields=["short_claim", "updated_at"])
        claim.save_new_version()
        event_record(
            claim=claim,
            actor=actor,
            kind=ClaimEvent.Kind.SHORT_CLAIM_FIXED,
            before={"short_claim": before},
            after={"short_claim": after},
        )
        return verdict


@dataclass(frozen=True)
class Transition:
    service: Callable
    needs_reason: bool
    done: str  # past tense, for messages: "3 claims published."


# Transitions that take a claim and a user (and a reason where needed), by their URL names.
TRANSITIONS = {
    "submit": Transition(claim_submit, False, "submitted for review"),
    "publish": Transition(verdict_publish, False, "published"),
    "send_back": Transition(claim_send_back, True, "sent back for more research"),
    "reopen": Transition(claim_reopen, True, "reopened for correction"),
    "not_checkable": Transition(claim_mark_not_checkable, True, "marked not checkable"),
    "restore": Transition(claim_restore, False, "restored to new"),
    "confirm_article": Transition(
        claim_confirm_article_change, False, "confirmed against the changed article"
    ),
    "withdraw": Transition(claim_withdraw, False, "withdrawn from review"),
    "release": Transition(claim_release, False, "released"),
}
