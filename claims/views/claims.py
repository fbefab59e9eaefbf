"""The queue of claims and the claim page."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from claims.models import Claim
from claims.roles import is_editor
from claims.views.claim_page import ClaimPage, claim_for_page, render_claim_page
from claims.views.filters import ClaimFilter, assignee_choices
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
        "query_pairs": [(name, value) for name in query for value in query.getlist(name)],
        "assignees": assignee_choices(),
        "selected_assignee": request.GET.get("assignee", ""),
        "selected_statuses": request.GET.getlist("status"),
        "can_bulk": is_editor(request.user),
    }
    template = "claims/claim_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@require_safe
def claim_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One claim: its quote in context, evidence, verdicts, discussion and timeline."""
    claim = claim_for_page(pk)
    return render_claim_page(request, ClaimPage(request, claim))
