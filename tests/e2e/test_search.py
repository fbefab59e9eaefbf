"""A reviewer searches from the header and opens a result."""

import re

import pytest
from playwright.sync_api import expect

from claims.demo import seed_article
from tests.factories import ReviewerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_searches_from_the_header_and_opens_a_claim(page, log_in):
    seed_article()
    ReviewerFactory(username="rita")
    log_in("rita")

    page.keyboard.press("/")
    box = page.get_by_role("searchbox", name=re.compile("Search"))
    expect(box.first).to_be_focused()
    box.first.fill("1500")
    box.first.press("Enter")

    results = page.locator("#results-claims")
    expect(results).to_contain_text("1,500")
    results.get_by_role("link", name=re.compile("1,500 soldiers")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1,500 soldiers")
