"""Two people saving one claim: the second is refused with a message naming the other's change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimEvent
from claims.services import workflow
from claims.services.events import event_record
from claims.services.evidence import (
    evidence_add,
    evidence_remove,
    evidence_update,
    locked_evidence,
)
from tests.factories import ClaimFactory, rating
from tests.workflow_states import researching

pytestmark = pytest.mark.django_db

KEPT = " Your input is kept below: check the latest version, then save again."


class TestConflictMessage:
    def test_message_names_the_latest_changes_and_who_made_them(self, reviewer, editor):
        """The refused editor reads what happened, newest first, and that the input is kept."""
        claim = ClaimFactory()
        seen = claim.version
        workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
        with pytest.raises(workflow.Conflict) as caught:
            workflow.claim_mark_not_checkable(
                claim=claim, actor=editor, reason="Opinion.", expected_version=seen
            )
        assert str(caught.value) == (
            "This claim was changed by someone else while you were working on it"
            " (latest: status changed by rita, assigned by rita)." + KEPT
        )
        assert caught.value.claim.status == Claim.Status.RESEARCHING
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.RESEARCHING

    def test_change_with_no_person_is_by_the_system(self, editor):
        """An import or command that changed the claim is named as the system."""
        claim = ClaimFactory()
        seen = claim.version
        event_record(claim=claim, actor=None, kind=ClaimEvent.Kind.IMPORTED, after={"text": "x"})
        claim.save_new_version()
        with pytest.raises(workflow.Conflict) as caught:
            workflow.claim_mark_not_checkable(
                claim=claim, actor=editor, reason="Opinion.", expected_version=seen
            )
        assert str(caught.value) == (
            "This claim was changed by someone else while you were working on it"
            " (latest: imported by the system)." + KEPT
        )

    def test_message_without_recorded_changes_still_says_what_to_do(self):
        """With nothing to name, the message ends its first sentence plainly."""
        conflict = workflow.Conflict(ClaimFactory(), [])
        assert str(conflict) == (
            "This claim was changed by someone else while you were working on it." + KEPT
        )

    def test_only_the_three_latest_changes_are_shown(self, reviewer, editor):
        """A claim changed many times shows its three newest events, newest first."""
        claim = ClaimFactory()
        seen = claim.version
        workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
        workflow.verdict_propose(claim=claim, actor=reviewer, rating=rating(), summary="One.")
        workflow.verdict_propose(claim=claim, actor=reviewer, rating=rating(), summary="Two.")
        with pytest.raises(workflow.Conflict) as caught:
            workflow.claim_mark_not_checkable(
                claim=claim, actor=editor, reason="Opinion.", expected_version=seen
            )
        assert [event.kind for event in caught.value.changes] == [
            ClaimEvent.Kind.VERDICT_PROPOSED,
            ClaimEvent.Kind.VERDICT_PROPOSED,
            ClaimEvent.Kind.STATUS,
        ]
        assert [event.to_data.get("summary") for event in caught.value.changes[:2]] == [
            "Two.",
            "One.",
        ]


class TestEvidenceConflict:
    def test_stale_evidence_edit_is_refused_with_the_claim_and_its_evidence_changes(
        self, reviewer, editor
    ):
        """The refusal carries the claim and at most its three latest evidence changes."""
        claim = researching(reviewer)
        evidence = evidence_add(claim=claim, actor=reviewer, url="https://example.org/a")
        seen = evidence.version
        for note in ("One.", "Two.", "Three.", "Four."):
            evidence_update(evidence=evidence, actor=reviewer, note=note)
        with pytest.raises(workflow.Conflict) as caught:
            evidence_update(evidence=evidence, actor=editor, note="Mine.", expected_version=seen)
        assert caught.value.claim == claim
        assert [event.to_data for event in caught.value.changes] == [
            {"note": "Four."},
            {"note": "Three."},
            {"note": "Two."},
        ]
        evidence.refresh_from_db()
        assert (evidence.note, evidence.version) == ("Four.", seen + 4)

    def test_editing_removed_evidence_is_a_conflict_naming_the_removal(self, reviewer, editor):
        """Evidence someone removed meanwhile cannot be edited; the removal is shown."""
        claim = researching(reviewer)
        evidence = evidence_add(claim=claim, actor=reviewer, url="https://example.org/a")
        evidence_remove(evidence=evidence, actor=reviewer)
        with pytest.raises(workflow.Conflict) as caught:
            evidence_update(evidence=evidence, actor=editor, note="Mine.")
        assert "evidence removed by rita" in str(caught.value)
        assert caught.value.claim == claim


class TestConflictCost:
    def test_changes_are_read_with_their_authors_in_one_query(
        self, reviewer, django_assert_num_queries
    ):
        """Naming who made each change costs no query per change."""
        claim = researching(reviewer)
        with django_assert_num_queries(1):
            names = [str(event.actor) for event in workflow.recent_changes(claim)]
        assert names == ["rita", "rita"]

    def test_evidence_conflict_costs_the_same_however_many_changes_it_shows(self, reviewer, editor):
        """The changes a refused evidence edit shows are read with their authors at once."""

        def refused_save_queries(changes):
            claim = researching(reviewer)
            evidence = evidence_add(claim=claim, actor=reviewer, url="https://example.org/a")
            for number in range(changes):
                evidence_update(evidence=evidence, actor=reviewer, note=f"Note {number}.")
            with (
                CaptureQueriesContext(connection) as queries,
                pytest.raises(workflow.Conflict) as caught,
            ):
                evidence_update(evidence=evidence, actor=editor, note="X.", expected_version=0)
            assert len(caught.value.changes) == changes
            return len(queries)

        assert refused_save_queries(1) == refused_save_queries(3)

    def test_locked_evidence_comes_with_its_source(self, reviewer, django_assert_num_queries):
        """The locked evidence row carries its source, for the audit record's URL."""
        claim = researching(reviewer)
        evidence = evidence_add(claim=claim, actor=reviewer, url="https://example.org/a")
        locked = locked_evidence(evidence, evidence.version)
        with django_assert_num_queries(0):
            assert (locked.source.url, locked.claim) == ("https://example.org/a", claim)
