"""What each role may do with a claim in each status, as the claim page is told it."""

import pytest

from claims.services import workflow
from claims.services.evidence import evidence_add
from claims.services.permissions import ClaimPermissions, can_publish
from tests.factories import ClaimFactory, UserFactory, rating
from tests.workflow_states import in_review, not_checkable, published, reached, researching

pytestmark = pytest.mark.django_db

NOTHING = dict.fromkeys(
    (
        "take",
        "assign",
        "add_evidence",
        "propose",
        "submit",
        "publish",
        "send_back",
        "reopen",
        "not_checkable",
        "restore",
        "edit_claim",
        "comment",
        "withdraw",
        "release",
        "fix_short_claim",
        "set_due",
    ),
    False,
)


def allowed(**granted):
    """The permissions with exactly `granted` set."""
    return ClaimPermissions(**{**NOTHING, **granted})


def permissions_of(user, claim):
    claim.refresh_from_db()
    return ClaimPermissions.of(user, claim, claim.current_verdict())


class TestNewClaim:
    def test_reviewer_may_take_it_add_evidence_and_comment(self, reviewer):
        """An unassigned claim offers a reviewer the Take button, evidence and discussion."""
        assert permissions_of(reviewer, ClaimFactory()) == allowed(
            take=True, add_evidence=True, comment=True
        )

    def test_editor_may_also_assign_edit_and_rule_it_out(self, editor):
        """An editor may take or assign it, edit it, or mark it not checkable."""
        assert permissions_of(editor, ClaimFactory()) == allowed(
            take=True,
            assign=True,
            add_evidence=True,
            not_checkable=True,
            edit_claim=True,
            comment=True,
            set_due=True,
        )

    def test_user_without_a_role_may_do_nothing(self):
        """A logged-in user with no group is offered nothing, not even Take."""
        assert permissions_of(UserFactory(), ClaimFactory()) == allowed()


class TestResearchingClaim:
    def test_assignee_may_work_on_it_and_submit(self, reviewer):
        """The assignee proposes, submits, edits and cites, or releases it; it is no longer
        free to take."""
        assert permissions_of(reviewer, researching(reviewer)) == allowed(
            add_evidence=True,
            propose=True,
            submit=True,
            edit_claim=True,
            comment=True,
            release=True,
        )

    def test_another_reviewer_may_only_cite_and_comment(self, reviewer, reviewer2):
        """A reviewer who is not the assignee cannot take it over or propose a verdict."""
        assert permissions_of(reviewer2, researching(reviewer)) == allowed(
            add_evidence=True, comment=True
        )

    def test_editor_may_reassign_propose_and_rule_out_but_not_submit(self, reviewer, editor):
        """Submitting is the assignee's step, even for an editor."""
        assert permissions_of(editor, researching(reviewer)) == allowed(
            assign=True,
            add_evidence=True,
            propose=True,
            not_checkable=True,
            edit_claim=True,
            comment=True,
            set_due=True,
        )


class TestClaimInReview:
    def test_second_editor_may_publish_send_back_and_reassign(self, reviewer, editor):
        """In review, an editor who did not write it is offered publish and send back, and
        may fix a typo in the short claim or set a due date."""
        assert permissions_of(editor, in_review(reviewer)) == allowed(
            assign=True,
            publish=True,
            send_back=True,
            comment=True,
            fix_short_claim=True,
            set_due=True,
        )

    def test_submitting_reviewer_may_only_comment_or_withdraw(self, reviewer):
        """The claim is frozen for its reviewer while the editors look at it; they may take
        it back to research."""
        assert permissions_of(reviewer, in_review(reviewer)) == allowed(comment=True, withdraw=True)


class TestClosedClaims:
    def test_editor_may_only_reopen_a_published_claim(self, reviewer, editor, editor2):
        """A published claim is not assigned, edited or cited again until it is reopened."""
        assert permissions_of(editor2, published(reviewer, editor)) == allowed(
            reopen=True, comment=True
        )

    def test_the_reviewer_who_submitted_a_published_verdict_may_only_comment(
        self, reviewer, editor
    ):
        """Withdrawing is for a submission still in review, even to the one who made it."""
        assert permissions_of(reviewer, published(reviewer, editor)) == allowed(comment=True)

    def test_editor_may_only_restore_a_not_checkable_claim(self, editor):
        """A claim ruled out can be restored or reworded, nothing else."""
        assert permissions_of(editor, not_checkable(editor)) == allowed(
            restore=True, edit_claim=True, comment=True
        )


class TestCanPublish:
    def test_without_a_verdict_given_the_current_one_is_read(self, reviewer, editor):
        """Called with only the claim, the rule finds the verdict itself."""
        claim = in_review(reviewer)
        claim.refresh_from_db()
        assert can_publish(editor, claim) is True
        assert can_publish(reviewer, claim) is False

    def test_an_editor_who_wrote_an_earlier_verdict_may_publish_its_correction(
        self, reviewer, editor, editor2
    ):
        """Writing the corrected verdict's predecessor is no bar: the correction is new work."""
        claim = researching(reviewer)
        evidence_add(claim=claim, actor=reviewer, url="https://stats.example.org/a")
        reached("https://stats.example.org/a")
        workflow.verdict_propose(
            claim=claim, actor=editor, rating=rating(), summary="First.", short_claim="x"
        )
        workflow.claim_submit(claim=claim, actor=reviewer)
        workflow.verdict_publish(claim=claim, actor=editor2)
        workflow.claim_reopen(claim=claim, actor=editor2, reason="New figures.")
        workflow.verdict_propose(
            claim=claim,
            actor=reviewer,
            rating=rating("false"),
            summary="Corrected.",
            short_claim="x",
        )
        workflow.claim_submit(claim=claim, actor=reviewer)
        claim.refresh_from_db()
        assert can_publish(editor, claim, claim.current_verdict()) is True
        workflow.verdict_publish(claim=claim, actor=editor)
        claim.refresh_from_db()
        assert (claim.status, claim.current_verdict().approved_by) == ("published", editor)
