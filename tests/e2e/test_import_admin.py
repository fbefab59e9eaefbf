"""An admin uploads a file, reads the preview, and confirms the import."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ImportRecord
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "import_example.csv"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_admin_uploads_previews_and_confirms_an_import(page, live_server):
    UserFactory(username="stan", is_staff=True, is_superuser=True)

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("stan")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/admin/claims/claim/")
    page.get_by_role("link", name="Import claims").click()
    expect(page.get_by_role("heading", name="Import claims")).to_be_visible()
    page.get_by_label("File").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page).to_have_url(re.compile(r"/admin/claims/claim/import/\d+/$"))
    counts = page.locator("#import-counts")
    expect(counts.get_by_role("row", name=re.compile("^Claims"))).to_contain_text("4")
    expect(page.locator("#import-errors")).to_have_count(0)
    assert Claim.objects.count() == 0

    page.get_by_role("button", name="Confirm import").click()
    expect(page).to_have_url(re.compile(r"/admin/claims/claim/$"))
    expect(page.locator(".messagelist")).to_contain_text("4 claims created")
    expect(page.get_by_role("link", name="waiting-lists")).to_be_visible()
    assert Claim.objects.count() == 4
    assert ImportRecord.objects.get().outcome == ImportRecord.Outcome.SUCCEEDED
