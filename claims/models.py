"""The data model of the design: articles, their claims, sources, evidence and verdicts."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.text import Truncator


class Article(models.Model):
    external_id = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=500)
    author = models.CharField(max_length=200, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    body = models.TextField(help_text="Plain text; claims are anchored by offsets into it.")
    due_on = models.DateField(
        null=True, blank=True, help_text="Deadline for the whole article; a claim's own wins."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("claims:article_detail", args=[self.pk])


class ClaimKind(models.TextChoices):
    FIGURE = "figure", "Figure"
    ATTRIBUTION = "attribution", "Attribution"
    EVENT = "event", "Event"
    QUOTE = "quote", "Quote"
    PREDICTION = "prediction", "Prediction"
    OPINION = "opinion", "Opinion"


class ClaimQualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    APPROXIMATELY = "approximately", "approximately"
    AT_LEAST = "at_least", "at least"
    AT_MOST = "at_most", "at most"


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    RESEARCHING = "researching", "Researching"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    NOT_CHECKABLE = "not_checkable", "Not checkable"


class AnchorStatus(models.TextChoices):
    EXACT = "exact", "Exact"
    NORMALISED = "normalised", "Re-anchored (punctuation or spacing changed)"
    FUZZY = "fuzzy", "Re-anchored to a close match"
    LOST = "lost", "Anchor lost"


class ClaimQuerySet(models.QuerySet):
    def for_queue(self) -> "ClaimQuerySet":
        """Everything a list of claims shows, in a fixed number of queries."""
        return self.select_related("article", "assignee").prefetch_related(
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.current().select_related("rating"),
                to_attr="current_verdicts",
            )
        )

    def assigned_to(self, user) -> "ClaimQuerySet":
        return self.filter(assignee=user)

    def unassigned(self) -> "ClaimQuerySet":
        return self.filter(assignee__isnull=True)

    def with_status(self, *statuses: str) -> "ClaimQuerySet":
        return self.filter(status__in=statuses)

    def rated(self, rating: "Rating") -> "ClaimQuerySet":
        """Claims whose current verdict has `rating`."""
        return self.filter(verdicts__is_current=True, verdicts__rating=rating)

    def in_article_order(self) -> "ClaimQuerySet":
        return self.order_by("article_id", "start", "pk")


class Claim(models.Model):
    Kind = ClaimKind
    Qualifier = ClaimQualifier
    Status = ClaimStatus

    # No index of its own: the unique (article, external_id) index serves lookups by article.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="claims", db_index=False
    )
    external_id = models.CharField(max_length=100)
    text = models.TextField(help_text="The checkable statement, as a reviewer would phrase it.")
    quote = models.TextField(help_text="The exact span of the article body.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.EVENT)
    stated_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    qualifier = models.CharField(max_length=20, choices=Qualifier, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    attributed_to = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW)
    status_reason = models.TextField(
        blank=True, help_text="Why the claim is not checkable, when it is not."
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
        db_index=False,  # the (assignee, status) index serves lookups by assignee
    )
    priority = models.PositiveSmallIntegerField(
        default=50, help_text="Check-worthiness, 0 (lowest) to 100 (highest)."
    )
    version = models.PositiveIntegerField(default=1, help_text="Raised on every change.")
    due_on = models.DateField(
        null=True, blank=True, help_text="Due by the end of this day, in the desk's time zone."
    )
    # Database defaults too, because the bulk importer inserts claims with SQL.
    anchor_status = models.CharField(
        max_length=20,
        choices=AnchorStatus,
        default=AnchorStatus.EXACT,
        db_default=AnchorStatus.EXACT,
        help_text="How the quote was found after the article text last changed.",
    )
    anchor_confidence = models.FloatField(default=1.0, db_default=1.0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "external_id"], name="claim_external_id_unique_in_article"
            ),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="claim_start_before_end"),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=ClaimKind.values), name="claim_kind_valid"),
            models.CheckConstraint(
                condition=Q(qualifier="") | Q(qualifier__in=ClaimQualifier.values),
                name="claim_qualifier_valid",
            ),
            models.CheckConstraint(condition=Q(priority__lte=100), name="claim_priority_range"),
            models.CheckConstraint(
                condition=Q(anchor_status__in=AnchorStatus.values),
                name="claim_anchor_status_valid",
            ),
        ]
        indexes = [
            # The queue's default order, with and without a status filter, read off an index.
            models.Index(fields=["-priority", "article", "start"], name="claim_queue_order"),
            models.Index(
                fields=["status", "-priority", "article", "start"], name="claim_status_queue_order"
            ),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status"),
            models.Index(fields=["kind", "status"], name="claim_kind_status"),
            models.Index(fields=["-updated_at"], name="claim_recent"),
            # Due counts and the due filter, index-only: the date and the status together.
            models.Index(
                fields=["due_on", "status"],
                condition=Q(due_on__isnull=False),
                name="claim_due_on_status",
            ),
            # Claims that take their article's deadline, by article and status.
            models.Index(
                fields=["article", "status"],
                condition=Q(due_on__isnull=True),
                name="claim_article_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.external_id}: {Truncator(self.text).chars(80)}"

    def get_absolute_url(self) -> str:
        return reverse("claims:claim_detail", args=[self.pk])

    def save_new_version(self, *fields: str) -> None:
        """Save `fields` as a new version: the version is what optimistic locking compares,
        so every change to a claim a person may be editing goes through here."""
        self.version += 1
        self.save(update_fields=[*fields, "version", "updated_at"])

    def current_verdict(self) -> "Verdict | None":
        """The working verdict (see `VerdictQuerySet.current`), from the queue's prefetch
        when there is one."""
        cached = getattr(self, "current_verdicts", None)
        if cached is not None:
            return cached[0] if cached else None
        return self.verdicts.current().select_related("rating").first()

    @property
    def effective_due_on(self):
        """The claim's due date, or else its article's deadline."""
        return self.due_on or self.article.due_on

    @property
    def anchor_lost(self) -> bool:
        return self.anchor_status == AnchorStatus.LOST


class Rating(models.Model):
    label = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 (worst) to 5 (best); empty for Unproven."
    )
    description = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#777777", help_text="Hex, e.g. #1a7f37.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="rating_value_range",
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"), name="rating_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class SourceKind(models.TextChoices):
    PRIMARY = "primary", "Primary"
    NEWS = "news", "News"
    RESEARCH = "research", "Research"
    OFFICIAL = "official", "Official"
    SOCIAL = "social", "Social media"
    OTHER = "other", "Other"


class SourceReliability(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    UNKNOWN = "unknown", "Unknown"


class SourceLinkStatus(models.TextChoices):
    UNCHECKED = "unchecked", "Not checked"
    OK = "ok", "Reachable"
    BROKEN = "broken", "Unreachable"


class Source(models.Model):
    Kind = SourceKind
    Reliability = SourceReliability
    LinkStatus = SourceLinkStatus

    url = models.URLField(max_length=2000, unique=True, help_text="Stored normalised.")
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEWS)
    reliability = models.CharField(max_length=20, choices=Reliability, default=Reliability.UNKNOWN)
    link_status = models.CharField(max_length=20, choices=LinkStatus, default=LinkStatus.UNCHECKED)
    link_checked_at = models.DateTimeField(null=True, blank=True)
    archive_url = models.URLField(max_length=2000, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["publisher", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_http",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(reliability__in=SourceReliability.values),
                name="source_reliability_valid",
            ),
            models.CheckConstraint(
                condition=Q(link_status__in=SourceLinkStatus.values),
                name="source_link_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def is_reachable_or_archived(self) -> bool:
        return self.link_status != self.LinkStatus.BROKEN or bool(self.archive_url)


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    CONTEXT = "context", "Context"


class Evidence(models.Model):
    Stance = EvidenceStance

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=20, choices=Stance, default=Stance.CONTEXT)
    excerpt = models.TextField(blank=True)
    pinpoint = models.CharField(
        max_length=200, blank=True, help_text="Page, paragraph or timestamp."
    )
    reported_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # Its own version, not the claim's: two reviewers adding sources to one claim do not
    # conflict, but two people editing one evidence row do. A database default too,
    # because the bulk importer inserts evidence with SQL.
    version = models.PositiveIntegerField(
        default=1, db_default=1, help_text="Raised on every change."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=EvidenceStance.values), name="evidence_stance_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.source}"


class VerdictQuerySet(models.QuerySet):
    def current(self) -> "VerdictQuerySet":
        """Each claim's working verdict: the one a reviewer edits, or the published one."""
        return self.filter(is_current=True)

    def published(self) -> "VerdictQuerySet":
        """Each claim's public verdict: its latest published one. A claim reopened for
        correction keeps it until the correction is published and replaces it."""
        superseded = Verdict.objects.filter(replaces=OuterRef("pk"), published_at__isnull=False)
        return self.filter(published_at__isnull=False).exclude(Exists(superseded))


class Verdict(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    summary = models.TextField(help_text="The public rationale.")
    short_claim = models.CharField(
        max_length=75, blank=True, help_text="The claim in at most 75 characters, for ClaimReview."
    )
    is_current = models.BooleanField(
        default=True, help_text="The claim's working verdict; earlier ones stay for the record."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The published verdict this one corrects.",
    )
    correction_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"], condition=Q(is_current=True), name="verdict_one_current_per_claim"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(approved_by__isnull=False),
                name="verdict_published_has_approver",
            ),
        ]
        indexes = [
            models.Index(fields=["rating", "is_current"], name="verdict_rating_current"),
            # Statistics read publications by date.
            models.Index(
                fields=["published_at"],
                condition=Q(published_at__isnull=False),
                name="verdict_published_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} for {self.claim.external_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return Truncator(self.body).chars(60)


class ClaimEventKind(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Edited"
    IMPORTED = "imported", "Imported"
    STATUS = "status", "Status changed"
    ASSIGNED = "assigned", "Assigned"
    EVIDENCE_ADDED = "evidence_added", "Evidence added"
    EVIDENCE_CHANGED = "evidence_changed", "Evidence changed"
    EVIDENCE_REMOVED = "evidence_removed", "Evidence removed"
    VERDICT_PROPOSED = "verdict_proposed", "Verdict proposed"
    VERDICT_SUBMITTED = "verdict_submitted", "Submitted for review"
    VERDICT_RETURNED = "verdict_returned", "Sent back"
    VERDICT_PUBLISHED = "verdict_published", "Verdict published"
    REOPENED = "reopened", "Reopened for correction"
    COMMENTED = "commented", "Commented"
    ANCHOR = "anchor", "Anchor changed"
    WITHDRAWN = "withdrawn", "Submission withdrawn"
    RELEASED = "released", "Released by the assignee"
    SHORT_CLAIM_FIXED = "short_claim_fixed", "Short claim corrected"
    DUE_CHANGED = "due_changed", "Due date changed"


class ClaimEventQuerySet(models.QuerySet):
    """The audit trail is append-only, so bulk changes are refused too."""

    def update(self, **kwargs):
        raise PermissionError("ClaimEvent rows are append-only.")

    def delete(self):
        raise PermissionError("ClaimEvent rows are append-only.")


class ClaimEvent(models.Model):
    """Append-only audit record: rows are inserted, never updated or deleted."""

    Kind = ClaimEventKind

    # No index of its own: the (claim, created_at) index serves lookups by claim.
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    kind = models.CharField(max_length=30, choices=Kind)
    from_data = models.JSONField(default=dict, blank=True)
    to_data = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ClaimEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="event_claim_time"),
            # Statistics count events of a kind by date.
            models.Index(fields=["kind", "created_at"], name="event_kind_time"),
            # ...and find when each published claim was first researched, index-only.
            models.Index(
                fields=["claim", "created_at"],
                condition=Q(kind="status", to_data__status="researching"),
                name="event_research_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.claim_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("ClaimEvent rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("ClaimEvent rows are append-only.")


class SuggestionStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Made a claim"
    DISMISSED = "dismissed", "Dismissed"


class ClaimSuggestion(models.Model):
    """A sentence the extractor proposes as a claim, until an editor accepts or dismisses it."""

    Status = SuggestionStatus

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    text = models.TextField(help_text="The sentence, exactly as in the article body.")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the sentence text.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=ClaimKind)
    score = models.FloatField()
    figures = models.JSONField(default=list, blank=True)
    attributed_to = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=SuggestionStatus, default="open")
    claim = models.OneToOneField(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="suggestion"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="suggestion_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=1), name="suggestion_score_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values),
                name="suggestion_status_valid",
            ),
            # Re-extraction after an edit must not resurrect a sentence already decided.
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="suggestion_unique_sentence"
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.text).chars(80)


class ImportOutcome(models.TextChoices):
    PREVIEWED = "previewed", "Previewed, not imported"
    SUCCEEDED = "succeeded", "Imported"
    FAILED = "failed", "Failed, nothing written"
    EXPIRED = "expired", "Expired before confirmation"
    CANCELLED = "cancelled", "Cancelled"


class ImportRecord(models.Model):
    """One bulk import (or preview, or dry run) of a file: who, what, and how it went."""

    Outcome = ImportOutcome

    file_name = models.CharField(max_length=255)
    stored_file = models.CharField(
        max_length=500, blank=True, help_text="The upload, in the default storage, until used."
    )
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file.")
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    via = models.CharField(max_length=20, default="admin", help_text="admin or command.")
    outcome = models.CharField(max_length=20, choices=Outcome, default=Outcome.PREVIEWED)
    rows = models.PositiveIntegerField(default=0)
    articles_created = models.PositiveIntegerField(default=0)
    articles_updated = models.PositiveIntegerField(default=0)
    articles_unchanged = models.PositiveIntegerField(default=0)
    claims_created = models.PositiveIntegerField(default=0)
    claims_updated = models.PositiveIntegerField(default=0)
    claims_unchanged = models.PositiveIntegerField(default=0)
    evidence_created = models.PositiveIntegerField(default=0)
    evidence_updated = models.PositiveIntegerField(default=0)
    evidence_unchanged = models.PositiveIntegerField(default=0)
    sources_created = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="The first 200 errors.")
    warnings = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ImportOutcome.values),
                name="import_record_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_outcome_display().lower()})"


# Notifications, watches and preferences live in their own room but belong to this app.
from claims.notifications.models import (  # noqa: E402, F401
    Notification,
    NotificationPreference,
    Watch,
)
