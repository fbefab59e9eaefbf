"""Sending notifications: who hears of what, once, never the person who acted.

The workflow, comment, evidence and article services call these inside their transaction;
e-mail for "immediately" leaves after the commit, so a refused action sends nothing.
"""

import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.notifications.email import send_now
from claims.notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    Watch,
)
from claims.roles import EDITORS

Kind = NotificationKind
logger = logging.getLogger(__name__)

# E-mail by default: what is addressed to one person at once, the rest in the daily digest.
DEFAULT_DELIVERY = {
    Kind.ASSIGNED: Delivery.IMMEDIATELY,
    Kind.MENTIONED: Delivery.IMMEDIATELY,
    Kind.SENT_BACK: Delivery.IMMEDIATELY,
    Kind.REVIEW_REQUESTED: Delivery.IMMEDIATELY,
    Kind.APPROVAL_LATE: Delivery.DAILY,
    Kind.PUBLISHED: Delivery.DAILY,
    Kind.WATCHED_ACTIVITY: Delivery.DAILY,
    Kind.DUE_SOON: Delivery.DAILY,
    Kind.OVERDUE: Delivery.IMMEDIATELY,
    Kind.ARTICLE_CHANGED: Delivery.DAILY,
}


def deliveries_for(user) -> dict[str, str]:
    """Each kind's e-mail choice for `user`, their own where they made one."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in Kind.values}


def preferences_save(*, user, choices: dict[str, str]) -> None:
    """Store `user`'s e-mail choices; a choice equal to the default keeps no row."""
    unknown = set(choices) - set(Kind.values)
    bad = {kind: value for kind, value in choices.items() if value not in Delivery.values}
    if unknown or bad:
        raise ValueError(f"Unknown notification choices: {sorted(unknown) or bad}.")
    with transaction.atomic():
        NotificationPreference.objects.filter(user=user).delete()
        NotificationPreference.objects.bulk_create(
            NotificationPreference(user=user, kind=kind, delivery=value)
            for kind, value in choices.items()
            if value != DEFAULT_DELIVERY[kind]
        )


def notify(
    *,
    kind: str,
    recipients: Iterable,
    message: str,
    claim=None,
    actor=None,
    detail: str = "",
    key: str = "",
) -> list[Notification]:
    """One notification of `kind` to each recipient, once each, never to `actor`.

    With a `key`, a recipient who already has this kind for this claim and key gets nothing:
    the scheduled checks (due dates, approval waits) run again and again.
    """
    people = {}
    for person in recipients:
        if person is None or not person.is_active:
            continue
        if actor is not None and person.pk == actor.pk:
            continue
        people.setdefault(person.pk, person)
    if key and people:
        already = Notification.objects.filter(
            kind=kind, claim=claim, key=key, recipient__in=list(people)
        ).values_list("recipient_id", flat=True)
        for pk in already:
            people.pop(pk, None)
    if not people:
        return []
    chosen = dict(
        NotificationPreference.objects.filter(user__in=list(people), kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    rows, immediate = [], []
    for pk, person in people.items():
        delivery = chosen.get(pk, DEFAULT_DELIVERY[kind])
        row = Notification(
            recipient=person,
            kind=kind,
            claim=claim,
            actor=actor if actor is not None and actor.is_authenticated else None,
            message=message[:300],
            detail=detail,
            key=key,
            mail=Notification.MailState.DIGEST
            if delivery == Delivery.DAILY and person.email
            else Notification.MailState.NONE,
        )
        rows.append(row)
        if delivery == Delivery.IMMEDIATELY and person.email:
            immediate.append(row)
    Notification.objects.bulk_create(rows)
    if immediate:
        transaction.on_commit(lambda: send_now(immediate))
    return rows


def claim_label(claim) -> str:
    text = claim.text if len(claim.text) <= 80 else claim.text[:79] + "…"
    return f"{claim.external_id}: {text}"


def editors():
    """Everyone who reviews verdicts: the Editors group, and superusers (who count as editors)."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=EDITORS) | Q(is_superuser=True), is_active=True)
        .distinct()
    )


# --- watching ------------------------------------------------------------------------------


def watch_start(*, claim, user) -> None:
    Watch.objects.get_or_create(claim=claim, user=user)


def watch_stop(*, claim, user) -> None:
    Watch.objects.filter(claim=claim, user=user).delete()


def watchers(claim) -> list:
    return [
        watch.user
        for watch in Watch.objects.filter(claim=claim, user__is_active=True).select_related("user")
    ]


# --- reading --------------------------------------------------------------------------------


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark `user`'s notifications read: those of `ids`, or all of them. Returns how many."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
