"""The queue of claims and the claim page."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from claims.filters import ClaimFilter, assignee_choices
from claims.highlight import quote_in_context
from claims.http import HtmxHttpRequest
from claims.models import Claim
from claims.workflow import current_verdict, publish_checks

PAGE_SIZE = 50


@require_safe
def claim_list(request: HtmxHttpRequest):
    """The queue: filter, search, sort and page through claims."""
    claim_filter = ClaimFilter(request.GET, queryset=Claim.objects.for_queue(), request=request)
    page = Paginator(claim_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": claim_filter,
        "page": page,
        "query": query.urlencode(),
        "assignees": assignee_choices(request.user),
        "selected_assignee": request.GET.get("assignee", ""),
        "selected_statuses": request.GET.getlist("status"),
    }
    template = "claims/claim_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@require_safe
def claim_detail(request: HtmxHttpRequest, pk: int):
    """One claim: its quote in context, evidence, verdicts, discussion and timeline."""
    claim = get_object_or_404(Claim.objects.for_queue(), pk=pk)
    before, quote, after = quote_in_context(claim.article.body, claim)
    evidence = list(claim.evidence.select_related("source", "added_by"))
    verdict = current_verdict(claim)
    context = {
        "claim": claim,
        "context_before": before,
        "context_quote": quote,
        "context_after": after,
        "evidence": evidence,
        "verdict": verdict,
        "verdicts": list(
            claim.verdicts.select_related("rating", "submitted_by", "approved_by", "created_by")
        ),
        "checks": publish_checks(claim, verdict),
        "comments": list(claim.comments.select_related("author")),
        "events": list(claim.events.select_related("actor")),
    }
    return render(request, "claims/claim_detail.html", context)
