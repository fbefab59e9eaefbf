"""Who may do what with a claim: the workflow's rules of role and status, in one place.

Services check them before they write; a page works them out once per request into a
`ClaimPermissions`, which its template reads.
"""

from dataclasses import dataclass

from claims.models import Claim, ClaimEvent, Evidence, Verdict
from claims.roles import is_editor, is_reviewer

Status = Claim.Status

# Evidence is added and changed while a claim is being researched (or not yet started).
OPEN_STATUSES = (Status.NEW, Status.RESEARCHING)
# A claim in review or published is frozen: its text, quote and evidence change only after
# it goes back to research. Importers apply the same rule.
FROZEN_STATUSES = (Status.IN_REVIEW, Status.PUBLISHED)


def can_assign(user, claim: Claim, assignee) -> bool:
    if claim.status not in (Status.NEW, Status.RESEARCHING, Status.IN_REVIEW):
        return False
    if is_editor(user):
        return assignee is None or is_reviewer(assignee)
    return (
        is_reviewer(user)
        and assignee == user
        and claim.status in (Status.NEW, Status.RESEARCHING)
        and claim.assignee_id is None
    )


def can_work_on(user, claim: Claim) -> bool:
    """Propose a verdict or submit it: the assignee, or an editor."""
    if claim.status != Status.RESEARCHING:
        return False
    return is_editor(user) or (is_reviewer(user) and claim.assignee_id == user.pk)


def can_submit(user, claim: Claim) -> bool:
    return claim.status == Status.RESEARCHING and claim.assignee_id == user.pk and is_reviewer(user)


def can_publish(user, claim: Claim, verdict: Verdict | None = None) -> bool:
    """An editor who neither submitted nor wrote the verdict: a second pair of eyes."""
    if claim.status != Status.IN_REVIEW or not is_editor(user):
        return False
    verdict = verdict if verdict is not None else claim.current_verdict()
    if verdict is None or verdict.submitted_by_id == user.pk:
        return False
    return not claim.events.filter(
        kind=ClaimEvent.Kind.VERDICT_PROPOSED, actor=user, created_at__gte=verdict.created_at
    ).exists()


def can_send_back(user, claim: Claim) -> bool:
    return claim.status == Status.IN_REVIEW and is_editor(user)


def can_reopen(user, claim: Claim) -> bool:
    return claim.status == Status.PUBLISHED and is_editor(user)


def can_mark_not_checkable(user, claim: Claim) -> bool:
    return claim.status in (Status.NEW, Status.RESEARCHING) and is_editor(user)


def can_restore(user, claim: Claim) -> bool:
    return claim.status == Status.NOT_CHECKABLE and is_editor(user)


def can_withdraw(user, claim: Claim, verdict: Verdict | None = None) -> bool:
    """Take a submission back to research: the reviewer who submitted it."""
    if claim.status != Status.IN_REVIEW or not is_reviewer(user):
        return False
    verdict = verdict if verdict is not None else claim.current_verdict()
    return verdict is not None and verdict.submitted_by_id == user.pk


def can_release(user, claim: Claim) -> bool:
    """Give a claim back to the desk: its assignee, before it is submitted."""
    return (
        claim.status in OPEN_STATUSES
        and claim.assignee_id is not None
        and claim.assignee_id == user.pk
        and is_reviewer(user)
    )


def can_fix_short_claim(user, claim: Claim) -> bool:
    """Correct a typo in a submitted short claim without sending the verdict back."""
    return claim.status == Status.IN_REVIEW and is_editor(user)


def can_set_due(user, claim: Claim) -> bool:
    return is_editor(user) and claim.status in (*OPEN_STATUSES, Status.IN_REVIEW)


def can_edit_claim(user, claim: Claim) -> bool:
    """Reword or re-anchor a claim: editors before review, or the assignee while researching."""
    if is_editor(user):
        return claim.status not in FROZEN_STATUSES
    return can_work_on(user, claim)


def can_add_evidence(user, claim: Claim) -> bool:
    return is_reviewer(user) and claim.status in OPEN_STATUSES


def can_change_evidence(user, evidence: Evidence) -> bool:
    """One's own evidence, or any as an editor, while the claim is still being researched."""
    return (
        is_reviewer(user)
        and evidence.claim.status in OPEN_STATUSES
        and (evidence.added_by_id == user.pk or is_editor(user))
    )


@dataclass(frozen=True)
class ClaimPermissions:
    """What one user may do with one claim now: what its page offers."""

    take: bool
    assign: bool
    add_evidence: bool
    propose: bool
    submit: bool
    publish: bool
    send_back: bool
    reopen: bool
    not_checkable: bool
    restore: bool
    edit_claim: bool
    comment: bool
    withdraw: bool
    release: bool
    fix_short_claim: bool
    set_due: bool

    @classmethod
    def of(cls, user, claim: Claim, verdict: Verdict | None) -> "ClaimPermissions":
        """`verdict` is the claim's current verdict (None when it has none)."""
        return cls(
            take=claim.assignee_id is None and can_assign(user, claim, user),
            assign=is_editor(user) and can_assign(user, claim, None),
            add_evidence=can_add_evidence(user, claim),
            propose=can_work_on(user, claim),
            submit=can_submit(user, claim),
            publish=verdict is not None and can_publish(user, claim, verdict),
            send_back=can_send_back(user, claim),
            reopen=can_reopen(user, claim),
            not_checkable=can_mark_not_checkable(user, claim),
            restore=can_restore(user, claim),
            edit_claim=can_edit_claim(user, claim),
            comment=is_reviewer(user),
            withdraw=can_withdraw(user, claim, verdict),
            release=can_release(user, claim),
            fix_short_claim=verdict is not None and can_fix_short_claim(user, claim),
            set_due=can_set_due(user, claim),
        )
