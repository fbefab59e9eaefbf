"""The views' own permission checks: what a page offers, and refusals made before a form."""

import pytest
from django.urls import reverse

from claims.models import Claim, Evidence, Verdict
from claims.views import claim_actions
from tests.factories import EvidenceFactory, rating
from tests.workflow_states import in_review, researching

pytestmark = pytest.mark.django_db


def version_of(claim: Claim) -> int:
    return Claim.objects.get(pk=claim.pk).version


class TestRefusedBeforeTheForm:
    """Someone who may not act gets 403 at once, not a form or its errors."""

    def test_claim_edit_form_is_not_shown_to_another_reviewer(self, client, reviewer, reviewer2):
        claim = researching(reviewer)
        client.force_login(reviewer2)
        url = reverse("claims:claim_edit", args=[claim.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"text": ""}).status_code == 403
        assert Claim.objects.get(pk=claim.pk).text == claim.text


class TestServiceRefusalsAreForbidden:
    """When the page's check passed on a stale read and the service then refuses (the claim
    moved on meanwhile), the answer is still 403 and nothing changes."""

    def test_claim_edit(self, client, reviewer, reviewer2, monkeypatch):
        claim = researching(reviewer)
        monkeypatch.setattr(claim_actions, "can_edit_claim", lambda user, claim: True)
        client.force_login(reviewer2)
        response = client.post(
            reverse("claims:claim_edit", args=[claim.pk]),
            {
                "text": "Reworded.",
                "quote": claim.quote,
                "kind": "figure",
                "priority": 50,
                "version": version_of(claim),
            },
        )
        assert response.status_code == 403
        assert Claim.objects.get(pk=claim.pk).text == claim.text

    def test_verdict(self, client, reviewer, reviewer2, monkeypatch):
        claim = researching(reviewer)
        monkeypatch.setattr(claim_actions, "can_work_on", lambda user, claim: True)
        client.force_login(reviewer2)
        response = client.post(
            reverse("claims:verdict_save", args=[claim.pk]),
            {
                "rating": rating().pk,
                "summary": "Mine.",
                "short_claim": "Nurses",
                "version": version_of(claim),
            },
        )
        assert response.status_code == 403
        assert not Verdict.objects.filter(claim=claim).exists()

    def test_evidence_edit(self, client, reviewer, reviewer2, monkeypatch):
        claim = researching(reviewer)
        evidence = EvidenceFactory(claim=claim, added_by=reviewer, excerpt="Original.")
        monkeypatch.setattr(claim_actions, "can_change_evidence", lambda user, evidence: True)
        client.force_login(reviewer2)
        response = client.post(
            reverse("claims:evidence_edit", args=[claim.pk, evidence.pk]),
            {"stance": "contradicts", "excerpt": "Changed.", "version": 1},
        )
        assert response.status_code == 403
        assert Evidence.objects.get(pk=evidence.pk).excerpt == "Original."


class TestWhatPagesOffer:
    def test_only_ones_own_evidence_is_offered_for_editing(self, client, reviewer, reviewer2):
        claim = researching(reviewer)
        own = EvidenceFactory(claim=claim, added_by=reviewer)
        other = EvidenceFactory(claim=claim, added_by=reviewer2)
        client.force_login(reviewer)
        response = client.get(claim.get_absolute_url())
        editable = {row.pk: row.editable for row in response.context["page"].evidence}
        assert editable == {own.pk: True, other.pk: False}
        html = response.content.decode()
        assert reverse("claims:evidence_edit", args=[claim.pk, own.pk]) in html
        assert reverse("claims:evidence_edit", args=[claim.pk, other.pk]) not in html

    def test_the_bulk_bar_is_for_editors_only(self, client, reviewer, editor):
        researching(reviewer)
        client.force_login(reviewer)
        as_reviewer = client.get(reverse("claims:claim_list"))
        client.force_login(editor)
        as_editor = client.get(reverse("claims:claim_list"))
        assert (as_reviewer.context["can_bulk"], as_editor.context["can_bulk"]) == (False, True)
        assert 'id="bulk-form"' not in as_reviewer.content.decode()
        assert 'id="bulk-form"' in as_editor.content.decode()

    def test_the_review_queue_is_for_editors_only(self, client, reviewer, reviewer2, editor):
        waiting = in_review(reviewer)
        client.force_login(reviewer2)
        assert client.get(reverse("claims:dashboard")).context["awaiting_review"] == []
        client.force_login(editor)
        assert client.get(reverse("claims:dashboard")).context["awaiting_review"] == [waiting]
