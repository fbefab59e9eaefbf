"""Actions on a claim page: take or assign, evidence, verdicts, transitions, comments.

Each action posts a form; with htmx the claim's workspace is re-rendered in place, without
JavaScript the browser is redirected back to the claim page. Rules live in workflow.py and
evidence.py: a refused action answers 403 and changes nothing.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from claims.models import Claim, Evidence
from claims.roles import resolve_assignee
from claims.services import workflow
from claims.services.claims import claim_edit
from claims.services.evidence import (
    can_change_evidence,
    evidence_add,
    evidence_remove,
    evidence_update,
)
from claims.views.claims import claim_for_page, workspace_context
from claims.views.forms import (
    AssignForm,
    ClaimEditForm,
    CommentForm,
    EvidenceEditForm,
    EvidenceForm,
    ReasonForm,
    VerdictForm,
)
from claims.views.http import HtmxHttpRequest

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


def show(request: HtmxHttpRequest, claim: Claim, **extra):
    """The claim page (or, for htmx, its workspace) with a form opened in it."""
    template = WORKSPACE if request.htmx else "claims/claim_detail.html"
    return render(request, template, workspace_context(request, claim, **extra))


def act(
    request: HtmxHttpRequest,
    claim: Claim,
    action: Callable[[], object],
    *,
    success: str = "",
    kept: dict | None = None,
    errors_to: forms.Form | None = None,
    error_field: str | None = None,
):
    """Run a workflow action and answer the way every action on the page does.

    Refused for the user's role: 403, nothing changed. Someone changed the claim first: the
    conflict, with the user's input (`kept` forms) kept. Refused by a rule: the reason, on
    `errors_to` at `error_field` when a form is given, otherwise as a message.
    """
    kept = kept or {}
    try:
        action()
    except workflow.NotAllowed as error:
        return HttpResponseForbidden(str(error))
    except workflow.Conflict as error:
        return respond(request, claim, ok=False, conflict=error, **kept)
    except workflow.WorkflowError as error:
        if errors_to is not None:
            errors_to.add_error(error_field, str(error))
            return respond(request, claim, ok=False, **kept)
        return respond(request, claim, ok=False, message=str(error), **kept)
    return respond(request, claim, ok=True, message=success)


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
    who = "you" if assignee == request.user else assignee or "nobody"
    return act(
        request,
        claim,
        lambda: workflow.claim_assign(
            claim=claim,
            assignee=assignee,
            actor=request.user,
            expected_version=form.cleaned_data.get("version"),
        ),
        success=f"Assigned to {who}.",
    )


@require_POST
def verdict_save(request: HtmxHttpRequest, pk: int):
    """Propose or revise the working verdict; with submit=1, also submit it for review."""
    claim = claim_for_page(pk)
    if not workflow.can_work_on(request.user, claim):
        return HttpResponseForbidden("You cannot propose a verdict for this claim now.")
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return respond(request, claim, ok=False, verdict_form=form)
    submit = bool(request.POST.get("submit"))

    # Saving and submitting stand or fall together: a refused submit saves nothing.
    @transaction.atomic
    def save_and_maybe_submit():
        workflow.verdict_propose(
            claim=claim,
            actor=request.user,
            rating=form.cleaned_data["rating"],
            summary=form.cleaned_data["summary"],
            short_claim=form.cleaned_data["short_claim"],
            expected_version=form.cleaned_data.get("version"),
        )
        if submit:
            workflow.claim_submit(claim=claim, actor=request.user)

    return act(
        request,
        claim,
        save_and_maybe_submit,
        success="Submitted for review." if submit else "Verdict saved.",
        kept={"verdict_form": form},
        errors_to=form,
    )


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
    kept = {}
    if transition.needs_reason:
        arguments["reason"] = form.cleaned_data.get("reason", "")
        kept = {"reason_action": action, "reason_text": arguments["reason"]}
    return act(
        request,
        claim,
        lambda: transition.service(**arguments),
        success=f"{transition.done.capitalize()}.",
        kept=kept,
    )


@require_POST
def evidence_create(request: HtmxHttpRequest, pk: int):
    """Cite a source for the claim."""
    claim = claim_for_page(pk)
    form = EvidenceForm(request.POST, claim=claim)
    if not form.is_valid():
        return respond(request, claim, ok=False, evidence_form=form)
    return act(
        request,
        claim,
        lambda: evidence_add(
            claim=claim,
            actor=request.user,
            url=form.cleaned_data["url"],
            **form.evidence_values(),
            **form.source_details(),
        ),
        success="Source added.",
        kept={"evidence_form": form},
    )


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
        return show(request, claim, editing=evidence)
    form = EvidenceEditForm(request.POST, instance=Evidence.objects.get(pk=evidence.pk))
    if not form.is_valid():
        return respond(request, claim, ok=False, editing=evidence, edit_form=form)
    return act(
        request,
        claim,
        lambda: evidence_update(
            evidence=evidence,
            actor=request.user,
            **{field: form.cleaned_data[field] for field in form.fields},
        ),
        success="Evidence updated.",
        kept={"editing": evidence, "edit_form": form},
    )


@require_POST
def evidence_delete(request: HtmxHttpRequest, pk: int, evidence_pk: int):
    evidence = evidence_for(pk, evidence_pk)
    return act(
        request,
        claim_for_page(pk),
        lambda: evidence_remove(evidence=evidence, actor=request.user),
        success="Evidence removed.",
    )


@require_POST
def comment_create(request: HtmxHttpRequest, pk: int):
    claim = claim_for_page(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return respond(request, claim, ok=False, comment_form=form)
    return act(
        request,
        claim,
        lambda: workflow.comment_add(
            claim=claim, author=request.user, body=form.cleaned_data["body"]
        ),
        kept={"comment_form": form},
    )


@require_http_methods(["GET", "POST"])
def claim_edit_view(request: HtmxHttpRequest, pk: int):
    """Reword the claim or fix its quote; saving confirms the quote's anchor."""
    claim = claim_for_page(pk)
    if not workflow.can_edit_claim(request.user, claim):
        return HttpResponseForbidden(
            "Only editors, or the assignee while researching, edit claims."
        )
    if request.method == "GET":
        return show(request, claim, claim_form=ClaimEditForm.for_claim(claim))
    form = ClaimEditForm(request.POST)
    if not form.is_valid():
        return respond(request, claim, ok=False, claim_form=form)
    return act(
        request,
        claim,
        lambda: claim_edit(
            claim=claim,
            actor=request.user,
            expected_version=form.cleaned_data.get("version"),
            **form.values(),
        ),
        success="Claim saved.",
        kept={"claim_form": form},
        errors_to=form,
        error_field="quote",
    )
