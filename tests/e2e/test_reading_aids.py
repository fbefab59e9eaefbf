"""Focus after in-page updates, pages that fit a phone, and printing a claim or an article."""

import pytest
from playwright.sync_api import expect

from claims.demo import load_demo
from claims.models import Article, Claim
from claims.services.evidence import evidence_add
from tests.e2e.page_states import Visit

pytestmark = pytest.mark.django_db(transaction=True)

LONG_URL = "https://archive.example.org/" + "very-long-path-segment-without-any-break-" * 12


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.textContent")


def test_focus_follows_each_htmx_update_and_is_announced(page, live_server):
    load_demo()
    visit = Visit(page, live_server.url)
    visit.log_in("reviewer")
    visit.go(Claim.objects.get(external_id="c03").get_absolute_url())

    page.get_by_role("button", name="I’ll take it").focus()
    visit.swap("#workspace", lambda: page.keyboard.press("Enter"))
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(page.locator("#live-announcer")).to_contain_text("Assigned to you.")

    page.get_by_label("Comment").fill("Looking for the NIS statement itself.")
    visit.swap("#discussion", lambda: page.get_by_role("button", name="Post comment").click())
    expect(page.get_by_role("heading", name="Discussion")).to_be_focused()
    expect(page.locator("#live-announcer")).to_have_text("Discussion: updated.")


def test_the_queue_keeps_focus_in_the_filters_and_announces_the_count(page, live_server):
    load_demo()
    visit = Visit(page, live_server.url)
    visit.log_in("reviewer")
    visit.go("/claims/")
    kind = page.get_by_label("Kind")
    kind.focus()
    visit.swap("#results", lambda: kind.select_option("figure"))
    expect(kind).to_be_focused()
    count = Claim.objects.filter(kind="figure").count()
    expect(page.locator("#live-announcer")).to_have_text(f"{count} claims")


def test_a_phone_shows_long_addresses_and_words_without_widening_the_page(page, live_server):
    load_demo()
    claim = Claim.objects.get(external_id="c07")
    reviewer = claim.assignee
    evidence_add(claim=claim, actor=reviewer, url=LONG_URL, title="Archived" + "x" * 120)
    Article.objects.update(title="Supercalifragilisticexpialidocious" * 4)
    page.set_viewport_size({"width": 390, "height": 844})
    visit = Visit(page, live_server.url)
    visit.log_in("reviewer")
    for path in [
        "/",
        "/claims/",
        "/articles/",
        claim.get_absolute_url(),
        claim.article.get_absolute_url(),
    ]:
        visit.go(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide"


def test_printing_a_claim_or_an_article_leaves_the_desk_out(page, live_server):
    load_demo()
    claim = Claim.objects.get(external_id="c07")
    visit = Visit(page, live_server.url)
    visit.log_in("reviewer")
    page.emulate_media(media="print")
    visit.go(claim.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("blockquote.context")).to_be_visible()
    expect(page.locator("#evidence")).to_be_visible()
    for hidden in [".site-header", "#timeline", "#verdict-form", "#add-source", ".breadcrumbs"]:
        expect(page.locator(hidden)).to_be_hidden()
    assert page.locator("form:visible").count() == 0

    visit.go(claim.article.get_absolute_url())
    expect(page.locator(".article-text")).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    assert page.locator("form:visible, nav:visible").count() == 0

    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()
