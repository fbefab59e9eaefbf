"""The pre-publish checklist shown on a claim page: each item, its label, result and detail."""

import pytest

from claims.models import Claim, Source, Verdict
from claims.services import workflow
from claims.services.evidence import evidence_add
from claims.services.workflow import Check, publish_checks
from tests.factories import ClaimFactory, rating
from tests.workflow_states import reached, researching, with_verdict

pytestmark = pytest.mark.django_db

READY = [
    Check("A rating is chosen", True),
    Check("A summary is written", True),
    Check("At least one source is cited", True),
    Check("The short claim is at most 75 characters", True, "39 characters"),
    Check("The short claim does not contain the rating word", True, ""),
    Check("The quote is anchored in the current article text", True, ""),
    Check("Every cited source is reachable or archived", True, ""),
]


class TestChecklist:
    def test_ready_claim_passes_every_check(self, reviewer):
        """A claim with rating, summary, short claim and a live source passes the whole list."""
        claim = with_verdict(reviewer)
        assert publish_checks(claim) == READY

    def test_the_verdict_and_evidence_given_are_the_ones_checked(self, reviewer):
        """A caller with the verdict and evidence loaded gets the same list."""
        claim = with_verdict(reviewer)
        evidence = list(claim.evidence.select_related("source"))
        assert publish_checks(claim, claim.current_verdict(), evidence) == READY

    def test_claim_without_verdict_or_evidence_fails_the_first_checks(self):
        """Nothing written yet: rating, summary, source and short claim are all missing."""
        claim = ClaimFactory()
        assert publish_checks(claim) == [
            Check("A rating is chosen", False),
            Check("A summary is written", False),
            Check("At least one source is cited", False),
            Check("A short claim (at most 75 characters) is written", False),
            Check("The quote is anchored in the current article text", True, ""),
            Check("Every cited source is reachable or archived", True, ""),
        ]

    def test_short_claim_with_the_rating_word_says_which_word_to_remove(self, reviewer):
        """The detail names the rating label to take out, whatever its case in the text."""
        claim = researching(reviewer)
        verdict = workflow.verdict_propose(
            claim=claim,
            actor=reviewer,
            rating=rating("mostly-false"),
            summary="No.",
            short_claim="MOSTLY FALSE: the ministry hired 4,200 nurses",
        )
        checks = {check.label: check for check in publish_checks(claim, verdict)}
        word = checks["The short claim does not contain the rating word"]
        assert (word.passed, word.detail) == (False, "remove “Mostly false”")

    def test_blank_short_claim_counts_as_missing(self, reviewer):
        """A short claim of spaces is not written."""
        claim = researching(reviewer)
        verdict = workflow.verdict_propose(
            claim=claim, actor=reviewer, rating=rating(), summary="Yes.", short_claim="   "
        )
        labels = [check.label for check in publish_checks(claim, verdict) if not check.passed]
        assert "A short claim (at most 75 characters) is written" in labels

    def test_a_verdict_proposed_without_a_short_claim_has_none(self, reviewer):
        claim = researching(reviewer)
        verdict = workflow.verdict_propose(
            claim=claim, actor=reviewer, rating=rating(), summary="Yes."
        )
        assert Verdict.objects.get(pk=verdict.pk).short_claim == ""
        labels = [check.label for check in publish_checks(claim, verdict) if not check.passed]
        assert "A short claim (at most 75 characters) is written" in labels

    @pytest.mark.parametrize(("length", "passed"), [(75, True), (76, False)])
    def test_short_claim_length_limit_is_75(self, reviewer, length, passed):
        """The checklist itself holds the line at 75, even for a verdict saved before the rule."""
        claim = researching(reviewer)
        verdict = workflow.verdict_propose(
            claim=claim, actor=reviewer, rating=rating(), summary="Yes.", short_claim="N"
        )
        verdict.short_claim = "N" * length
        checks = {check.label: check for check in publish_checks(claim, verdict)}
        item = checks["The short claim is at most 75 characters"]
        assert (item.passed, item.detail) == (passed, f"{length} characters")


class TestSourceChecks:
    def test_attribution_needs_a_primary_or_official_source(self, reviewer):
        """An attribution backed only by news coverage fails; an official source passes."""
        claim = with_verdict(reviewer, kind=Claim.Kind.ATTRIBUTION)
        label = "An attribution is backed by a primary or official source"
        assert {c.label: c.passed for c in publish_checks(claim)}[label] is False
        evidence_add(
            claim=claim, actor=reviewer, url="https://gov.example.org/data", kind="official"
        )
        assert {c.label: c.passed for c in publish_checks(claim)}[label] is True

    def test_attribution_with_a_primary_source_passes(self, reviewer):
        """A primary source is as good as an official one."""
        claim = researching(reviewer, kind=Claim.Kind.ATTRIBUTION)
        evidence_add(claim=claim, actor=reviewer, url="https://nis.example.org/", kind="primary")
        label = "An attribution is backed by a primary or official source"
        assert {c.label: c.passed for c in publish_checks(claim)}[label] is True

    def test_figure_claims_have_no_attribution_check(self, reviewer):
        """The source-kind rule is for attributions only."""
        labels = [check.label for check in publish_checks(with_verdict(reviewer))]
        assert "An attribution is backed by a primary or official source" not in labels

    def test_broken_sources_are_named_until_archived(self, reviewer):
        """A broken link fails the check, naming its URL; an archived copy makes it pass."""
        claim = with_verdict(reviewer)
        Source.objects.update(link_status="broken")
        item = publish_checks(claim)[-1]
        assert (item.passed, item.detail) == (False, "https://stats.example.org/nurses (broken)")
        Source.objects.update(archive_url="https://archive.example.org/nurses")
        assert publish_checks(claim)[-1].passed is True

    def test_every_unreachable_source_is_named(self, reviewer):
        """Each failing source is listed with its state, for the editor to fix."""
        claim = with_verdict(reviewer)
        evidence_add(claim=claim, actor=reviewer, url="https://example.org/second")
        Source.objects.filter(url="https://stats.example.org/nurses").update(link_status="broken")
        detail = publish_checks(claim)[-1].detail
        assert sorted(detail.split("; ")) == [
            "https://example.org/second (not checked)",
            "https://stats.example.org/nurses (broken)",
        ]

    def test_publishing_is_refused_naming_every_failing_check(self, reviewer, editor):
        claim = workflow.claim_submit(claim=with_verdict(reviewer), actor=reviewer)
        Source.objects.update(link_status="broken")
        Verdict.objects.filter(claim=claim).update(
            short_claim="True: the ministry hired 4,200 nurses"
        )
        with pytest.raises(workflow.WorkflowError) as refused:
            workflow.verdict_publish(claim=claim, actor=editor)
        assert str(refused.value) == (
            "Not ready to publish: The short claim does not contain the rating word; "
            "Every cited source is reachable or archived."
        )
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW

    def test_checklist_reads_evidence_and_sources_in_one_query(
        self, reviewer, django_assert_num_queries
    ):
        """With the verdict loaded, the checklist costs one query however many sources."""
        claim = with_verdict(reviewer)
        evidence_add(claim=claim, actor=reviewer, url="https://example.org/second")
        reached("https://example.org/second")
        verdict = claim.current_verdict()
        with django_assert_num_queries(1):
            checks = publish_checks(claim, verdict)
        assert all(check.passed for check in checks)


class TestAnchorCheck:
    @pytest.mark.parametrize(
        ("status", "passed", "detail"),
        [
            ("exact", True, ""),
            ("normalised", True, ""),
            (
                "fuzzy",
                False,
                "re-anchored to a close match: check it and save the claim to confirm",
            ),
            ("lost", False, "the quote is no longer in the article"),
        ],
    )
    def test_quote_must_be_anchored_exactly_or_normalised(self, reviewer, status, passed, detail):
        """A fuzzy or lost anchor blocks publishing, saying what to do."""
        claim = with_verdict(reviewer)
        claim.anchor_status = status
        item = {check.label: check for check in publish_checks(claim)}[
            "The quote is anchored in the current article text"
        ]
        assert (item.passed, item.detail) == (passed, detail)
