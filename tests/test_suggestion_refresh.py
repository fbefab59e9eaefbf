"""Re-extracting an article's suggestions: what is offered, what stays decided, what a claim
already covers.

The extractor is replaced by a fixed list of candidates here, so each rule of the refresh
(the score threshold, the overlap with claims, duplicates) is tested at its exact edge.
"""

import pytest

from claims.extraction.extractor import Suggestion
from claims.models import AnchorStatus, ClaimSuggestion
from claims.services import suggestions
from claims.services.suggestions import SHOWN_FROM, suggestions_refresh
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

FIRST = "The ministry hired 4,200 nurses in 2023."
SECOND = "Officials said the budget grew by 3.5 percent."
THIRD = "About 12,000 jobs were created last year."
BODY = f"{FIRST} {SECOND} {THIRD}"


def candidate(text: str, *, score: float = 0.7, attributed_to: str = "") -> Suggestion:
    start = BODY.index(text)
    return Suggestion(
        text=text,
        start=start,
        end=start + len(text),
        kind="event",
        score=score,
        attributed_to=attributed_to,
    )


@pytest.fixture
def offer(monkeypatch):
    """Make the extractor propose exactly these candidates."""

    def set_candidates(*candidates: Suggestion) -> None:
        monkeypatch.setattr(
            suggestions, "extract_claims", lambda text, **_options: list(candidates)
        )

    return set_candidates


def open_texts(article) -> list[str]:
    return list(
        article.suggestions.filter(status=ClaimSuggestion.Status.OPEN)
        .order_by("start")
        .values_list("text", flat=True)
    )


class TestWhatIsOffered:
    def test_a_score_at_the_threshold_is_offered_and_one_below_is_not(self, offer):
        article = ArticleFactory(body=BODY)
        offer(candidate(FIRST, score=SHOWN_FROM), candidate(SECOND, score=SHOWN_FROM - 0.01))
        assert suggestions_refresh(article=article) == 1
        assert open_texts(article) == [FIRST]

    def test_an_attribution_is_cut_to_the_field_length(self, offer):
        article = ArticleFactory(body=BODY)
        offer(candidate(FIRST, attributed_to="M" * 400))
        suggestions_refresh(article=article)
        assert len(article.suggestions.get().attributed_to) == 300

    def test_a_sentence_found_twice_is_offered_once(self, offer):
        article = ArticleFactory(body=BODY)
        offer(candidate(FIRST), candidate(FIRST))
        suggestions_refresh(article=article)
        assert open_texts(article) == [FIRST]


class TestWhatAClaimCovers:
    def test_a_claimed_sentence_is_not_offered_but_the_ones_after_it_are(self, offer):
        article = ArticleFactory(body=BODY)
        ClaimFactory(article=article, quote=FIRST)
        offer(candidate(FIRST), candidate(SECOND), candidate(THIRD))
        suggestions_refresh(article=article)
        assert open_texts(article) == [SECOND, THIRD]

    def test_a_claim_ending_where_a_sentence_starts_does_not_cover_it(self, offer):
        """The quote takes the space after the first sentence, up to the second's start."""
        article = ArticleFactory(body=BODY)
        ClaimFactory(article=article, quote=f"{FIRST} ")
        offer(candidate(FIRST), candidate(SECOND))
        suggestions_refresh(article=article)
        assert open_texts(article) == [SECOND]

    def test_a_claim_starting_where_a_sentence_ends_does_not_cover_it(self, offer):
        """The quote starts at the space that ends the first sentence."""
        article = ArticleFactory(body=BODY)
        ClaimFactory(article=article, quote=f" {SECOND}")
        offer(candidate(FIRST), candidate(SECOND))
        suggestions_refresh(article=article)
        assert open_texts(article) == [FIRST]

    def test_a_claim_whose_anchor_is_lost_covers_nothing(self, offer):
        article = ArticleFactory(body=BODY)
        claim = ClaimFactory(article=article, quote=FIRST)
        type(claim).objects.filter(pk=claim.pk).update(anchor_status=AnchorStatus.LOST)
        offer(candidate(FIRST))
        suggestions_refresh(article=article)
        assert open_texts(article) == [FIRST]


class TestDecisionsSurviveARefresh:
    def test_open_suggestions_are_replaced_by_the_new_ones(self, offer):
        article = ArticleFactory(body=BODY)
        offer(candidate(FIRST), candidate(SECOND))
        suggestions_refresh(article=article)
        offer(candidate(THIRD))
        assert suggestions_refresh(article=article) == 1
        assert open_texts(article) == [THIRD]

    def test_a_dismissed_sentence_stays_dismissed_and_moves_with_the_text(self, offer, editor):
        article = ArticleFactory(body=BODY)
        offer(candidate(FIRST), candidate(SECOND))
        suggestions_refresh(article=article)
        dismissed = article.suggestions.get(text=SECOND)
        suggestions.suggestion_dismiss(suggestion=dismissed, actor=editor)
        moved = Suggestion(text=SECOND, start=100, end=100 + len(SECOND), kind="event", score=0.7)
        offer(candidate(FIRST), moved)
        assert suggestions_refresh(article=article) == 1
        dismissed.refresh_from_db()
        assert dismissed.status == ClaimSuggestion.Status.DISMISSED
        assert (dismissed.start, dismissed.end) == (100, 100 + len(SECOND))
        assert open_texts(article) == [FIRST]
