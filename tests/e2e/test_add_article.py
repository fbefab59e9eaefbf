"""An editor adds an article and turns a suggested sentence into a claim."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Article, Claim
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = """Hospital waiting lists grew to 7.2 million in January, NHS England reported.

Ministers must act now to fix the system.

Nearly 4,000 nurses left the service last year, according to the Royal College of Nursing."""


def test_editor_adds_an_article_and_promotes_a_suggestion(page, log_in):
    EditorFactory(username="edna")
    log_in("edna")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    page.get_by_role("link", name="New article").click()
    page.get_by_label("Title").fill("Waiting lists keep growing")
    page.get_by_label("Author").fill("Jo Bloggs")
    page.get_by_label("Article text").fill(TEXT)
    page.get_by_role("button", name="Add article").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting lists keep growing")
    suggestions = page.locator("#suggestions li.suggestion")
    expect(suggestions.first).to_be_visible()
    expect(page.locator("mark.suggestion-span").first).to_be_visible()
    nhs = suggestions.filter(has_text="7.2 million")
    expect(nhs).to_contain_text("Figure")
    expect(nhs).to_contain_text("7,200,000")
    expect(nhs).to_contain_text("according to NHS England")
    nhs.get_by_role("button", name="Make claim").click()

    expect(page.locator(".messages")).to_contain_text("created from the suggestion")
    claims = page.locator("#article-claims li")
    expect(claims).to_have_count(1)
    expect(claims.first).to_contain_text("7.2 million")
    expect(page.locator("#suggestions")).not_to_contain_text("7.2 million")

    claims.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/claims/\d+/$"))
    expect(page.locator("blockquote.context mark")).to_have_text(
        "Hospital waiting lists grew to 7.2 million in January, NHS England reported."
    )
    claim = Claim.objects.get()
    assert claim.article == Article.objects.get(title="Waiting lists keep growing")
    assert claim.stated_value == 7_200_000 and claim.kind == "figure"
