"""ClaimReview JSON-LD: checked against a schema written from Google's requirements."""

import json
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Verdict
from claims.services.evidence import evidence_add
from claims.services.workflow import claim_assign, claim_reopen, claim_submit, verdict_propose
from tests.exporting import publish
from tests.factories import ArticleFactory, ClaimFactory, rating

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "claimreview.schema.json").read_text())


def validate(data) -> None:
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())


def claimreview_url(claim) -> str:
    return reverse("claims:claimreview", args=[claim.pk])


@pytest.fixture
def published(reviewer, editor):
    article = ArticleFactory(
        author="Jane Columnist",
        outlet="The Daily Test",
        url="https://news.example.org/story",
        published_on=date(2024, 10, 20),
    )
    claim = ClaimFactory(article=article)
    publish(claim, reviewer=reviewer, editor=editor, slug="mostly-true")
    return claim


class TestClaimReview:
    def test_published_verdict_as_claimreview(self, client, reviewer, published, settings):
        client.force_login(reviewer)
        response = client.get(claimreview_url(published))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/ld+json; charset=utf-8"
        data = response.json()
        validate(data)
        verdict = published.verdicts.get()
        assert data == {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": settings.SITE_URL + published.get_public_url(),
            "claimReviewed": "The ministry hired 4,200 nurses in 2023",
            "datePublished": verdict.published_at.date().isoformat(),
            "author": {
                "@type": "Organization",
                "name": "Factcheck Desk",
                "url": "https://factcheck.example.org/",
            },
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": 4,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": "Mostly true",
            },
            "itemReviewed": {
                "@type": "Claim",
                "author": {
                    "@type": "Person",
                    "name": "Jane Columnist",
                    "worksFor": {"@type": "Organization", "name": "The Daily Test"},
                },
                "datePublished": "2024-10-20",
                "appearance": {
                    "@type": "CreativeWork",
                    "url": "https://news.example.org/story",
                    "headline": published.article.title,
                    "author": {"@type": "Person", "name": "Jane Columnist"},
                    "publisher": {"@type": "Organization", "name": "The Daily Test"},
                    "datePublished": "2024-10-20",
                },
            },
        }

    def test_organisation_comes_from_settings(self, client, editor, published, settings):
        settings.FACTCHECK_ORGANISATION = {"name": "Desk", "url": "https://desk.example.net/"}
        client.force_login(editor)
        data = client.get(claimreview_url(published)).json()
        assert data["author"] == {
            "@type": "Organization",
            "name": "Desk",
            "url": "https://desk.example.net/",
        }

    def test_unproven_exports_the_label_alone(self, client, reviewer, editor):
        claim = ClaimFactory()
        publish(claim, reviewer=reviewer, editor=editor, slug="unproven")
        client.force_login(reviewer)
        data = client.get(claimreview_url(claim)).json()
        validate(data)
        assert data["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}

    def test_article_details_it_lacks_are_left_out(self, client, reviewer, editor):
        article = ArticleFactory(author="", outlet="Wire Service", url="", published_on=None)
        claim = ClaimFactory(article=article)
        publish(claim, reviewer=reviewer, editor=editor)
        client.force_login(reviewer)
        data = client.get(claimreview_url(claim)).json()
        validate(data)
        assert data["itemReviewed"] == {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": "Wire Service"},
            "appearance": {
                "@type": "CreativeWork",
                "headline": article.title,
                "publisher": {"@type": "Organization", "name": "Wire Service"},
            },
        }

    @pytest.mark.parametrize(
        ("author", "outlet", "item"),
        [
            pytest.param(
                "Jane Columnist",
                "",
                {"@type": "Claim", "author": {"@type": "Person", "name": "Jane Columnist"}},
                id="author-without-outlet",
            ),
            pytest.param("", "", {"@type": "Claim"}, id="neither"),
        ],
    )
    def test_no_outlet_means_no_organisation(self, client, reviewer, editor, author, outlet, item):
        """Without an outlet no organisation is made up, for the author or in their place."""
        article = ArticleFactory(author=author, outlet=outlet, url="", published_on=None)
        claim = ClaimFactory(article=article)
        publish(claim, reviewer=reviewer, editor=editor)
        client.force_login(reviewer)
        data = client.get(claimreview_url(claim)).json()
        validate(data)
        appearance = data["itemReviewed"].pop("appearance")
        assert data["itemReviewed"] == item
        assert appearance["headline"] == article.title
        assert "publisher" not in appearance

    def test_verdict_without_a_short_claim_reviews_the_claim_text_cut_short(
        self, client, reviewer, published
    ):
        """An older verdict without a short claim gives the claim's text, cut to 75 characters."""
        published.text = (
            "The ministry hired 4,200 nurses in 2023, more than in any other year since 1990."
        )
        published.save()
        Verdict.objects.filter(claim=published).update(short_claim="")
        client.force_login(reviewer)
        data = client.get(claimreview_url(published)).json()
        validate(data)
        assert data["claimReviewed"] == (
            "The ministry hired 4,200 nurses in 2023, more than in any other year since…"
        )
        assert len(data["claimReviewed"]) == 75

    def test_date_published_is_the_newsrooms_day(self, client, reviewer, published, settings):
        """A verdict published at 23:30 UTC is dated the next day by a desk in Seoul."""
        settings.TIME_ZONE = "Asia/Seoul"
        Verdict.objects.filter(claim=published).update(
            published_at=datetime(2024, 10, 20, 23, 30, tzinfo=UTC)
        )
        client.force_login(reviewer)
        assert client.get(claimreview_url(published)).json()["datePublished"] == "2024-10-21"

    def test_schema_rejects_what_google_rejects(self, client, reviewer, published):
        client.force_login(reviewer)
        good = client.get(claimreview_url(published)).json()
        broken = [
            {**good, "claimReviewed": "x" * 76},
            {key: value for key, value in good.items() if key != "reviewRating"},
            {**good, "reviewRating": {"@type": "Rating", "ratingValue": 4}},
            {**good, "reviewRating": {**good["reviewRating"], "bestRating": 10}},
            {**good, "url": "javascript:alert(1)"},
            {**good, "datePublished": "20 Oct 2024"},
        ]
        for data in broken:
            with pytest.raises(jsonschema.ValidationError):
                validate(data)


class TestWhichVerdict:
    def test_claim_without_a_published_verdict_is_404(self, client, reviewer, editor):
        claim = ClaimFactory()
        for user in (reviewer, editor):
            client.force_login(user)
            assert client.get(claimreview_url(claim)).status_code == 404
        assert client.get(reverse("claims:claimreview", args=[999999])).status_code == 404

    def test_reviewer_gets_404_for_a_verdict_still_in_review(self, client, reviewer, editor):
        claim = ClaimFactory()
        claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
        evidence_add(claim=claim, actor=reviewer, url="https://source.example.org/in-review")
        verdict_propose(claim=claim, actor=reviewer, rating=rating("true"), summary="Checked.")
        claim_submit(claim=claim, actor=reviewer)
        client.force_login(reviewer)
        assert client.get(claimreview_url(claim)).status_code == 404

    def test_a_claim_under_correction_keeps_its_published_verdict(
        self, client, reviewer, editor, published
    ):
        claim_reopen(claim=published, actor=editor, reason="A newer report.")
        client.force_login(reviewer)
        data = client.get(claimreview_url(published)).json()
        assert data["reviewRating"]["alternateName"] == "Mostly true"

    def test_claim_page_links_to_the_claimreview(self, client, reviewer, published):
        client.force_login(reviewer)
        page = client.get(reverse("claims:claim_detail", args=[published.pk])).content.decode()
        assert f'href="{claimreview_url(published)}"' in page

    def test_claim_page_has_no_link_before_publication(self, client, reviewer, claim):
        client.force_login(reviewer)
        page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
        assert claimreview_url(claim) not in page


def claimreviews_from_the_command() -> list[dict]:
    out = StringIO()
    call_command("export_verdicts", "--format", "claimreview", stdout=out)
    return json.loads(out.getvalue())


class TestCommand:
    def test_claimreviews_come_in_article_order(self, reviewer, editor):
        """The array lists each article's claims in the order they appear in its text."""
        second_sentence = "Officials confirmed that the budget grew by 3.5 percent."
        first, second = ArticleFactory(), ArticleFactory()
        claims = [
            ClaimFactory(article=second, quote=second_sentence, text="Second article, later"),
            ClaimFactory(article=first, quote=second_sentence, text="First article, later"),
            ClaimFactory(article=second, text="Second article, first"),
            ClaimFactory(article=first, text="First article, first"),
        ]
        for claim in claims:
            publish(claim, reviewer=reviewer, editor=editor, short_claim=claim.text)
        assert [item["claimReviewed"] for item in claimreviews_from_the_command()] == [
            "First article, first",
            "First article, later",
            "Second article, first",
            "Second article, later",
        ]

    @pytest.mark.parametrize("size", [3, 30])
    def test_runs_a_fixed_number_of_queries(
        self, size, reviewer, editor, django_assert_max_num_queries
    ):
        """Claim, article and rating come with each verdict, not one query per item."""
        for claim in ClaimFactory.create_batch(size):
            publish(claim, reviewer=reviewer, editor=editor)
        with django_assert_max_num_queries(3):
            assert len(claimreviews_from_the_command()) == size


def test_claims_quoting_from_the_same_place_are_listed_in_the_order_they_were_made(
    reviewer, editor
):
    from claims.exports.claimreview import published_verdicts
    from claims.models import Claim

    article = ArticleFactory()
    quote = article.body[:40]
    claims = [
        ClaimFactory(article=article, external_id=key, quote=quote, start=0, end=40)
        for key in ("c9", "c1", "c5")
    ]
    for claim in reversed(claims):  # published last to first
        publish(claim, reviewer=reviewer, editor=editor)
    listed = published_verdicts(Claim.objects.all())
    assert [verdict.claim.external_id for verdict in listed] == ["c9", "c1", "c5"]
