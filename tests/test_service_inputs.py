"""What the claim and evidence services take, refuse and store, word for word."""

import pytest

from claims.models import Claim, ClaimEvent, Evidence
from claims.services import workflow
from claims.services.claims import claim_edit, claim_update
from claims.services.evidence import evidence_add, evidence_update
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, UserFactory
from tests.workflow_states import in_review, researching

pytestmark = pytest.mark.django_db


class TestEvidenceAdd:
    def test_optional_details_are_stored_empty_and_text_is_trimmed(self, reviewer):
        claim = researching(reviewer)
        bare = evidence_add(claim=claim, actor=reviewer, url="https://a.example.org/1")
        trimmed = evidence_add(
            claim=claim,
            actor=reviewer,
            url="https://a.example.org/2",
            excerpt="  Quoted.  ",
            pinpoint="  p. 4 ",
            note=" Checked twice.\n",
        )
        stored = Evidence.objects.get(pk=bare.pk)
        assert (stored.excerpt, stored.pinpoint, stored.note) == ("", "", "")
        stored = Evidence.objects.get(pk=trimmed.pk)
        assert (stored.excerpt, stored.pinpoint, stored.note) == (
            "Quoted.",
            "p. 4",
            "Checked twice.",
        )

    def test_someone_without_a_role_is_told_who_may_add_evidence(self, reviewer):
        claim = researching(reviewer)
        with pytest.raises(workflow.NotAllowed) as refusal:
            evidence_add(claim=claim, actor=UserFactory(), url="https://a.example.org/1")
        assert str(refusal.value) == (
            "Evidence can be added by reviewers while a claim is being researched."
        )
        assert not Evidence.objects.exists()

    def test_unknown_source_details_are_named_and_nothing_is_written(self, reviewer):
        claim = researching(reviewer)
        with pytest.raises(workflow.WorkflowError) as refusal:
            evidence_add(
                claim=claim, actor=reviewer, url="https://a.example.org/1", colour="red", age=3
            )
        assert str(refusal.value) == "Unknown source details: age, colour."
        assert not Evidence.objects.exists()
        assert not claim.events.filter(kind=ClaimEvent.Kind.EVIDENCE_ADDED).exists()


class TestEvidenceUpdate:
    def test_someone_else_is_told_who_may_change_it(self, reviewer, reviewer2):
        evidence = EvidenceFactory(claim=researching(reviewer), added_by=reviewer)
        with pytest.raises(workflow.NotAllowed) as refusal:
            evidence_update(evidence=evidence, actor=reviewer2, excerpt="Mine now.")
        assert str(refusal.value) == (
            "Only the reviewer who added this evidence, or an editor, can change it."
        )

    def test_unknown_fields_are_named_and_nothing_changes(self, reviewer):
        evidence = EvidenceFactory(claim=researching(reviewer), added_by=reviewer)
        with pytest.raises(workflow.WorkflowError) as refusal:
            evidence_update(evidence=evidence, actor=reviewer, source=None, claim=None)
        assert str(refusal.value) == "Unknown evidence fields: claim, source."
        assert Evidence.objects.get(pk=evidence.pk).version == 1


class TestClaimUpdate:
    def test_fields_outside_the_editable_ones_are_named(self, editor):
        claim = ClaimFactory()
        with pytest.raises(ValueError) as refusal:
            claim_update(claim=claim, actor=editor, status="published", version=9)
        assert str(refusal.value) == "Not editable here: status, version."
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.NEW

    def test_the_event_keeps_what_the_fields_were(self, editor):
        claim = ClaimFactory(unit="nurses", priority=50)
        claim_update(claim=claim, actor=editor, unit="staff", priority=70)
        event = claim.events.get(kind=ClaimEvent.Kind.UPDATED)
        assert event.from_data == {"unit": "nurses", "priority": 50}
        assert event.to_data == {"unit": "staff", "priority": 70}


class TestClaimEdit:
    def test_a_stale_version_is_a_conflict(self, editor):
        claim = ClaimFactory()
        with pytest.raises(workflow.Conflict):
            claim_edit(claim=claim, actor=editor, expected_version=0, text="Reworded.")
        assert Claim.objects.get(pk=claim.pk).text == claim.text

    def test_someone_who_may_not_edit_is_told_who_may(self, reviewer, reviewer2):
        claim = researching(reviewer)
        with pytest.raises(workflow.NotAllowed) as refusal:
            claim_edit(claim=claim, actor=reviewer2, text="Reworded.")
        assert str(refusal.value) == (
            "Only editors, or the claim's assignee while researching, edit claims."
        )

    def test_a_frozen_claim_cannot_be_edited_even_by_an_editor(self, reviewer, editor):
        claim = in_review(reviewer)
        with pytest.raises(workflow.NotAllowed):
            claim_edit(claim=claim, actor=editor, text="Reworded.")

    def test_a_quote_not_in_the_text_is_refused_saying_so(self, editor):
        claim = ClaimFactory()
        with pytest.raises(workflow.WorkflowError) as refusal:
            claim_edit(claim=claim, actor=editor, quote="Words nobody wrote.")
        assert str(refusal.value) == (
            "The quote must be copied exactly from the article text; this one is not in it."
        )

    def test_a_quote_that_occurs_twice_anchors_at_the_copy_nearest_the_old_one(self, editor):
        sentence = "Prices rose by 4 percent."
        body = f"{sentence} Wages did not. Later, again: {sentence} The end."
        article = ArticleFactory(body=body)
        second = body.rindex(sentence)
        claim = ClaimFactory(article=article, quote=sentence, start=second)
        claim_edit(claim=claim, actor=editor, quote=sentence, text="Prices rose 4%.")
        claim.refresh_from_db()
        assert (claim.start, claim.end) == (second, second + len(sentence))
