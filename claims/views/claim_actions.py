"""Actions on a claim page: assign, edit, verdicts, transitions, evidence and comments.

Each action posts a form and calls one service. With htmx the region the form sits in is
re-rendered in place; without JavaScript a success redirects back to the claim page. A
refused action changes nothing: 403 when the user's role does not allow it, 409 when someone
changed the claim first, 400 when a rule or a field refuses it (with htmx, 200: htmx swaps
only successful answers, and the region carries the errors and the user's input).
"""

from http import HTTPStatus

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import trigger_client_event

from claims.models import Claim, Evidence, Source
from claims.notifications.mentions import trailing_mention
from claims.notifications.services import watch_start, watch_stop
from claims.roles import assignable_users, resolve_assignee
from claims.services import workflow
from claims.services.claims import claim_edit as claim_edit_service
from claims.services.claims import claim_set_due
from claims.services.comments import comment_add
from claims.services.evidence import evidence_add, evidence_remove, evidence_update
from claims.services.permissions import can_change_evidence, can_edit_claim, can_work_on
from claims.services.sources import normalise_url
from claims.services.workflow import Conflict, NotAllowed, WorkflowError
from claims.views.claim_page import (
    CLAIM_CHANGED,
    WORKSPACE,
    ClaimPage,
    claim_for_page,
    render_claim_page,
)
from claims.views.forms import (
    AssignForm,
    ClaimEditForm,
    CommentForm,
    DueForm,
    EvidenceEditForm,
    EvidenceForm,
    ReasonForm,
    ShortClaimFixForm,
    VerdictForm,
    VersionedForm,
    form_problems,
)
from claims.views.http import HtmxHttpRequest


def done(request: HtmxHttpRequest, claim: Claim, message: str = "") -> HttpResponse:
    """After a successful action: the refreshed region for htmx, else back to the page.

    A change made in one region may show in others (a new source ticks the checklist and
    adds to the timeline), so they are told to refresh themselves.
    """
    if message:
        messages.success(request, message)
    if not request.htmx:
        return redirect(claim)
    claim.refresh_from_db()
    page = ClaimPage(request, claim)
    response = render_claim_page(request, page)
    if page.target != WORKSPACE:
        trigger_client_event(response, CLAIM_CHANGED)
    return response


def refused(
    request: HtmxHttpRequest,
    claim: Claim,
    *,
    status: int = HTTPStatus.BAD_REQUEST,
    message: str = "",
    **page_state,
) -> HttpResponse:
    """A refused action: the page (or region) with the reason, the form's errors and the
    user's input kept; `page_state` is what `ClaimPage` takes."""
    if message:
        messages.error(request, message)
    claim.refresh_from_db()
    page = ClaimPage(request, claim, **page_state)
    return render_claim_page(request, page, status=HTTPStatus.OK if request.htmx else status)


def now_based_on(form, version: int):
    """The refused form, now carrying the version the conflict showed: saving it again, after
    reading the other person's change, is a choice rather than a second conflict."""
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = version
    return form


def show(request: HtmxHttpRequest, claim: Claim, **page_state) -> HttpResponse:
    """The claim page (or, for htmx, the targeted region) with a form opened in it."""
    return render_claim_page(request, ClaimPage(request, claim, **page_state))


@require_POST
def claim_assign(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Assign the claim: to oneself ("I'll take it") or, for editors, to anyone."""
    claim = claim_for_page(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return refused(request, claim, message=form_problems(form))
    try:
        assignee = resolve_assignee(form.cleaned_data["assignee"] or "me", me=request.user)
        workflow.claim_assign(
            claim=claim,
            assignee=assignee,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except Conflict as error:
        return refused(request, claim, status=HTTPStatus.CONFLICT, conflict=error)
    except (LookupError, WorkflowError) as error:
        return refused(request, claim, message=str(error))
    who = "you" if assignee == request.user else assignee or "nobody"
    return done(request, claim, f"Assigned to {who}.")


@require_http_methods(["GET", "POST"])
def claim_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Reword the claim or fix its quote; saving confirms the quote's anchor."""
    claim = claim_for_page(pk)
    if not can_edit_claim(request.user, claim):
        return HttpResponseForbidden(
            "Only editors, or the assignee while researching, edit claims."
        )
    if request.method == "GET":
        return show(request, claim, claim_form=ClaimEditForm.for_claim(claim))
    form = ClaimEditForm(request.POST)
    if not form.is_valid():
        return refused(request, claim, claim_form=form)
    try:
        claim_edit_service(
            claim=claim,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **form.values(),
        )
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except Conflict as error:
        form = now_based_on(form, error.claim.version)
        return refused(request, claim, status=HTTPStatus.CONFLICT, conflict=error, claim_form=form)
    except WorkflowError as error:
        form.add_error("quote", str(error))
        return refused(request, claim, claim_form=form)
    return done(request, claim, "Claim saved.")


@require_POST
def verdict_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Propose or revise the working verdict; with submit=1, also submit it for review."""
    claim = claim_for_page(pk)
    if not can_work_on(request.user, claim):
        return HttpResponseForbidden("You cannot propose a verdict for this claim now.")
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return refused(request, claim, verdict_form=form)
    submit = bool(request.POST.get("submit"))
    save = workflow.verdict_save_and_submit if submit else workflow.verdict_propose
    try:
        save(claim=claim, actor=request.user, **form.verdict_values())
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except Conflict as error:
        form = now_based_on(form, error.claim.version)
        return refused(
            request, claim, status=HTTPStatus.CONFLICT, conflict=error, verdict_form=form
        )
    except WorkflowError as error:
        form.add_error(None, str(error))
        return refused(request, claim, verdict_form=form)
    return done(request, claim, "Submitted for review." if submit else "Verdict saved.")


@require_POST
def claim_transition(request: HtmxHttpRequest, pk: int, action: str) -> HttpResponse:
    """Move the claim along the workflow: submit, publish, send back, reopen, and so on."""
    claim = claim_for_page(pk)
    transition = workflow.TRANSITIONS[action]
    form = (ReasonForm if transition.needs_reason else VersionedForm)(request.POST)
    if not form.is_valid():
        return refused(request, claim, message=form_problems(form))
    arguments = {}
    kept = {}  # a refused action's reason is shown again in its open box
    if transition.needs_reason:
        arguments["reason"] = form.cleaned_data["reason"]
        kept = {"reason_action": action, "reason_text": arguments["reason"]}
    try:
        transition.service(
            claim=claim,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **arguments,
        )
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except Conflict as error:
        return refused(request, claim, status=HTTPStatus.CONFLICT, conflict=error, **kept)
    except WorkflowError as error:
        return refused(request, claim, message=str(error), **kept)
    return done(request, claim, f"{transition.done.capitalize()}.")


@require_POST
def evidence_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Cite a source for the claim."""
    claim = claim_for_page(pk)
    form = EvidenceForm(request.POST, claim=claim)
    if not form.is_valid():
        return refused(request, claim, evidence_form=form)
    known = Source.objects.filter(url=normalise_url(form.cleaned_data["url"])).first()
    try:
        evidence_add(
            claim=claim,
            actor=request.user,
            url=form.cleaned_data["url"],
            **form.evidence_values(),
            **form.source_details(),
        )
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except WorkflowError as error:
        form.add_error(None, str(error))
        return refused(request, claim, evidence_form=form)
    return done(request, claim, "Source added." + kept_details(known, form.source_details()))


def kept_details(known: Source | None, typed: dict) -> str:
    """What a reviewer typed that an existing source's record overrode, said plainly."""
    if known is None:
        return ""
    kept = [
        Source._meta.get_field(field).verbose_name
        for field, value in typed.items()
        if value not in (None, "") and getattr(known, field) not in (None, "", value)
    ]
    if not kept:
        return " It was already on the desk."
    return (
        f" It was already on the desk, so its recorded {', '.join(kept)} stayed as they were"
        " (see its source page to change them)."
    )


def evidence_for(claim_pk: int, evidence_pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("claim", "claim__article", "source"),
        pk=evidence_pk,
        claim_id=claim_pk,
    )


@require_http_methods(["GET", "POST"])
def evidence_edit(request: HtmxHttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """Edit one's own evidence (any, for an editor) in place."""
    evidence = evidence_for(pk, evidence_pk)
    claim = claim_for_page(pk)
    if not can_change_evidence(request.user, evidence):
        return HttpResponseForbidden(
            "Only the reviewer who added this evidence, or an editor, can change it."
        )
    if request.method == "GET":
        return show(request, claim, editing=evidence)
    form = EvidenceEditForm(request.POST, instance=Evidence.objects.get(pk=evidence.pk))
    if not form.is_valid():
        return refused(request, claim, editing=evidence, edit_form=form)
    try:
        evidence_update(
            evidence=evidence,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **form.evidence_values(),
        )
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except Conflict as error:
        current = Evidence.objects.filter(pk=evidence.pk).first()
        if current is None:
            return refused(request, claim, status=HTTPStatus.CONFLICT, conflict=error)
        return refused(
            request,
            claim,
            status=HTTPStatus.CONFLICT,
            conflict=error,
            editing=current,
            edit_form=now_based_on(form, current.version),
        )
    return done(request, claim, "Evidence updated.")


@require_POST
def evidence_delete(request: HtmxHttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """Remove a citation; the source stays for the other claims that cite it."""
    evidence = evidence_for(pk, evidence_pk)
    claim = claim_for_page(pk)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return refused(request, claim, message=form_problems(form))
    try:
        evidence_remove(
            evidence=evidence, actor=request.user, expected_version=form.cleaned_data["version"]
        )
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except Conflict as error:
        return refused(request, claim, status=HTTPStatus.CONFLICT, conflict=error)
    return done(request, claim, "Evidence removed.")


@require_POST
def comment_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add to the claim's discussion."""
    claim = claim_for_page(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return refused(request, claim, comment_form=form)
    try:
        comment_add(claim=claim, author=request.user, body=form.cleaned_data["body"])
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except WorkflowError as error:
        form.add_error("body", str(error))
        return refused(request, claim, comment_form=form)
    return done(request, claim)


@require_POST
def claim_watch(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Follow the claim's new comments and evidence, or stop following them."""
    claim = claim_for_page(pk)
    if request.POST.get("watch") == "1":
        watch_start(claim=claim, user=request.user)
        return done(request, claim, "You are watching this claim.")
    watch_stop(claim=claim, user=request.user)
    return done(request, claim, "You no longer watch this claim.")


@require_POST
def claim_due(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Set or clear the day the claim is due."""
    claim = claim_for_page(pk)
    form = DueForm(request.POST)
    if not form.is_valid():
        return refused(request, claim, message=form_problems(form))
    try:
        claim_set_due(
            claim=claim,
            actor=request.user,
            due_on=form.cleaned_data["due_on"],
            expected_version=form.cleaned_data["version"],
        )
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except Conflict as error:
        return refused(request, claim, status=HTTPStatus.CONFLICT, conflict=error)
    due = form.cleaned_data["due_on"]
    return done(request, claim, f"Due {due:%-d %b %Y}." if due else "Due date cleared.")


@require_POST
def short_claim_fix(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """An editor corrects a typo in the submitted short claim."""
    claim = claim_for_page(pk)
    form = ShortClaimFixForm(request.POST)
    if not form.is_valid():
        return refused(request, claim, message=form_problems(form))
    try:
        workflow.verdict_fix_short_claim(
            claim=claim,
            actor=request.user,
            short_claim=form.cleaned_data["short_claim"],
            expected_version=form.cleaned_data["version"],
        )
    except NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except Conflict as error:
        return refused(request, claim, status=HTTPStatus.CONFLICT, conflict=error)
    except WorkflowError as error:
        return refused(request, claim, message=str(error))
    return done(request, claim, "Short claim corrected.")


@require_safe
def mention_suggestions(request: HtmxHttpRequest) -> HttpResponse:
    """People whose username starts with the name being typed after "@" in a comment."""
    partial = trailing_mention(request.GET.get("body", "")[-200:])
    people = []
    if partial is not None:
        people = list(assignable_users().filter(username__istartswith=partial)[:8])
    return render(request, "claims/claim_detail.html#mention-suggestions", {"people": people})
