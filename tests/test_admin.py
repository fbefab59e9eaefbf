"""The admin lists every model, keeps the audit trail read-only, and audits claim edits."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "article",
    "claim",
    "rating",
    "source",
    "evidence",
    "verdict",
    "comment",
    "claimevent",
    "claimsuggestion",
]


@pytest.fixture
def admin_client_(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_working_changelist(admin_client_, model):
    ClaimFactory()
    response = admin_client_.get(reverse(f"admin:claims_{model}_changelist") + "?q=nurses")
    assert response.status_code == 200


def test_claim_events_cannot_be_added_changed_or_deleted(admin_client_, claim):
    event = ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.CREATED)
    assert admin_client_.get(reverse("admin:claims_claimevent_add")).status_code == 403
    response = admin_client_.post(
        reverse("admin:claims_claimevent_change", args=[event.pk]), {"note": "rewritten"}
    )
    assert response.status_code == 403
    assert (
        admin_client_.get(reverse("admin:claims_claimevent_delete", args=[event.pk])).status_code
        == 403
    )
    event.refresh_from_db()
    assert event.note == ""


def claim_form(claim, **changes):
    data = {
        "article": claim.article_id,
        "external_id": claim.external_id,
        "text": claim.text,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "kind": claim.kind,
        "stated_value": claim.stated_value,
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "attributed_to": "",
        "status_reason": "",
        "priority": claim.priority,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_editing_a_claim_in_the_admin_records_an_event(admin_client_, staff, claim):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = admin_client_.post(url, claim_form(claim, text="Reworded claim", priority=80))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.priority, claim.version) == ("Reworded claim", 80, 2)
    event = claim.events.get(kind=ClaimEvent.Kind.UPDATED)
    assert event.actor == staff
    assert event.to_data == {"text": "Reworded claim", "priority": 80}


def test_a_quote_that_does_not_match_the_offsets_is_refused(admin_client_, claim):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = admin_client_.post(url, claim_form(claim, quote="Something else entirely"))
    assert response.status_code == 200
    assert "The quote must be exactly the article text" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).quote == claim.quote


@pytest.mark.parametrize("model", ["verdict", "evidence"])
def test_workflow_records_are_read_only_in_the_admin(admin_client_, model):
    assert admin_client_.get(reverse(f"admin:claims_{model}_add")).status_code == 403
