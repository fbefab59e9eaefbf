"""Claims in each workflow state, built through the real service functions."""

from claims.models import Source
from claims.services import workflow
from claims.services.evidence import evidence_add
from tests.factories import ClaimFactory, rating


def reached(*urls: str) -> None:
    """Mark cited sources reachable, as the worker leaves them once it has fetched them."""
    Source.objects.filter(url__in=urls).update(link_status=Source.LinkStatus.OK)


def researching(reviewer, **claim_fields):
    claim = ClaimFactory(**claim_fields)
    return workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)


def with_verdict(reviewer, **claim_fields):
    claim = researching(reviewer, **claim_fields)
    evidence_add(claim=claim, actor=reviewer, url="https://stats.example.org/nurses")
    reached("https://stats.example.org/nurses")
    workflow.verdict_propose(
        claim=claim,
        actor=reviewer,
        rating=rating("true"),
        summary="Matches the ministry data.",
        short_claim="The ministry hired 4,200 nurses in 2023",
    )
    return claim


def in_review(reviewer, **claim_fields):
    claim = with_verdict(reviewer, **claim_fields)
    return workflow.claim_submit(claim=claim, actor=reviewer)


def published(reviewer, editor, **claim_fields):
    claim = in_review(reviewer, **claim_fields)
    workflow.verdict_publish(claim=claim, actor=editor)
    claim.refresh_from_db()
    return claim


def not_checkable(editor, **claim_fields):
    claim = ClaimFactory(**claim_fields)
    return workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason="Opinion.")
