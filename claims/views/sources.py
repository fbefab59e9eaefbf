"""Source pages: the list, one source with its checks and snapshots, a snapshot's text,
its WARC, a diff of two snapshots, and the publisher registry."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from claims.models import Evidence, Publisher, Source, SourceSnapshot
from claims.roles import is_editor
from claims.services.sources import (
    normalise_url,
    offered_details,
    publisher_save,
    source_check_request,
    source_fill_details,
)
from claims.services.workflow import NotAllowed, WorkflowError
from claims.sources.diff import side_by_side
from claims.sources.publishers import publisher_for, publisher_records
from claims.views.http import HtmxHttpRequest
from claims.views.pagination import CappedPaginator
from claims.views.source_status import evidence_for_badges, source_badges, with_badges

PAGE_SIZE = 50
SNAPSHOT_LISTED = ("text",)  # what lists of snapshots leave unread


class SourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    link_status = django_filters.ChoiceFilter(
        label="Link status",
        choices=[*Source.LinkStatus.choices, ("changed", "Changed since cited")],
        empty_label="Any status",
        method="status",
    )
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices, empty_label="Any kind")
    reliability = django_filters.ChoiceFilter(
        choices=Source.Reliability.choices, empty_label="Any reliability"
    )
    publisher = django_filters.CharFilter(label="Publisher", method="by_publisher")

    class Meta:
        model = Source
        fields = ["q", "link_status", "kind", "reliability", "publisher"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(url__icontains=value) | Q(title__icontains=value))

    def status(self, queryset, name, value):
        if value == "changed":
            return queryset.changed_since_cited()
        return queryset.filter(link_status=value)

    def by_publisher(self, queryset, name, value):
        value = value.strip()
        domain = value.lower().removeprefix("www.")
        return queryset.filter(
            Q(publisher__icontains=value) | Q(domain=domain) | Q(domain__endswith=f".{domain}")
        )


@require_safe
def source_list(request: HtmxHttpRequest):
    """Every source the desk cites, filtered by the query string."""
    sources = (
        Source.objects.select_related("last_snapshot")
        .defer("last_snapshot__text")
        .annotate(citations=Count("evidence"))
        .order_by("-created_at", "-pk")
    )
    source_filter = SourceFilter(request.GET, queryset=sources)
    page = CappedPaginator(source_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for source in page:
        source.badges = source_badges(source)
    query = request.GET.copy()
    query.pop("page", None)
    template = "claims/source_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    context = {"filter": source_filter, "page": page, "query": query.urlencode()}
    return render(request, template, context)


def _source(pk: int) -> Source:
    return get_object_or_404(
        Source.objects.select_related("last_snapshot").defer("last_snapshot__text"), pk=pk
    )


def _status_context(request, source: Source) -> dict:
    return {"source": source, "badges": source_badges(source), "can_check": is_editor(request.user)}


@require_safe
def source_detail(request: HtmxHttpRequest, pk: int):
    """One source: its state, checks, snapshots, and every claim citing it."""
    source = _source(pk)
    if request.htmx and request.htmx.target == "source-status":
        return render(request, "claims/source_detail.html#status", _status_context(request, source))
    citations = with_badges(
        list(
            evidence_for_badges(source.evidence.select_related("claim", "claim__article"))
            .defer("claim__article__body")
            .order_by("created_at", "pk")
        )
    )
    publisher = publisher_for(source.domain) if source.domain else None
    record_domain = publisher.domain if publisher else source.domain
    context = {
        **_status_context(request, source),
        "checks": list(source.checks.select_related("requested_by")[:20]),
        "snapshots": list(source.snapshots.defer(*SNAPSHOT_LISTED)),
        "citations": citations,
        "offered": offered_details(source, source.last_snapshot),
        "publisher": publisher,
        "record": publisher_records([record_domain]).get(record_domain) if record_domain else None,
    }
    return render(request, "claims/source_detail.html", context)


@require_POST
def source_check_now(request: HtmxHttpRequest, pk: int):
    """ "Check now", for editors: queue a check, and show it checking."""
    source = _source(pk)
    try:
        source_check_request(source=source, actor=request.user)
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    source.refresh_from_db()
    if request.htmx:
        return render(request, "claims/source_detail.html#status", _status_context(request, source))
    messages.success(request, "Check queued.")
    return redirect(source)


@require_POST
def source_fill(request: HtmxHttpRequest, pk: int):
    """Fill the source's empty details from what its archived page says."""
    source = _source(pk)
    try:
        filled = source_fill_details(source=source, actor=request.user)
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Filled in: {', '.join(filled).replace('_', ' ')}.")
    return redirect(source)


@require_safe
def source_badges_view(request: HtmxHttpRequest, pk: int):
    """One citation's badges, which poll while the source is being checked."""
    evidence = get_object_or_404(
        evidence_for_badges(Evidence.objects.filter(source_id=pk)), pk=request.GET.get("evidence")
    )
    [evidence] = with_badges([evidence])
    return render(request, "claims/includes/source_badges.html", {"item": evidence})


def _snapshot(pk: int, snapshot_pk: int) -> SourceSnapshot:
    return get_object_or_404(
        SourceSnapshot.objects.select_related("source"), pk=snapshot_pk, source_id=pk
    )


@require_safe
def snapshot_detail(request: HtmxHttpRequest, pk: int, snapshot_pk: int):
    """A snapshot's readable text (escaped: it is someone else's page) and its details."""
    snapshot = _snapshot(pk, snapshot_pk)
    others = snapshot.source.snapshots.exclude(pk=snapshot.pk).defer(*SNAPSHOT_LISTED)
    return render(
        request,
        "claims/snapshot_detail.html",
        {
            "snapshot": snapshot,
            "source": snapshot.source,
            "others": list(others),
            "paragraphs": [line for line in snapshot.text.splitlines() if line.strip()],
        },
    )


@require_safe
def snapshot_warc(request: HtmxHttpRequest, pk: int, snapshot_pk: int):
    """The WARC capture, as a download."""
    snapshot = _snapshot(pk, snapshot_pk)
    try:
        handle = snapshot.warc.open("rb")
    except FileNotFoundError:
        raise Http404("This capture's file is missing from the storage.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"source-{pk}-{snapshot.fetched_at:%Y%m%dT%H%M%S}.warc.gz",
        content_type="application/warc",
    )


@require_safe
def snapshot_diff(request: HtmxHttpRequest, pk: int, snapshot_pk: int):
    """This snapshot's text beside an earlier one's (`?against=`, by default the previous)."""
    snapshot = _snapshot(pk, snapshot_pk)
    earlier = snapshot.source.snapshots.exclude(pk=snapshot.pk)
    against_pk = request.GET.get("against", "")
    if against_pk.isdigit():
        against = get_object_or_404(earlier, pk=int(against_pk))
    else:
        against = earlier.filter(fetched_at__lte=snapshot.fetched_at).first()
        if against is None:
            raise Http404("This is the source's first snapshot: there is nothing to compare.")
    return render(
        request,
        "claims/snapshot_diff.html",
        {
            "snapshot": snapshot,
            "against": against,
            "source": snapshot.source,
            "rows": side_by_side(against.text, snapshot.text),
        },
    )


@require_safe
def source_lookup(request: HtmxHttpRequest):
    """While a reviewer types a URL: the stored source it would reuse, if any."""
    source = None
    try:
        url = normalise_url(request.GET.get("url", ""))
    except ValidationError:  # not a whole address yet: nothing to say
        url = ""
    if url:
        source = Source.objects.filter(url=url).first()
    return render(request, "claims/includes/known_source.html", {"known": source})


class PublisherForm(forms.Form):
    domain = forms.CharField(max_length=253, help_text="e.g. reuters.com; covers its subdomains.")
    name = forms.CharField(max_length=200, required=False)
    reliability = forms.ChoiceField(choices=Source.Reliability.choices)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Why the desk rates it so, with links.",
    )


@require_http_methods(["GET", "POST"])
def publisher_list(request: HtmxHttpRequest):
    """The publisher registry with the desk's record per publisher; editors change it."""
    editing = None
    if request.GET.get("edit", "").isdigit():
        editing = Publisher.objects.filter(pk=int(request.GET["edit"])).first()
    if request.method == "POST":
        if request.POST.get("id", "").isdigit():
            editing = get_object_or_404(Publisher, pk=int(request.POST["id"]))
        form = PublisherForm(request.POST)
        if form.is_valid():
            try:
                saved = publisher_save(actor=request.user, publisher=editing, **form.cleaned_data)
            except NotAllowed as error:
                return HttpResponseForbidden(str(error))
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{saved.domain} saved in the registry.")
                return redirect("claims:publisher_list")
    elif editing is not None:
        form = PublisherForm(
            initial={f: getattr(editing, f) for f in ("domain", "name", "reliability", "note")}
        )
    else:
        form = PublisherForm(initial={"reliability": Source.Reliability.UNKNOWN})
    publishers = list(Publisher.objects.all())
    records = publisher_records([item.domain for item in publishers])
    for item in publishers:
        item.record = records[item.domain]
    return render(
        request,
        "claims/publisher_list.html",
        {
            "publishers": publishers,
            "form": form,
            "editing": editing,
            "can_edit": is_editor(request.user),
        },
    )
