"""The search page, and the claim page's "checked before" actions."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from claims.models import Claim
from claims.search import search_everything
from claims.searching.query import MAX_QUERY_CHARS
from claims.services.checked_before import claim_mark_duplicate, evidence_reuse
from claims.services.workflow import NotAllowed, WorkflowError
from claims.views.http import HtmxHttpRequest


@require_safe
def search(request: HtmxHttpRequest) -> HttpResponse:
    """Claims, articles, sources, archived pages, evidence and comments matching `q`, grouped."""
    query = request.GET.get("q", "")
    results = search_everything(query)
    notes = []
    if query.strip() and results.parsed.is_empty:
        notes.append("Nothing to search for in that: type some words, a number or a claim id.")
    if results.parsed.truncated:
        notes.append(f"Only the first {MAX_QUERY_CHARS} characters or 24 words were searched.")
    return render(
        request,
        "claims/search.html",
        {"query": query, "results": results, "notes": notes},
    )


@require_POST
def evidence_reuse_view(request: HtmxHttpRequest, pk: int, earlier_pk: int) -> HttpResponse:
    """Copy an earlier claim's evidence to this one."""
    claim = get_object_or_404(Claim, pk=pk)
    earlier = get_object_or_404(Claim.objects.select_related("article"), pk=earlier_pk)
    try:
        copies = evidence_reuse(claim=claim, earlier=earlier, actor=request.user)
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(claim)
    count = len(copies)
    messages.success(
        request,
        f"Copied {count} evidence row{'s' if count != 1 else ''} from {earlier.external_id}."
        if count
        else f"{earlier.external_id} has no evidence this claim does not already cite.",
    )
    return redirect(claim)


@require_POST
def claim_duplicate(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Mark this claim a duplicate of another (or, without one, not a duplicate)."""
    claim = get_object_or_404(Claim, pk=pk)
    original = None
    if request.POST.get("original"):
        if not request.POST["original"].isdigit():
            messages.error(request, "The claim to link to is not a claim number.")
            return redirect(claim)
        original = get_object_or_404(Claim, pk=int(request.POST["original"]))
    try:
        claim_mark_duplicate(claim=claim, original=original, actor=request.user)
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(claim)
    if original is None:
        messages.success(request, "No longer marked as a duplicate.")
    else:
        messages.success(request, f"Marked as a duplicate of {original.external_id}.")
    return redirect(claim)
