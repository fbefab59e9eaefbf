"""Reading a person's notifications: the inbox and the unread badge."""

from claims.notifications.models import Notification

# The badge says "99+" past this: reading more ids would only make the query slower.
BADGE_CAP = 99


def unread_ids(user) -> list[int]:
    """The newest unread notification ids of `user`, at most BADGE_CAP + 1: one query on the
    partial index of unread notifications, whose answer is both the count and a version."""
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .order_by("-id")
        .values_list("id", flat=True)[: BADGE_CAP + 1]
    )


def badge_label(ids: list[int]) -> str:
    return f"{BADGE_CAP}+" if len(ids) > BADGE_CAP else str(len(ids))


# What an inbox row shows: the rest (the actor, the e-mail state) would only be read and
# thrown away, and the actor would cost a join with the users.
INBOX_FIELDS = ("id", "kind", "claim_id", "message", "detail", "read_at", "created_at")


def inbox(user, *, unread_only: bool):
    """A person's notifications, newest first, off the (recipient, -id) indexes."""
    notifications = Notification.objects.for_user(user).only(*INBOX_FIELDS)
    if unread_only:
        notifications = notifications.unread()
    return notifications.order_by("-id")
