"""What reaches people: notifications, each user's delivery choices, and claim watches.

Loaded by `claims.models`, so these are models of the claims app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", "Assigned to you"
    MENTIONED = "mentioned", "You were mentioned"
    SENT_BACK = "sent_back", "Your verdict was sent back"
    REVIEW_REQUESTED = "review_requested", "A verdict awaits your review"
    PUBLISHED = "published", "Published"
    WATCHED_ACTIVITY = "watched_activity", "New comment or evidence on a claim you watch"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    APPROVAL_LATE = "approval_late", "Waiting for approval longer than the target"
    ARTICLE_CHANGED = "article_changed", "A published claim's article text changed"


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", "E-mail immediately"
    DAILY = "daily", "Daily digest"
    OFF = "off", "No e-mail"


class MailState(models.TextChoices):
    NONE = "", "Not e-mailed"
    DIGEST = "digest", "Waiting for the daily digest"
    SENT = "sent", "E-mailed"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing that reached one person; the inbox lists them, the badge counts the unread."""

    Kind = NotificationKind
    MailState = MailState

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # the (recipient, -id) indexes serve every lookup by recipient
    )
    kind = models.CharField(max_length=30, choices=Kind)
    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.CharField(max_length=300)
    detail = models.TextField(blank=True, help_text="A reason or an excerpt, shown escaped.")
    # What a time-based notification is about (a due date, a submission time), so a rerun of
    # the command that sends them never sends one twice.
    key = models.CharField(max_length=100, blank=True)
    mail = models.CharField(max_length=10, choices=MailState, default=MailState.NONE, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "claim", "key"],
                condition=~Q(key=""),
                name="notification_once_per_key",
            ),
        ]
        indexes = [
            # The inbox, newest first.
            models.Index(fields=["recipient", "-id"], name="notification_inbox"),
            # The badge: a user's unread ones only, so its query never reads the read ones.
            models.Index(
                fields=["recipient", "-id"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["recipient", "id"],
                condition=Q(mail=MailState.DIGEST),
                name="notification_digest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A user's e-mail choice for one kind; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind)
    delivery = models.CharField(max_length=20, choices=Delivery)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind"),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="preference_delivery_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.delivery}"


class Watch(models.Model):
    """A person following a claim: its new comments and evidence reach them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "user"], name="watch_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} watches {self.claim_id}"
