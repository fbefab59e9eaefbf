"""A reviewer cites a page and, doing nothing else, watches it reached and archived."""

import re
import threading

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from tests.factories import ReviewerFactory
from tests.web_server import ARTICLE_HTML
from tests.workflow_states import researching

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(settings, tmp_path):
    """`manage.py db_worker`, in a thread of the test process."""
    settings.MEDIA_ROOT = tmp_path / "media"
    running = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    yield running
    running.running = False
    thread.join(timeout=10)


def test_a_cited_page_turns_archived_and_its_snapshot_opens(page, live_server, log_in, web, worker):
    url = web.page("/troops", ARTICLE_HTML)
    claim = researching(ReviewerFactory(username="mina"))
    console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )

    log_in("mina")
    page.goto(live_server.url + claim.get_absolute_url())
    page.get_by_text("Add a source").click()
    page.get_by_label("Source URL").fill(url)
    page.get_by_label("Excerpt").fill("About 10,000 soldiers have been sent to the region")
    page.get_by_role("button", name="Add source").click()

    row = page.locator("#evidence li").filter(has_text=url)
    expect(row.get_by_role("link", name="Archived")).to_be_visible()
    expect(row).to_contain_text("Reachable")
    expect(row).to_contain_text("Excerpt found")

    row.get_by_role("link", name="Archived").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Snapshot of "))
    expect(page.locator(".snapshot-text")).to_contain_text("About 10,000 soldiers have been sent")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download WARC").click()
    assert download.value.suggested_filename.endswith(".warc.gz")
    assert console_errors == []
