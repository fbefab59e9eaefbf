"""Downloads: the queue as CSV, the corrections log, and a verdict's ClaimReview."""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from claims.exports.claimreview import claimreview_response, published_verdicts
from claims.exports.verdicts import (
    can_export_unpublished,
    claims_for_export,
    corrections_csv,
    csv_response,
    dated_filename,
    verdict_csv,
)
from claims.models import Claim
from claims.views.filters import ClaimFilter
from claims.views.http import HtmxHttpRequest


@require_safe
def export_verdicts(request: HtmxHttpRequest) -> StreamingHttpResponse:
    """The claims the queue's filters select, with their verdicts, streamed as CSV."""
    selected = ClaimFilter(request.GET, queryset=Claim.objects.all(), request=request).qs
    claims = claims_for_export(selected, user=request.user)
    # Proposed verdicts are unpublished work: only for those who may export it.
    include_drafts = request.GET.get("include_drafts") == "1" and can_export_unpublished(
        request.user
    )
    chunks = verdict_csv(
        claims, include_drafts=include_drafts, excel=request.GET.get("excel") == "1"
    )
    return csv_response(chunks, dated_filename("verdicts"))


@require_safe
def export_corrections(request: HtmxHttpRequest) -> StreamingHttpResponse:
    """Every published verdict that corrected an earlier published one, as CSV."""
    return csv_response(corrections_csv(), dated_filename("corrections"))


@require_safe
def claimreview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The claim's published verdict as schema.org ClaimReview (JSON-LD)."""
    verdict = published_verdicts(Claim.objects.filter(pk=pk)).first()
    if verdict is None:
        raise Http404("This claim has no published verdict.")
    return claimreview_response(verdict)
