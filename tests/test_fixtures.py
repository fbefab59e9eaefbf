"""The seed article and its curated claims are exactly anchored."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BODY = (ROOT / "fixtures" / "article.txt").read_text(encoding="utf-8")
CLAIMS = json.loads((ROOT / "fixtures" / "claims.json").read_text(encoding="utf-8"))
SHARED_ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"


@pytest.mark.parametrize("row", CLAIMS, ids=[row["external_id"] for row in CLAIMS])
def test_quote_is_the_article_text_at_its_offsets(row):
    assert BODY[row["start"] : row["end"]] == row["quote"]


def test_fixture_article_is_the_seed_article_exactly():
    """The project is checked out with ../shared beside it; a missing seed is a failure, not
    a reason to stop comparing."""
    assert SHARED_ARTICLE.exists(), f"the shared seed article is missing: {SHARED_ARTICLE}"
    assert SHARED_ARTICLE.read_text(encoding="utf-8") == BODY


def test_at_least_twelve_claims_with_unique_ids():
    ids = [row["external_id"] for row in CLAIMS]
    assert len(ids) >= 12
    assert len(set(ids)) == len(ids)


def test_claims_are_listed_in_article_order():
    starts = [row["start"] for row in CLAIMS]
    assert starts == sorted(starts)


def test_curated_claims_cover_the_required_statements():
    by_quote = {row["quote"]: row for row in CLAIMS}

    def find(fragment):
        matches = [row for quote, row in by_quote.items() if fragment in quote]
        assert matches, f"no claim quotes {fragment!r}"
        return matches[0]

    ten_thousand = find("approximately 10,000")
    assert (ten_thousand["kind"], ten_thousand["stated_value"]) == ("figure", "10000")
    assert find("approximately 1,500")["stated_value"] == "1500"
    nis = find("National Intelligence Service of South Korea confirmed")
    assert nis["kind"] == "attribution"
    assert "National Intelligence Service" in nis["attributed_to"]
    for fragment in (
        "naval vessels",
        "Russian military uniforms",
        "signed a partnership treaty",
        "Mark Rutte",
        "additional sanctions",
        "emergency security meetings",
    ):
        assert find(fragment)["status"] != "not_checkable"


def test_opinion_sentences_are_not_checkable_with_a_reason():
    opinions = [row for row in CLAIMS if row["kind"] == "opinion"]
    assert len(opinions) >= 3
    for row in opinions:
        assert row["status"] == "not_checkable"
        assert row["status_reason"].strip()
