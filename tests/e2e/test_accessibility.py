"""Every page and state of the desk meets WCAG 2.1 AA (axe-core) and is valid HTML (Nu)."""

import pytest

from tests.e2e.page_checks import nu_errors
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


def test_every_state_is_valid_html(page, live_server, tmp_path):
    """One run of the Nu validator over every state the axe tests saw (or visits them now)."""
    if not DOCUMENTS:
        for name, run in SCENARIOS.items():
            visit = Visit(page, live_server.url)
            run(visit)
            DOCUMENTS.update({f"{name}: {state}": html for state, html in visit.documents.items()})
            page.context.clear_cookies()
    errors = nu_errors(DOCUMENTS, tmp_path)
    assert not errors, "\n".join(errors)
