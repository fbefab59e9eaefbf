"""The data model of the design: articles, their claims, sources, evidence and verdicts."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify

from claims.extraction.language import LANGUAGES

# Every free-text field has a maximum, kept by forms, the import and the database alike: a
# claim is a sentence or two, an article a long read, never a document dump.
ARTICLE_BODY_MAX = 200_000
CLAIM_TEXT_MAX = 2_000
QUOTE_MAX = 5_000
REASON_MAX = 2_000
NOTE_MAX = 5_000
COMMENT_MAX = 10_000


def length_at_most(field: str, limit: int, name: str) -> models.CheckConstraint:
    """The database's own check of a text field's `max_length`."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


class Article(models.Model):
    external_id = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=500)
    author = models.CharField(max_length=200, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    body = models.TextField(
        max_length=ARTICLE_BODY_MAX,
        help_text="Plain text; claims are anchored by offsets into it.",
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        choices=[("", "Not known"), *sorted(LANGUAGES.items(), key=lambda item: item[1])],
        help_text="Detected from the text when the article is added; pages mark its text with it.",
    )
    due_on = models.DateField(
        null=True, blank=True, help_text="Deadline for the whole article; a claim's own wins."
    )
    # The page the article was read from, archived like a cited source: its snapshots keep
    # the text as the desk checked it after the page changes or goes.
    source = models.ForeignKey(
        "Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text="The article's own page, checked and archived as sources are.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [length_at_most("body", ARTICLE_BODY_MAX, "article_body_length")]

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
    text = models.TextField(
        max_length=CLAIM_TEXT_MAX,
        help_text="The checkable statement, as a reviewer would phrase it.",
    )
    quote = models.TextField(max_length=QUOTE_MAX, help_text="The exact span of the article body.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.EVENT)
    stated_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    qualifier = models.CharField(max_length=20, choices=Qualifier, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    attributed_to = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW)
    status_reason = models.TextField(
        max_length=REASON_MAX,
        blank=True,
        help_text="Why the claim is not checkable, when it is not.",
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
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text="The claim the desk works instead of this one; this one shows its verdict.",
    )
    # Set when an article edit changes the quote of a published claim; an editor confirms
    # the verdict still holds or reopens it. A database default for the bulk importer.
    article_changed = models.BooleanField(
        default=False,
        db_default=False,
        help_text="The article text changed the quote since the verdict was published.",
    )
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
            length_at_most("text", CLAIM_TEXT_MAX, "claim_text_length"),
            length_at_most("quote", QUOTE_MAX, "claim_quote_length"),
            length_at_most("status_reason", REASON_MAX, "claim_status_reason_length"),
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

    def get_public_url(self) -> str:
        """The claim's public fact-check page (it exists once a verdict is published)."""
        return reverse("public:fact_check", args=[self.pk, self.public_slug])

    @property
    def public_slug(self) -> str:
        return slugify(self.text)[:80].strip("-") or "claim"

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
    description = models.TextField(max_length=REASON_MAX, blank=True)
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
            length_at_most("description", REASON_MAX, "rating_description_length"),
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
    REDIRECTED = "redirected", "Redirected"
    BROKEN = "broken", "Broken"
    BLOCKED = "blocked", "Blocked"


# A check asked for longer ago than this, and not done, was lost with its worker.
CHECK_LOST_AFTER = timedelta(hours=1)


class SourceQuerySet(models.QuerySet):
    def changed_since_cited(self) -> "SourceQuerySet":
        """Sources whose latest readable text differs from the text some claim cited."""
        return self.filter(
            Exists(Evidence.objects.changed_since_cited().filter(source=OuterRef("pk")))
        )

    def check_due(self, days: int) -> "SourceQuerySet":
        """Sources never checked, or last checked more than `days` days ago."""
        cutoff = timezone.now() - timedelta(days=days)
        return self.filter(Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=cutoff))


class Source(models.Model):
    Kind = SourceKind
    Reliability = SourceReliability
    LinkStatus = SourceLinkStatus

    url = models.URLField(max_length=2000, unique=True, help_text="Stored normalised.")
    domain = models.CharField(
        max_length=253,
        blank=True,
        db_default="",
        db_index=True,
        help_text="The URL's host without www.; the publisher registry is keyed by it.",
    )
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEWS)
    reliability = models.CharField(max_length=20, choices=Reliability, default=Reliability.UNKNOWN)
    link_status = models.CharField(max_length=20, choices=LinkStatus, default=LinkStatus.UNCHECKED)
    link_checked_at = models.DateTimeField(null=True, blank=True)
    link_error = models.CharField(
        max_length=500, blank=True, db_default="", help_text="Why the last check failed."
    )
    check_requested_at = models.DateTimeField(
        null=True, blank=True, help_text="When a check was last queued."
    )
    last_snapshot = models.ForeignKey(
        "SourceSnapshot", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    archive_url = models.URLField(max_length=2000, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

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

    def get_absolute_url(self) -> str:
        return reverse("claims:source_detail", args=[self.pk])

    @property
    def is_reachable(self) -> bool:
        return self.link_status in (self.LinkStatus.OK, self.LinkStatus.REDIRECTED)

    @property
    def is_archived(self) -> bool:
        return self.last_snapshot_id is not None or bool(self.archive_url)

    @property
    def is_reachable_or_archived(self) -> bool:
        return self.is_reachable or self.is_archived

    @property
    def is_checking(self) -> bool:
        """A check is queued or running: asked for after the last one finished, and not so
        long ago that its worker must have died (the schedule will check it again)."""
        if self.check_requested_at is None:
            return False
        if self.link_checked_at is not None and self.link_checked_at >= self.check_requested_at:
            return False
        return timezone.now() - self.check_requested_at < CHECK_LOST_AFTER


class Publisher(models.Model):
    """The desk's view of a publisher, by domain: the default reliability of its sources."""

    Reliability = SourceReliability

    domain = models.CharField(
        max_length=253, unique=True, help_text="e.g. reuters.com; covers its subdomains too."
    )
    name = models.CharField(max_length=200, blank=True)
    reliability = models.CharField(max_length=20, choices=Reliability, default=Reliability.UNKNOWN)
    note = models.TextField(blank=True, help_text="Why the desk rates it so, with links.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__in=SourceReliability.values),
                name="publisher_reliability_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.domain


class SourceSnapshot(models.Model):
    """One archived version of a source: the WARC capture and its readable text."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="snapshots")
    fetched_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField()
    final_url = models.URLField(max_length=2000)
    content_type = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(help_text="Bytes of the body.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the body.")
    warc = models.FileField(max_length=300, help_text="The WARC capture, in the default storage.")
    warc_size = models.PositiveBigIntegerField(default=0, help_text="Bytes of the WARC file.")
    text = models.TextField(blank=True, help_text="The readable main text.")
    text_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the readable text.")
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        get_latest_by = "fetched_at"
        indexes = [models.Index(fields=["source", "-fetched_at"], name="snapshot_source_time")]

    def __str__(self) -> str:
        return f"{self.final_url} at {self.fetched_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("claims:snapshot_detail", args=[self.source_id, self.pk])


class SourceCheck(models.Model):
    """One check of a source's link, whatever its outcome."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField()
    link_status = models.CharField(max_length=20, choices=SourceLinkStatus)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.CharField(max_length=2000, blank=True)
    redirects = models.JSONField(default=list, blank=True, help_text="[[url, status], ...]")
    error = models.TextField(blank=True)
    duration = models.FloatField(default=0, help_text="Seconds.")
    snapshot = models.ForeignKey(
        SourceSnapshot, on_delete=models.SET_NULL, null=True, blank=True, related_name="checks"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["source", "-checked_at"], name="check_source_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(link_status__in=SourceLinkStatus.values),
                name="source_check_link_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_link_status_display()}: {self.source} at {self.checked_at}"


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    CONTEXT = "context", "Context"


class EvidenceQuerySet(models.QuerySet):
    def changed_since_cited(self) -> "EvidenceQuerySet":
        """Rows whose source's latest readable text is not the text they cited."""
        return self.filter(
            cited_snapshot__isnull=False, source__last_snapshot__isnull=False
        ).exclude(cited_snapshot__text_sha256=F("source__last_snapshot__text_sha256"))


class Evidence(models.Model):
    Stance = EvidenceStance

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=20, choices=Stance, default=Stance.CONTEXT)
    excerpt = models.TextField(max_length=NOTE_MAX, blank=True)
    pinpoint = models.CharField(
        max_length=200, blank=True, help_text="Page, paragraph or timestamp."
    )
    reported_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    note = models.TextField(max_length=NOTE_MAX, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # Its own version, not the claim's: two reviewers adding sources to one claim do not
    # conflict, but two people editing one evidence row do. A database default too,
    # because the bulk importer inserts evidence with SQL.
    version = models.PositiveIntegerField(
        default=1, db_default=1, help_text="Raised on every change."
    )
    cited_snapshot = models.ForeignKey(
        SourceSnapshot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The source's archived version when it was cited (or its first archive).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=EvidenceStance.values), name="evidence_stance_valid"
            ),
            length_at_most("excerpt", NOTE_MAX, "evidence_excerpt_length"),
            length_at_most("note", NOTE_MAX, "evidence_note_length"),
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
        return self.filter(is_public=True)

    def ever_published(self) -> "VerdictQuerySet":
        """Every verdict that was published, the ones corrected since included."""
        return self.filter(published_at__isnull=False)


class Verdict(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    summary = models.TextField(max_length=NOTE_MAX, help_text="The public rationale.")
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
    correction_note = models.TextField(max_length=REASON_MAX, blank=True)
    # The claim's public verdict: set on the one published last, cleared on the one it
    # corrects, so "what is published" is one indexed column rather than a subquery.
    is_public = models.BooleanField(default=False)
    # What was published, frozen at publication: editing the rating scale or the article
    # text later must not rewrite a published record.
    rating_label = models.CharField(max_length=50, blank=True)
    rating_value = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_colour = models.CharField(max_length=7, blank=True)
    rating_description = models.TextField(blank=True)
    published_quote = models.TextField(blank=True)
    published_claim_text = models.TextField(blank=True)
    # The evidence as published: [{"source": pk, "stance", "excerpt", "pinpoint"}, ...].
    published_sources = models.JSONField(default=list, blank=True)
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
            models.UniqueConstraint(
                fields=["claim"], condition=Q(is_public=True), name="verdict_one_public_per_claim"
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(published_at__isnull=False),
                name="verdict_public_is_published",
            ),
            length_at_most("summary", NOTE_MAX, "verdict_summary_length"),
            length_at_most("correction_note", REASON_MAX, "verdict_correction_note_length"),
        ]
        indexes = [
            models.Index(fields=["rating", "is_current"], name="verdict_rating_current"),
            models.Index(
                fields=["-published_at"], condition=Q(is_public=True), name="verdict_public_recent"
            ),
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

    @property
    def claim_text(self) -> str:
        """The claim as its verdict was published (as it is now, for one not published)."""
        return self.published_claim_text or self.claim.text

    def freeze_published_record(self) -> None:
        """Copy what the public sees from the rating and the claim, at publication."""
        self.rating_label = self.rating.label
        self.rating_value = self.rating.value
        self.rating_colour = self.rating.colour
        self.rating_description = self.rating.description
        self.published_quote = self.claim.quote
        self.published_claim_text = self.claim.text
        self.published_sources = [
            {
                "source": item.source_id,
                "stance": item.stance,
                "excerpt": item.excerpt,
                "pinpoint": item.pinpoint,
            }
            for item in self.claim.evidence.order_by("created_at", "pk")
        ]


class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [length_at_most("body", COMMENT_MAX, "comment_body_length")]

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
    SOURCE_CHECKED = "source_checked", "Source checked"
    SOURCE_EDITED = "source_edited", "Source details filled in"
    ANCHOR = "anchor", "Anchor changed"
    DUPLICATE = "duplicate", "Marked as duplicate"
    ARTICLE_CHANGE_CONFIRMED = "article_change_confirmed", "Verdict confirmed for changed text"
    WITHDRAWN = "withdrawn", "Submission withdrawn"
    RELEASED = "released", "Released by the assignee"
    SHORT_CLAIM_FIXED = "short_claim_fixed", "Short claim corrected"
    DUE_CHANGED = "due_changed", "Due date changed"


APPEND_ONLY = "ClaimEvent rows are append-only: the audit trail is never changed or deleted."


class ClaimEventQuerySet(models.QuerySet):
    """The audit trail is append-only, so bulk changes are refused too: `update()` and
    `delete()`, and `_update()` and `_raw_delete()`, through which `bulk_update()`, a model's
    save and the deletion collector write."""

    def update(self, **kwargs):
        raise PermissionError(APPEND_ONLY)

    def _update(self, values):
        raise PermissionError(APPEND_ONLY)

    def delete(self):
        raise PermissionError(APPEND_ONLY)

    def _raw_delete(self, using):
        raise PermissionError(APPEND_ONLY)

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError(APPEND_ONLY)

    def bulk_create(self, objs, *args, update_conflicts=False, **kwargs):
        if update_conflicts:  # an upsert rewrites the rows it meets
            raise PermissionError(APPEND_ONLY)
        return super().bulk_create(objs, *args, **kwargs)


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
    note = models.TextField(max_length=COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ClaimEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="event_claim_time"),
            # When each published claim was first researched, index-only (the statistics'
            # publication tally reads it at publication and on a rebuild).
            models.Index(
                fields=["claim", "created_at"],
                condition=Q(kind="status", to_data__status="researching"),
                name="event_research_started",
            ),
        ]
        constraints = [length_at_most("note", COMMENT_MAX, "event_note_length")]
        # Django's internals (saving, deleting, related lookups) query through the base
        # manager, which is a plain one unless named: it would update and delete freely.
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.claim_id}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError(APPEND_ONLY)
        # A new event is always an INSERT, never the UPDATE-then-INSERT a set pk would try.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(APPEND_ONLY)


class SuggestionStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Made a claim"
    DISMISSED = "dismissed", "Dismissed"


class ClaimSuggestion(models.Model):
    """A sentence the extractor proposes as a claim, until an editor accepts or dismisses it."""

    Status = SuggestionStatus

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    text = models.TextField(
        max_length=CLAIM_TEXT_MAX, help_text="The sentence, exactly as in the article body."
    )
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
            length_at_most("text", CLAIM_TEXT_MAX, "suggestion_text_length"),
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

# The statistics page's tallies, kept by the services and rebuilt from these records.
from claims.tallies.models import (  # noqa: E402, F401
    EventTally,
    PublicationTally,
    WorkTally,
)
