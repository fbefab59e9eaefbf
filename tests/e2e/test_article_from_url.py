"""An editor gives an article's web address, checks what was read, and adds it."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Article
from tests.factories import EditorFactory
from tests.web_server import ARTICLE_HTML

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_adds_an_article_from_its_address(page, log_in, web):
    url = web.page("/world/troops", ARTICLE_HTML)
    EditorFactory(username="edna")
    log_in("edna")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    page.get_by_role("link", name="New article").click()

    page.get_by_label("Web address").fill(web.url("/world/missing"))
    page.get_by_role("button", name="Fetch article").click()
    expect(page.locator(".field.has-error")).to_contain_text("The site answered 404 Not Found.")

    page.get_by_label("Web address").fill(url)
    page.get_by_role("button", name="Fetch article").click()
    expect(page.get_by_role("status")).to_contain_text("Nothing is saved until you do.")
    expect(page.get_by_label("Title", exact=True)).to_have_value("Troops sent north, agency says")
    expect(page.get_by_label("Author")).to_have_value("Kim Reporter")
    expect(page.get_by_label("Outlet")).to_have_value("Local Wire")
    expect(page.get_by_label("Published")).to_have_value("2026-10-21")
    expect(page.locator("#id_url")).to_have_value(url)
    expect(page.get_by_label("Article text")).to_have_value(
        re.compile(r"^Troops sent north, agency says\n\nAbout 10,000 soldiers")
    )
    assert not Article.objects.exists()

    page.get_by_label("Title", exact=True).fill("Troops sent north")
    page.get_by_role("button", name="Add article").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Troops sent north")
    expect(page.locator("#suggestions li.suggestion").filter(has_text="10,000")).to_contain_text(
        "National Intelligence Service"
    )
    article = Article.objects.get()
    assert (article.url, article.outlet, str(article.published_on)) == (
        url,
        "Local Wire",
        "2026-10-21",
    )
