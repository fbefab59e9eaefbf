"""The admin's "Import claims" pages: upload, preview with every count and error, confirm."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from claims.importers.readers import FORMATS, file_format
from claims.importers.tables import FileError
from claims.importers.uploads import (
    UploadError,
    upload_cancel,
    upload_confirm,
    upload_is_expired,
    upload_preview,
)
from claims.models import ImportRecord


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A CSV (UTF-8), JSON or XLSX file with the columns of docs/formats.md.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FORMATS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            file_format(upload.name)
        except FileError as error:
            raise forms.ValidationError(str(error)) from None
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1e6:.1f} MB; the largest import accepted is "
                f"{limit / 1e6:.1f} MB."
            )
        return upload


class ClaimImportAdminMixin:
    """Adds the import pages to ClaimAdmin (linked from its changelist's object tools)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_upload), name="claims_claim_import"),
            path(
                "import/<int:record_id>/",
                wrap(self.import_preview),
                name="claims_claim_import_preview",
            ),
            path(
                "import/<int:record_id>/confirm/",
                wrap(self.import_confirm),
                name="claims_claim_import_confirm",
            ),
            path(
                "import/<int:record_id>/cancel/",
                wrap(self.import_cancel),
                name="claims_claim_import_cancel",
            ),
            *super().get_urls(),
        ]

    def _require_import_permission(self, request: HttpRequest) -> None:
        if not (request.user.is_staff and self.has_add_permission(request)):
            raise PermissionDenied

    def _context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    @method_decorator(require_http_methods(["GET", "POST"]))
    def import_upload(self, request: HttpRequest) -> HttpResponse:
        """Upload a file; it is kept and previewed, nothing is written yet."""
        self._require_import_permission(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            record, _report = upload_preview(upload=form.cleaned_data["file"], user=request.user)
            return redirect("admin:claims_claim_import_preview", record_id=record.pk)
        return TemplateResponse(
            request,
            "admin/claims/claim/import_form.html",
            self._context(request, "Import claims", form=form),
        )

    @method_decorator(require_safe)
    def import_preview(self, request: HttpRequest, record_id: int) -> HttpResponse:
        """What the import would create, update and leave alone, and every error."""
        self._require_import_permission(request)
        record = get_object_or_404(ImportRecord, pk=record_id)
        pending = record.outcome == ImportRecord.Outcome.PREVIEWED and bool(record.stored_file)
        rows = [
            (
                name,
                getattr(record, f"{name}_created"),
                getattr(record, f"{name}_updated"),
                getattr(record, f"{name}_unchanged"),
            )
            for name in ("articles", "claims", "evidence")
        ]
        return TemplateResponse(
            request,
            "admin/claims/claim/import_preview.html",
            self._context(
                request,
                f"Import preview: {record.file_name}",
                record=record,
                counts=rows,
                can_confirm=pending and record.error_count == 0 and not upload_is_expired(record),
                pending=pending,
                more_errors=max(record.error_count - len(record.errors), 0),
            ),
        )

    @method_decorator(require_POST)
    def import_confirm(self, request: HttpRequest, record_id: int) -> HttpResponse:
        """Import the stored file exactly as previewed."""
        self._require_import_permission(request)
        record = get_object_or_404(ImportRecord, pk=record_id)
        try:
            report = upload_confirm(record=record, user=request.user)
        except UploadError as error:
            messages.error(request, str(error))
            return redirect("admin:claims_claim_import_preview", record_id=record.pk)
        if not report.written:
            messages.error(
                request,
                f"The import failed with {report.errors.count} error(s); nothing was written.",
            )
            return redirect("admin:claims_claim_import_preview", record_id=record.pk)
        messages.success(
            request,
            f"Imported {record.file_name}: {report.claims.created} claims created, "
            f"{report.claims.updated} updated, {report.claims.unchanged} unchanged.",
        )
        return redirect(reverse("admin:claims_claim_changelist"))

    @method_decorator(require_POST)
    def import_cancel(self, request: HttpRequest, record_id: int) -> HttpResponse:
        """Go back: drop the stored upload without importing it."""
        self._require_import_permission(request)
        upload_cancel(record=get_object_or_404(ImportRecord, pk=record_id))
        messages.info(request, "Nothing was imported.")
        return redirect("admin:claims_claim_import")
