"""Hand-offs: withdrawing a submission, releasing a claim, an editor's typo fix."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from claims.services import workflow
from claims.services.workflow import NotAllowed, WorkflowError
from tests import workflow_states
from tests.factories import ClaimFactory

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
