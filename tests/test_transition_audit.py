"""Every transition leaves its audit events with the right from/to data and raises the version."""

import pytest

from claims.models import Claim, ClaimEvent, Comment
from claims.services import workflow
from tests.factories import ClaimFactory, rating
from tests.workflow_states import in_review, not_checkable, published, researching, with_verdict

pytestmark = pytest.mark.django_db

Kind = ClaimEvent.Kind


def new_events(claim, after_pk=0):
    """(kind, actor username, from, to, note) of the claim's events after `after_pk`."""
    return [
        (event.kind, event.actor.username if event.actor else None, *rest)
        for event in claim.events.filter(pk__gt=after_pk).order_by("pk")
        for rest in [(event.from_data, event.to_data, event.note)]
    ]


def last_event_pk(claim):
    return claim.events.order_by("-pk").values_list("pk", flat=True).first() or 0


def version_of(claim):
    return Claim.objects.get(pk=claim.pk).version


class TestAssigning:
    def test_taking_a_new_claim_records_assignee_then_status(self, reviewer):
        """Taking writes who holds it and that research started; the version rises twice."""
        claim = ClaimFactory()
        start = claim.version
        workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
        assert new_events(claim) == [
            (Kind.ASSIGNED, "rita", {"assignee": None}, {"assignee": "rita"}, ""),
            (Kind.STATUS, "rita", {"status": "new"}, {"status": "researching"}, ""),
        ]
        assert version_of(claim) == start + 2

    def test_reassigning_records_old_and_new_assignee_only(self, reviewer, reviewer2, editor):
        """Handing a researching claim to another reviewer leaves its status alone."""
        claim = researching(reviewer)
        mark, start = last_event_pk(claim), version_of(claim)
        workflow.claim_assign(claim=claim, assignee=reviewer2, actor=editor)
        assert new_events(claim, mark) == [
            (Kind.ASSIGNED, "edna", {"assignee": "rita"}, {"assignee": "rob"}, ""),
        ]
        assert version_of(claim) == start + 1

    def test_unassigning_records_nobody(self, reviewer, editor):
        """An editor can take the claim off its reviewer."""
        claim = researching(reviewer)
        mark = last_event_pk(claim)
        workflow.claim_assign(claim=claim, assignee=None, actor=editor)
        assert new_events(claim, mark) == [
            (Kind.ASSIGNED, "edna", {"assignee": "rita"}, {"assignee": None}, ""),
        ]
        assert Claim.objects.get(pk=claim.pk).assignee is None

    def test_assigning_the_same_person_again_changes_nothing(self, reviewer, editor):
        """No event and no new version when the assignee is already that person."""
        claim = researching(reviewer)
        mark, start = last_event_pk(claim), version_of(claim)
        workflow.claim_assign(claim=claim, assignee=reviewer, actor=editor)
        assert new_events(claim, mark) == []
        assert version_of(claim) == start

    def test_assigning_a_published_claim_is_refused_by_status(self, reviewer, editor, editor2):
        """The refusal names the claim, its status and the statuses that allow it."""
        claim = published(reviewer, editor)
        with pytest.raises(workflow.WorkflowError) as caught:
            workflow.claim_assign(claim=claim, assignee=editor2, actor=editor2)
        assert str(caught.value) == (
            f"{claim.external_id} is published: only a claim that is new or researching or "
            "in review can be assigned."
        )


class TestVerdicts:
    def test_first_verdict_records_what_was_proposed(self, reviewer):
        """The event holds the rating label, summary and short claim; the version rises."""
        claim = researching(reviewer)
        mark, start = last_event_pk(claim), version_of(claim)
        workflow.verdict_propose(
            claim=claim, actor=reviewer, rating=rating(), summary=" Yes. ", short_claim=" S "
        )
        assert new_events(claim, mark) == [
            (
                Kind.VERDICT_PROPOSED,
                "rita",
                {},
                {"rating": "True", "summary": "Yes.", "short_claim": "S"},
                "",
            ),
        ]
        assert version_of(claim) == start + 1

    def test_changing_the_verdict_records_before_and_after(self, reviewer):
        """A second proposal edits the working verdict and records both versions."""
        claim = with_verdict(reviewer)
        mark, start = last_event_pk(claim), version_of(claim)
        verdict = workflow.verdict_propose(
            claim=claim, actor=reviewer, rating=rating("false"), summary="No.", short_claim="S"
        )
        (event,) = new_events(claim, mark)
        assert event[2] == {
            "rating": "True",
            "summary": "Matches the ministry data.",
            "short_claim": "The ministry hired 4,200 nurses in 2023",
        }
        assert event[3] == {"rating": "False", "summary": "No.", "short_claim": "S"}
        assert claim.verdicts.count() == 1 and verdict.rating.slug == "false"
        assert version_of(claim) == start + 1

    def test_proposing_the_same_verdict_again_changes_nothing(self, reviewer):
        """Saving an unchanged verdict writes no event and keeps the version."""
        claim = with_verdict(reviewer)
        mark, start = last_event_pk(claim), version_of(claim)
        workflow.verdict_propose(
            claim=claim,
            actor=reviewer,
            rating=rating("true"),
            summary="Matches the ministry data.",
            short_claim="The ministry hired 4,200 nurses in 2023",
        )
        assert new_events(claim, mark) == []
        assert version_of(claim) == start

    def test_blank_summary_is_refused(self, reviewer):
        """A verdict needs words, not spaces."""
        claim = researching(reviewer)
        with pytest.raises(workflow.WorkflowError, match="A verdict needs a summary."):
            workflow.verdict_propose(claim=claim, actor=reviewer, rating=rating(), summary="  ")
        assert not claim.verdicts.exists()


class TestReviewAndPublication:
    def test_submitting_records_status_and_submission(self, reviewer):
        """Submit moves to review, stamps the verdict and names its rating."""
        claim = with_verdict(reviewer)
        mark, start = last_event_pk(claim), version_of(claim)
        workflow.claim_submit(claim=claim, actor=reviewer)
        assert new_events(claim, mark) == [
            (Kind.STATUS, "rita", {"status": "researching"}, {"status": "in_review"}, ""),
            (Kind.VERDICT_SUBMITTED, "rita", {}, {"rating": "True"}, ""),
        ]
        verdict = claim.verdicts.get()
        assert verdict.submitted_by == reviewer and verdict.submitted_at is not None
        assert version_of(claim) == start + 1

    def test_publishing_records_status_and_publication(self, reviewer, editor):
        """Publishing stamps approver and time, and the event carries both rating and time."""
        claim = in_review(reviewer)
        mark, start = last_event_pk(claim), version_of(claim)
        verdict = workflow.verdict_publish(claim=claim, actor=editor)
        verdict.refresh_from_db()
        assert new_events(claim, mark) == [
            (Kind.STATUS, "edna", {"status": "in_review"}, {"status": "published"}, ""),
            (
                Kind.VERDICT_PUBLISHED,
                "edna",
                {},
                {"rating": "True", "published_at": verdict.published_at.isoformat()},
                "",
            ),
        ]
        assert verdict.approved_by == editor
        assert version_of(claim) == start + 1

    def test_sending_back_records_the_reason_everywhere(self, reviewer, editor):
        """The reason is on the status event, the return event and a comment."""
        claim = in_review(reviewer)
        mark, start = last_event_pk(claim), version_of(claim)
        workflow.claim_send_back(claim=claim, actor=editor, reason=" More sources. ")
        assert new_events(claim, mark) == [
            (
                Kind.STATUS,
                "edna",
                {"status": "in_review"},
                {"status": "researching"},
                "More sources.",
            ),
            (Kind.VERDICT_RETURNED, "edna", {}, {}, "More sources."),
        ]
        assert Comment.objects.get(claim=claim).body == "Sent back: More sources."
        assert claim.verdicts.get().submitted_at is None
        assert version_of(claim) == start + 1

    def test_reopening_keeps_the_published_verdict_and_starts_a_correction(
        self, reviewer, editor, editor2
    ):
        """The old verdict stays, a copy carries the reason, and the events say why."""
        claim = published(reviewer, editor)
        old = claim.current_verdict()
        mark, start = last_event_pk(claim), version_of(claim)
        workflow.claim_reopen(claim=claim, actor=editor2, reason="New figures.")
        assert new_events(claim, mark) == [
            (Kind.STATUS, "ed", {"status": "published"}, {"status": "researching"}, "New figures."),
            (Kind.REOPENED, "ed", {}, {}, "New figures."),
        ]
        old.refresh_from_db()
        correction = claim.verdicts.get(is_current=True)
        assert (old.is_current, old.published_at is not None) == (False, True)
        assert (correction.replaces, correction.correction_note, correction.summary) == (
            old,
            "New figures.",
            old.summary,
        )
        assert version_of(claim) == start + 1

    def test_publishing_a_correction_carries_its_note(self, reviewer, editor, editor2):
        """The publication event of a corrected verdict quotes the correction note."""
        claim = published(reviewer, editor)
        workflow.claim_reopen(claim=claim, actor=editor2, reason="New figures.")
        workflow.claim_submit(claim=claim, actor=reviewer)
        workflow.verdict_publish(claim=claim, actor=editor)
        event = claim.events.filter(kind=Kind.VERDICT_PUBLISHED).latest("pk")
        assert event.note == "New figures."


class TestRulingOut:
    def test_marking_not_checkable_records_the_reason(self, editor):
        """The reason is stored on the claim and on its status event."""
        claim = ClaimFactory()
        start = claim.version
        workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason=" Opinion. ")
        assert new_events(claim) == [
            (Kind.STATUS, "edna", {"status": "new"}, {"status": "not_checkable"}, "Opinion."),
        ]
        stored = Claim.objects.get(pk=claim.pk)
        assert (stored.status_reason, stored.version) == ("Opinion.", start + 1)

    def test_restoring_clears_the_reason(self, editor):
        """Restored claims are new again, with no reason left behind."""
        claim = not_checkable(editor)
        mark, start = last_event_pk(claim), version_of(claim)
        workflow.claim_restore(claim=claim, actor=editor)
        assert new_events(claim, mark) == [
            (Kind.STATUS, "edna", {"status": "not_checkable"}, {"status": "new"}, ""),
        ]
        stored = Claim.objects.get(pk=claim.pk)
        assert (stored.status, stored.status_reason, stored.version) == ("new", "", start + 1)

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_ruling_out_needs_a_reason(self, editor, reason):
        """No reason, no change."""
        claim = ClaimFactory()
        with pytest.raises(workflow.WorkflowError, match="Say why the claim is not checkable."):
            workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason=reason)
        assert (version_of(claim), claim.events.count()) == (claim.version, 0)
