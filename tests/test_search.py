"""Search: numbers, accents, ids, web-search syntax, ranking, snippets and bad queries, on
whichever database the suite runs on; the queue's q; the search page."""

import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Claim
from claims.search import search_claims, search_everything
from claims.searching.query import MAX_QUERY_CHARS, number_forms, parse
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    SourceSnapshotFactory,
)

pytestmark = pytest.mark.django_db


def claim_saying(text: str, **fields) -> Claim:
    article = ArticleFactory(body=text, title=fields.pop("title", "An article"))
    return ClaimFactory(article=article, text=text, quote=text, unit="", **fields)


def found(query: str) -> list[str]:
    return list(
        search_claims(Claim.objects.all(), query).order_by("pk").values_list("text", flat=True)
    )


class TestQueryReading:
    def test_numbers_are_read_in_every_form(self):
        assert number_forms("1500") == ["1500", "1 500"]
        assert number_forms("10000000") == ["10000000", "10 000 000"]
        assert number_forms("950") == ["950"]
        for written in ("1500", "1,500", "1 500", "1\u00a0500"):
            assert parse(written).websearch() == '1500 or "1 500"', written

    def test_web_search_syntax_is_kept(self):
        parsed = parse('"north korean" troops or soldiers -ukraine')
        assert parsed.websearch() == '"north korean" troops or soldiers -ukraine'
        assert parsed.fts5() == '("north korean") AND ("troops" OR "soldiers") NOT "ukraine"'

    def test_accents_and_case_fold(self):
        assert parse("Özel ÇAĞLAR").words() == ["ozel", "caglar"]

    def test_addresses_become_phrases_of_their_words(self):
        assert parse("example.org").websearch() == '"example org"'

    @pytest.mark.parametrize("text", ["", "   ", "!!! ??? ...", "-", '"', "\x00\x00", "or or"])
    def test_nothing_to_search_for_is_empty(self, text):
        assert parse(text).is_empty

    def test_a_very_long_query_is_cut_and_says_so(self):
        parsed = parse("word " * 2000)
        assert parsed.truncated
        assert len(parsed.words()) <= 24

    def test_only_negations_search_for_nothing(self):
        assert parse("-troops -nurses").is_empty
        assert parse("-troops").fts5() == ""


class TestClaimSearch:
    def test_a_number_finds_each_way_of_writing_it(self):
        claim_saying("About 1,500 soldiers crossed.")
        claim_saying("About 1 500 soldiers crossed.")
        claim_saying("About 1500 soldiers crossed.")
        claim_saying("About 500 soldiers crossed.")
        for query in ("1500", "1,500", "1 500"):
            assert len(found(query)) == 3, query

    def test_accents_fold_both_ways(self):
        claim_saying("Minister Özel denied the report.")
        assert found("Ozel") == ["Minister Özel denied the report."]
        assert found("özel") == ["Minister Özel denied the report."]

    def test_claim_ids_are_searchable(self):
        claim_saying("Exports fell sharply.", external_id="c02")
        claim_saying("Imports rose.", external_id="c03")
        assert found("c02") == ["Exports fell sharply."]

    def test_phrases_alternatives_and_exclusions(self):
        claim_saying("North Korean troops are in Russia.")
        claim_saying("Korean North troops are in Russia.")
        claim_saying("Soldiers from North Korea are in Ukraine.")
        assert found('"north korean"') == ["North Korean troops are in Russia."]
        assert len(found("troops or soldiers")) == 3
        assert found("north -russia") == ["Soldiers from North Korea are in Ukraine."]

    def test_stemming_finds_other_forms_of_a_word(self):
        claim_saying("The ministry hired nurses.")
        assert found("hiring nurse") == ["The ministry hired nurses."]

    def test_the_queue_filter_searches_the_same_way(self, client, editor):
        claim_saying("Minister Özel hired 1,500 nurses.")
        claim_saying("Nothing to see.")
        client.force_login(editor)
        response = client.get(reverse("claims:claim_list") + "?q=ozel+1500")
        assert [claim.text for claim in response.context["page"]] == [
            "Minister Özel hired 1,500 nurses."
        ]

    def test_an_edited_claim_is_found_by_its_new_words(self):
        claim = claim_saying("The budget grew.")
        Claim.objects.filter(pk=claim.pk).update(text="The deficit shrank.")
        assert found("deficit") == ["The deficit shrank."]
        # Its quote, which still says "budget", is searched too.
        assert found("budget") == ["The deficit shrank."]
        claim.delete()
        assert found("deficit") == []


@pytest.mark.parametrize("query", ["%%%", '"', '""', "*", "^", "NEAR(", "(", ":", "—", "\\"])
def test_a_query_of_symbols_alone_finds_nothing_and_is_no_error(query):
    claim_saying("About 10,000 soldiers were sent.")
    assert found(query) == []
    assert [group.hits for group in search_everything(query).groups if group.hits] == []


class TestSearchEverything:
    def test_ranking_puts_the_claim_saying_it_most_first(self):
        claim_saying("Nurses, nurses and more nurses were hired by the nurses' union.")
        claim_saying("The ministry spent money on roads, bridges, tunnels, and also on nurses.")
        results = search_everything("nurses")
        texts = [hit.record.text for hit in results.groups[0].hits]
        assert texts[0].startswith("Nurses, nurses")
        assert len(texts) == 2

    def test_groups_cover_articles_sources_archived_pages_evidence_and_comments(self, reviewer):
        from claims.services.comments import comment_add

        claim = claim_saying("The harbour was dredged.", title="Harbour works")
        source = SourceFactory(
            title="Harbour authority report", url="https://harbour.example.org/r"
        )
        EvidenceFactory(claim=claim, source=source, excerpt="Dredging of the harbour began.")
        SourceSnapshotFactory(source=source, title="", text="The harbour will be dredged.")
        comment_add(claim=claim, author=reviewer, body="Ask the harbour master.")
        results = search_everything("harbour")
        counts = {group.scope.name: len(group.hits) for group in results.groups}
        assert counts == {
            "claims": 1,
            "articles": 1,
            "sources": 1,
            "snapshots": 1,
            "evidence": 1,
            "comments": 1,
        }
        assert search_everything("harbour.example.org").groups[2].hits[0].record == source

    def test_snippets_escape_markup_and_mark_matches(self):
        claim_saying("Officials said <script>alert(1)</script> nurses were hired.")
        snippet = str(search_everything("nurses").groups[0].hits[0].snippet)
        assert "<script>" not in snippet
        assert "&lt;script&gt;" in snippet
        assert "<mark>nurses</mark>" in snippet

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
    def test_near_spellings_when_words_find_nothing(self):
        claim_saying("The ministry hired nurses in 2023.")
        results = search_everything("nurces")
        assert results.near_spellings
        assert results.groups[0].hits[0].record.text == "The ministry hired nurses in 2023."


class TestSearchPage:
    @pytest.mark.parametrize(
        "query",
        [
            "",
            "!!!",
            '"unbalanced quote',
            "a\x00b\x00",
            "x" * 10_000,
            "-only",
            "((()))",
            "' OR 1=1 --",
        ],
    )
    def test_bad_queries_answer_calmly(self, client, reviewer, query):
        claim_saying("The ministry hired nurses.")
        client.force_login(reviewer)
        response = client.get(reverse("claims:search"), {"q": query})
        assert response.status_code == 200
        assert response.context["results"].total == 0

    def test_a_query_with_nothing_to_search_says_so(self, client, reviewer):
        client.force_login(reviewer)
        response = client.get(reverse("claims:search"), {"q": "!!!"})
        assert "Nothing to search for" in response.content.decode()

    def test_a_long_query_says_it_was_cut(self, client, reviewer):
        client.force_login(reviewer)
        response = client.get(reverse("claims:search"), {"q": "nurses " * 500})
        assert f"first {MAX_QUERY_CHARS} characters" in response.content.decode()

    def test_results_link_to_the_claim_and_show_text_escaped(self, client, reviewer):
        claim = claim_saying("A <b>bold</b> claim about nurses.")
        client.force_login(reviewer)
        response = client.get(reverse("claims:search"), {"q": "nurses"})
        html = response.content.decode()
        assert claim.get_absolute_url() in html
        assert "&lt;b&gt;bold&lt;/b&gt;" in html
        assert "<b>bold</b>" not in html

    def test_the_header_has_a_search_box(self, client, reviewer):
        client.force_login(reviewer)
        html = client.get(reverse("claims:dashboard")).content.decode()
        assert 'id="header-search"' in html and "data-search-shortcut" in html

    def test_the_page_needs_a_login(self, client):
        response = client.get(reverse("claims:search"), {"q": "nurses"})
        assert response.status_code == 302


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's table rebuilds drop triggers")
def test_triggers_a_table_rebuild_dropped_come_back_after_migrate():
    from claims.apps import restore_search_triggers

    with connection.cursor() as cursor:
        for action in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER claims_claim_fts_{action}")
    claim_saying("Unindexed while the triggers were gone")
    assert found("unindexed") == []
    restore_search_triggers()
    claim_saying("Indexed once the triggers are back")
    assert found("indexed") == ["Indexed once the triggers are back"]
