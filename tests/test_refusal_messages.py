"""Every refusal of the workflow says, in full, what is wrong and what would be allowed.

These messages are what a reviewer reads on the claim page and in bulk actions, so each is
checked word for word, and each refusal changes nothing.
"""

import pytest

from claims.models import Claim, Verdict
from claims.services import workflow
from claims.services.evidence import evidence_add, evidence_remove
from claims.services.workflow import NotAllowed
from tests.factories import ClaimFactory, rating
from tests.workflow_states import in_review, not_checkable, published, researching, with_verdict

pytestmark = pytest.mark.django_db


def snapshot(claim: Claim) -> tuple:
    fresh = Claim.objects.get(pk=claim.pk)
    verdicts = list(Verdict.objects.filter(claim=claim).values_list("summary", "is_current"))
    return fresh.status, fresh.version, fresh.assignee_id, verdicts, fresh.events.count()


def propose(claim, actor, **overrides):
    arguments = {"rating": rating(), "summary": "Right.", "short_claim": "Nurses"} | overrides
    return workflow.verdict_propose(claim=claim, actor=actor, **arguments)


class TestWrongStatus:
    """A transition the status rules out names the status and what it would need."""

    @pytest.mark.parametrize(
        ("state", "act", "message"),
        [
            (
                "published",
                lambda claim, people: workflow.claim_assign(
                    claim=claim, assignee=people["reviewer"], actor=people["editor"]
                ),
                "c1 is published: only a claim that is new or researching or in review can be "
                "assigned.",
            ),
            (
                "new",
                lambda claim, people: propose(claim, people["editor"]),
                "c1 is new: only a claim that is researching can be given a verdict.",
            ),
            (
                "new",
                lambda claim, people: workflow.claim_submit(claim=claim, actor=people["reviewer"]),
                "c1 is new: only a claim that is researching can be submitted for review.",
            ),
            (
                "researching",
                lambda claim, people: workflow.verdict_publish(claim=claim, actor=people["editor"]),
                "c1 is researching: only a claim that is in review can be published.",
            ),
            (
                "researching",
                lambda claim, people: workflow.claim_send_back(
                    claim=claim, actor=people["editor"], reason="Why."
                ),
                "c1 is researching: only a claim that is in review can be sent back.",
            ),
            (
                "in_review",
                lambda claim, people: workflow.claim_reopen(
                    claim=claim, actor=people["editor"], reason="Why."
                ),
                "c1 is in review: only a claim that is published can be reopened.",
            ),
            (
                "in_review",
                lambda claim, people: workflow.claim_mark_not_checkable(
                    claim=claim, actor=people["editor"], reason="Why."
                ),
                "c1 is in review: only a claim that is new or researching can be marked not "
                "checkable.",
            ),
            (
                "new",
                lambda claim, people: workflow.claim_restore(claim=claim, actor=people["editor"]),
                "c1 is new: only a claim that is not checkable can be restored.",
            ),
        ],
        ids=[
            "assign",
            "propose",
            "submit",
            "publish",
            "send_back",
            "reopen",
            "not_checkable",
            "restore",
        ],
    )
    def test_names_the_status(self, people, state, act, message):
        claim = build(state, people)
        before = snapshot(claim)
        with pytest.raises(workflow.WorkflowError) as refusal:
            act(claim, people)
        assert str(refusal.value) == message
        assert not isinstance(refusal.value, workflow.NotAllowed)
        assert snapshot(claim) == before


class TestWrongPerson:
    """A transition the person's role rules out says who may do it."""

    @pytest.mark.parametrize(
        ("state", "act", "message"),
        [
            (
                "new",
                lambda claim, people: workflow.claim_assign(
                    claim=claim, assignee=people["other_reviewer"], actor=people["reviewer"]
                ),
                "Only editors assign claims to others; reviewers can take an unassigned claim.",
            ),
            (
                "researching",
                lambda claim, people: propose(claim, people["other_reviewer"]),
                "Only the claim's assignee or an editor can propose a verdict while it is "
                "researched.",
            ),
            (
                "with_verdict",
                lambda claim, people: workflow.claim_submit(claim=claim, actor=people["editor"]),
                "Only the claim's assignee can submit it for review.",
            ),
            (
                "in_review",
                lambda claim, people: workflow.verdict_publish(
                    claim=claim, actor=people["other_reviewer"]
                ),
                "Only an editor who did not write or submit this verdict can publish it.",
            ),
            (
                "in_review",
                lambda claim, people: workflow.claim_send_back(
                    claim=claim, actor=people["other_reviewer"], reason="Why."
                ),
                "Only editors can send a claim back.",
            ),
            (
                "published",
                lambda claim, people: workflow.claim_reopen(
                    claim=claim, actor=people["other_reviewer"], reason="Why."
                ),
                "Only editors can reopen a published claim.",
            ),
            (
                "new",
                lambda claim, people: workflow.claim_mark_not_checkable(
                    claim=claim, actor=people["reviewer"], reason="Why."
                ),
                "Only editors can mark a new or researching claim not checkable.",
            ),
            (
                "not_checkable",
                lambda claim, people: workflow.claim_restore(claim=claim, actor=people["reviewer"]),
                "Only editors can restore a not-checkable claim.",
            ),
        ],
        ids=[
            "assign",
            "propose",
            "submit",
            "publish",
            "send_back",
            "reopen",
            "not_checkable",
            "restore",
        ],
    )
    def test_says_who_may(self, people, state, act, message):
        claim = build(state, people)
        before = snapshot(claim)
        with pytest.raises(workflow.NotAllowed) as refusal:
            act(claim, people)
        assert str(refusal.value) == message
        assert snapshot(claim) == before


class TestMissingInput:
    @pytest.mark.parametrize(
        ("state", "act", "message"),
        [
            (
                "in_review",
                lambda claim, people: workflow.claim_send_back(
                    claim=claim, actor=people["editor"], reason="  "
                ),
                "Say why you are sending it back.",
            ),
            (
                "published",
                lambda claim, people: workflow.claim_reopen(
                    claim=claim, actor=people["editor"], reason=""
                ),
                "Say why the verdict needs correcting.",
            ),
            (
                "new",
                lambda claim, people: workflow.claim_mark_not_checkable(
                    claim=claim, actor=people["editor"], reason="\n"
                ),
                "Say why the claim is not checkable.",
            ),
            (
                "researching",
                lambda claim, people: propose(claim, people["reviewer"], summary="   "),
                "A verdict needs a summary.",
            ),
            (
                "researching",
                lambda claim, people: propose(claim, people["reviewer"], short_claim="N" * 76),
                "The short claim must be at most 75 characters.",
            ),
            (
                "researching",
                lambda claim, people: workflow.claim_submit(claim=claim, actor=people["reviewer"]),
                "Propose a verdict (a rating and a summary) before submitting.",
            ),
        ],
        ids=["send_back", "reopen", "not_checkable", "summary", "short_claim", "no_verdict"],
    )
    def test_says_what_is_missing(self, people, state, act, message):
        claim = build(state, people)
        before = snapshot(claim)
        with pytest.raises(workflow.WorkflowError) as refusal:
            act(claim, people)
        assert str(refusal.value) == message
        assert snapshot(claim) == before

    def test_submitting_without_a_source_says_so(self, people):
        claim = researching(people["reviewer"], external_id="c1")
        propose(claim, people["reviewer"])
        before = snapshot(claim)
        with pytest.raises(workflow.WorkflowError) as refusal:
            workflow.claim_submit(claim=claim, actor=people["reviewer"])
        assert str(refusal.value) == "Cite at least one source before submitting."
        assert snapshot(claim) == before

    def test_a_refused_submit_keeps_no_half_saved_verdict(self, people):
        """Saving and submitting stand or fall together."""
        claim = researching(people["reviewer"], external_id="c1")
        with pytest.raises(workflow.WorkflowError, match="Cite at least one source"):
            workflow.verdict_save_and_submit(
                claim=claim, actor=people["reviewer"], rating=rating(), summary="Right."
            )
        assert not Verdict.objects.filter(claim=claim).exists()
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.RESEARCHING


def build(state: str, people: dict) -> Claim:
    """A claim with the external id c1, in `state`, reached through the services."""
    reviewer, editor = people["reviewer"], people["other_editor"]
    builders = {
        "new": lambda: ClaimFactory(external_id="c1"),
        "researching": lambda: researching(reviewer, external_id="c1"),
        "with_verdict": lambda: with_verdict(reviewer, external_id="c1"),
        "in_review": lambda: in_review(reviewer, external_id="c1"),
        "published": lambda: published(reviewer, editor, external_id="c1"),
        "not_checkable": lambda: not_checkable(editor, external_id="c1"),
    }
    return builders[state]()


class TestStaleVersion:
    """Every transition refuses a claim that moved on since the person read it."""

    @pytest.mark.parametrize(
        ("state", "act"),
        [
            (
                "new",
                lambda claim, people, seen: workflow.claim_assign(
                    claim=claim,
                    assignee=people["reviewer"],
                    actor=people["editor"],
                    expected_version=seen,
                ),
            ),
            (
                "researching",
                lambda claim, people, seen: workflow.verdict_propose(
                    claim=claim,
                    actor=people["reviewer"],
                    rating=rating(),
                    summary="Right.",
                    expected_version=seen,
                ),
            ),
            (
                "with_verdict",
                lambda claim, people, seen: workflow.verdict_save_and_submit(
                    claim=claim,
                    actor=people["reviewer"],
                    rating=rating(),
                    summary="Right.",
                    expected_version=seen,
                ),
            ),
            (
                "with_verdict",
                lambda claim, people, seen: workflow.claim_submit(
                    claim=claim, actor=people["reviewer"], expected_version=seen
                ),
            ),
            (
                "in_review",
                lambda claim, people, seen: workflow.verdict_publish(
                    claim=claim, actor=people["editor"], expected_version=seen
                ),
            ),
            (
                "in_review",
                lambda claim, people, seen: workflow.claim_send_back(
                    claim=claim, actor=people["editor"], reason="Why.", expected_version=seen
                ),
            ),
            (
                "published",
                lambda claim, people, seen: workflow.claim_reopen(
                    claim=claim, actor=people["editor"], reason="Why.", expected_version=seen
                ),
            ),
            (
                "new",
                lambda claim, people, seen: workflow.claim_mark_not_checkable(
                    claim=claim, actor=people["editor"], reason="Why.", expected_version=seen
                ),
            ),
            (
                "not_checkable",
                lambda claim, people, seen: workflow.claim_restore(
                    claim=claim, actor=people["editor"], expected_version=seen
                ),
            ),
        ],
        ids=[
            "assign",
            "propose",
            "save_and_submit",
            "submit",
            "publish",
            "send_back",
            "reopen",
            "not_checkable",
            "restore",
        ],
    )
    def test_is_a_conflict_that_changes_nothing(self, people, state, act):
        claim = build(state, people)
        seen = Claim.objects.get(pk=claim.pk).version - 1
        before = snapshot(claim)
        with pytest.raises(workflow.Conflict):
            act(claim, people, seen)
        assert snapshot(claim) == before


class TestEvidenceRefusals:
    def test_removing_someone_elses_evidence(self, people):
        claim = researching(people["reviewer"])
        evidence = evidence_add(
            claim=claim, actor=people["reviewer"], url="https://stats.example.org/nurses"
        )
        with pytest.raises(NotAllowed) as refused:
            evidence_remove(evidence=evidence, actor=people["other_reviewer"])
        assert str(refused.value) == (
            "Only the reviewer who added this evidence, or an editor, can remove it."
        )
        assert claim.evidence.count() == 1
