"""The queue of claims and the claim page."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from claims.models import Claim, ClaimEvent
from claims.roles import assignable_users, is_editor
from claims.services import workflow
from claims.services.evidence import can_add_evidence, can_change_evidence
from claims.views.figure_chart import figure_chart
from claims.views.filters import ClaimFilter, assignee_choices
from claims.views.forms import (
    CommentForm,
    EvidenceEditForm,
    EvidenceForm,
    VerdictForm,
)
from claims.views.highlight import quote_in_context
from claims.views.http import HtmxHttpRequest
from claims.views.pagination import CappedPaginator

PAGE_SIZE = 50


@require_safe
def claim_list(request: HtmxHttpRequest):
    """The queue: filter, search, sort and page through claims."""
    claim_filter = ClaimFilter(request.GET, queryset=Claim.objects.for_queue(), request=request)
    page = CappedPaginator(claim_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": claim_filter,
        "page": page,
        "query": query.urlencode(),
        "assignees": assignee_choices(),
        "selected_assignee": request.GET.get("assignee", ""),
        "selected_statuses": request.GET.getlist("status"),
        "can_bulk": is_editor(request.user),
    }
    template = "claims/claim_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def workspace_context(request, claim: Claim, **overrides) -> dict:
    """Everything the claim page shows, with fresh forms unless `overrides` supplies some."""
    user = request.user
    before, quote, after = quote_in_context(claim.article.body, claim)
    evidence = list(claim.evidence.select_related("source", "added_by", "claim"))
    verdicts = list(
        claim.verdicts.select_related("rating", "submitted_by", "approved_by", "created_by")
    )
    verdict = next((item for item in verdicts if item.is_current), None)
    claim.current_verdicts = [verdict] if verdict else []
    initial_verdict = (
        {
            "rating": verdict.rating_id,
            "summary": verdict.summary,
            "short_claim": verdict.short_claim,
        }
        if verdict
        else {}
    )
    version = {"version": claim.version}
    for item in evidence:
        item.editable = can_change_evidence(user, item)
    checks = workflow.publish_checks(claim, verdict, evidence)
    events = list(claim.events.select_related("actor"))
    context = {
        "claim": claim,
        "context_before": before,
        "context_quote": quote,
        "context_after": after,
        "evidence": evidence,
        "chart": figure_chart(claim, evidence),
        "verdict": verdict,
        "earlier_verdicts": [item for item in verdicts if not item.is_current],
        "checks": checks,
        "checks_pass": all(check.passed for check in checks),
        "comments": list(claim.comments.select_related("author")),
        "events": events,
        "returned": sent_back_notice(claim, verdict, events),
        "can": {
            "take": claim.assignee_id is None and workflow.can_assign(user, claim, user),
            "assign": is_editor(user) and workflow.can_assign(user, claim, None),
            "add_evidence": can_add_evidence(user, claim),
            "propose": workflow.can_work_on(user, claim),
            "submit": workflow.can_submit(user, claim),
            "publish": workflow.can_publish(user, claim, verdict),
            "send_back": workflow.can_send_back(user, claim),
            "reopen": workflow.can_reopen(user, claim),
            "not_checkable": workflow.can_mark_not_checkable(user, claim),
            "restore": workflow.can_restore(user, claim),
            "edit_claim": workflow.can_edit_claim(user, claim),
        },
        "is_own_submission": verdict is not None and verdict.submitted_by_id == user.pk,
        "evidence_form": EvidenceForm(claim=claim),
        "verdict_form": VerdictForm(initial={**initial_verdict, **version}),
        "reason_action": None,  # a failed action's name and reason, to show them again
        "reason_text": "",
        "comment_form": CommentForm(),
        "editing": None,
        "claim_form": None,
        "conflict": None,
    }
    if context["can"]["assign"]:
        context["people"] = list(assignable_users())
    context.update(overrides)
    if context["editing"] is not None and "edit_form" not in overrides:
        context["edit_form"] = EvidenceEditForm(instance=context["editing"])
    return context


def sent_back_notice(claim: Claim, verdict, events: list) -> ClaimEvent | None:
    """The editor's reason, while a claim sent back has not been resubmitted."""
    if claim.status != Claim.Status.RESEARCHING or verdict is None or verdict.submitted_at:
        return None
    for event in reversed(events):
        if event.kind == ClaimEvent.Kind.VERDICT_RETURNED:
            return event
        if event.kind in (ClaimEvent.Kind.REOPENED, ClaimEvent.Kind.VERDICT_SUBMITTED):
            return None
    return None


def claim_for_page(pk: int) -> Claim:
    return get_object_or_404(Claim.objects.select_related("article", "assignee"), pk=pk)


@require_safe
def claim_detail(request: HtmxHttpRequest, pk: int):
    """One claim: its quote in context, evidence, verdicts, discussion and timeline."""
    claim = claim_for_page(pk)
    return render(request, "claims/claim_detail.html", workspace_context(request, claim))
