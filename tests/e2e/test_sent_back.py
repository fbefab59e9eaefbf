"""An editor sends a verdict back; the reviewer sees the unread badge, then the reason."""

import re

import pytest
from playwright.sync_api import expect

from tests import workflow_states
from tests.factories import EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_reviewer_sees_the_badge_and_the_reason(page, live_server, log_in, log_out):
    console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    mina = ReviewerFactory(username="mina")
    EditorFactory(username="edna")
    claim = workflow_states.in_review(mina)

    log_in("edna")
    review = page.locator("#awaiting-review")
    expect(review).to_contain_text("waiting for approval since")
    review.get_by_role("link", name=re.compile("nurses")).click()
    page.get_by_text("Send back for more research").click()
    page.get_by_label("What needs fixing?").fill("Cite the ministry's own 2023 report.")
    page.get_by_role("button", name="Send back").click()
    expect(page.locator("#claim-status")).to_have_text("Researching")
    log_out()

    log_in("mina")
    badge = page.locator("#inbox-badge .badge")
    expect(badge).to_have_text("1")
    page.locator("#inbox-badge").get_by_role("link", name=re.compile("Inbox")).click()
    notification = page.locator(".notification-list li").first
    expect(notification).to_contain_text("edna sent back")
    expect(notification).to_contain_text("Cite the ministry's own 2023 report.")
    notification.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/claims/{claim.pk}/$"))
    expect(page.locator(".returned")).to_contain_text("Cite the ministry's own 2023 report.")
    # Opened, so read: the badge is gone on the next page.
    expect(page.locator("#inbox-badge .inbox-link")).to_be_visible()
    expect(page.locator("#inbox-badge .badge")).to_have_count(0)
    assert console_errors == []
