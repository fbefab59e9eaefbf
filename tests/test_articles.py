"""Adding articles, their suggested claims, and claims that follow their quotes through edits."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.importers.article_files import IngestError, article_reading, article_text
from claims.models import AnchorStatus, Article, Claim, ClaimEvent, ClaimSuggestion
from claims.services.articles import article_create, article_update_text
from claims.services.suggestions import (
    suggestion_accept,
    suggestion_dismiss,
    suggestions_accept_above,
)
from claims.services.workflow import NotAllowed
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Unemployment fell to 4.3% in March, the statistics office said.\n\n"
    "The government must do more for young workers.\n\n"
    "About 12,000 jobs were created in the region last year, according to the ministry."
)


class TestReadingUploads:
    def test_html_is_reduced_to_its_readable_text(self):
        html = (
            b"<html><head><style>p{}</style><script>alert(1)</script></head><body>"
            b"<nav>Home | News</nav><h1>Jobs report</h1><p>Unemployment fell to "
            b"<b>4.3%</b> in March.</p><ul><li>One</li><li>Two &amp; three</li></ul>"
            b"<footer>Copyright</footer></body></html>"
        )
        reading = article_reading("report.html", html)
        assert reading.title == "Jobs report"
        assert reading.text == "Unemployment fell to 4.3% in March."

    def test_a_short_html_fragment_keeps_its_words(self):
        # Too short for trafilatura to call it an article: the plain reading keeps it whole.
        text = article_text("a.html", b"<ul><li>One</li><li>Two &amp; three</li></ul>")
        assert text == "• One\n\n• Two & three"

    def test_markdown_markup_is_removed(self):
        text = article_text("a.md", b"# Title\n\nSome **bold** and a [link](http://x.org).\n")
        assert text == "Title\n\nSome bold and a link."

    def test_text_with_a_byte_order_mark_is_fine(self):
        assert article_text("a.txt", "\ufeffHello there.".encode()) == "Hello there."

    def test_non_utf8_names_the_line(self):
        with pytest.raises(IngestError, match="line 2 has a byte"):
            article_text("a.txt", b"first line\nsecond \xff line\n")

    @pytest.mark.parametrize("name", ["a.docx", "a.odt", "noextension"])
    def test_other_file_types_are_refused(self, name):
        with pytest.raises(IngestError, match="upload a .txt, .md, .html or .pdf file"):
            article_text(name, b"text")

    def test_an_empty_file_is_refused(self):
        with pytest.raises(IngestError, match="has no text"):
            article_text("a.html", b"<html><script>x</script></html>")


class TestNewArticlePage:
    def test_editor_pastes_an_article_and_gets_suggestions(self, client, editor):
        client.force_login(editor)
        response = client.post(
            reverse("claims:article_new"),
            {"title": "Jobs", "author": "A. Writer", "url": "https://news.example.org/jobs",
             "body": TEXT},
        )  # fmt: skip
        article = Article.objects.get(title="Jobs")
        assert response.url == article.get_absolute_url()
        assert article.body == TEXT
        by_start = {s.start: s for s in article.suggestions.all()}
        figure = by_start[0]
        assert (figure.kind, figure.figures[0]["value"], figure.figures[0]["unit"]) == (
            "figure",
            "4.3",
            "%",
        )
        assert all(s.score < 0.5 for s in article.suggestions.filter(kind="opinion"))

    def test_editor_uploads_a_file(self, client, editor):
        client.force_login(editor)
        upload = SimpleUploadedFile("jobs.html", f"<p>{TEXT}</p>".encode())
        client.post(reverse("claims:article_new"), {"title": "Jobs", "file": upload})
        assert Article.objects.get().body.startswith("Unemployment fell to 4.3%")

    def test_bad_upload_is_named_and_nothing_is_saved(self, client, editor):
        client.force_login(editor)
        upload = SimpleUploadedFile("jobs.txt", b"caf\xe9 prices")
        response = client.post(reverse("claims:article_new"), {"title": "Jobs", "file": upload})
        assert response.status_code == 400
        assert "jobs.txt is not UTF-8 text: line 1" in response.context["form"].errors["file"][0]
        assert not Article.objects.exists()

    def test_missing_text_and_bad_url_are_named(self, client, editor):
        client.force_login(editor)
        response = client.post(
            reverse("claims:article_new"), {"title": "Jobs", "url": "javascript:alert(1)"}
        )
        errors = response.context["form"].errors
        assert "body" in errors and "url" in errors
        assert not Article.objects.exists()

    def test_reviewers_cannot_add_articles(self, client, reviewer):
        client.force_login(reviewer)
        assert client.get(reverse("claims:article_new")).status_code == 403
        response = client.post(reverse("claims:article_new"), {"title": "Jobs", "body": TEXT})
        assert response.status_code == 403
        assert not Article.objects.exists()


class TestSuggestions:
    @pytest.fixture
    def article(self, editor):
        return article_create(actor=editor, title="Jobs", body=TEXT)

    def test_accepting_makes_an_anchored_claim_with_its_figure(self, article, editor):
        suggestion = article.suggestions.get(start=0)
        claim = suggestion_accept(suggestion=suggestion, actor=editor)
        assert article.body[claim.start : claim.end] == claim.quote == suggestion.text
        assert (claim.kind, claim.stated_value, claim.unit) == ("figure", Decimal("4.3"), "%")
        assert "statistics office" in claim.attributed_to
        assert claim.events.get().kind == ClaimEvent.Kind.CREATED
        suggestion.refresh_from_db()
        assert (suggestion.status, suggestion.claim) == ("accepted", claim)

    def test_accept_above_a_score_skips_opinions(self, article, editor):
        claims = suggestions_accept_above(article=article, actor=editor, score=0.5)
        assert len(claims) == 2
        assert {claim.kind for claim in claims} <= {"figure", "attribution", "event"}
        assert [claim.external_id for claim in claims] == ["c01", "c02"]
        assert not article.suggestions.filter(claim__in=claims).exclude(status="accepted")
        assert article.suggestions.filter(status="accepted").count() == 2

    def test_accept_above_leaves_the_lower_scores_open(self, article, editor):
        scores = sorted(set(article.suggestions.values_list("score", flat=True)))
        assert len(scores) >= 2
        claims = suggestions_accept_above(article=article, actor=editor, score=scores[-1])
        expected = article.suggestions.filter(score=scores[-1]).count()
        assert len(claims) == expected
        assert article.suggestions.filter(status="open").count() == (
            article.suggestions.count() - expected
        )
        assert {s.decided_by for s in article.suggestions.filter(status="accepted")} == {editor}
        assert {claim.events.get().actor for claim in claims} == {editor}

    def test_only_editors_and_the_refusal_says_so(self, article, reviewer):
        for accept in (
            lambda: suggestion_accept(suggestion=article.suggestions.first(), actor=reviewer),
            lambda: suggestions_accept_above(article=article, actor=reviewer, score=0),
        ):
            with pytest.raises(NotAllowed) as refused:
                accept()
            assert str(refused.value) == "Only editors turn suggestions into claims."
        assert not Claim.objects.exists()

    def test_dismissed_suggestion_stays_dismissed_after_an_edit(self, article, editor):
        suggestion = article.suggestions.get(start=0)
        suggestion_dismiss(suggestion=suggestion, actor=editor)
        article_update_text(article=article, actor=editor, body="New opening line here.\n\n" + TEXT)
        article.refresh_from_db()
        again = article.suggestions.get(fingerprint=suggestion.fingerprint)
        assert again.status == "dismissed"
        assert article.body[again.start : again.end] == again.text

    def test_reviewers_cannot_accept(self, article, reviewer):
        with pytest.raises(NotAllowed):
            suggestion_accept(suggestion=article.suggestions.first(), actor=reviewer)
        assert not Claim.objects.exists()

    def test_article_page_shows_suggestions_to_editors_only(
        self, client, article, editor, reviewer
    ):
        client.force_login(editor)
        page = client.get(article.get_absolute_url())
        assert len(page.context["suggestions"]) == article.suggestions.count()
        assert 'class="suggestion-span"' in page.content.decode()
        client.force_login(reviewer)
        assert client.get(article.get_absolute_url()).context["suggestions"] == []

    def test_promote_through_the_page(self, client, article, editor):
        client.force_login(editor)
        suggestion = article.suggestions.get(start=0)
        client.post(reverse("claims:suggestion_accept", args=[article.pk, suggestion.pk]))
        assert ClaimSuggestion.objects.get(pk=suggestion.pk).claim.quote == suggestion.text


class TestReanchoring:
    QUOTE = "The ministry said 4,200 nurses were hired in 2023."

    @pytest.fixture
    def claim(self):
        return ClaimFactory(article=ArticleFactory())

    def edit(self, claim, editor, body):
        article_update_text(article=claim.article, actor=editor, body=body)
        claim.refresh_from_db()
        return claim

    def test_moved_text_is_found_exactly(self, claim, editor):
        body = "A new first paragraph.\n\n" + claim.article.body
        claim = self.edit(claim, editor, body)
        assert body[claim.start : claim.end] == self.QUOTE
        assert claim.anchor_status == AnchorStatus.EXACT
        assert claim.events.get(kind=ClaimEvent.Kind.ANCHOR).actor == editor

    def test_repunctuated_text_is_found_ignoring_quotes_and_spaces(self, claim, editor):
        body = claim.article.body.replace("said 4,200 nurses", "said\n4,200  nurses")
        claim = self.edit(claim, editor, body)
        assert claim.anchor_status == AnchorStatus.NORMALISED
        assert body[claim.start : claim.end] == claim.quote
        assert claim.quote == "The ministry said\n4,200  nurses were hired in 2023."

    def test_lightly_edited_text_gets_a_fuzzy_anchor_with_confidence(self, claim, editor):
        body = claim.article.body.replace("were hired", "had been hired")
        claim = self.edit(claim, editor, body)
        assert claim.anchor_status == AnchorStatus.FUZZY
        assert 0.8 <= claim.anchor_confidence < 1
        assert body[claim.start : claim.end] == claim.quote

    def test_deleted_sentence_is_flagged_not_moved(self, claim, editor, client):
        body = claim.article.body.replace(self.QUOTE, "").strip()
        old_start = claim.start
        claim = self.edit(claim, editor, body)
        assert claim.anchor_status == AnchorStatus.LOST
        assert (claim.start, claim.quote) == (old_start, self.QUOTE)
        client.force_login(editor)
        queue = client.get(reverse("claims:claim_list")).content.decode()
        assert "anchor lost" in queue
        page = client.get(claim.get_absolute_url()).content.decode()
        assert "Anchor lost." in page
        article_page = client.get(claim.article.get_absolute_url())
        assert article_page.status_code == 200

    def test_unchanged_text_changes_nothing(self, claim, editor):
        before = claim.version
        claim = self.edit(claim, editor, claim.article.body)
        assert claim.version == before
        assert not claim.events.filter(kind=ClaimEvent.Kind.ANCHOR).exists()


class TestFixingAnchors:
    QUOTE = "The ministry said 4,200 nurses were hired in 2023."

    def edit_form(self, claim, **changes):
        data = {
            "text": claim.text,
            "quote": claim.quote,
            "kind": claim.kind,
            "stated_value": "4200",
            "qualifier": "exact",
            "unit": "nurses",
            "attributed_to": "",
            "priority": 50,
            "version": claim.version,
        }
        data.update(changes)
        return data

    def test_editor_fixes_a_lost_anchor_by_quoting_the_new_text(self, client, editor):
        claim = ClaimFactory()
        body = claim.article.body.replace(self.QUOTE, "Hospitals recruited 4,300 nurses last year.")
        article_update_text(article=claim.article, actor=editor, body=body)
        claim.refresh_from_db()
        assert claim.anchor_status == AnchorStatus.LOST
        client.force_login(editor)
        new_quote = "Hospitals recruited 4,300 nurses last year."
        response = client.post(
            reverse("claims:claim_edit", args=[claim.pk]),
            self.edit_form(claim, quote=new_quote, stated_value="4,300"),
        )
        assert response.status_code == 302
        claim.refresh_from_db()
        assert (claim.anchor_status, claim.stated_value) == (AnchorStatus.EXACT, 4300)
        assert body[claim.start : claim.end] == claim.quote == new_quote

    def test_a_quote_not_in_the_text_is_refused_with_input_kept(self, client, editor):
        claim = ClaimFactory()
        client.force_login(editor)
        response = client.post(
            reverse("claims:claim_edit", args=[claim.pk]),
            self.edit_form(claim, quote="Words nobody wrote.", text="Reworded"),
        )
        assert response.status_code == 400
        form = response.context["page"].claim_form
        assert "not in it" in form.errors["quote"][0]
        assert form["text"].value() == "Reworded"
        assert Claim.objects.get(pk=claim.pk).text == claim.text

    def test_fuzzy_anchor_blocks_publishing_until_confirmed(self, editor, reviewer):
        from claims.services.workflow import publish_checks
        from tests.workflow_states import with_verdict

        claim = with_verdict(reviewer)
        body = claim.article.body.replace("were hired", "had been hired")
        article_update_text(article=claim.article, actor=editor, body=body)
        claim.refresh_from_db()
        checks = {check.label: check for check in publish_checks(claim)}
        anchored = checks["The quote is anchored in the current article text"]
        assert not anchored.passed and "close match" in anchored.detail

    def test_reviewer_who_is_not_the_assignee_cannot_edit(self, client, reviewer):
        claim = ClaimFactory()
        client.force_login(reviewer)
        response = client.post(reverse("claims:claim_edit", args=[claim.pk]), self.edit_form(claim))
        assert response.status_code == 403


def test_accepting_a_dismissed_suggestion_says_so(client, editor):
    article = article_create(actor=editor, title="Jobs", body=TEXT)
    suggestion = article.suggestions.get(start=0)
    suggestion_dismiss(suggestion=suggestion, actor=editor)
    client.force_login(editor)
    response = client.post(
        reverse("claims:suggestion_accept", args=[article.pk, suggestion.pk]), follow=True
    )
    assert "already dismissed" in response.content.decode()
    assert not Claim.objects.exists()
