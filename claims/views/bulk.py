"""Bulk actions from the queue, for editors: assign many claims, or move them along."""

from django.contrib import messages
from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from claims.models import Claim
from claims.roles import is_editor, resolve_assignee
from claims.services import workflow
from claims.views.http import HtmxHttpRequest

# Submitting and reopening need a person's judgement on one claim, so they are not offered.
BULK_ACTIONS = {
    "assign": workflow.Transition(workflow.claim_assign, False, "assigned"),
    **{
        name: workflow.TRANSITIONS[name]
        for name in ("publish", "send_back", "not_checkable", "restore")
    },
}


def selected_versions(selected: list[str]) -> dict[int, int]:
    """The selected claims as {pk: the version the editor saw}, from "pk:version" values.

    Raises ValueError naming a value that does not say which version it was based on.
    """
    versions = {}
    for value in selected:
        pk, _colon, version = value.partition(":")
        # isdigit() alone would let "²" or "١" through to int(), which refuses the first.
        if not (pk.isascii() and pk.isdigit() and version.isascii() and version.isdigit()):
            raise ValueError(
                f"“{value[:40]}” does not say which version of the claim it changes: "
                "reload the queue and try again. Nothing was changed."
            )
        versions[int(pk)] = int(version)
    return versions


def back_to_queue(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("claims:claim_list")


@require_POST
def claims_bulk(request: HtmxHttpRequest):
    """Apply one action to every selected claim; each claim is checked by the workflow."""
    if not is_editor(request.user):
        return HttpResponseForbidden("Only editors can change claims in bulk.")
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        messages.error(request, "Choose what to do with the selected claims.")
        return back_to_queue(request)
    selected = request.POST.getlist("claims")
    if not selected:
        messages.error(request, "Select at least one claim.")
        return back_to_queue(request)
    try:
        versions = selected_versions(selected)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    transition = BULK_ACTIONS[action]
    arguments = {"actor": request.user}
    if action == "assign":
        username = request.POST.get("assignee", "")
        if not username:
            messages.error(request, "Choose who to assign the claims to; nothing was changed.")
            return back_to_queue(request)
        try:
            arguments["assignee"] = resolve_assignee(username, me=request.user)
        except LookupError as error:
            messages.error(request, f"{error} Nothing was changed.")
            return back_to_queue(request)
    if transition.needs_reason:
        arguments["reason"] = request.POST.get("reason", "")
        if not arguments["reason"].strip():
            messages.error(request, "Give a reason for this action; nothing was changed.")
            return back_to_queue(request)
    done, skipped = [], []
    for claim in Claim.objects.filter(pk__in=versions).order_by("pk"):
        try:
            transition.service(claim=claim, expected_version=versions[claim.pk], **arguments)
        except workflow.Conflict:
            skipped.append(f"{claim.external_id} (changed by someone since the queue was loaded)")
        except workflow.WorkflowError as error:
            skipped.append(f"{claim.external_id} ({error})")
        else:
            done.append(claim.external_id)
    if done:
        messages.success(
            request, f"{len(done)} claim{'s' if len(done) != 1 else ''} {transition.done}."
        )
    if skipped:
        messages.warning(request, "Skipped: " + "; ".join(skipped))
    return back_to_queue(request)
