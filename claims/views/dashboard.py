"""The dashboard: my claims, what awaits review, progress per article, recent activity."""

from django.db.models import F, OuterRef, Subquery
from django.shortcuts import render
from django.views.decorators.http import require_safe

from claims.models import Article, Claim, ClaimEvent, Verdict
from claims.roles import is_editor
from claims.views.http import HtmxHttpRequest
from claims.views.progress import status_shares, with_status_counts

OPEN = (Claim.Status.NEW, Claim.Status.RESEARCHING, Claim.Status.IN_REVIEW)


def _latest(kind: str):
    """The time of the claim's latest audit event of `kind` (the (claim, time) index)."""
    events = ClaimEvent.objects.filter(claim=OuterRef("pk"), kind=kind)
    return events.order_by("-created_at").values("created_at")[:1]


@require_safe
def dashboard(request: HtmxHttpRequest):
    """What the signed-in user should look at first."""
    mine = list(
        Claim.objects.for_queue()
        .assigned_to(request.user)
        .with_status(*OPEN)
        .annotate(returned_at=Subquery(_latest(ClaimEvent.Kind.VERDICT_RETURNED)))
        .annotate(submitted_at=Subquery(_latest(ClaimEvent.Kind.VERDICT_SUBMITTED)))
        .order_by("-priority", "pk")[:20]
    )
    for claim in mine:
        # Sent back and not resubmitted: the reviewer's turn again, which a plain
        # "Researching" would hide.
        claim.sent_back = claim.status == Claim.Status.RESEARCHING and bool(
            claim.returned_at and (not claim.submitted_at or claim.returned_at > claim.submitted_at)
        )
    awaiting_review, article_changed = [], []
    if is_editor(request.user):
        article_changed = list(
            Claim.objects.for_queue().filter(article_changed=True).order_by("-updated_at")[:20]
        )
        # An editor cannot publish what they submitted, so it is not theirs to review.
        own = Verdict.objects.current().filter(submitted_by=request.user)
        # Oldest submission first: approval is where work stalls.
        submitted_at = Verdict.objects.current().filter(claim=OuterRef("pk"))
        awaiting_review = list(
            Claim.objects.for_queue()
            .with_status(Claim.Status.IN_REVIEW)
            .exclude(verdicts__in=own)
            .annotate(waiting_since=Subquery(submitted_at.values("submitted_at")[:1]))
            .order_by(F("waiting_since").asc(nulls_last=True), "pk")[:20]
        )
    articles = list(with_status_counts(Article.objects.order_by("-created_at", "-pk"))[:10])
    for article in articles:
        article.shares = status_shares(article)
    activity = list(
        ClaimEvent.objects.select_related("actor", "claim").order_by("-created_at", "-pk")[:10]
    )
    return render(
        request,
        "claims/dashboard.html",
        {
            "mine": mine,
            "awaiting_review": awaiting_review,
            "article_changed": article_changed,
            "articles": articles,
            "activity": activity,
        },
    )
