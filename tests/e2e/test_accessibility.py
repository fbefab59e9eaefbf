"""Every page and state of the desk meets WCAG 2.1 AA (axe-core) and is valid HTML (Nu)."""

import pytest

from tests.e2e.page_checks import axe_violations, nu_errors
from tests.e2e.page_states import SCENARIOS, Visit

pytestmark = pytest.mark.django_db(transaction=True)

# Filled as the axe tests go, so the Nu validator runs once over every state they saw.
DOCUMENTS: dict[str, str] = {}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_state_has_no_axe_violations(name, page, live_server):
    visit = Visit(page, live_server.url)
    SCENARIOS[name](visit)
    DOCUMENTS.update({f"{name}: {state}": html for state, html in visit.documents.items()})
    assert visit.violations, "the scenario checked no state"
    found = [f"{state}: {line}" for state, lines in visit.violations.items() for line in lines]
    assert not found, "\n".join(found)


def test_axe_reports_what_it_should(page, live_server):
    """The check itself works: a control without a label is a violation."""
    visit = Visit(page, live_server.url)
    visit.go("/accounts/login/")
    page.evaluate("() => document.querySelector('form').append(document.createElement('select'))")
    assert [line.split(":")[0] for line in axe_violations(page)] == ["select-name"]


def test_every_state_is_valid_html(page, live_server, tmp_path):
    """One run of the Nu validator over every state the axe tests saw (or visits them now)."""
    # A known error alongside, so a validator that checks nothing cannot pass.
    canary = "<!doctype html><html lang=en><title>t</title><p hx-get=/>x</p></html>"
    if not DOCUMENTS:
        for name, run in SCENARIOS.items():
            visit = Visit(page, live_server.url)
            run(visit)
            DOCUMENTS.update({f"{name}: {state}": html for state, html in visit.documents.items()})
            page.context.clear_cookies()
    errors = nu_errors({**DOCUMENTS, "canary": canary}, tmp_path)
    canary_errors = [error.split(" [")[0] for error in errors if error.startswith("canary:")]
    assert canary_errors == [
        "canary:1: Attribute “hx-get” not allowed on element “p” at this point."
    ]
    errors = [error for error in errors if not error.startswith("canary:")]
    assert not errors, "\n".join(errors)
