"""The public fact-check site: published verdicts, open to everyone, cached whole."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from claims.exports.claimreview import (
    claimreview,
    claimreview_response,
    public_url,
    site_url,
)
from claims.exports.jsonld import jsonld_script_body
from claims.models import Claim, SourceSnapshot, Verdict
from claims.public.cache import LISTS, cached_public_page, claim_scope
from claims.public.forms import FactCheckFilterForm
from claims.public.records import (
    archived_snapshot,
    cited_sources,
    earlier_verdicts,
    public_corrections,
    public_verdicts,
)
from claims.search import search_claims
from claims.views.pagination import CappedPaginator

PAGE_SIZE = 20


def _lists(**kwargs) -> str:
    return LISTS


def _claim(*, pk: int, **kwargs) -> str:
    return claim_scope(pk)


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context = {"organisation": settings.FACTCHECK_ORGANISATION, **context}
    return render(request, template, context)


def _public_verdict(pk: int) -> Verdict:
    verdict = public_verdicts().filter(claim=pk).first()
    if verdict is None:
        raise Http404("No published fact check has this number.")
    return verdict


@require_safe
@login_not_required
@cached_public_page(_lists)
def fact_check_list(request: HttpRequest) -> HttpResponse:
    """Published fact checks, newest first, filtered by rating, article and words."""
    form = FactCheckFilterForm(request.GET or None)
    verdicts = public_verdicts()
    # A filter that is not valid is left out (and named on the page); the others still apply.
    data = {}
    if form.is_bound:
        form.is_valid()  # cleans every field; one that is not valid is left out
        data = form.cleaned_data
    if data.get("q"):
        verdicts = verdicts.filter(claim__in=search_claims(Claim.objects.all(), data["q"]))
    if data.get("rating"):
        verdicts = verdicts.filter(rating=data["rating"])
    if data.get("article"):
        verdicts = verdicts.filter(claim__article=data["article"])
    page = CappedPaginator(verdicts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "public/fact_check_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "canonical": site_url(request.path),
        },
    )


@require_safe
@login_not_required
@cached_public_page(_claim)
def fact_check_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """One published fact check, as published, with its earlier verdicts."""
    verdict = _public_verdict(pk)
    claim = verdict.claim
    if slug != claim.public_slug:
        return redirect(claim.get_public_url(), permanent=True)
    response = _render(
        request,
        "public/fact_check_detail.html",
        {
            "verdict": verdict,
            "claim": claim,
            "article": claim.article,
            "correction_pending": claim.status != Claim.Status.PUBLISHED,
            "sources": cited_sources(verdict),
            "earlier": earlier_verdicts(verdict),
            "jsonld": jsonld_script_body(claimreview(verdict)),
            "canonical": public_url(claim),
            "bylines": settings.PUBLIC_BYLINES,
            "scale": range(1, 6),
        },
    )
    response["Last-Modified"] = http_date(verdict.updated_at.timestamp())
    return response


@require_safe
@login_not_required
@cached_public_page(_claim)
def fact_check_claimreview(request: HttpRequest, pk: int) -> HttpResponse:
    """The published verdict as schema.org ClaimReview."""
    return claimreview_response(_public_verdict(pk))


def _archived_copy(pk: int, snapshot_pk: int) -> tuple[Verdict, SourceSnapshot]:
    """A snapshot that a published verdict shows as a source's archived copy; nothing else
    the desk has captured is public."""
    verdict = _public_verdict(pk)
    for cited in cited_sources(verdict):
        snapshot = archived_snapshot(cited.source, verdict)
        if snapshot is not None and snapshot.pk == snapshot_pk:
            return verdict, snapshot
    raise Http404("This fact check shows no archived copy with this number.")


@require_safe
@login_not_required
@cached_public_page(_claim)
def archived_copy(request: HttpRequest, pk: int, snapshot_pk: int) -> HttpResponse:
    """The readable text of a cited page as the desk captured it before publishing."""
    verdict, snapshot = _archived_copy(pk, snapshot_pk)
    snapshot = SourceSnapshot.objects.select_related("source").get(pk=snapshot.pk)
    return _render(
        request,
        "public/archived_copy.html",
        {
            "verdict": verdict,
            "claim": verdict.claim,
            "snapshot": snapshot,
            "paragraphs": [line for line in snapshot.text.splitlines() if line.strip()],
            "canonical": site_url(request.path),
        },
    )


@require_safe
@login_not_required
def archived_copy_warc(request: HttpRequest, pk: int, snapshot_pk: int) -> FileResponse:
    """The capture itself (WARC), for anyone who wants to replay or verify it."""
    _verdict, snapshot = _archived_copy(pk, snapshot_pk)
    try:
        handle = snapshot.warc.open("rb")
    except FileNotFoundError:
        raise Http404("This capture's file is missing from the storage.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"fact-check-{pk}-source-{snapshot.source_id}.warc.gz",
        content_type="application/warc",
    )


@require_safe
@login_not_required
@cached_public_page(_lists)
def corrections_log(request: HttpRequest) -> HttpResponse:
    """Every published correction, newest first, with what it changed and why."""
    page = CappedPaginator(public_corrections(), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "public/corrections.html",
        {"page": page, "query": "", "canonical": site_url(request.path)},
    )


@require_safe
@login_not_required
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site and nothing of the desk."""
    lines = [
        "User-agent: *",
        "Allow: /fact-checks/",
        "Allow: /corrections/",
        "Allow: /static/",
        "Disallow: /",
        f"Sitemap: {site_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
