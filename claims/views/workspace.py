"""Actions on a claim page: take or assign, evidence, verdicts, transitions, comments.

Each action posts a form; with htmx the claim's workspace is re-rendered in place, without
JavaScript the browser is redirected back to the claim page. Rules live in workflow.py and
evidence.py: a refused action answers 403 and changes nothing.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from claims import workflow
from claims.evidence import can_change_evidence, evidence_add, evidence_remove, evidence_update
from claims.forms import (
    AssignForm,
    ClaimEditForm,
    CommentForm,
    EvidenceEditForm,
    EvidenceForm,
    ReasonForm,
    VerdictForm,
)
from claims.http import HtmxHttpRequest
from claims.models import Claim, Evidence
from claims.records import claim_edit
from claims.roles import resolve_assignee
from claims.views.claims import claim_for_page, workspace_context

WORKSPACE = "claims/claim_detail.html#workspace"


def respond(request: HtmxHttpRequest, claim: Claim, *, ok: bool, message: str = "", **forms):
    """After an action: the refreshed workspace for htmx, else a redirect or the page.

    A refused form answers 400 (409 for a conflict) without JavaScript; htmx gets 200 so
    it swaps the workspace with the errors and the user's input in it.
    """
    if message:
        (messages.success if ok else messages.error)(request, message)
    if ok and not request.htmx:
        return redirect(claim)
    claim.refresh_from_db()
    context = workspace_context(request, claim, **forms)
    if request.htmx:
        return render(request, WORKSPACE, context)
    status = 200 if ok else 409 if forms.get("conflict") else 400
    return render(request, "claims/claim_detail.html", context, status=status)


def forbidden(error: workflow.NotAllowed) -> HttpResponse:
    return HttpResponseForbidden(str(error))


def conflict_context(error: workflow.Conflict) -> dict:
    return {"conflict": error}


@require_POST
def claim_take(request: HtmxHttpRequest, pk: int):
    """Assign the claim: to oneself ("I'll take it") or, for editors, to anyone."""
    claim = claim_for_page(pk)
    form = AssignForm(request.POST)
    form.is_valid()
    try:
        assignee = resolve_assignee(form.cleaned_data.get("assignee") or "me", me=request.user)
    except LookupError as error:
        return respond(request, claim, ok=False, message=str(error))
    try:
        workflow.claim_assign(
            claim=claim,
            assignee=assignee,
            actor=request.user,
            expected_version=form.cleaned_data.get("version"),
        )
    except workflow.NotAllowed as error:
        return forbidden(error)
    except workflow.Conflict as error:
        return respond(request, claim, ok=False, **conflict_context(error))
    except workflow.WorkflowError as error:
        return respond(request, claim, ok=False, message=str(error))
    who = "you" if assignee == request.user else assignee or "nobody"
    return respond(request, claim, ok=True, message=f"Assigned to {who}.")


@require_POST
def verdict_save(request: HtmxHttpRequest, pk: int):
    """Propose or revise the working verdict; with submit=1, also submit it for review."""
    claim = claim_for_page(pk)
    if not workflow.can_work_on(request.user, claim):
        return HttpResponseForbidden("You cannot propose a verdict for this claim now.")
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return respond(request, claim, ok=False, verdict_form=form)
    version = form.cleaned_data.get("version")
    try:
        # Saving and submitting stand or fall together: a refused submit saves nothing.
        with transaction.atomic():
            workflow.verdict_propose(
                claim=claim,
                actor=request.user,
                rating=form.cleaned_data["rating"],
                summary=form.cleaned_data["summary"],
                short_claim=form.cleaned_data["short_claim"],
                expected_version=version,
            )
            if request.POST.get("submit"):
                workflow.claim_submit(claim=claim, actor=request.user)
    except workflow.NotAllowed as error:
        return forbidden(error)
    except workflow.Conflict as error:
        return respond(request, claim, ok=False, verdict_form=form, **conflict_context(error))
    except workflow.WorkflowError as error:
        form.add_error(None, str(error))
        return respond(request, claim, ok=False, verdict_form=form)
    if request.POST.get("submit"):
        return respond(request, claim, ok=True, message="Submitted for review.")
    return respond(request, claim, ok=True, message="Verdict saved.")


@require_POST
def claim_transition(request: HtmxHttpRequest, pk: int, action: str):
    """Move the claim along the workflow."""
    claim = claim_for_page(pk)
    transition = workflow.TRANSITIONS[action]
    form = ReasonForm(request.POST)
    form.is_valid()
    arguments = {
        "claim": claim,
        "actor": request.user,
        "expected_version": form.cleaned_data.get("version"),
    }
    if transition.needs_reason:
        arguments["reason"] = form.cleaned_data.get("reason", "")
    try:
        transition.service(**arguments)
    except workflow.NotAllowed as error:
        return forbidden(error)
    except workflow.Conflict as error:
        return respond(request, claim, ok=False, reason_form=form, **conflict_context(error))
    except workflow.WorkflowError as error:
        return respond(request, claim, ok=False, message=str(error), reason_form=form)
    return respond(request, claim, ok=True, message=f"{transition.done.capitalize()}.")


@require_POST
def evidence_create(request: HtmxHttpRequest, pk: int):
    """Cite a source for the claim."""
    claim = claim_for_page(pk)
    form = EvidenceForm(request.POST, claim=claim)
    if not form.is_valid():
        return respond(request, claim, ok=False, evidence_form=form)
    try:
        evidence_add(
            claim=claim,
            actor=request.user,
            url=form.cleaned_data["url"],
            **form.evidence_values(),
            **form.source_details(),
        )
    except workflow.NotAllowed as error:
        return forbidden(error)
    return respond(request, claim, ok=True, message="Source added.")


def evidence_for(claim_pk: int, evidence_pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("claim", "claim__article", "source"),
        pk=evidence_pk,
        claim_id=claim_pk,
    )


@require_http_methods(["GET", "POST"])
def evidence_edit(request: HtmxHttpRequest, pk: int, evidence_pk: int):
    """Edit one's own evidence in place."""
    evidence = evidence_for(pk, evidence_pk)
    claim = claim_for_page(pk)
    if not can_change_evidence(request.user, evidence):
        return HttpResponseForbidden(
            "Only the reviewer who added this evidence, or an editor, can change it."
        )
    if request.method == "GET":
        context = workspace_context(request, claim, editing=evidence)
        template = WORKSPACE if request.htmx else "claims/claim_detail.html"
        return render(request, template, context)
    form = EvidenceEditForm(request.POST, instance=Evidence.objects.get(pk=evidence.pk))
    if not form.is_valid():
        return respond(request, claim, ok=False, editing=evidence, edit_form=form)
    evidence_update(
        evidence=evidence,
        actor=request.user,
        **{field: form.cleaned_data[field] for field in form.fields},
    )
    return respond(request, claim, ok=True, message="Evidence updated.")


@require_POST
def evidence_delete(request: HtmxHttpRequest, pk: int, evidence_pk: int):
    evidence = evidence_for(pk, evidence_pk)
    try:
        evidence_remove(evidence=evidence, actor=request.user)
    except workflow.NotAllowed as error:
        return forbidden(error)
    return respond(request, claim_for_page(pk), ok=True, message="Evidence removed.")


@require_POST
def comment_create(request: HtmxHttpRequest, pk: int):
    claim = claim_for_page(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return respond(request, claim, ok=False, comment_form=form)
    try:
        workflow.comment_add(claim=claim, author=request.user, body=form.cleaned_data["body"])
    except workflow.NotAllowed as error:
        return forbidden(error)
    return respond(request, claim, ok=True)


@require_http_methods(["GET", "POST"])
def claim_edit_view(request: HtmxHttpRequest, pk: int):
    """Reword the claim or fix its quote; saving confirms the quote's anchor."""
    claim = claim_for_page(pk)
    if not workflow.can_edit_claim(request.user, claim):
        return HttpResponseForbidden(
            "Only editors, or the assignee while researching, edit claims."
        )
    if request.method == "GET":
        context = workspace_context(request, claim, claim_form=ClaimEditForm.for_claim(claim))
        template = WORKSPACE if request.htmx else "claims/claim_detail.html"
        return render(request, template, context)
    form = ClaimEditForm(request.POST)
    if not form.is_valid():
        return respond(request, claim, ok=False, claim_form=form)
    try:
        claim_edit(
            claim=claim,
            actor=request.user,
            expected_version=form.cleaned_data.get("version"),
            **form.values(),
        )
    except workflow.NotAllowed as error:
        return forbidden(error)
    except workflow.Conflict as error:
        return respond(request, claim, ok=False, claim_form=form, **conflict_context(error))
    except workflow.WorkflowError as error:
        form.add_error("quote", str(error))
        return respond(request, claim, ok=False, claim_form=form)
    return respond(request, claim, ok=True, message="Claim saved.")
