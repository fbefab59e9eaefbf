"""Browser tests: Playwright drives Debian's Chromium against Django's live server."""

import os

import pytest
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# CI machines are shared and slow at times: wait longer before calling a step failed.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(autouse=True)
def patient_page(page):
    page.set_default_timeout(TIMEOUT_MS)
    return page


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def log_in(page, live_server):
    """Log in through the real form, as a person would."""

    def log_in_as(username: str, password: str = "correct horse battery"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.locator(".user-menu").wait_for()
        return page

    return log_in_as


@pytest.fixture
def log_out(page):
    def log_out_now():
        page.locator(".user-menu summary").click()
        page.get_by_role("button", name="Log out").click()
        page.get_by_role("heading", name="Log in to Factcheck").wait_for()

    return log_out_now
