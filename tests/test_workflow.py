"""Every workflow transition, allowed and forbidden, by role, at the service level."""

import pytest

from claims.models import Claim, ClaimEvent, Comment, Verdict
from claims.services import workflow
from claims.services.evidence import evidence_add
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory, UserFactory, rating
from tests.workflow_states import in_review, published, reached, researching, with_verdict

pytestmark = pytest.mark.django_db

Status = Claim.Status


def status_of(claim):
    return Claim.objects.get(pk=claim.pk).status


class TestNewToResearching:
    def test_reviewer_takes_an_unassigned_claim(self, reviewer):
        claim = ClaimFactory()
        workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
        claim.refresh_from_db()
        assert (claim.status, claim.assignee) == (Status.RESEARCHING, reviewer)
        kinds = list(claim.events.values_list("kind", flat=True))
        assert kinds == [ClaimEvent.Kind.ASSIGNED, ClaimEvent.Kind.STATUS]

    def test_editor_assigns_a_reviewer(self, editor, reviewer):
        claim = ClaimFactory()
        workflow.claim_assign(claim=claim, assignee=reviewer, actor=editor)
        assert status_of(claim) == Status.RESEARCHING

    def test_reviewer_cannot_assign_someone_else(self, reviewer, reviewer2):
        claim = ClaimFactory()
        with pytest.raises(workflow.NotAllowed):
            workflow.claim_assign(claim=claim, assignee=reviewer2, actor=reviewer)
        assert status_of(claim) == Status.NEW
        assert not claim.events.exists()

    def test_reviewer_cannot_take_a_claim_already_assigned(self, reviewer, reviewer2):
        claim = researching(reviewer2)
        with pytest.raises(workflow.NotAllowed):
            workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
        assert Claim.objects.get(pk=claim.pk).assignee == reviewer2

    @pytest.mark.parametrize("who", ["staff_only"])
    def test_users_without_a_role_cannot_take_claims(self, people, who):
        claim = ClaimFactory()
        with pytest.raises(workflow.NotAllowed):
            workflow.claim_assign(claim=claim, assignee=people[who], actor=people[who])

    def test_superuser_counts_as_editor(self, people, reviewer):
        claim = ClaimFactory()
        workflow.claim_assign(claim=claim, assignee=reviewer, actor=people["superuser"])
        assert status_of(claim) == Status.RESEARCHING


class TestResearchingToInReview:
    def test_assignee_submits_with_verdict_and_evidence(self, reviewer):
        claim = with_verdict(reviewer)
        workflow.claim_submit(claim=claim, actor=reviewer)
        assert status_of(claim) == Status.IN_REVIEW
        verdict = claim.verdicts.get(is_current=True)
        assert verdict.submitted_by == reviewer

    def test_submit_needs_a_verdict(self, reviewer):
        claim = researching(reviewer)
        evidence_add(claim=claim, actor=reviewer, url="https://stats.example.org/a")
        with pytest.raises(workflow.WorkflowError, match="Propose a verdict"):
            workflow.claim_submit(claim=claim, actor=reviewer)
        assert status_of(claim) == Status.RESEARCHING

    def test_submit_needs_evidence(self, reviewer):
        claim = researching(reviewer)
        workflow.verdict_propose(claim=claim, actor=reviewer, rating=rating(), summary="Yes.")
        with pytest.raises(workflow.WorkflowError, match="at least one source"):
            workflow.claim_submit(claim=claim, actor=reviewer)
        assert status_of(claim) == Status.RESEARCHING

    @pytest.mark.parametrize("who", ["other_reviewer", "editor", "staff_only"])
    def test_only_the_assignee_submits(self, people, reviewer, who):
        claim = with_verdict(reviewer)
        with pytest.raises(workflow.NotAllowed):
            workflow.claim_submit(claim=claim, actor=people[who])
        assert status_of(claim) == Status.RESEARCHING

    def test_other_reviewer_cannot_propose_a_verdict(self, reviewer, reviewer2):
        claim = researching(reviewer)
        with pytest.raises(workflow.NotAllowed):
            workflow.verdict_propose(claim=claim, actor=reviewer2, rating=rating(), summary="x")
        assert not Verdict.objects.exists()


class TestInReviewToPublished:
    def test_second_editor_can_publish(self, reviewer, editor):
        claim = in_review(reviewer)
        verdict = workflow.verdict_publish(claim=claim, actor=editor)
        assert status_of(claim) == Status.PUBLISHED
        assert verdict.approved_by == editor and verdict.published_at is not None

    def test_submitter_cannot_publish_own_verdict(self, people):
        """The submitter did not write the verdict (another editor did), so only the
        submitter rule stands between them and publishing."""
        submitter, writer = people["editor"], people["other_editor"]
        claim = workflow.claim_assign(claim=ClaimFactory(), assignee=submitter, actor=submitter)
        evidence_add(claim=claim, actor=submitter, url="https://stats.example.org/nurses")
        reached("https://stats.example.org/nurses")
        workflow.verdict_propose(
            claim=claim, actor=writer, rating=rating(), summary="Right.", short_claim="Nurses"
        )
        workflow.claim_submit(claim=claim, actor=submitter)
        with pytest.raises(workflow.NotAllowed):
            workflow.verdict_publish(claim=claim, actor=submitter)
        assert status_of(claim) == Status.IN_REVIEW

    def test_writer_of_the_verdict_cannot_publish_it(self, people):
        """An editor who proposed the verdict another person submitted is not a second pair
        of eyes either."""
        submitter, writer = people["reviewer"], people["editor"]
        claim = researching(submitter)
        evidence_add(claim=claim, actor=submitter, url="https://stats.example.org/nurses")
        reached("https://stats.example.org/nurses")
        workflow.verdict_propose(
            claim=claim, actor=writer, rating=rating(), summary="Right.", short_claim="Nurses"
        )
        workflow.claim_submit(claim=claim, actor=submitter)
        with pytest.raises(workflow.NotAllowed):
            workflow.verdict_publish(claim=claim, actor=writer)
        workflow.verdict_publish(claim=claim, actor=people["other_editor"])
        assert status_of(claim) == Status.PUBLISHED

    @pytest.mark.parametrize("who", ["reviewer", "other_reviewer", "staff_only"])
    def test_non_editors_cannot_publish(self, people, who):
        claim = in_review(people["reviewer"])
        with pytest.raises(workflow.NotAllowed):
            workflow.verdict_publish(claim=claim, actor=people[who])
        assert status_of(claim) == Status.IN_REVIEW

    def test_publish_is_refused_while_a_check_fails(self, reviewer, editor):
        claim = in_review(reviewer, kind=Claim.Kind.ATTRIBUTION)
        with pytest.raises(workflow.WorkflowError, match="primary or official"):
            workflow.verdict_publish(claim=claim, actor=editor)
        assert status_of(claim) == Status.IN_REVIEW

    def test_short_claim_with_the_rating_word_fails_the_checklist(self, reviewer):
        claim = researching(reviewer)
        verdict = workflow.verdict_propose(
            claim=claim,
            actor=reviewer,
            rating=rating("false"),
            summary="No.",
            short_claim="False: the ministry hired 4,200 nurses",
        )
        checks = {check.label: check.passed for check in workflow.publish_checks(claim, verdict)}
        assert checks["The short claim does not contain the rating word"] is False

    def test_a_short_claim_of_exactly_75_characters_is_accepted(self, reviewer):
        claim = researching(reviewer)
        short_claim = "N" * 75
        verdict = workflow.verdict_propose(
            claim=claim, actor=reviewer, rating=rating(), summary="Yes.", short_claim=short_claim
        )
        assert verdict.short_claim == short_claim
        checks = {check.label: check.passed for check in workflow.publish_checks(claim, verdict)}
        assert checks["The short claim is at most 75 characters"] is True

    def test_a_short_claim_of_76_characters_is_refused(self, reviewer):
        claim = researching(reviewer)
        with pytest.raises(workflow.WorkflowError, match="at most 75 characters"):
            workflow.verdict_propose(
                claim=claim, actor=reviewer, rating=rating(), summary="Yes.", short_claim="N" * 76
            )
        assert not claim.verdicts.exists()

    def test_unreachable_unarchived_source_fails_the_checklist(self, reviewer):
        claim = with_verdict(reviewer)
        claim.evidence.get().source.__class__.objects.update(link_status="broken")
        checks = {check.label: check.passed for check in workflow.publish_checks(claim)}
        assert checks["Every cited source is reachable or archived"] is False


class TestSendBack:
    def test_editor_sends_back_with_a_reason_that_becomes_a_comment(self, reviewer, editor):
        claim = in_review(reviewer)
        workflow.claim_send_back(claim=claim, actor=editor, reason="Find the NIS statement.")
        assert status_of(claim) == Status.RESEARCHING
        assert Comment.objects.get(claim=claim).body == "Sent back: Find the NIS statement."

    def test_send_back_needs_a_reason(self, reviewer, editor):
        claim = in_review(reviewer)
        with pytest.raises(workflow.WorkflowError, match="Say why"):
            workflow.claim_send_back(claim=claim, actor=editor, reason="  ")
        assert status_of(claim) == Status.IN_REVIEW

    def test_reviewer_cannot_send_back(self, reviewer, reviewer2):
        claim = in_review(reviewer)
        with pytest.raises(workflow.NotAllowed):
            workflow.claim_send_back(claim=claim, actor=reviewer2, reason="no")


class TestReopenForCorrection:
    def test_editor_reopens_and_the_old_verdict_stays(self, reviewer, editor, editor2):
        claim = published(reviewer, editor)
        old = claim.verdicts.get()
        workflow.claim_reopen(claim=claim, actor=editor2, reason="New NIS figures.")
        assert status_of(claim) == Status.RESEARCHING
        old.refresh_from_db()
        assert old.published_at is not None and not old.is_current
        new = claim.verdicts.get(is_current=True)
        assert (new.replaces, new.correction_note) == (old, "New NIS figures.")

    def test_correction_is_republished_as_a_new_verdict(self, reviewer, editor, editor2):
        claim = published(reviewer, editor)
        workflow.claim_reopen(claim=claim, actor=editor2, reason="Typo in summary.")
        workflow.verdict_propose(
            claim=claim, actor=reviewer, rating=rating(), summary="Fixed.", short_claim="Nurses"
        )
        workflow.claim_submit(claim=claim, actor=reviewer)
        workflow.verdict_publish(claim=claim, actor=editor)
        assert claim.verdicts.filter(published_at__isnull=False).count() == 2

    def test_reopen_needs_a_reason_and_an_editor(self, reviewer, editor):
        claim = published(reviewer, editor)
        with pytest.raises(workflow.WorkflowError):
            workflow.claim_reopen(claim=claim, actor=editor, reason="")
        with pytest.raises(workflow.NotAllowed):
            workflow.claim_reopen(claim=claim, actor=reviewer, reason="Because.")
        assert status_of(claim) == Status.PUBLISHED


class TestNotCheckable:
    @pytest.mark.parametrize("start", ["new", "researching"])
    def test_editor_marks_new_or_researching_not_checkable(self, reviewer, editor, start):
        claim = ClaimFactory() if start == "new" else researching(reviewer)
        workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason="Opinion.")
        claim.refresh_from_db()
        assert (claim.status, claim.status_reason) == (Status.NOT_CHECKABLE, "Opinion.")

    def test_in_review_cannot_be_marked_not_checkable(self, reviewer, editor):
        claim = in_review(reviewer)
        with pytest.raises(workflow.WorkflowError, match="is in review"):
            workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason="Opinion.")

    def test_reviewer_cannot_mark_not_checkable(self, reviewer):
        with pytest.raises(workflow.NotAllowed):
            workflow.claim_mark_not_checkable(claim=ClaimFactory(), actor=reviewer, reason="x")

    def test_editor_restores_to_new_and_reviewer_cannot(self, reviewer, editor):
        claim = ClaimFactory()
        workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason="Opinion.")
        with pytest.raises(workflow.NotAllowed):
            workflow.claim_restore(claim=claim, actor=reviewer)
        workflow.claim_restore(claim=claim, actor=editor)
        claim.refresh_from_db()
        assert (claim.status, claim.status_reason) == (Status.NEW, "")


class TestForbiddenJumps:
    """Transitions absent from the design's table are refused whoever asks, saying why."""

    def test_new_cannot_be_submitted_or_published(self, reviewer, editor):
        claim = ClaimFactory(external_id="c8")
        with pytest.raises(workflow.WorkflowError, match="c8 is new: only a claim that is"):
            workflow.claim_submit(claim=claim, actor=reviewer)
        with pytest.raises(workflow.WorkflowError, match="in review can be published"):
            workflow.verdict_publish(claim=claim, actor=editor)
        assert status_of(claim) == Status.NEW

    def test_published_cannot_be_sent_back_or_marked_not_checkable(self, reviewer, editor):
        claim = published(reviewer, editor)
        with pytest.raises(workflow.WorkflowError, match="is published"):
            workflow.claim_send_back(claim=claim, actor=editor, reason="x")
        with pytest.raises(workflow.WorkflowError, match="is published"):
            workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason="x")
        assert status_of(claim) == Status.PUBLISHED

    def test_not_checkable_cannot_be_taken(self, reviewer, editor):
        claim = ClaimFactory()
        workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason="Opinion.")
        with pytest.raises(workflow.WorkflowError, match="is not checkable"):
            workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)


class TestOptimisticLocking:
    def test_second_save_is_refused_and_the_first_is_kept(self, reviewer, editor):
        claim = researching(reviewer)
        seen_version = claim.version
        workflow.verdict_propose(
            claim=claim,
            actor=reviewer,
            rating=rating("true"),
            summary="First save.",
            expected_version=seen_version,
        )
        with pytest.raises(workflow.Conflict) as caught:
            workflow.verdict_propose(
                claim=claim,
                actor=editor,
                rating=rating("false"),
                summary="Second save.",
                expected_version=seen_version,
            )
        assert "changed by someone else" in str(caught.value)
        assert caught.value.changes[0].kind == ClaimEvent.Kind.VERDICT_PROPOSED
        verdict = claim.verdicts.get(is_current=True)
        assert (verdict.summary, verdict.rating.slug) == ("First save.", "true")

    def test_every_change_raises_the_version(self, reviewer, editor):
        claim = ClaimFactory()
        versions = [claim.version]
        workflow.claim_assign(claim=claim, assignee=reviewer, actor=editor)
        versions.append(Claim.objects.get(pk=claim.pk).version)
        workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason="Opinion.")
        versions.append(Claim.objects.get(pk=claim.pk).version)
        assert versions == sorted(set(versions))


def test_editor_only_assigns_people_with_a_role(editor):
    outsider = UserFactory()
    with pytest.raises(workflow.NotAllowed):
        workflow.claim_assign(claim=ClaimFactory(), assignee=outsider, actor=editor)


def test_editors_are_also_reviewers():
    editor = EditorFactory()
    reviewer = ReviewerFactory()
    from claims.roles import is_editor, is_reviewer

    assert is_reviewer(editor) and is_editor(editor)
    assert is_reviewer(reviewer) and not is_editor(reviewer)


class TestFourEyes:
    def test_editor_who_wrote_the_verdict_cannot_publish_it(self, reviewer, editor, editor2):
        claim = researching(reviewer)
        evidence_add(claim=claim, actor=reviewer, url="https://stats.example.org/a")
        reached("https://stats.example.org/a")
        workflow.verdict_propose(
            claim=claim,
            actor=editor,
            rating=rating(),
            summary="Editor wrote this.",
            short_claim="x",
        )
        workflow.claim_submit(claim=claim, actor=reviewer)
        with pytest.raises(workflow.NotAllowed, match="did not write or submit"):
            workflow.verdict_publish(claim=claim, actor=editor)
        workflow.verdict_publish(claim=claim, actor=editor2)
        assert status_of(claim) == Status.PUBLISHED


def test_save_and_submit_sends_the_verdict_as_written(reviewer):
    claim = researching(reviewer)
    evidence_add(claim=claim, actor=reviewer, url="https://stats.example.org/nurses")
    reached("https://stats.example.org/nurses")
    verdict = workflow.verdict_save_and_submit(
        claim=claim, actor=reviewer, rating=rating("false"), summary="Wrong year."
    )
    stored = Verdict.objects.get(pk=verdict.pk)
    assert (stored.rating.slug, stored.summary, stored.short_claim) == ("false", "Wrong year.", "")
    assert stored.submitted_at is not None
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW
    claim = researching(reviewer, external_id="c2")
    evidence_add(claim=claim, actor=reviewer, url="https://stats.example.org/nurses")
    verdict = workflow.verdict_save_and_submit(
        claim=claim, actor=reviewer, rating=rating(), summary="Right.", short_claim="Nurses hired"
    )
    assert Verdict.objects.get(pk=verdict.pk).short_claim == "Nurses hired"
