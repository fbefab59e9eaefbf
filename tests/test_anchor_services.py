"""Claims follow their quotes through article edits; an exact quote confirms an anchor."""

import pytest

from claims.models import AnchorStatus, Claim, ClaimEvent
from claims.services.articles import article_update_text
from claims.services.claims import AnchorError, claim_create, claim_edit
from tests.factories import BODY, ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

FIRST = "The ministry said 4,200 nurses were hired in 2023."
SECOND = "Officials confirmed that the budget grew by 3.5 percent."


def fresh(claim):
    return Claim.objects.get(pk=claim.pk)


def anchor_events(claim):
    return list(claim.events.filter(kind=ClaimEvent.Kind.ANCHOR).order_by("pk"))


class TestReanchor:
    def test_of_two_copies_the_one_nearest_the_old_place_wins(self, editor):
        """A quote now in the text twice keeps to the copy nearest where it stood."""
        claim = ClaimFactory(quote=SECOND)
        assert claim.start == 51
        body = f"{SECOND} {SECOND}"
        article_update_text(article=claim.article, actor=editor, body=body)
        claim = fresh(claim)
        assert (claim.start, claim.end, claim.anchor_status) == (57, 113, AnchorStatus.EXACT)

    def test_a_moved_quote_records_only_its_new_offsets(self, editor):
        """The audit event holds the offsets that changed, before and after, nothing else."""
        claim = ClaimFactory()
        moved = article_update_text(
            article=claim.article, actor=editor, body="A new opening.\n\n" + BODY
        )
        assert moved == [claim]
        (event,) = anchor_events(claim)
        assert (event.actor, event.from_data, event.to_data, event.note) == (
            editor,
            {"start": 0, "end": 50},
            {"start": 16, "end": 66},
            "confidence 100%",
        )
        assert fresh(claim).version == claim.version + 1

    def test_a_lost_quote_keeps_its_place_with_no_confidence(self, editor):
        """A deleted quote is flagged lost, confidence 0, and the event says it was not found."""
        claim = ClaimFactory()
        body = BODY.replace(FIRST, "").strip()
        moved = article_update_text(article=claim.article, actor=editor, body=body)
        assert moved == [claim]
        lost = fresh(claim)
        assert (lost.anchor_status, lost.anchor_confidence, lost.start) == ("lost", 0.0, 0)
        (event,) = anchor_events(claim)
        assert (event.from_data, event.to_data, event.note) == (
            {"anchor": "exact"},
            {"anchor": "lost"},
            "quote not found",
        )

    def test_a_fuzzy_match_records_quote_anchor_and_confidence(self, editor):
        """A lightly edited quote moves to the close match; the event gives its confidence."""
        claim = ClaimFactory()
        body = BODY.replace("were hired", "had been hired")
        article_update_text(article=claim.article, actor=editor, body=body)
        fuzzy = fresh(claim)
        new_quote = "The ministry said 4,200 nurses had been hired in 2023."
        assert (fuzzy.anchor_status, fuzzy.anchor_confidence, fuzzy.quote) == (
            "fuzzy",
            0.923,
            new_quote,
        )
        (event,) = anchor_events(claim)
        assert (event.from_data, event.to_data, event.note) == (
            {"anchor": "exact", "end": 50, "quote": FIRST},
            {"anchor": "fuzzy", "end": 54, "quote": new_quote},
            "confidence 92%",
        )

    def test_claims_the_edit_did_not_reach_stay_as_they_were(self, editor):
        """Text added after a quote moves nothing: no event, no new version."""
        claim = ClaimFactory()
        moved = article_update_text(
            article=claim.article, actor=editor, body=BODY + " A closing line."
        )
        assert moved == []
        assert anchor_events(claim) == []
        assert fresh(claim).version == claim.version


class TestConfirmingAnAnchor:
    @pytest.fixture
    def fuzzy_claim(self, editor):
        """A claim on the second sentence, re-anchored to a close match by an edit."""
        claim = ClaimFactory(quote=SECOND)
        body = BODY.replace("grew by", "had grown by")
        article_update_text(article=claim.article, actor=editor, body=body)
        claim = fresh(claim)
        assert claim.anchor_status == AnchorStatus.FUZZY
        return claim

    def test_quoting_the_new_text_confirms_the_anchor(self, fuzzy_claim, editor2):
        """The edit marks the close match exact at full confidence, and says who confirmed it."""
        claim = fuzzy_claim
        new_quote = "Officials confirmed that the budget had grown by 3.5 percent."
        assert (claim.quote, claim.anchor_confidence) == (new_quote, 0.94)
        changed = claim_edit(claim=claim, actor=editor2, quote=new_quote)
        assert changed == ["anchor_status"]
        confirmed = fresh(claim)
        assert (confirmed.quote, confirmed.start, confirmed.end) == (new_quote, 51, 112)
        assert (confirmed.anchor_status, confirmed.anchor_confidence) == ("exact", 1.0)
        assert confirmed.version == claim.version + 1
        event = anchor_events(claim)[-1]
        assert (event.actor, event.from_data, event.to_data, event.note) == (
            editor2,
            {"anchor": "fuzzy"},
            {"anchor": "exact"},
            "confirmed by editing the claim",
        )

    def test_saving_an_exact_claim_confirms_nothing(self, editor):
        """An already exact claim changes only what was edited: no anchor event."""
        claim = ClaimFactory(quote=SECOND)
        changed = claim_edit(claim=claim, actor=editor, text="The budget grew 3.5%.")
        assert changed == ["text"]
        assert anchor_events(claim) == []
        assert fresh(claim).version == claim.version + 1


class TestCreatingAClaim:
    def test_quote_not_at_its_offsets_is_refused_showing_what_is_there(self, editor):
        """The message shows the first 120 characters actually found between the offsets."""
        article = ArticleFactory()
        with pytest.raises(AnchorError) as caught:
            claim_create(
                article=article,
                actor=editor,
                external_id="c1",
                text="Nurses.",
                quote="Words nobody wrote.",
                start=0,
                end=130,
            )
        assert str(caught.value) == (
            "The quote must be exactly the article text between start and end "
            f"(characters 0–130 are: “{BODY[:120]}”)."
        )
        assert not Claim.objects.exists()
