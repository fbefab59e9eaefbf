"""Re-anchoring claim quotes in article text that has been edited since they were taken."""

import json
from pathlib import Path

import pytest

from claims.extraction.anchoring import Anchor, find_anchor

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "fixtures" / "article.txt").read_text(encoding="utf-8")
CLAIMS = json.loads((ROOT / "fixtures" / "claims.json").read_text(encoding="utf-8"))
QUOTES = [claim["quote"] for claim in CLAIMS]
TEN_THOUSAND = "The involvement of approximately 10,000 North Korean soldiers"
EU_LEADERS = next(claim["quote"] for claim in CLAIMS if claim["external_id"] == "c10")


def to_straight(text: str) -> str:
    return text.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-")


class TestExact:
    @pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c["external_id"])
    def test_unchanged_article_gives_the_stored_offsets(self, claim: dict) -> None:
        anchor = find_anchor(ARTICLE, claim["quote"], hint=claim["start"])
        assert anchor == Anchor(claim["start"], claim["end"], "exact", 1.0)

    def test_text_inserted_before_moves_the_anchor(self) -> None:
        body = "Editor's note: this piece was updated.\n\n" + ARTICLE
        anchor = find_anchor(body, TEN_THOUSAND, hint=250)
        shift = len("Editor's note: this piece was updated.\n\n")
        assert anchor == Anchor(250 + shift, 311 + shift, "exact", 1.0)

    def test_duplicate_matches_choose_the_one_nearest_the_hint(self) -> None:
        body = "Prices rose. Wages fell. Prices rose. Rents fell. Prices rose."
        starts = [0, 25, 50]
        for hint, expected in [(None, 0), (0, 0), (30, 25), (24, 25), (49, 50), (999, 50)]:
            anchor = find_anchor(body, "Prices rose.", hint=hint)
            assert anchor is not None and anchor.start == expected
            assert anchor.start in starts and anchor.method == "exact"

    def test_overlapping_occurrences_all_count(self) -> None:
        """A quote that overlaps itself in the text is found at each start, nearest the hint."""
        body = "Wait..... what?"
        for hint in (4, 5, 6):
            assert find_anchor(body, "...", hint=hint) == Anchor(hint, hint + 3, "exact", 1.0)

    def test_blank_quote_has_no_anchor(self) -> None:
        assert find_anchor(ARTICLE, "   ") is None
        assert find_anchor(ARTICLE, "") is None


class TestNormalised:
    def test_straight_quotes_in_the_body(self) -> None:
        body = to_straight(ARTICLE)
        quote = next(claim["quote"] for claim in CLAIMS if claim["external_id"] == "c09")
        anchor = find_anchor(body, quote)
        assert anchor is not None
        assert (anchor.method, anchor.confidence) == ("normalised", 1.0)
        assert body[anchor.start : anchor.end] == to_straight(quote)

    def test_curly_quote_against_straight_claim(self) -> None:
        body = "He said: “We are ready” – and left. It’s over."
        anchor = find_anchor(body, '"We are ready" - and left. It\'s over.')
        assert anchor is not None and anchor.method == "normalised"
        assert body[anchor.start : anchor.end] == "“We are ready” – and left. It’s over."

    def test_double_spaces_and_rewrapped_lines(self) -> None:
        body = ARTICLE.replace(
            "The involvement of approximately 10,000",
            "The  involvement of\napproximately   10,000",
        )
        anchor = find_anchor(body, TEN_THOUSAND)
        assert anchor is not None and anchor.method == "normalised"
        assert body[anchor.start : anchor.end] == (
            "The  involvement of\napproximately   10,000 North Korean soldiers"
        )

    def test_em_dash_and_ellipsis_styles(self) -> None:
        body = "The vote — narrow as it was… passed."
        anchor = find_anchor(body, "The vote - narrow as it was... passed.")
        assert anchor == Anchor(0, len(body), "normalised", 1.0)

    @pytest.mark.parametrize("invisible", ["\u00ad", "\u200b"], ids=["soft-hyphen", "zero-width"])
    def test_invisible_characters_in_the_body_are_skipped(self, invisible: str) -> None:
        """A soft hyphen or zero-width space inside a word neither hides the quote nor ends it."""
        body = f"The com{invisible}mittee said “no” to the plan. It met again in May."
        anchor = find_anchor(body, 'The committee said "no" to the plan.')
        assert anchor == Anchor(0, body.index(" It met"), "normalised", 1.0)

    def test_spaces_after_the_quote_stay_outside_the_anchor(self) -> None:
        """Two spaces after the quoted sentence do not stretch the anchor over them."""
        body = "He said “no”.  Then he left."
        anchor = find_anchor(body, 'He said "no".')
        assert anchor == Anchor(0, len("He said “no”."), "normalised", 1.0)

    def test_duplicates_choose_the_one_nearest_the_hint(self) -> None:
        body = "It’s done. Then more. It’s done. And more. It’s done."
        anchor = find_anchor(body, "It's done.", hint=40)
        assert anchor is not None and anchor.start == body.rindex("It’s done.")


class TestFuzzy:
    def test_changed_word_is_found_with_lower_confidence(self) -> None:
        body = ARTICLE.replace("approximately 10,000 North", "about 10,000 North")
        anchor = find_anchor(body, TEN_THOUSAND)
        assert anchor is not None
        assert anchor.method == "fuzzy"
        assert 0.8 <= anchor.confidence < 1.0
        assert (
            body[anchor.start : anchor.end]
            == "The involvement of about 10,000 North Korean soldiers"
        )

    def test_changed_word_in_a_long_quote(self) -> None:
        body = ARTICLE.replace("any verified North Korean", "any confirmed North Korean")
        anchor = find_anchor(body, EU_LEADERS, hint=3860)
        assert anchor is not None and anchor.method == "fuzzy"
        assert anchor.start == 3860
        assert body[anchor.start : anchor.end] == EU_LEADERS.replace("verified", "confirmed")
        assert anchor.confidence > 0.9

    def test_edit_combined_with_typography_changes(self) -> None:
        body = to_straight(ARTICLE).replace("elite troops now", "elite soldiers now")
        quote = next(claim["quote"] for claim in CLAIMS if claim["external_id"] == "c04")
        anchor = find_anchor(body, quote)
        assert anchor is not None and anchor.method == "fuzzy"
        assert body[anchor.start : anchor.end] == (
            "North Korea's elite soldiers now being directly integrated with Russian forces"
        )

    def test_trailing_punctuation_is_left_out(self) -> None:
        body = "First, the council approved the new budget, then it adjourned."
        anchor = find_anchor(body, "the council passed the new budget")
        assert anchor is not None and anchor.method == "fuzzy"
        assert body[anchor.start : anchor.end] == "the council approved the new budget"

    def test_threshold_decides_between_fuzzy_and_lost(self) -> None:
        body = ARTICLE.replace("approximately 10,000 North", "about 12,000 North")
        loose = find_anchor(body, TEN_THOUSAND, threshold=0.7)
        assert loose is not None and loose.method == "fuzzy"
        assert find_anchor(body, TEN_THOUSAND, threshold=loose.confidence + 0.01) is None

    def test_fuzzy_duplicates_choose_the_one_nearest_the_hint(self) -> None:
        paragraph = "Officials said that about 300 people were evacuated on Monday."
        body = " ".join([paragraph, "Filler text here.", paragraph, "More filler.", paragraph])
        quote = "Officials said that about 300 residents were evacuated on Monday."
        anchor = find_anchor(body, quote, hint=body.rindex("Officials"))
        assert anchor is not None and anchor.method == "fuzzy"
        assert anchor.start == body.rindex("Officials")

    def test_without_a_hint_the_first_of_equal_passages_wins(self) -> None:
        """As with exact matches, no hint means the earliest of equally good passages."""
        paragraph = "Officials said that about 300 people were evacuated on Monday."
        body = " ".join([paragraph, "Filler text here.", paragraph, "More filler.", paragraph])
        quote = "Officials said that about 300 residents were evacuated on Monday."
        anchor = find_anchor(body, quote)
        assert anchor == Anchor(0, len(paragraph), "fuzzy", 0.913)

    def test_changed_first_word_stays_inside_the_anchor(self) -> None:
        """The replaced first word is part of the passage, not cut off or skipped."""
        body = "Officials said about 300 people were evacuated on Monday."
        anchor = find_anchor(body, "roughly 300 people were evacuated on Monday")
        assert anchor is not None and anchor.method == "fuzzy"
        assert body[anchor.start : anchor.end] == "about 300 people were evacuated on Monday"

    def test_changed_last_word_stays_inside_the_anchor(self) -> None:
        """The replaced last word is part of the passage; the comma after it is not."""
        body = "Officials said about 300 people were evacuated on Tuesday, after the storm."
        anchor = find_anchor(body, "about 300 people were evacuated on Monday")
        assert anchor is not None and anchor.method == "fuzzy"
        assert body[anchor.start : anchor.end] == "about 300 people were evacuated on Tuesday"

    def test_edited_quote_at_the_very_start_of_the_body(self) -> None:
        """A passage that opens the article keeps its first word."""
        body = "About 300 people were evacuated on Monday, officials said."
        anchor = find_anchor(body, "About 300 residents were evacuated on Monday")
        assert anchor == Anchor(0, body.index(","), "fuzzy", 0.871)

    def test_opening_quotation_mark_is_kept_when_the_quote_has_one(self) -> None:
        """A quote that starts with a quotation mark is anchored from the body's mark."""
        body = "Then: “We will never back down,” the minister said."
        anchor = find_anchor(body, '"We will not back down," the minister said')
        assert anchor is not None and anchor.method == "fuzzy"
        assert body[anchor.start : anchor.end] == "“We will never back down,” the minister said"

    def test_opening_quotation_mark_is_left_out_when_the_quote_has_none(self) -> None:
        """The body's opening quotation mark is not part of a quote written without it."""
        body = "Then: “We will never back down,” the minister said."
        anchor = find_anchor(body, "We will not back down, the minister said")
        assert anchor is not None and anchor.method == "fuzzy"
        assert anchor.start == body.index("We")
        assert body[anchor.end - len("said") : anchor.end] == "said"

    def test_words_match_whatever_punctuation_surrounds_them(self) -> None:
        """Changed punctuation around every word of a short quote does not lose it."""
        body = "Asked whether he would resign, he said: “Absolutely not!” and left."
        anchor = find_anchor(body, "Absolutely not,")
        assert anchor is not None and anchor.method == "fuzzy"
        assert body[anchor.start : anchor.end] == "Absolutely not"

    def test_corrected_spelling_in_a_two_word_quote(self) -> None:
        """One matching word is enough to place a two-word quote whose other word was fixed."""
        body = "Talks failed and a government shutdown began on Friday."
        anchor = find_anchor(body, "goverment shutdown")
        assert anchor is not None and anchor.method == "fuzzy"
        assert body[anchor.start : anchor.end] == "government shutdown"

    def test_long_quote_reworded_in_two_places(self) -> None:
        """A quote of a few hundred characters is scored on every character, not just rare ones."""
        start = ARTICLE.index("The central thesis")
        end = ARTICLE.index(" It underscores the", start) + len(" It underscores the")
        quote = ARTICLE[start:end]
        assert len(quote) >= 200  # where difflib's autojunk heuristic would otherwise kick in
        body = ARTICLE.replace(
            "exacerbating existing tensions and threatening", "worsening tensions and endangering"
        ).replace("It underscores the", "It highlights the")
        anchor = find_anchor(body, quote, hint=start)
        assert anchor is not None and anchor.method == "fuzzy"
        assert anchor.start == start
        assert body[anchor.end - len("It highlights the") : anchor.end] == "It highlights the"
        assert anchor.confidence == 0.895


class TestDefaultThreshold:
    QUOTE = "About 300 people were evacuated on Monday"

    def find_in(self, passage: str) -> Anchor | None:
        return find_anchor(f"Officials confirmed it. {passage}, they added.", self.QUOTE)

    def test_passage_exactly_eighty_percent_alike_is_found(self) -> None:
        """The 0.8 similarity threshold is inclusive."""
        anchor = self.find_in("About 400 residents were evacuated on Sunday")
        assert anchor is not None and anchor.method == "fuzzy"
        assert anchor.confidence == 0.8

    @pytest.mark.parametrize(
        "passage",
        [
            "Nearly 400 people were evacuated on Sunday",  # 0.795 alike
            "Nearly 300 residents were evacuated on Monday",  # 0.744 alike
            "About 300 residents were moved on Monday",  # 0.765 alike
        ],
    )
    def test_passage_less_than_eighty_percent_alike_is_lost(self, passage: str) -> None:
        """Below 0.8 similarity the anchor is lost rather than pinned to a different statement."""
        assert find_anchor(f"Officials confirmed it. {passage}.", self.QUOTE, threshold=0.6)
        assert self.find_in(passage) is None


class TestLost:
    def test_deleted_sentence_has_no_anchor(self) -> None:
        body = ARTICLE.replace(EU_LEADERS, "")
        assert find_anchor(body, EU_LEADERS) is None

    def test_rewritten_sentence_has_no_anchor(self) -> None:
        body = ARTICLE.replace(
            TEN_THOUSAND, "Thousands of troops from Pyongyang, by some estimates, now serve"
        )
        assert find_anchor(body, TEN_THOUSAND) is None

    def test_quote_from_another_article_has_no_anchor(self) -> None:
        quote = "The central bank raised its main interest rate by 0.25 percentage point."
        assert find_anchor(ARTICLE, quote) is None


def test_every_quote_survives_an_edit_of_a_long_article() -> None:
    # bench/bench_anchoring.py times this same work against its limit.
    body = "\n\n".join([ARTICLE] * 10)
    assert len(body.split()) > 10_000
    edited = body.replace(" the ", " a ").replace("’", "'")
    anchors = [find_anchor(edited, quote) for quote in QUOTES]
    assert all(anchor is not None for anchor in anchors)
    for quote, anchor in zip(QUOTES, anchors, strict=True):
        # The span found is the edited sentence, about as long as the quote it came from.
        assert abs((anchor.end - anchor.start) - len(quote)) < len(quote) * 0.2
