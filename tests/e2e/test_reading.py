"""A reviewer logs in and reads the seed article and one of its claims."""

import re

import pytest
from playwright.sync_api import expect

from claims.demo import seed_article
from tests.factories import ReviewerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_reads_the_seed_article_and_opens_a_claim(page, live_server):
    article = seed_article()
    ReviewerFactory(username="rita")

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    page.get_by_role("link", name=article.title).click()
    claims = page.locator("#article-claims li")
    expect(claims).to_have_count(article.claims.count())
    expect(page.locator("mark.claim-span")).not_to_have_count(0)

    page.locator("#article-claims").get_by_role(
        "link", name=re.compile("initial deployment to Russia was about 1,500")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1,500 soldiers")
    expect(page.locator("blockquote.context mark")).to_have_text(
        "the initial deployment of approximately 1,500 soldiers"
    )
