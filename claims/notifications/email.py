"""E-mail for notifications: one message each when chosen "immediately", or a daily digest."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from claims.notifications.models import Notification

logger = logging.getLogger(__name__)


def _site_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


def _lines(notification: Notification) -> list[str]:
    lines = [notification.message]
    if notification.detail:
        lines.append(f"  “{notification.detail}”")
    if notification.claim_id:
        lines.append(f"  {_site_url()}/claims/{notification.claim_id}/")
    return lines


def send_now(notifications: list[Notification]) -> None:
    """E-mail each notification to its recipient; one that fails waits for the digest."""
    for notification in notifications:
        recipient = notification.recipient
        body = "\n".join(_lines(notification)) + f"\n\nYour inbox: {_site_url()}/inbox/\n"
        try:
            send_mail(
                f"[Factcheck] {notification.message[:120]}",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
            )
        except Exception:  # the mail server's failure must not undo the desk's work
            logger.exception("Notification e-mail to %s failed; kept for the digest", recipient)
            state = Notification.MailState.DIGEST
        else:
            state = Notification.MailState.SENT
        Notification.objects.filter(pk=notification.pk).update(mail=state)


def digests_send(*, dry_run: bool = False) -> dict[str, int]:
    """One e-mail per person holding their notifications chosen for the daily digest.

    Returns how many notifications went to each username.
    """
    waiting = (
        Notification.objects.filter(mail=Notification.MailState.DIGEST)
        .select_related("recipient")
        .order_by("recipient_id", "id")
    )
    by_person: dict = {}
    for notification in waiting:
        by_person.setdefault(notification.recipient, []).append(notification)
    sent = {}
    for person, items in by_person.items():
        sent[person.get_username()] = len(items)
        if dry_run:
            continue
        body = "\n\n".join("\n".join(_lines(item)) for item in items)
        day = timezone.localdate().isoformat()
        with transaction.atomic():
            send_mail(
                f"[Factcheck] {len(items)} update{'s' if len(items) != 1 else ''} ({day})",
                f"{body}\n\nYour inbox: {_site_url()}/inbox/\n",
                settings.DEFAULT_FROM_EMAIL,
                [person.email],
            )
            Notification.objects.filter(pk__in=[item.pk for item in items]).update(
                mail=Notification.MailState.SENT
            )
    return sent
