"""The inbox, its unread badge in the header, and each person's e-mail choices."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from claims.notifications.models import Delivery, Notification, NotificationKind
from claims.notifications.selectors import badge_label, unread_ids
from claims.notifications.selectors import inbox as inbox_rows
from claims.notifications.services import (
    deliveries_for,
    notifications_mark_read,
    preferences_save,
)
from claims.views.http import HtmxHttpRequest
from claims.views.pagination import CappedPaginator

PAGE_SIZE = 25


@require_safe
def inbox_badge(request: HtmxHttpRequest) -> HttpResponse:
    """The header's unread count: one indexed query, and 304 while nothing changed."""
    ids = unread_ids(request.user)
    etag = f'"{request.user.pk}-{len(ids)}-{ids[0] if ids else 0}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        # Rendered without the request: the page's context processors would cost queries.
        html = render_to_string(
            "base.html#inbox-badge", {"unread": len(ids), "unread_label": badge_label(ids)}
        )
        response = HttpResponse(html)
    response["ETag"] = etag
    # Revalidate every time: the browser asks with If-None-Match and keeps its copy on 304.
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
def inbox(request: HtmxHttpRequest) -> HttpResponse:
    """What reached the signed-in user: unread first, or everything."""
    show_all = request.GET.get("show") == "all"
    rows = inbox_rows(request.user, unread_only=not show_all)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "show_all": show_all, "query": "show=all" if show_all else ""}
    template = "claims/inbox.html"
    if request.htmx and request.htmx.target == "notifications":
        template += "#notifications"
    return render(request, template, context)


@require_safe
def notification_open(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Follow a notification to its claim, marking it read on the way."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    if notification.claim_id:
        return redirect("claims:claim_detail", pk=notification.claim_id)
    return redirect("claims:inbox")


@require_POST
def inbox_mark_read(request: HtmxHttpRequest) -> HttpResponse:
    """Mark one notification read (`id`), or all of them."""
    raw = request.POST.get("id", "")
    if raw and not raw.isdigit():
        return HttpResponse("Which notification? The id must be a number.", status=400)
    count = notifications_mark_read(user=request.user, ids=[int(raw)] if raw else None)
    if not raw:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    back = request.POST.get("show") == "all"
    if request.htmx:
        rows = inbox_rows(request.user, unread_only=not back)
        page = CappedPaginator(rows, PAGE_SIZE).get_page(1)
        context = {"page": page, "show_all": back, "query": "show=all" if back else ""}
        return render(request, "claims/inbox.html#notifications", context)
    return redirect(reverse("claims:inbox") + ("?show=all" if back else ""))


class PreferencesForm(forms.Form):
    """One e-mail choice per kind of notification."""

    def __init__(self, *args, initial: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Delivery.choices, initial=initial[kind]
            )


@require_http_methods(["GET", "POST"])
def notification_settings(request: HtmxHttpRequest) -> HttpResponse:
    """Choose, per kind, e-mail at once, in a daily digest, or not at all."""
    form = PreferencesForm(request.POST or None, initial=deliveries_for(request.user))
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your notification choices are saved.")
        return redirect("claims:notification_settings")
    return render(
        request,
        "claims/notification_settings.html",
        {"form": form, "has_email": bool(request.user.email)},
        status=400 if form.errors else 200,
    )
