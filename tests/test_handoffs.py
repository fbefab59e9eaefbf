"""Hand-offs: withdrawing a submission, releasing a claim, an editor's typo fix."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from claims.services import workflow
from claims.services.evidence import evidence_add
from claims.services.workflow import Conflict, NotAllowed, WorkflowError
from tests import workflow_states
from tests.factories import ClaimFactory, rating

pytestmark = pytest.mark.django_db
Status = Claim.Status


class TestWithdraw:
    def test_the_submitter_takes_it_back_to_research_with_an_event(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        workflow.claim_withdraw(claim=claim, actor=people["reviewer"])
        claim.refresh_from_db()
        assert claim.status == Status.RESEARCHING
        assert claim.current_verdict().submitted_at is None
        assert claim.events.last().kind == ClaimEvent.Kind.WITHDRAWN

    @pytest.mark.parametrize("who", ["other_reviewer", "editor", "superuser", "staff_only"])
    def test_nobody_else_may(self, people, who):
        claim = workflow_states.in_review(people["reviewer"])
        with pytest.raises(NotAllowed, match="Only the reviewer who submitted"):
            workflow.claim_withdraw(claim=claim, actor=people[who])
        assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW

    def test_only_in_review(self, people):
        claim = workflow_states.with_verdict(people["reviewer"])
        with pytest.raises(WorkflowError, match="only a claim that is in review"):
            workflow.claim_withdraw(claim=claim, actor=people["reviewer"])

    def test_through_the_page(self, client, people):
        claim = workflow_states.in_review(people["reviewer"])
        client.force_login(people["reviewer"])
        page = client.get(claim.get_absolute_url())
        assert page.context["page"].can.withdraw
        url = reverse("claims:claim_transition", args=[claim.pk, "withdraw"])
        response = client.post(url, {"version": claim.version})
        assert response.status_code == 302
        assert Claim.objects.get(pk=claim.pk).status == Status.RESEARCHING


class TestRelease:
    def test_the_assignee_gives_it_back(self, people):
        claim = workflow_states.with_verdict(people["reviewer"])
        workflow.claim_release(claim=claim, actor=people["reviewer"])
        claim.refresh_from_db()
        assert claim.assignee is None and claim.status == Status.RESEARCHING
        event = claim.events.last()
        assert (event.kind, event.from_data, event.to_data) == (
            ClaimEvent.Kind.RELEASED,
            {"assignee": "rita"},
            {"assignee": None},
        )
        # Anyone may take it now.
        workflow.claim_assign(
            claim=claim, assignee=people["other_reviewer"], actor=people["other_reviewer"]
        )

    @pytest.mark.parametrize("who", ["other_reviewer", "editor", "staff_only"])
    def test_nobody_else_releases_it(self, people, who):
        claim = workflow_states.researching(people["reviewer"])
        with pytest.raises(NotAllowed, match="Only the claim's assignee"):
            workflow.claim_release(claim=claim, actor=people[who])

    def test_not_once_submitted_or_unassigned(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        with pytest.raises(WorkflowError, match="in review"):
            workflow.claim_release(claim=claim, actor=people["reviewer"])
        with pytest.raises(NotAllowed):
            workflow.claim_release(claim=ClaimFactory(), actor=people["reviewer"])


class TestShortClaimTypo:
    def test_an_editor_fixes_a_typo_with_before_and_after(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        before = claim.current_verdict().short_claim
        fixed = before.replace("ministry", "Ministry")
        workflow.verdict_fix_short_claim(claim=claim, actor=people["editor"], short_claim=fixed)
        claim.refresh_from_db()
        assert claim.status == Status.IN_REVIEW
        assert claim.current_verdict().short_claim == fixed
        event = claim.events.last()
        assert event.kind == ClaimEvent.Kind.SHORT_CLAIM_FIXED
        assert (event.from_data, event.to_data) == ({"short_claim": before}, {"short_claim": fixed})
        # The fixing editor may still publish: a typo fix is not writing the verdict.
        workflow.verdict_publish(claim=claim, actor=people["editor"])

    @pytest.mark.parametrize("who", ["reviewer", "other_reviewer", "staff_only"])
    def test_only_editors(self, people, who):
        claim = workflow_states.in_review(people["reviewer"])
        with pytest.raises(NotAllowed, match="Only editors"):
            workflow.verdict_fix_short_claim(claim=claim, actor=people[who], short_claim="x")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "cannot be empty"),
            ("x" * 76, "at most 75"),
            ("Something else entirely was claimed here", "more than a typo"),
        ],
    )
    def test_refusals(self, people, text, message):
        claim = workflow_states.in_review(people["reviewer"])
        with pytest.raises(WorkflowError, match=message):
            workflow.verdict_fix_short_claim(claim=claim, actor=people["editor"], short_claim=text)

    def test_not_while_researching(self, people):
        claim = workflow_states.with_verdict(people["reviewer"])
        with pytest.raises(WorkflowError, match="in review"):
            workflow.verdict_fix_short_claim(claim=claim, actor=people["editor"], short_claim="x")

    def test_through_the_page(self, client, people):
        claim = workflow_states.in_review(people["reviewer"])
        client.force_login(people["editor"])
        url = reverse("claims:short_claim_fix", args=[claim.pk])
        fixed = claim.current_verdict().short_claim + "."
        response = client.post(url, {"version": claim.version, "short_claim": fixed})
        assert response.status_code == 302
        assert claim.current_verdict().short_claim == fixed
        stale = client.post(url, {"version": claim.version, "short_claim": fixed + "."})
        assert stale.status_code == 409
        client.force_login(people["reviewer"])
        refused = client.post(url, {"version": claim.version + 1, "short_claim": "x"})
        assert refused.status_code == 403


class TestWhatEachHandOffRecords:
    """Who acted, what changed, and the version the request was based on."""

    def test_withdraw_names_the_submitter_and_checks_the_version(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        with pytest.raises(Conflict):
            workflow.claim_withdraw(
                claim=claim, actor=people["reviewer"], expected_version=claim.version - 1
            )
        assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW
        workflow.claim_withdraw(
            claim=claim, actor=people["reviewer"], expected_version=claim.version
        )
        withdrawn = claim.events.get(kind=ClaimEvent.Kind.WITHDRAWN)
        status = claim.events.filter(kind=ClaimEvent.Kind.STATUS).last()
        assert (withdrawn.actor, status.actor) == (people["reviewer"], people["reviewer"])
        assert status.to_data == {"status": Status.RESEARCHING}

    def test_release_names_the_assignee_and_checks_the_version(self, people):
        claim = workflow_states.researching(people["reviewer"])
        with pytest.raises(Conflict):
            workflow.claim_release(
                claim=claim, actor=people["reviewer"], expected_version=claim.version - 1
            )
        assert Claim.objects.get(pk=claim.pk).assignee == people["reviewer"]
        workflow.claim_release(
            claim=claim, actor=people["reviewer"], expected_version=claim.version
        )
        assert claim.events.get(kind=ClaimEvent.Kind.RELEASED).actor == people["reviewer"]

    def test_a_typo_fix_names_the_editor_and_checks_the_version(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        fixed = claim.current_verdict().short_claim + "."
        with pytest.raises(Conflict):
            workflow.verdict_fix_short_claim(
                claim=claim,
                actor=people["editor"],
                short_claim=fixed,
                expected_version=claim.version - 1,
            )
        workflow.verdict_fix_short_claim(
            claim=claim, actor=people["editor"], short_claim=fixed, expected_version=claim.version
        )
        event = claim.events.get(kind=ClaimEvent.Kind.SHORT_CLAIM_FIXED)
        assert event.actor == people["editor"]

    def in_review_saying(self, people, short_claim: str, **claim_fields):
        """A claim submitted with `short_claim`, as a reviewer would write it."""
        claim = workflow_states.researching(people["reviewer"], **claim_fields)
        evidence_add(claim=claim, actor=people["reviewer"], url="https://stats.example.org/a")
        workflow_states.reached("https://stats.example.org/a")
        return workflow.verdict_save_and_submit(
            claim=claim,
            actor=people["reviewer"],
            rating=rating(),
            summary="Right.",
            short_claim=short_claim,
        ).claim

    def test_a_typo_fix_may_keep_exactly_the_share_allowed(self, people):
        claim = self.in_review_saying(people, "abcdefghij")
        # Eight of ten characters kept: a similarity of exactly 0.8, the least allowed.
        workflow.verdict_fix_short_claim(
            claim=claim, actor=people["editor"], short_claim="abcdefghXY"
        )
        assert claim.current_verdict().short_claim == "abcdefghXY"

    def test_a_typo_fix_may_make_the_longest_short_claim(self, people):
        longest = "abcdefghXY" + "z" * 65
        claim = self.in_review_saying(people, longest[:-1], external_id="c2")
        workflow.verdict_fix_short_claim(claim=claim, actor=people["editor"], short_claim=longest)
        assert len(claim.current_verdict().short_claim) == 75

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "The short claim cannot be empty."),
            ("x" * 76, "The short claim must be at most 75 characters."),
            (
                "Something else entirely was claimed here",
                "That changes more than a typo: send the verdict back with a reason instead.",
            ),
        ],
    )
    def test_typo_fix_refusals_in_full(self, people, text, message):
        claim = workflow_states.in_review(people["reviewer"])
        before = claim.current_verdict().short_claim
        with pytest.raises(WorkflowError) as refused:
            workflow.verdict_fix_short_claim(claim=claim, actor=people["editor"], short_claim=text)
        assert str(refused.value) == message
        assert claim.current_verdict().short_claim == before


class TestHandOffRefusalsInFull:
    """The words a reviewer or editor reads when a hand-off is refused."""

    def test_withdraw(self, people):
        claim = workflow_states.with_verdict(people["reviewer"])
        with pytest.raises(WorkflowError) as refused:
            workflow.claim_withdraw(claim=claim, actor=people["reviewer"])
        assert str(refused.value) == (
            f"{claim.external_id} is researching: only a claim that is in review can be "
            "withdrawn from review."
        )
        claim = workflow_states.in_review(people["reviewer"], external_id="c2")
        with pytest.raises(NotAllowed) as refused:
            workflow.claim_withdraw(claim=claim, actor=people["other_reviewer"])
        assert str(refused.value) == "Only the reviewer who submitted this verdict can withdraw it."

    def test_release(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        with pytest.raises(WorkflowError) as refused:
            workflow.claim_release(claim=claim, actor=people["reviewer"])
        assert str(refused.value) == (
            f"{claim.external_id} is in review: only a claim that is new or researching can be "
            "released."
        )
        claim = workflow_states.researching(people["reviewer"], external_id="c2")
        with pytest.raises(NotAllowed) as refused:
            workflow.claim_release(claim=claim, actor=people["editor"])
        assert str(refused.value) == "Only the claim's assignee can release it."

    def test_typo_fix(self, people):
        claim = workflow_states.with_verdict(people["reviewer"])
        with pytest.raises(WorkflowError) as refused:
            workflow.verdict_fix_short_claim(claim=claim, actor=people["editor"], short_claim="x")
        assert str(refused.value) == (
            f"{claim.external_id} is researching: only a claim that is in review can be "
            "corrected in review."
        )
        claim = workflow_states.in_review(people["reviewer"], external_id="c2")
        with pytest.raises(NotAllowed) as refused:
            workflow.verdict_fix_short_claim(claim=claim, actor=people["reviewer"], short_claim="x")
        assert str(refused.value) == "Only editors correct a submitted short claim."
