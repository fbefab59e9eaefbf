"""Claim suggestions turned into claims or dismissed: numbering, copied fields, who decided."""

from decimal import Decimal

import pytest

from claims.models import Claim, ClaimEvent, ClaimSuggestion
from claims.services.articles import article_create
from claims.services.suggestions import (
    fingerprint,
    suggestion_accept,
    suggestion_dismiss,
    suggestions_accept_above,
)
from claims.services.workflow import NotAllowed
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

FIRST = "Unemployment fell to 4.3% in March, the statistics office said."
OPINION = "The government must do more for young workers."
THIRD = "About 12,000 jobs were created in the region last year, according to the ministry."
TEXT = f"{FIRST}\n\n{OPINION}\n\n{THIRD}"


@pytest.fixture
def article(editor):
    return article_create(actor=editor, title="Jobs", body=TEXT)


def suggestion_for(article, text, **fields):
    """A stored suggestion on a sentence of the article, as the extractor might propose it."""
    start = article.body.index(text)
    values = {"kind": Claim.Kind.EVENT, "score": 0.7, "figures": [], **fields}
    return ClaimSuggestion.objects.create(
        article=article,
        text=text,
        fingerprint=fingerprint(text),
        start=start,
        end=start + len(text),
        **values,
    )


class TestNumbering:
    def test_accepted_claim_skips_ids_already_taken(self, article, editor):
        """With c01 and c03 taken, the next claim is c04, not a second c03."""
        ClaimFactory(article=article, external_id="c01", quote=OPINION)
        ClaimFactory(article=article, external_id="c03", quote=OPINION)
        claim = suggestion_accept(suggestion=article.suggestions.get(start=0), actor=editor)
        assert claim.external_id == "c04"

    def test_accepting_several_numbers_each_clear_of_the_others(self, article, editor):
        """Claims accepted together take distinct ids past those already taken."""
        ClaimFactory(article=article, external_id="c01", quote=OPINION)
        ClaimFactory(article=article, external_id="c03", quote=OPINION)
        claims = suggestions_accept_above(article=article, actor=editor, score=0.5)
        assert [claim.external_id for claim in claims] == ["c04", "c05"]
        assert sorted(article.claims.values_list("external_id", flat=True)) == [
            "c01",
            "c03",
            "c04",
            "c05",
        ]

    def test_first_claim_of_an_article_is_c01(self, article, editor):
        """An article with no claims numbers from c01."""
        claim = suggestion_accept(suggestion=article.suggestions.get(start=0), actor=editor)
        assert claim.external_id == "c01"


class TestAcceptedClaim:
    def test_claim_copies_the_sentence_score_and_attribution(self, article, editor):
        """The claim's text and quote are the sentence; its priority is the score out of 100."""
        suggestion = article.suggestions.get(start=article.body.index(THIRD))
        claim = Claim.objects.get(pk=suggestion_accept(suggestion=suggestion, actor=editor).pk)
        assert (claim.text, claim.quote, claim.start, claim.end) == (
            THIRD,
            THIRD,
            suggestion.start,
            suggestion.end,
        )
        assert (claim.priority, claim.attributed_to, claim.kind) == (90, "ministry", "figure")

    def test_figure_keeps_its_qualifier_and_unit(self, article, editor):
        """The figure in "About 12,000 jobs" is approximately 12,000, in jobs."""
        suggestion = article.suggestions.get(start=article.body.index(THIRD))
        claim = Claim.objects.get(pk=suggestion_accept(suggestion=suggestion, actor=editor).pk)
        assert (claim.stated_value, claim.qualifier, claim.unit) == (
            Decimal("12000"),
            "approximately",
            "jobs",
        )

    def test_figure_without_qualifier_or_unit_is_exact_and_unitless(self, article, editor):
        """A bare number is taken as exact, with no unit."""
        suggestion = suggestion_for(
            article, OPINION, kind=Claim.Kind.FIGURE, figures=[{"value": 7, "qualifier": ""}]
        )
        claim = Claim.objects.get(pk=suggestion_accept(suggestion=suggestion, actor=editor).pk)
        assert (claim.stated_value, claim.qualifier, claim.unit) == (Decimal("7"), "exact", "")

    def test_a_long_unit_is_cut_to_the_field_length(self, article, editor):
        """A unit longer than 100 characters is stored as its first 100."""
        unit = "u" * 150
        suggestion = suggestion_for(
            article, OPINION, kind=Claim.Kind.FIGURE, figures=[{"value": 7, "unit": unit}]
        )
        claim = Claim.objects.get(pk=suggestion_accept(suggestion=suggestion, actor=editor).pk)
        assert claim.unit == unit[:100]

    def test_figures_in_a_non_figure_sentence_are_not_stated_values(self, article, editor):
        """An attribution that mentions a number is not checked as a figure."""
        suggestion = suggestion_for(
            article,
            OPINION,
            kind=Claim.Kind.ATTRIBUTION,
            figures=[{"value": 7, "qualifier": "at_least", "unit": "workers"}],
        )
        claim = Claim.objects.get(pk=suggestion_accept(suggestion=suggestion, actor=editor).pk)
        assert (claim.stated_value, claim.unit) == (None, "")

    def test_creation_is_recorded_with_the_editor_and_the_decision_kept(self, article, editor):
        """The claim's first event names the editor; the suggestion records who accepted it."""
        suggestion = article.suggestions.get(start=0)
        claim = suggestion_accept(suggestion=suggestion, actor=editor)
        event = claim.events.get()
        assert (event.kind, event.actor, event.to_data) == (
            ClaimEvent.Kind.CREATED,
            editor,
            {"external_id": "c01"},
        )
        suggestion.refresh_from_db()
        assert (suggestion.status, suggestion.claim, suggestion.decided_by) == (
            "accepted",
            claim,
            editor,
        )


class TestDismissing:
    def test_dismissal_records_the_editor_and_touches_no_other_suggestion(self, article, editor):
        """Only the dismissed suggestion changes, and it says who dismissed it."""
        first = article.suggestions.get(start=0)
        other = article.suggestions.exclude(pk=first.pk).get()
        elsewhere = article_create(actor=editor, title="Other", body=TEXT).suggestions.get(start=0)
        suggestion_dismiss(suggestion=first, actor=editor)
        first.refresh_from_db()
        assert (first.status, first.decided_by) == ("dismissed", editor)
        assert ClaimSuggestion.objects.get(pk=other.pk).status == "open"
        assert ClaimSuggestion.objects.get(pk=elsewhere.pk).status == "open"

    def test_an_accepted_suggestion_cannot_be_dismissed(self, article, editor, editor2):
        """Dismissing after another editor accepted leaves it accepted, with its claim."""
        suggestion = article.suggestions.get(start=0)
        claim = suggestion_accept(suggestion=suggestion, actor=editor)
        suggestion_dismiss(suggestion=suggestion, actor=editor2)
        suggestion.refresh_from_db()
        assert (suggestion.status, suggestion.claim, suggestion.decided_by) == (
            "accepted",
            claim,
            editor,
        )

    def test_reviewers_cannot_dismiss(self, article, reviewer):
        """Dismissing is an editor's decision; the suggestion stays open."""
        suggestion = article.suggestions.get(start=0)
        with pytest.raises(NotAllowed) as caught:
            suggestion_dismiss(suggestion=suggestion, actor=reviewer)
        assert str(caught.value) == "Only editors dismiss suggestions."
        assert ClaimSuggestion.objects.get(pk=suggestion.pk).status == "open"
