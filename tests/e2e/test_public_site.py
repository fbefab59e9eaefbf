"""The public site in a browser: a verdict published on the desk is read logged out, and
hostile text in every field runs nothing."""

import json
import re
import time

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests import workflow_states
from tests.factories import EditorFactory, ReviewerFactory
from tests.xss_corpus import hostile_fact_check

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Pages cached by an earlier run may carry the same claim numbers."""
    cache.clear()


def watch_for_trouble(page) -> dict:
    """Every dialog (an alert that ran) and console error (a CSP refusal among them)."""
    seen = {"dialogs": [], "errors": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    # Chromium logs CSP refusals too; the event makes sure none is missed.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP violation: ' + e.violatedDirective))"
    )
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    return seen


def test_an_editor_publishes_and_a_reader_reads_it_logged_out(page, live_server, log_in, log_out):
    reviewer, _editor = ReviewerFactory(username="rita"), EditorFactory(username="edna")
    claim = workflow_states.in_review(reviewer, attributed_to="The Health Ministry")
    trouble = watch_for_trouble(page)

    log_in("edna")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    page.get_by_role("button", name="Publish verdict").click()
    expect(page.locator("#claim-status")).to_have_text("Published")
    published_at = time.monotonic()
    log_out()

    page.goto(f"{live_server.url}/fact-checks/")
    page.get_by_role("link", name=claim.text).click()
    assert time.monotonic() - published_at < 5
    expect(page).to_have_url(re.compile(rf"/fact-checks/{claim.pk}/[a-z0-9-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(claim.text)
    expect(page.locator(".verdict-box")).to_contain_text("True")
    expect(page.locator(".verdict-box")).to_contain_text("Matches the ministry data.")
    expect(page.get_by_text("edna")).to_have_count(0)
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "ClaimReview"
    assert data["url"].endswith(claim.get_public_url())
    assert data["itemReviewed"]["author"]["name"] == "The Health Ministry"
    assert trouble == {"dialogs": [], "errors": []}


def test_hostile_text_runs_nothing_on_the_public_page(page, live_server):
    reviewer = ReviewerFactory(username="rita")
    claim = hostile_fact_check(
        reviewer, EditorFactory(username="edna"), EditorFactory(username="ed")
    )
    trouble = watch_for_trouble(page)

    for path in [claim.get_public_url(), "/fact-checks/", "/corrections/"]:
        page.goto(live_server.url + path)
        expect(page.locator("main")).to_be_visible()
    expect(page.locator("iframe, main img, main svg:not(.swatch)")).to_have_count(0)
    page.goto(live_server.url + claim.get_public_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(claim.text)
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["itemReviewed"]["author"]["name"] == claim.attributed_to
    assert page.locator("script").count() == 1  # the JSON-LD, and nothing injected
    assert trouble == {"dialogs": [], "errors": []}
