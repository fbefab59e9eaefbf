"""The public fact-check site: open to everyone, published verdicts only, as published."""

import importlib
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from django.core.cache import cache
from django.urls import reverse

from claims.models import ClaimEvent, Rating, Verdict
from claims.services import workflow
from claims.services.articles import article_update_text
from claims.services.claims import claim_edit
from tests import workflow_states
from tests.factories import ArticleFactory, rating
from tests.xss_corpus import PAYLOADS, hostile_fact_check

pytestmark = pytest.mark.django_db

backfill_migration = importlib.import_module("claims.migrations.0012_published_verdict_record")
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "claimreview.schema.json").read_text())
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(reviewer, editor):
    return workflow_states.published(reviewer, editor, attributed_to="The Health Ministry")


def page_url(claim) -> str:
    return claim.get_public_url()


def embedded_claimreview(html: str) -> dict:
    blocks = JSONLD.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


class TestAnonymousAccess:
    def test_every_public_url_is_open(self, client, published):
        for url in [
            reverse("public:fact_check_list"),
            page_url(published),
            reverse("public:claimreview", args=[published.pk]),
            reverse("public:feed"),
            reverse("public:corrections"),
            reverse("public:sitemap"),
            reverse("public:robots"),
        ]:
            assert client.get(url).status_code == 200, url

    def test_desk_pages_still_redirect_to_login(self, client, published):
        for url in [
            reverse("claims:dashboard"),
            reverse("claims:claim_list"),
            reverse("claims:claim_detail", args=[published.pk]),
            reverse("claims:claimreview", args=[published.pk]),
            reverse("claims:export_verdicts"),
        ]:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url

    def test_unpublished_claims_are_not_found(self, client, reviewer):
        for claim in [
            workflow_states.researching(reviewer),
            workflow_states.with_verdict(reviewer),
            workflow_states.in_review(reviewer),
        ]:
            assert client.get(f"/fact-checks/{claim.pk}/x/").status_code == 404
            assert client.get(f"/fact-checks/{claim.pk}/claimreview.json").status_code == 404
            listed = client.get(reverse("public:fact_check_list")).content.decode()
            assert claim.get_public_url() not in listed

    def test_a_wrong_slug_redirects_to_the_stable_address(self, client, published):
        response = client.get(f"/fact-checks/{published.pk}/old-words/")
        assert response.status_code == 301
        assert response.url == page_url(published)


class TestFactCheckPage:
    def test_shows_the_claim_quote_rating_summary_and_sources(self, client, published):
        html = client.get(page_url(published)).content.decode()
        assert published.text in html
        assert published.quote in html
        assert "True" in html
        assert "Matches the ministry data." in html
        assert "https://stats.example.org/nurses" in html
        assert 'property="og:title"' in html and 'name="twitter:card"' in html

    def test_nothing_internal_leaks(self, client, published, reviewer, editor):
        html = client.get(page_url(published)).content.decode()
        for internal in [reviewer.username, editor.username, "assignee", "csrf"]:
            assert internal not in html.lower()

    def test_bylines_appear_when_the_organisation_turns_them_on(
        self, client, published, settings, editor
    ):
        settings.PUBLIC_BYLINES = True
        html = client.get(page_url(published)).content.decode()
        assert editor.get_full_name() in html

    def test_embedded_claimreview_is_valid_and_points_at_the_public_page(
        self, client, published, settings
    ):
        data = embedded_claimreview(client.get(page_url(published)).content.decode())
        jsonschema.validate(data, SCHEMA)
        assert data["url"] == settings.SITE_URL + page_url(published)
        assert data["itemReviewed"]["author"] == {
            "@type": "Organization",
            "name": "The Health Ministry",
        }
        assert data["itemReviewed"]["appearance"]["url"] == published.article.url
        assert data["reviewRating"]["alternateName"] == "True"
        endpoint = client.get(reverse("public:claimreview", args=[published.pk]))
        assert json.loads(endpoint.content) == data

    def test_google_required_and_recommended_fields(self, client, published):
        data = embedded_claimreview(client.get(page_url(published)).content.decode())
        for field in ["claimReviewed", "reviewRating", "url", "author", "datePublished"]:
            assert data[field], field
        assert data["reviewRating"]["ratingValue"] == 5
        assert {"bestRating", "worstRating"} <= data["reviewRating"].keys()
        assert data["itemReviewed"]["@type"] == "Claim"
        assert data["author"]["@type"] == "Organization"

    def test_a_reopened_claim_keeps_its_page_marked_as_being_corrected(
        self, client, published, editor
    ):
        workflow.claim_reopen(claim=published, actor=editor, reason="New ministry data.")
        response = client.get(page_url(published))
        assert response.status_code == 200
        html = response.content.decode()
        assert "A correction is being prepared" in html
        assert "Matches the ministry data." in html
        assert "New ministry data." not in html


class TestDeskEditsChangeNothingPublished:
    def test_rewording_a_reopened_claim_leaves_its_public_page(self, client, published, editor):
        workflow.claim_reopen(claim=published, actor=editor, reason="Check the wording.")
        claim_edit(claim=published, actor=editor, text="A new wording of the claim.")
        html = client.get(published.get_public_url(), follow=True).content.decode()
        assert "The ministry hired 4,200 nurses in 2023." in html
        assert "A new wording of the claim." not in html
        listing = client.get(reverse("public:fact_check_list")).content.decode()
        assert "A new wording of the claim." not in listing


class TestRatingEditsChangeNothingPublished:
    def test_renaming_a_rating_keeps_the_published_label_value_and_colour(
        self, client, published, editor
    ):
        true = rating("true")
        true.label, true.value, true.colour = "Accurate", 4, "#123456"
        true.save()
        html = client.get(page_url(published)).content.decode()
        data = embedded_claimreview(html)
        assert data["reviewRating"]["alternateName"] == "True"
        assert data["reviewRating"]["ratingValue"] == 5
        assert "Accurate" not in html
        assert "#1a7f37" in html


class TestFeedAndSitemap:
    def test_feed_is_atom_with_the_public_address(self, client, published, settings):
        feed = client.get(reverse("public:feed"))
        root = ElementTree.fromstring(feed.content)
        atom = "{http://www.w3.org/2005/Atom}"
        assert root.tag == f"{atom}feed"
        links = [entry.find(f"{atom}link").get("href") for entry in root.iter(f"{atom}entry")]
        assert links == [settings.SITE_URL + page_url(published)]

    def test_sitemap_lists_published_fact_checks_on_the_site_url(
        self, client, published, reviewer, settings
    ):
        workflow_states.in_review(reviewer)
        root = ElementTree.fromstring(client.get(reverse("public:sitemap")).content)
        ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
        locations = [loc.text for loc in root.iter(f"{ns}loc")]
        assert settings.SITE_URL + page_url(published) in locations
        assert len([url for url in locations if "/fact-checks/" in url and url.count("/") > 5]) == 1

    def test_robots_names_the_sitemap(self, client, settings):
        text = client.get(reverse("public:robots")).content.decode()
        assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
        assert "Disallow: /\n" in text


class TestListFilters:
    def test_filters_by_rating_article_and_words(self, client, reviewer, editor):
        first = workflow_states.published(reviewer, editor)
        other_article = ArticleFactory(body="Officials said 12 bridges were built in 2022.")
        second = workflow_states.published(
            reviewer,
            editor,
            article=other_article,
            text="Twelve bridges were built.",
            quote="Officials said 12 bridges were built in 2022.",
        )
        url = reverse("public:fact_check_list")
        both = client.get(url).content.decode()
        assert first.get_public_url() in both and second.get_public_url() in both
        by_words = client.get(url, {"q": "bridges"}).content.decode()
        assert second.get_public_url() in by_words and first.get_public_url() not in by_words
        by_article = client.get(url, {"article": other_article.pk}).content.decode()
        assert second.get_public_url() in by_article and first.get_public_url() not in by_article
        assert first.get_public_url() not in client.get(url, {"rating": "false"}).content.decode()
        assert first.get_public_url() in client.get(url, {"rating": "true"}).content.decode()

    def test_list_query_count_does_not_grow_with_the_page(
        self, client, reviewer, editor, django_assert_max_num_queries
    ):
        for _ in range(3):
            workflow_states.published(reviewer, editor)
        with django_assert_max_num_queries(6):
            client.get(reverse("public:fact_check_list"))
        cache.clear()
        for _ in range(10):
            workflow_states.published(reviewer, editor)
        with django_assert_max_num_queries(6):
            client.get(reverse("public:fact_check_list"))


class TestCaching:
    def test_a_repeated_request_costs_no_query(self, client, published, django_assert_num_queries):
        for url in [page_url(published), reverse("public:fact_check_list"), "/sitemap.xml"]:
            client.get(url)
            with django_assert_num_queries(0):
                assert client.get(url).status_code == 200

    def test_conditional_requests_get_304(self, client, published):
        first = client.get(page_url(published))
        etag, modified = first["ETag"], first["Last-Modified"]
        assert client.get(page_url(published), HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(page_url(published), HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        assert client.get(page_url(published), HTTP_IF_NONE_MATCH='"other"').status_code == 200

    def test_publishing_a_correction_replaces_the_cached_page(
        self, client, published, editor, editor2, reviewer
    ):
        client.get(page_url(published))
        client.get(reverse("public:fact_check_list"))
        workflow.claim_reopen(claim=published, actor=editor, reason="Figures revised.")
        assert "A correction is being prepared" in client.get(page_url(published)).content.decode()
        workflow.claim_assign(claim=published, assignee=reviewer, actor=editor)
        workflow.verdict_propose(
            claim=published,
            actor=reviewer,
            rating=rating("mostly-true"),
            summary="The ministry revised its count.",
            short_claim="The ministry hired 4,200 nurses in 2023",
        )
        workflow.claim_submit(claim=published, actor=reviewer)
        workflow.verdict_publish(claim=published, actor=editor2)
        html = client.get(page_url(published)).content.decode()
        assert "The ministry revised its count." in html
        assert "Earlier verdicts" in html and "Figures revised." in html
        assert "A correction is being prepared" not in html
        corrections = client.get(reverse("public:corrections")).content.decode()
        assert "Figures revised." in corrections

    def test_a_rating_change_drops_the_cached_lists(self, client, published, admin_client):
        client.get(reverse("public:fact_check_list"))
        true = Rating.objects.get(slug="true")
        response = admin_client.post(
            reverse("admin:claims_rating_change", args=[true.pk]),
            {
                "label": "Accurate",
                "slug": "true",
                "value": 5,
                "description": "",
                "colour": "#1a7f37",
                "order": true.order,
            },
        )
        assert response.status_code == 302
        listing = client.get(reverse("public:fact_check_list")).content.decode()
        assert '<option value="true">Accurate</option>' in listing


class TestArticleChangedSincePublication:
    @pytest.fixture
    def changed(self, published, editor):
        body = published.article.body.replace("4,200", "4,476")
        article_update_text(article=published.article, actor=editor, body=body)
        published.refresh_from_db()
        return published

    def test_a_changed_quote_flags_the_claim_and_keeps_the_public_page(self, client, changed):
        assert changed.article_changed
        assert "4,476" in changed.quote
        html = client.get(page_url(changed)).content.decode()
        assert "The ministry said 4,200 nurses were hired in 2023." in html
        assert "4,476" not in html

    def test_the_desk_shows_the_flag_on_dashboard_queue_and_claim_page(
        self, client, changed, editor
    ):
        client.force_login(editor)
        dashboard = client.get(reverse("claims:dashboard")).content.decode()
        assert 'id="article-changed"' in dashboard and changed.text in dashboard
        queue = client.get(reverse("claims:claim_list"), {"changed": "true"})
        assert [claim.pk for claim in queue.context["page"]] == [changed.pk]
        page = client.get(reverse("claims:claim_detail", args=[changed.pk])).content.decode()
        assert "Article changed since publication." in page
        assert "The verdict still holds: confirm" in page

    def test_an_unchanged_claim_is_not_in_the_filtered_queue(self, client, published, editor):
        client.force_login(editor)
        queue = client.get(reverse("claims:claim_list"), {"changed": "true"})
        assert list(queue.context["page"]) == []

    def test_an_editor_confirms_and_the_public_page_quotes_the_new_text(
        self, client, changed, editor
    ):
        client.force_login(editor)
        response = client.post(
            reverse("claims:claim_transition", args=[changed.pk, "confirm_article"]),
            {"version": changed.version},
        )
        assert response.status_code == 302
        changed.refresh_from_db()
        assert not changed.article_changed
        event = changed.events.get(kind=ClaimEvent.Kind.ARTICLE_CHANGE_CONFIRMED)
        assert event.actor == editor and "4,476" in event.to_data["quote"]
        client.logout()
        html = client.get(page_url(changed)).content.decode()
        assert "4,476" in html

    def test_confirming_drops_the_cached_page_and_records_the_old_quote(
        self, client, changed, editor
    ):
        old_quote = Verdict.objects.published().get(claim=changed).published_quote
        assert "4,476" not in client.get(page_url(changed)).content.decode()  # now cached
        with pytest.raises(workflow.Conflict):
            workflow.claim_confirm_article_change(
                claim=changed, actor=editor, expected_version=changed.version - 1
            )
        workflow.claim_confirm_article_change(
            claim=changed, actor=editor, expected_version=changed.version
        )
        assert "4,476" in client.get(page_url(changed)).content.decode()
        event = changed.events.get(kind=ClaimEvent.Kind.ARTICLE_CHANGE_CONFIRMED)
        assert event.from_data == {"quote": old_quote}
        assert event.to_data == {
            "quote": Verdict.objects.published().get(claim=changed).published_quote
        }

    def test_confirm_refusals_in_full(self, changed, reviewer, editor):
        with pytest.raises(workflow.NotAllowed) as refused:
            workflow.claim_confirm_article_change(claim=changed, actor=reviewer)
        assert str(refused.value) == "Only editors confirm a published verdict."
        workflow.claim_reopen(claim=changed, actor=editor, reason="Correcting.")
        with pytest.raises(workflow.WorkflowError) as refused:
            workflow.claim_confirm_article_change(claim=changed, actor=editor)
        assert str(refused.value) == (
            f"{changed.external_id} is researching: only a claim that is published can be "
            "confirmed against the changed article."
        )

    def test_a_reviewer_cannot_confirm(self, client, changed, reviewer):
        client.force_login(reviewer)
        response = client.post(
            reverse("claims:claim_transition", args=[changed.pk, "confirm_article"]),
            {"version": changed.version},
        )
        assert response.status_code == 403
        changed.refresh_from_db()
        assert changed.article_changed

    def test_confirming_an_unflagged_claim_is_refused(self, published, editor):
        with pytest.raises(workflow.WorkflowError, match="has not changed"):
            workflow.claim_confirm_article_change(claim=published, actor=editor)

    def test_a_lost_quote_must_be_reopened(self, published, editor):
        article_update_text(article=published.article, actor=editor, body="Nothing else.")
        published.refresh_from_db()
        assert published.article_changed and published.anchor_lost
        with pytest.raises(workflow.WorkflowError) as refused:
            workflow.claim_confirm_article_change(claim=published, actor=editor)
        assert str(refused.value) == (
            "The quote is no longer in the article: reopen the claim to correct it."
        )
        workflow.claim_reopen(claim=published, actor=editor, reason="The article was rewritten.")
        published.refresh_from_db()
        assert not published.article_changed

    def test_publishing_the_correction_clears_the_flag(self, published, reviewer, editor, editor2):
        """A correction drafted while the article changed quotes the new text once published."""
        workflow.claim_reopen(claim=published, actor=editor, reason="Correcting.")
        workflow.verdict_propose(
            claim=published,
            actor=reviewer,
            rating=rating("false"),
            summary="Revised.",
            short_claim="The ministry hired 4,200 nurses",
        )
        workflow.claim_submit(claim=published, actor=reviewer)
        # Only the spacing changes: the quote is still found (normalised), but reads anew.
        body = published.article.body.replace("ministry said", "ministry  said")
        article_update_text(article=published.article, actor=editor, body=body)
        published.refresh_from_db()
        assert published.article_changed and published.anchor_status == "normalised"
        workflow.verdict_publish(claim=published, actor=editor2)
        published.refresh_from_db()
        assert (published.status, published.article_changed) == ("published", False)

    def test_an_unpublished_claim_is_never_flagged(self, reviewer, editor):
        claim = workflow_states.with_verdict(reviewer)
        body = claim.article.body.replace("4,200", "4,476")
        article_update_text(article=claim.article, actor=editor, body=body)
        claim.refresh_from_db()
        assert not claim.article_changed


class TestHostileText:
    @pytest.fixture
    def hostile(self, reviewer, editor, editor2):
        return hostile_fact_check(reviewer, editor, editor2)

    def test_every_payload_is_escaped_on_the_page(self, client, hostile):
        html = client.get(page_url(hostile)).content.decode()
        body = html.split("</script>", 1)[1] if "application/ld+json" in html else html
        for payload in PAYLOADS:
            assert payload not in html
        for marker in ["<script>alert", "<img src=x", "<svg/onload", "<iframe", "<b>bold"]:
            assert marker not in body
        assert "&lt;/script&gt;&lt;script&gt;alert" in html

    def test_the_json_ld_cannot_close_its_element_and_parses_back(self, client, hostile):
        html = client.get(page_url(hostile)).content.decode()
        raw = JSONLD.findall(html)[0]
        for character in ["<", ">", "&", "\u2028", "\u2029"]:
            assert character not in raw
        data = json.loads(raw)
        jsonschema.validate(data, SCHEMA)
        assert data["itemReviewed"]["author"]["name"] == PAYLOADS[4]
        assert data["itemReviewed"]["appearance"]["headline"] == PAYLOADS[2]

    def test_the_correction_note_and_earlier_verdict_are_shown_escaped(self, client, hostile):
        html = client.get(page_url(hostile)).content.decode()
        assert "Earlier verdicts" in html
        assert "&lt;!--&lt;script&gt;alert(&#x27;note&#x27;)&lt;/script&gt;" in html
        corrections = client.get(reverse("public:corrections")).content.decode()
        assert PAYLOADS[3] not in corrections
        assert "&lt;!--&lt;script&gt;" in corrections

    def test_feed_and_claimreview_json_escape_it_too(self, client, hostile):
        feed = client.get(reverse("public:feed")).content
        ElementTree.fromstring(feed)  # well-formed XML: every payload escaped
        raw = client.get(reverse("public:claimreview", args=[hostile.pk])).content.decode()
        assert "<" not in raw and json.loads(raw)["claimReviewed"] == "Second"


class TestBadFilters:
    def test_a_bad_filter_is_named_and_the_good_ones_still_apply(self, client, published):
        url = reverse("public:fact_check_list")
        response = client.get(url, {"rating": "no-such-rating", "q": "zzzz"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Some filters were not understood" in html and "rating" in html
        assert published.get_public_url() not in html
        listed = client.get(url, {"rating": "no-such-rating", "q": "nurses"}).content.decode()
        assert published.get_public_url() in listed

    def test_a_page_past_the_end_shows_the_last_page(self, client, published):
        response = client.get(reverse("public:fact_check_list"), {"page": "999"})
        assert published.get_public_url() in response.content.decode()


class TestRatingAdmin:
    def test_the_edit_form_says_how_many_published_verdicts_use_the_rating(
        self, admin_client, published, reviewer, editor
    ):
        workflow_states.published(reviewer, editor)
        workflow_states.in_review(reviewer)
        true = Rating.objects.get(slug="true")
        page = admin_client.get(reverse("admin:claims_rating_change", args=[true.pk]))
        html = page.content.decode()
        assert "2 published verdicts use this rating" in html
        assert "applies to new verdicts only" in html
        unused = Rating.objects.get(slug="false")
        page = admin_client.get(reverse("admin:claims_rating_change", args=[unused.pk]))
        assert "No published verdict uses this rating." in page.content.decode()

    def test_the_list_shows_the_count_too(self, admin_client, published):
        html = admin_client.get(reverse("admin:claims_rating_changelist")).content.decode()
        assert "1 published verdict uses this rating" in html


# Properties schema.org defines for each type we write (inherited ones included), from
# schema.org/ClaimReview, /Claim, /Rating, /Organization, /Person and /CreativeWork.
SCHEMA_ORG_PROPERTIES = {
    "ClaimReview": {"url", "claimReviewed", "datePublished", "author", "reviewRating"}
    | {"itemReviewed"},
    "Claim": {"author", "datePublished", "appearance", "firstAppearance", "url"},
    "Rating": {"ratingValue", "bestRating", "worstRating", "alternateName"},
    "Organization": {"name", "url", "sameAs"},
    "Person": {"name", "url", "worksFor"},
    "CreativeWork": {"url", "headline", "author", "publisher", "datePublished"},
}


def schema_org_terms(node, found=None) -> list[str]:
    """Every property used, as 'Type.property', walking the JSON-LD tree."""
    found = [] if found is None else found
    if isinstance(node, dict):
        kind = node.get("@type")
        for key, value in node.items():
            if not key.startswith("@"):
                found.append(f"{kind}.{key}")
            schema_org_terms(value, found)
    return found


class TestSchemaOrgVocabulary:
    def test_every_type_and_property_is_schema_orgs(self, client, reviewer, editor):
        claims = [
            workflow_states.published(reviewer, editor, attributed_to="Jane Minister"),
            workflow_states.published(
                reviewer, editor, article=ArticleFactory(url="", author="", outlet="Wire")
            ),
        ]
        for claim in claims:
            data = embedded_claimreview(client.get(page_url(claim)).content.decode())
            for term in schema_org_terms(data):
                kind, name = term.split(".")
                assert name in SCHEMA_ORG_PROPERTIES[kind], term

    def test_a_person_or_an_organisation_makes_the_claim(self, client, reviewer, editor):
        person = workflow_states.published(reviewer, editor, attributed_to="Jane Minister")
        data = embedded_claimreview(client.get(page_url(person)).content.decode())
        assert data["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Minister"}
        agency = workflow_states.published(
            reviewer, editor, attributed_to="South Korea's National Intelligence Service"
        )
        data = embedded_claimreview(client.get(page_url(agency)).content.decode())
        assert data["itemReviewed"]["author"]["@type"] == "Organization"


class TestBackfill:
    def test_the_migration_freezes_published_verdicts_as_they_read(self, published, editor):
        from django.apps import apps

        verdict = published.verdicts.get()
        Verdict.objects.filter(pk=verdict.pk).update(
            is_public=False,
            rating_label="",
            rating_value=None,
            rating_colour="",
            published_quote="",
        )
        backfill_migration.backfill(apps, None)
        verdict.refresh_from_db()
        assert verdict.is_public
        assert (verdict.rating_label, verdict.rating_value, verdict.rating_colour) == (
            "True",
            5,
            "#1a7f37",
        )
        assert verdict.published_quote == published.quote
        assert verdict.published_sources[0]["stance"] == "context"
