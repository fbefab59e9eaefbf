"""The admin's import pages: upload, preview, confirm or go back; staff only."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, ImportRecord
from tests.factories import UserFactory
from tests.test_import import article_row, csv_bytes, second_row, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def upload(client, rows, name="claims.csv"):
    return client.post(
        reverse("admin:claims_claim_import"),
        {"file": SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")},
    )


class TestUploadAndPreview:
    def test_changelist_has_an_import_button(self, staff_client):
        response = staff_client.get(reverse("admin:claims_claim_changelist"))
        assert reverse("admin:claims_claim_import").encode() in response.content
        assert b"Import claims" in response.content

    def test_upload_page(self, staff_client):
        response = staff_client.get(reverse("admin:claims_claim_import"))
        assert response.status_code == 200
        assert response.templates[0].name == "admin/claims/claim/import_form.html"

    def test_upload_keeps_the_file_and_previews_without_writing(self, staff_client):
        state = snapshot()
        response = upload(staff_client, [article_row(), second_row()])
        record = ImportRecord.objects.get()
        assert response.url == reverse("admin:claims_claim_import_preview", args=[record.pk])
        assert snapshot() == state
        assert record.outcome == ImportRecord.Outcome.PREVIEWED
        assert default_storage.exists(record.stored_file)
        assert (record.articles_created, record.claims_created) == (1, 2)
        preview = staff_client.get(response.url)
        assert preview.context["counts"][1] == ("claims", 2, 0, 0)
        assert preview.context["can_confirm"]
        assert b"Confirm import" in preview.content
        assert b": 2 rows read;" in preview.content

    def test_a_one_row_file_reads_one_row(self, staff_client):
        preview = staff_client.get(upload(staff_client, [article_row()]).url)
        assert b": 1 row read;" in preview.content

    def test_preview_lists_errors_and_their_total_and_cannot_be_confirmed(self, staff_client):
        rows = [article_row(kind="rumour")] + [
            second_row(claim_id=f"c{n}", stated_value="lots") for n in range(2, 252)
        ]
        response = upload(staff_client, rows)
        record = ImportRecord.objects.get()
        assert record.error_count == 251
        preview = staff_client.get(response.url)
        errors = preview.context["record"].errors
        assert len(errors) == 200
        assert errors[0].startswith("row 2, column kind: unknown kind “rumour”")
        assert preview.context["more_errors"] == 51
        assert b"251 errors" in preview.content
        assert not preview.context["can_confirm"]
        assert b"Confirm import" not in preview.content
        confirm = staff_client.post(reverse("admin:claims_claim_import_confirm", args=[record.pk]))
        assert confirm.status_code == 302
        assert Claim.objects.count() == 0

    def test_a_file_of_the_wrong_kind_is_refused_on_the_form(self, staff_client):
        response = upload(staff_client, [article_row()], name="claims.txt")
        assert response.status_code == 200
        assert "must end in .csv, .json or .xlsx" in str(response.context["form"].errors)
        assert not ImportRecord.objects.exists()


class TestConfirm:
    def test_confirm_imports_the_stored_file(self, staff_client, staff):
        upload(staff_client, [article_row(), second_row()])
        record = ImportRecord.objects.get()
        path = record.stored_file
        response = staff_client.post(reverse("admin:claims_claim_import_confirm", args=[record.pk]))
        assert response.url == reverse("admin:claims_claim_changelist")
        assert Claim.objects.count() == 2
        assert Claim.objects.first().events.get().actor == staff
        record.refresh_from_db()
        assert record.outcome == ImportRecord.Outcome.SUCCEEDED
        assert record.claims_created == 2
        assert not default_storage.exists(path)
        again = staff_client.post(reverse("admin:claims_claim_import_confirm", args=[record.pk]))
        assert again.status_code == 302
        assert Claim.objects.count() == 2

    def test_go_back_writes_nothing_and_drops_the_file(self, staff_client):
        state = snapshot()
        upload(staff_client, [article_row()])
        record = ImportRecord.objects.get()
        path = record.stored_file
        response = staff_client.post(reverse("admin:claims_claim_import_cancel", args=[record.pk]))
        assert response.url == reverse("admin:claims_claim_import")
        assert snapshot() == state
        record.refresh_from_db()
        assert record.outcome == ImportRecord.Outcome.CANCELLED
        assert not default_storage.exists(path)

    def test_a_changed_stored_file_is_refused(self, staff_client):
        upload(staff_client, [article_row()])
        record = ImportRecord.objects.get()
        with default_storage.open(record.stored_file, "wb") as stored:
            stored.write(csv_bytes([article_row(text="Something else entirely.", quote="")]))
        staff_client.post(reverse("admin:claims_claim_import_confirm", args=[record.pk]))
        assert Claim.objects.count() == 0
        record.refresh_from_db()
        assert record.outcome == ImportRecord.Outcome.PREVIEWED

    def test_an_upload_older_than_a_day_cannot_be_confirmed(self, staff_client):
        upload(staff_client, [article_row()])
        record = ImportRecord.objects.get()
        path = record.stored_file
        ImportRecord.objects.filter(pk=record.pk).update(
            created_at=record.created_at - timedelta(days=1, minutes=1)
        )
        staff_client.post(reverse("admin:claims_claim_import_confirm", args=[record.pk]))
        assert Claim.objects.count() == 0
        record.refresh_from_db()
        assert record.outcome == ImportRecord.Outcome.EXPIRED
        assert not default_storage.exists(path)

    def test_expired_uploads_are_deleted_by_the_command(self, staff_client):
        upload(staff_client, [article_row()])
        record = ImportRecord.objects.get()
        path = record.stored_file
        ImportRecord.objects.filter(pk=record.pk).update(
            created_at=record.created_at - timedelta(days=2)
        )
        call_command("expire_imports")
        assert not default_storage.exists(path)
        record.refresh_from_db()
        assert (record.outcome, record.stored_file) == (ImportRecord.Outcome.EXPIRED, "")


class TestAccess:
    def test_a_user_who_is_not_staff_is_sent_to_the_admin_login(self, client, reviewer):
        client.force_login(reviewer)
        response = client.get(reverse("admin:claims_claim_import"))
        assert response.status_code == 302
        assert reverse("admin:login") in response.url

    def test_staff_without_the_claim_permission_gets_403(self, client):
        client.force_login(UserFactory(is_staff=True))
        assert client.get(reverse("admin:claims_claim_import")).status_code == 403
        response = client.post(
            reverse("admin:claims_claim_import"),
            {"file": SimpleUploadedFile("c.csv", csv_bytes([article_row()]))},
        )
        assert response.status_code == 403
        assert not ImportRecord.objects.exists()

    def test_import_records_are_read_only_in_the_admin(self, staff_client, staff):
        record = ImportRecord.objects.create(file_name="a.csv", checksum="0" * 64)
        assert staff_client.get(reverse("admin:claims_importrecord_changelist")).status_code == 200
        assert staff_client.get(reverse("admin:claims_importrecord_add")).status_code == 403
        response = staff_client.post(
            reverse("admin:claims_importrecord_change", args=[record.pk]), {"file_name": "b"}
        )
        assert response.status_code == 403
