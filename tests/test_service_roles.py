"""Role checks inside the services themselves: commands and importers call them without a view."""

from decimal import Decimal

import pytest

from claims.models import Article, Claim, ClaimSuggestion, Evidence
from claims.services.articles import article_create, article_update_text
from claims.services.claims import claim_edit
from claims.services.evidence import evidence_add, evidence_remove, evidence_update
from claims.services.suggestions import suggestions_accept_above
from claims.services.workflow import NotAllowed
from tests.factories import BODY, ClaimFactory, UserFactory
from tests.workflow_states import in_review, researching

pytestmark = pytest.mark.django_db

TEXT = "Unemployment fell to 4.3% in March, the statistics office said."


class TestArticles:
    def test_reviewer_cannot_add_an_article(self, reviewer):
        """Adding articles is an editor's job."""
        with pytest.raises(NotAllowed, match="Only editors add articles."):
            article_create(actor=reviewer, title="Jobs", body=TEXT)
        assert not Article.objects.exists()

    def test_reviewer_cannot_change_an_article_text(self, reviewer):
        """The text and every claim anchored in it stay as they were."""
        claim = ClaimFactory()
        with pytest.raises(NotAllowed, match="Only editors change an article's text."):
            article_update_text(article=claim.article, actor=reviewer, body="Other text.")
        assert Article.objects.get(pk=claim.article.pk).body == BODY
        assert claim.events.count() == 0

    def test_reviewer_cannot_accept_suggestions_in_bulk(self, editor, reviewer):
        """No claim is made and every suggestion stays open."""
        article = article_create(actor=editor, title="Jobs", body=TEXT)
        with pytest.raises(NotAllowed, match="Only editors turn suggestions into claims."):
            suggestions_accept_above(article=article, actor=reviewer, score=0)
        assert not Claim.objects.exists()
        assert set(ClaimSuggestion.objects.values_list("status", flat=True)) == {"open"}


class TestClaimsAndEvidence:
    def test_reviewer_who_is_not_the_assignee_cannot_edit_the_claim(self, reviewer, reviewer2):
        """Only the assignee (or an editor) rewords a claim under research."""
        claim = researching(reviewer)
        with pytest.raises(NotAllowed):
            claim_edit(claim=claim, actor=reviewer2, text="Reworded.")
        assert Claim.objects.get(pk=claim.pk).text == claim.text

    def test_editor_cannot_edit_a_claim_in_review(self, reviewer, editor):
        """A claim in review is frozen, even for editors."""
        claim = in_review(reviewer)
        with pytest.raises(NotAllowed):
            claim_edit(claim=claim, actor=editor, text="Reworded.")
        assert Claim.objects.get(pk=claim.pk).text == claim.text

    def test_user_without_a_role_cannot_cite_a_source(self):
        """Evidence comes from reviewers and editors only."""
        claim = ClaimFactory()
        with pytest.raises(NotAllowed):
            evidence_add(claim=claim, actor=UserFactory(), url="https://example.org/a")
        assert not Evidence.objects.exists()

    def test_another_reviewer_cannot_change_or_remove_ones_evidence(self, reviewer, reviewer2):
        """Evidence belongs to whoever added it, until an editor steps in."""
        claim = researching(reviewer)
        evidence = evidence_add(claim=claim, actor=reviewer, url="https://example.org/a")
        with pytest.raises(NotAllowed, match="Only the reviewer who added this evidence"):
            evidence_update(evidence=evidence, actor=reviewer2, note="Mine now.")
        with pytest.raises(NotAllowed, match="Only the reviewer who added this evidence"):
            evidence_remove(evidence=evidence, actor=reviewer2)
        assert Evidence.objects.get(pk=evidence.pk).note == ""

    def test_editor_may_change_anyones_evidence(self, reviewer, editor):
        """An editor corrects a reviewer's evidence, and the change is recorded as theirs."""
        claim = researching(reviewer)
        evidence = evidence_add(claim=claim, actor=reviewer, url="https://example.org/a")
        evidence_update(evidence=evidence, actor=editor, note="Page 4.")
        event = claim.events.latest("pk")
        assert (event.actor, event.from_data, event.to_data) == (
            editor,
            {"source": "https://example.org/a", "note": ""},
            {"note": "Page 4."},
        )


class TestEvidenceAudit:
    def test_citing_records_the_source_stance_and_value(self, reviewer):
        """The evidence-added event says which source, which way, and the figure it gives."""
        claim = researching(reviewer)
        evidence_add(
            claim=claim,
            actor=reviewer,
            url="https://example.org/a?utm_source=x",
            stance="supports",
            reported_value=Decimal("4200.0"),
        )
        event = claim.events.latest("pk")
        assert (event.kind, event.actor, event.from_data, event.to_data) == (
            "evidence_added",
            reviewer,
            {},
            {"source": "https://example.org/a", "stance": "supports", "reported_value": "4200"},
        )

    def test_removing_records_what_was_removed(self, reviewer):
        """The evidence-removed event keeps the source, stance and excerpt that went."""
        claim = researching(reviewer)
        evidence = evidence_add(
            claim=claim, actor=reviewer, url="https://example.org/a", excerpt=" Hired 4,200. "
        )
        evidence_remove(evidence=evidence, actor=reviewer)
        event = claim.events.latest("pk")
        assert (event.kind, event.actor, event.from_data, event.to_data) == (
            "evidence_removed",
            reviewer,
            {"source": "https://example.org/a", "stance": "context", "excerpt": "Hired 4,200."},
            {},
        )
        assert not Evidence.objects.exists()
