"""The Django admin for every model. Its writes go through the desk's services, so they keep
the desk's rules and leave the same audit events; records that change only on the desk are
read-only here."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from django.utils import timezone

from claims.exports.verdicts import csv_response, dated_filename, verdict_csv
from claims.importers.admin_views import ClaimImportAdminMixin
from claims.models import (
    Article,
    Claim,
    ClaimEvent,
    ClaimSuggestion,
    Comment,
    Evidence,
    ImportRecord,
    Publisher,
    Rating,
    Source,
    SourceCheck,
    SourceSnapshot,
    Verdict,
)
from claims.public.cache import public_pages_changed
from claims.roles import is_editor
from claims.services.articles import article_create, article_update_text
from claims.services.claims import (
    EDITABLE_FIELDS,
    AnchorError,
    check_anchor,
    claim_create,
    claim_update_and_confirm,
)
from claims.services.permissions import FROZEN_STATUSES, can_edit_claim
from claims.services.sources import normalise_url
from claims.services.workflow import Conflict, locked_claim, recent_changes

admin.site.site_header = "Factcheck administration"
admin.site.site_title = "Factcheck admin"
admin.site.index_title = "Records, users and the rating scale"


class ReadOnlyAdminMixin:
    """Records that change only through the workflow's service functions, which audit them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class KeepsAuditTrailMixin:
    """Records the audit trail points at cannot be deleted, since its events never are. The
    admin would call that a missing permission to delete claim events, which nobody can be
    given; this shows it as what it is, a protected record, and says what to do instead."""

    instead = ""

    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        events = str(ClaimEvent._meta.verbose_name)
        if events in {str(name) for name in perms_needed}:
            # Events are only ever reached as protected records, so the deletion is refused
            # whatever else it needs; naming other missing permissions would only mislead.
            perms_needed = set()
            protected = [f"The audit trail is never deleted: {self.instead}", *protected]
        return to_delete, counts, perms_needed, protected


class ActorFormMixin:
    """Gives the admin's form the signed-in user as `actor`, so it can refuse, with a form
    error, what the services would refuse that user."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})


def not_an_editor(actor, what: str) -> forms.ValidationError:
    return forms.ValidationError(
        f"Only editors {what}: {actor.get_username()} is staff but not in the Editors group, "
        "so nothing was saved.",
        code="not_an_editor",
    )


class ArticleBodyField(forms.CharField):
    """Article text as a browser sends it, its CRLF line ends stored as LF as the desk stores
    them: otherwise saving the form unchanged would move every claim off its quote."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class ArticleAdminForm(forms.ModelForm):
    actor = None  # set by ActorFormMixin

    class Meta:
        model = Article
        fields = [
            "external_id",
            "title",
            "author",
            "outlet",
            "url",
            "published_on",
            "language",
            "body",
        ]
        field_classes = {"body": ArticleBodyField}

    def clean(self):
        if not is_editor(self.actor):
            raise not_an_editor(self.actor, "add or change articles (claims are anchored in them)")
        return super().clean()


@admin.register(Article)
class ArticleAdmin(KeepsAuditTrailMixin, ActorFormMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    instead = "mark its claims not checkable instead."
    list_display = ["title", "external_id", "author", "outlet", "published_on", "created_at"]
    list_filter = ["outlet", "published_on"]
    search_fields = ["title", "external_id", "author", "outlet", "url"]
    date_hierarchy = "published_on"

    def save_model(self, request, obj, form, change) -> None:
        # Through the desk's services: a new article gets its claim suggestions, and a new
        # text re-anchors the claims and records it, in one transaction with the details.
        if not change:
            obj.pk = article_create(actor=request.user, **form.cleaned_data).pk
            obj.refresh_from_db()
            return
        with transaction.atomic():
            details = [field for field in form.changed_data if field != "body"]
            if details:
                # The body stays as stored here: the service compares and replaces it.
                obj.save(update_fields=[*details, "updated_at"])
            moved = article_update_text(
                article=obj, actor=request.user, body=form.cleaned_data["body"]
            )
        obj.refresh_from_db()
        lost = [claim.external_id for claim in moved if claim.anchor_lost]
        if lost:
            self.message_user(
                request,
                f"Anchor lost for {', '.join(lost)}: the quote is no longer in the text. "
                "Edit the claim on its page to quote the text as it is now.",
                messages.WARNING,
            )


class EvidenceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["source", "stance", "reported_value", "pinpoint", "added_by"]


class ClaimAdminForm(forms.ModelForm):
    actor = None  # set by ActorFormMixin
    # The version the form was based on: saving over someone else's change is refused.
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = ["article", "external_id", *EDITABLE_FIELDS, "status_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # A change must say what it was based on, as on the claim page.
            self.fields["based_on_version"].required = True
            self.fields["based_on_version"].error_messages["required"] = (
                "This form does not say which version of the claim it changes: reload the "
                "page and try again."
            )
            self.fields["based_on_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            if not is_editor(self.actor):
                raise not_an_editor(self.actor, "add claims")
            article = cleaned.get("article")
        else:
            self._check_may_edit()
            self._check_version(cleaned.get("based_on_version"))
            article = self.instance.article
        quote, start, end = cleaned.get("quote"), cleaned.get("start"), cleaned.get("end")
        if article and None not in (quote, start, end):
            try:
                check_anchor(article, quote, start, end)
            except AnchorError as error:
                raise forms.ValidationError(str(error)) from None
        return cleaned

    def _check_may_edit(self) -> None:
        """The claim page's rule (`claim_edit`): editors, before the claim is frozen."""
        claim = self.instance
        if claim.status in FROZEN_STATUSES:
            raise forms.ValidationError(
                f"{claim.external_id} is {claim.get_status_display().lower()}: it changes only "
                "after it goes back to research (send it back or reopen it on the claim page)."
            )
        if not can_edit_claim(self.actor, claim):
            raise forms.ValidationError(
                "Only editors, or the claim's assignee while researching, edit claims."
            )

    def _check_version(self, seen: int | None) -> None:
        claim = self.instance
        if seen is None or seen == claim.version:
            return
        conflict = Conflict(claim, recent_changes(claim))
        # The form now carries the version the user has been shown, so saving again after
        # reading the other change is a choice rather than an accident.
        self.data = self.data.copy()
        self.data[self.add_prefix("based_on_version")] = claim.version
        raise forms.ValidationError(
            [str(conflict), *map(change_summary, conflict.changes)], code="conflict"
        )


def change_summary(event: ClaimEvent) -> str:
    """One line of the other person's change, as the claim page lists it in a conflict."""
    values = "; ".join(f"{key}: {value}" for key, value in event.to_data.items())
    return f"{event.get_kind_display()} by {event.actor or 'the system'}" + (
        f" ({values})" if values else ""
    )


@admin.register(Claim)
class ClaimAdmin(KeepsAuditTrailMixin, ActorFormMixin, ClaimImportAdminMixin, admin.ModelAdmin):
    form = ClaimAdminForm
    instead = "mark the claim not checkable instead."
    list_display = [
        "external_id",
        "short_text",
        "article",
        "kind",
        "status",
        "assignee",
        "priority",
    ]
    list_display_links = ["external_id", "short_text"]
    list_filter = ["status", "kind", "article", "assignee"]
    list_select_related = ["article", "assignee"]
    search_fields = ["external_id", "text", "quote", "attributed_to"]
    raw_id_fields = ["article"]
    # Status, assignee and version move only through the workflow, which records them.
    readonly_fields = ["status", "assignee", "version", "created_at", "updated_at"]
    inlines = [EvidenceInline]
    actions = ["export_csv"]

    @admin.action(description="Export selected claims as CSV")
    def export_csv(self, request, queryset):
        # The same writer as /exports/verdicts.csv, so the same escaping.
        return csv_response(verdict_csv(queryset), dated_filename("claims"))

    @admin.display(description="Claim", ordering="text")
    def short_text(self, claim: Claim) -> str:
        return claim.text[:90]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # Saving an edit passes only the editable fields to the service: these are not.
        return [*self.readonly_fields, "article", "external_id", "status_reason"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Conflict:
            # Someone saved the claim between the form's version check and the save, which
            # was refused and rolled back. Showing the form again checks the version again,
            # which now fails on the form, naming their change and keeping this input.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        # Through the service functions, so an admin edit leaves its ClaimEvent too.
        values = {field: form.cleaned_data[field] for field in EDITABLE_FIELDS}
        if change:
            with transaction.atomic():
                claim = locked_claim(obj, form.cleaned_data["based_on_version"])
                claim_update_and_confirm(
                    claim=claim, actor=request.user, note="confirmed in the admin", **values
                )
            obj.refresh_from_db()
        else:
            created = claim_create(
                article=form.cleaned_data["article"],
                actor=request.user,
                external_id=form.cleaned_data["external_id"],
                status_reason=form.cleaned_data.get("status_reason", ""),
                **values,
            )
            obj.pk = created.pk
            obj.refresh_from_db()


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "value", "colour", "order", "published_uses"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["label"]}
    readonly_fields = ["published_uses"]

    def get_queryset(self, request):
        published = Count("verdicts", filter=Q(verdicts__published_at__isnull=False))
        return super().get_queryset(request).annotate(published_count=published)

    @admin.display(description="Published verdicts")
    def published_uses(self, rating: Rating) -> str:
        """Said before an edit: published verdicts keep what they were published with."""
        if rating.pk is None:
            return "None yet."
        count = getattr(rating, "published_count", None)
        if count is None:
            count = rating.verdicts.ever_published().count()
        if not count:
            return "No published verdict uses this rating."
        return (
            f"{count} published verdict{pluralize(count)} use{'' if count != 1 else 's'} this "
            "rating. They keep the label, value, colour and description they were published "
            "with; a change here applies to new verdicts only."
        )

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # The index's rating filter names the scale as it is now.
        public_pages_changed()


class SourceAdminForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = [
            "url",
            "title",
            "publisher",
            "published_on",
            "kind",
            "reliability",
            "link_status",
            "link_checked_at",
            "archive_url",
            "archived_at",
        ]

    def clean_url(self) -> str:
        """Stored normalised, as the desk stores it, so one document is one source."""
        url = normalise_url(self.cleaned_data["url"])
        same = Source.objects.filter(url=url).exclude(pk=self.instance.pk).first()
        if same is not None:
            raise forms.ValidationError(
                f"Source #{same.pk} (“{same}”) already has this address once normalised "
                f"({url}): use that source rather than a second one.",
                code="duplicate_url",
            )
        return url


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceAdminForm
    list_display = ["title", "publisher", "published_on", "kind", "reliability", "link_status"]
    list_filter = ["kind", "reliability", "link_status"]
    search_fields = ["url", "title", "publisher"]

    def get_readonly_fields(self, request, obj=None):
        # Evidence rows and their audit events name a cited source by its address; a new
        # address is a new source, cited through the claim page.
        if obj is not None and obj.evidence.exists():
            return [*self.readonly_fields, "url"]
        return self.readonly_fields


@admin.register(SourceCheck)
class SourceCheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Checks are written by the worker; each one is the record of what the link did."""

    list_display = ["checked_at", "source", "link_status", "status_code", "duration", "snapshot"]
    list_filter = ["link_status", "checked_at"]
    list_select_related = ["source", "snapshot"]
    search_fields = ["source__url", "final_url", "error"]
    raw_id_fields = ["source", "snapshot", "requested_by"]
    date_hierarchy = "checked_at"


@admin.register(SourceSnapshot)
class SourceSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Captures are evidence: kept as taken. Their readable text is on the desk's snapshot
    page ("View on site"), not repeated here."""

    list_display = ["fetched_at", "source", "status_code", "content_type", "size", "title"]
    list_filter = ["fetched_at", "content_type"]
    list_select_related = ["source"]
    search_fields = ["source__url", "final_url", "title", "sha256"]
    exclude = ["text"]
    raw_id_fields = ["source"]
    date_hierarchy = "fetched_at"


@admin.register(Publisher)
class PublisherAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The registry is kept by editors on the desk's Publishers page, which checks domains."""

    list_display = ["domain", "name", "reliability", "updated_by", "updated_at"]
    list_filter = ["reliability"]
    list_select_related = ["updated_by"]
    search_fields = ["domain", "name", "note"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["claim", "source", "stance", "reported_value", "added_by", "created_at"]
    list_filter = ["stance"]
    list_select_related = ["claim", "source", "added_by"]
    search_fields = ["claim__text", "source__url", "source__title", "excerpt"]
    raw_id_fields = ["claim", "source", "added_by"]


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["claim", "rating", "is_current", "submitted_by", "approved_by", "published_at"]
    list_filter = ["rating", "is_current", "published_at"]
    list_select_related = ["claim", "rating", "submitted_by", "approved_by"]
    search_fields = ["claim__text", "summary", "short_claim"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A discussion is a record: comments are added on the claim page, which audits them."""

    list_display = ["claim", "author", "created_at", "__str__"]
    list_select_related = ["claim", "author"]
    search_fields = ["body", "claim__text"]
    raw_id_fields = ["claim", "author"]


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "claim", "kind", "actor", "note"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["claim", "actor"]
    search_fields = ["claim__text", "claim__external_id", "note"]
    date_hierarchy = "created_at"


@admin.register(ClaimSuggestion)
class ClaimSuggestionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Suggestions come from the extractor and are decided on the article page."""

    list_display = ["__str__", "article", "kind", "score", "status", "decided_by"]
    list_filter = ["status", "kind", "article"]
    list_select_related = ["article", "decided_by"]
    search_fields = ["text", "attributed_to"]


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every import, preview and dry run, read-only: the record of what came in."""

    list_display = [
        "created_at",
        "file_name",
        "imported_by",
        "via",
        "outcome",
        "rows",
        "claims_created",
        "claims_updated",
        "error_count",
    ]
    list_filter = ["outcome", "via", "created_at"]
    list_select_related = ["imported_by"]
    search_fields = ["file_name", "checksum"]
    date_hierarchy = "created_at"


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(KeepsAuditTrailMixin, auth_admin.UserAdmin):
    instead = "untick Active to close the account instead."


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """django-axes' failed log-ins, led by who, from where, and until when they are locked."""

    list_display = ["username", "ip_address", "status", "failures_since_start", "attempt_time"]
    actions = ["unlock", "cleanup_expired_attempts"]

    @admin.display(description="Status")
    def status(self, attempt: AccessAttempt) -> str:
        left = settings.AXES_FAILURE_LIMIT - attempt.failures_since_start
        if left > 0:
            return f"{left} attempts left"
        ends = attempt.attempt_time + settings.AXES_COOLOFF_TIME
        if ends <= timezone.now():
            return "Lock expired"
        return f"Locked until {timezone.localtime(ends):%H:%M %Z}"

    @admin.action(description="Unlock: clear the selected failed log-ins", permissions=["delete"])
    def unlock(self, request, queryset) -> None:
        people = sorted({f"{row.username} from {row.ip_address}" for row in queryset})
        queryset.delete()
        self.message_user(request, f"Unlocked {', '.join(people)}.", messages.SUCCESS)
