"""What each change on the desk tells whom: one function per change, called by its service.

Each person hears of one change once, by the most specific kind that fits them (a reviewer
mentioned in a comment on a claim they watch is told of the mention, not of the comment).
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import F
from django.db.models.functions import Coalesce

from claims.deadlines import DueWindow, approval_target, duration_words
from claims.models import Claim, Verdict
from claims.notifications.mentions import mentioned_people
from claims.notifications.services import (
    Kind,
    claim_label,
    editors,
    notify,
    watch_start,
    watchers,
)


def assigned(*, claim, assignee, actor) -> None:
    watch_start(claim=claim, user=assignee)
    notify(
        kind=Kind.ASSIGNED,
        recipients=[assignee],
        claim=claim,
        actor=actor,
        message=f"{actor} assigned you {claim_label(claim)}",
    )


def submitted(*, claim, actor) -> None:
    watch_start(claim=claim, user=actor)
    notify(
        kind=Kind.REVIEW_REQUESTED,
        recipients=editors(),
        claim=claim,
        actor=actor,
        message=f"{actor} submitted {claim_label(claim)} for review",
    )


def sent_back(*, claim, verdict, reason: str, actor) -> None:
    people = [claim.assignee]
    if verdict is not None and verdict.submitted_by_id:
        people.append(verdict.submitted_by)
    notify(
        kind=Kind.SENT_BACK,
        recipients=people,
        claim=claim,
        actor=actor,
        message=f"{actor} sent back {claim_label(claim)}",
        detail=reason,
    )


def published(*, claim, verdict, actor) -> None:
    people = [claim.assignee, verdict.submitted_by, *watchers(claim)]
    notify(
        kind=Kind.PUBLISHED,
        recipients=people,
        claim=claim,
        actor=actor,
        message=f"{actor} published {verdict.rating.label} for {claim_label(claim)}",
    )


def commented(*, claim, comment, actor) -> None:
    mentioned = mentioned_people(comment.body)
    notify(
        kind=Kind.MENTIONED,
        recipients=mentioned,
        claim=claim,
        actor=actor,
        message=f"{actor} mentioned you on {claim_label(claim)}",
        detail=comment.body[:500],
    )
    told = {person.pk for person in mentioned}
    notify(
        kind=Kind.WATCHED_ACTIVITY,
        recipients=[person for person in watchers(claim) if person.pk not in told],
        claim=claim,
        actor=actor,
        message=f"{actor} commented on {claim_label(claim)}",
        detail=comment.body[:500],
    )
    watch_start(claim=claim, user=actor)


def evidence_added(*, claim, evidence, actor) -> None:
    notify(
        kind=Kind.WATCHED_ACTIVITY,
        recipients=watchers(claim),
        claim=claim,
        actor=actor,
        message=f"{actor} added evidence to {claim_label(claim)}",
        detail=evidence.source.title or evidence.source.url,
    )


def article_text_changed(*, article, actor) -> None:
    """The people behind each published claim of `article`: its text is no longer what they
    checked."""
    published_claims = Claim.objects.filter(
        article=article, status=Claim.Status.PUBLISHED
    ).select_related("assignee")
    approvers = dict(
        Verdict.objects.current()
        .filter(claim__in=published_claims)
        .values_list("claim_id", "approved_by")
    )
    people = get_user_model().objects.in_bulk(set(approvers.values()) - {None})
    for claim in published_claims:
        notify(
            kind=Kind.ARTICLE_CHANGED,
            recipients=[claim.assignee, people.get(approvers.get(claim.pk)), *watchers(claim)],
            claim=claim,
            actor=actor,
            message=f"{actor} changed the text of “{article.title}”, "
            f"where published claim {claim.external_id} appears",
        )


def deadlines_notify(*, now: datetime) -> dict[str, int]:
    """Tell assignees of claims due soon or overdue, and editors of verdicts waiting longer
    than the approval target; each once per due date or submission. Returns counts by kind."""
    window = DueWindow.at(now)
    due = Coalesce(F("due_on"), F("article__due_on"))
    researching = (
        Claim.objects.filter(status=Claim.Status.RESEARCHING, assignee__isnull=False)
        .annotate(due=due)
        .filter(due__lte=window.soon_until)
        .select_related("assignee", "article")
    )
    counts = {Kind.DUE_SOON: 0, Kind.OVERDUE: 0, Kind.APPROVAL_LATE: 0}
    for claim in researching:
        kind = Kind.OVERDUE if claim.due < window.today else Kind.DUE_SOON
        sent = notify(
            kind=kind,
            recipients=[claim.assignee],
            claim=claim,
            message=f"{claim_label(claim)} is {'overdue' if kind == Kind.OVERDUE else 'due soon'}"
            f" (due {claim.due:%-d %b %Y})",
            key=claim.due.isoformat(),
        )
        counts[kind] += len(sent)
    late = Verdict.objects.current().filter(
        claim__status=Claim.Status.IN_REVIEW, submitted_at__lt=now - approval_target()
    )
    people = list(editors())
    for verdict in late.select_related("claim"):
        sent = notify(
            kind=Kind.APPROVAL_LATE,
            recipients=[person for person in people if person.pk != verdict.submitted_by_id],
            claim=verdict.claim,
            message=f"{claim_label(verdict.claim)} has waited "
            f"{duration_words(now - verdict.submitted_at)} for approval",
            key=verdict.submitted_at.isoformat(),
        )
        counts[Kind.APPROVAL_LATE] += len(sent)
    return counts
