"""New articles from a web address, and HTML and PDF uploads read the same way as a fetch."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.importers.article_files import (
    IngestError,
    article_reading,
    paragraphs_from_pdf,
)
from claims.importers.article_pages import article_from_url
from claims.models import Article, ClaimSuggestion, Source
from claims.services.articles import article_create
from tests.factories import SourceSnapshotFactory
from tests.web_server import ARTICLE_HTML, pdf_document

pytestmark = pytest.mark.django_db

# The article of ARTICLE_HTML as a PDF sets it: the headline, then each paragraph wrapped.
ARTICLE_PDF_LINES = [
    "Troops sent north, agency says",
    "About 10,000 soldiers have been sent to the region, the National",
    "Intelligence Service told lawmakers on Tuesday, adding that a first group",
    "of 1,500 had already arrived.",
    "The agency said the deployment began in early October and that more",
    "could follow before the end of the year, according to two people who",
    "attended the briefing.",
    "Officials declined to say how the figures were gathered or how they had",
    "been checked.",
]

ARTICLE_TEXT = (
    "Troops sent north, agency says\n\n"
    "About 10,000 soldiers have been sent to the region, the National Intelligence Service "
    "told lawmakers on Tuesday, adding that a first group of 1,500 had already arrived.\n\n"
    "The agency said the deployment began in early October and that more could follow before "
    "the end of the year, according to two people who attended the briefing.\n\n"
    "Officials declined to say how the figures were gathered or how they had been checked."
)

GALLERY_HTML = (
    "<html><head><title>Gallery</title></head>"
    '<body><script>show()</script><img src="a.jpg" alt=""></body></html>'
)


def fetch_page(client, url):
    return client.post(reverse("claims:article_fetch"), {"fetch-url": url})


def fetch_error(response) -> str:
    return response.context["fetch_form"].errors["url"][0]


class TestSameText:
    def test_a_fetch_an_html_upload_and_a_pdf_upload_give_the_same_text(self, web):
        fetched = article_from_url(web.page("/troops", ARTICLE_HTML))
        html = article_reading("troops.html", ARTICLE_HTML.encode())
        pdf = article_reading("troops.pdf", pdf_document(ARTICLE_PDF_LINES))
        assert fetched.text == html.text == pdf.text == ARTICLE_TEXT

    def test_a_fetch_brings_the_page_details(self, web):
        url = web.page("/troops", ARTICLE_HTML)
        reading = article_from_url(url)
        assert reading.details() == {
            "title": "Troops sent north, agency says",
            "author": "Kim Reporter",
            "outlet": "Local Wire",
            "published_on": date(2026, 10, 21),
            "url": url,
            "body": ARTICLE_TEXT,
        }

    def test_a_redirected_address_keeps_where_the_article_is(self, web):
        final = web.page("/2026/troops", ARTICLE_HTML)
        reading = article_from_url(web.redirect("/short", final, 301))
        assert reading.url == final

    def test_a_pdf_is_fetched_too(self, web):
        url = web.page("/troops.pdf", pdf_document(ARTICLE_PDF_LINES), "application/pdf")
        assert article_from_url(url).text == ARTICLE_TEXT


class TestPdfLines:
    def test_short_lines_are_headings_and_a_hyphen_joins_its_word(self):
        text = paragraphs_from_pdf(
            "Budget 2027\n"
            "Spending on schools will rise by 4% next year under a plan announced by the well-\n"
            "known finance minister on Monday, who said the rise was paid for.\n"
            "\n"
            "Page 2"
        )
        assert text == (
            "Budget 2027\n\n"
            "Spending on schools will rise by 4% next year under a plan announced by the "
            "well-known finance minister on Monday, who said the rise was paid for.\n\n"
            "Page 2"
        )


class TestNewArticleFromAddress:
    def test_the_form_is_filled_in_and_nothing_is_saved_until_confirmed(self, client, editor, web):
        client.force_login(editor)
        url = web.page("/troops", ARTICLE_HTML)
        response = fetch_page(client, url)
        assert response.status_code == 200
        form = response.context["form"]
        assert form.initial["title"] == "Troops sent north, agency says"
        assert form.initial["body"] == ARTICLE_TEXT
        assert f'value="{url}"' in response.content.decode()
        assert not Article.objects.exists()

        details = {**form.initial, "published_on": "2026-10-21", "title": "Troops sent north"}
        response = client.post(reverse("claims:article_new"), details)
        article = Article.objects.get()
        assert response.url == article.get_absolute_url()
        assert (article.title, article.author, article.outlet) == (
            "Troops sent north",
            "Kim Reporter",
            "Local Wire",
        )
        assert (article.url, article.published_on, article.body) == (
            url,
            date(2026, 10, 21),
            ARTICLE_TEXT,
        )
        figures = article.suggestions.filter(text__contains="10,000").get()
        assert figures.figures[0]["value"] == "10000"
        assert "National Intelligence Service" in figures.attributed_to

    def test_private_addresses_are_refused_with_the_setting_off(
        self, client, editor, web, settings
    ):
        settings.FETCH_ALLOW_PRIVATE_NETWORKS = False
        client.force_login(editor)
        url = web.page("/troops", ARTICLE_HTML)
        response = fetch_page(client, url)
        assert response.status_code == 400
        assert fetch_error(response) == (
            f"Could not fetch {url}: 127.0.0.1 leads to 127.0.0.1 is a loopback address (this "
            "machine itself); the desk does not fetch from private or internal networks."
        )
        assert web.requests == []
        assert not Article.objects.exists()

    @pytest.mark.parametrize(
        ("serve", "message"),
        [
            (lambda web: web.status("/gone", 404), "{url}: The site answered 404 Not Found."),
            (
                lambda web: web.page("/photo", b"\x89PNG\r\n", "image/png"),
                "{url} is an image (image/png), not a web page or a PDF: there is no article "
                "text to read.",
            ),
            (
                lambda web: web.page("/data", b'{"a": 1}', "application/json"),
                "{url} is an application/json document, not a web page or a PDF",
            ),
            (
                lambda web: web.page("/empty", GALLERY_HTML),
                "No article text was found at {url}. If the page shows it, paste the text instead.",
            ),
            (
                lambda web: web.endless("/huge", declare_length=True, size=30 * 1024 * 1024),
                "{url}: The document is 30 MB, over the 25 MB limit; it was not downloaded.",
            ),
        ],
        ids=["not-found", "image", "json", "no-text", "too-large"],
    )
    def test_a_failed_fetch_says_why_and_writes_nothing(self, client, editor, web, serve, message):
        client.force_login(editor)
        url = serve(web)
        response = fetch_page(client, url)
        assert response.status_code == 400
        assert message.format(url=url) in fetch_error(response)
        assert not Article.objects.exists() and not ClaimSuggestion.objects.exists()

    def test_a_slow_site_stops_at_the_time_limit(self, client, editor, web, settings):
        settings.FETCH_TIMEOUT = 1
        client.force_login(editor)
        response = fetch_page(client, web.slow("/slow", 0.2))
        assert "The site took longer than 1 seconds to send the page." in fetch_error(response)
        assert not Article.objects.exists()

    def test_an_address_that_is_not_web_is_refused_before_any_fetch(self, client, editor, web):
        client.force_login(editor)
        response = fetch_page(client, "file:///etc/passwd")
        assert fetch_error(response) == (
            "Could not fetch file:///etc/passwd: file: addresses are not fetched; "
            "only http:// and https:// are."
        )
        assert fetch_error(fetch_page(client, "")) == "This field is required."

    def test_reviewers_cannot_fetch(self, client, reviewer, web):
        client.force_login(reviewer)
        response = fetch_page(client, web.page("/troops", ARTICLE_HTML))
        assert response.status_code == 403
        assert web.requests == []

    def test_anonymous_visitors_are_sent_to_log_in(self, client, web):
        response = fetch_page(client, web.page("/troops", ARTICLE_HTML))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert web.requests == []

    def test_a_get_does_not_fetch(self, client, editor):
        client.force_login(editor)
        assert client.get(reverse("claims:article_fetch")).status_code == 405


class TestArticlesOwnSnapshot:
    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "media"

    def test_the_page_is_kept_as_a_source_and_its_capture_is_the_articles(
        self, client, editor, web, django_capture_on_commit_callbacks
    ):
        from claims.sources.checking import source_check

        client.force_login(editor)
        url = web.page("/troops", ARTICLE_HTML)
        details = fetch_page(client, url).context["form"].initial
        with django_capture_on_commit_callbacks() as queued:
            client.post(reverse("claims:article_new"), details)
        article = Article.objects.select_related("source").get()
        assert article.source.url == url and len(queued) == 1
        source_check(source=article.source)  # what the queued task does in the worker
        article.source.refresh_from_db()
        assert "About 10,000 soldiers" in article.source.last_snapshot.text
        page = client.get(article.get_absolute_url()).content.decode()
        assert article.source.get_absolute_url() in page and "(archived)" in page

    def test_the_source_takes_the_articles_title_and_outlet_and_the_editor_asks(
        self, editor, django_capture_on_commit_callbacks
    ):
        from django_tasks_db.models import DBTaskResult

        with django_capture_on_commit_callbacks(execute=True):
            article = article_create(
                actor=editor,
                title="Troops sent north",
                body=ARTICLE_TEXT,
                url="https://news.example.org/troops",
                outlet="Local Wire",
            )
        source = Source.objects.get(pk=article.source_id)
        assert (source.url, source.title, source.publisher) == (
            "https://news.example.org/troops",
            "Troops sent north",
            "Local Wire",
        )
        assert [task.args_kwargs["args"] for task in DBTaskResult.objects.all()] == [
            [source.pk, editor.pk]
        ]

    def test_a_page_already_archived_is_not_fetched_again(
        self, editor, django_capture_on_commit_callbacks
    ):
        source = SourceSnapshotFactory(source__url="https://news.example.org/troops").source
        with django_capture_on_commit_callbacks() as queued:
            article = article_create(
                actor=editor, title="Troops", body=ARTICLE_TEXT, url=source.url
            )
        assert article.source_id == source.pk
        assert queued == []

    def test_an_article_without_an_address_has_no_source(self, client, editor):
        client.force_login(editor)
        client.post(reverse("claims:article_new"), {"title": "Pasted", "body": ARTICLE_TEXT})
        assert Article.objects.get().source is None


class TestUploads:
    def test_a_pdf_upload_brings_its_title_when_none_is_typed(self, client, editor):
        client.force_login(editor)
        upload = SimpleUploadedFile(
            "troops.pdf", pdf_document(ARTICLE_PDF_LINES, title="Troops sent north")
        )
        client.post(reverse("claims:article_new"), {"title": "", "file": upload})
        article = Article.objects.get()
        assert (article.title, article.body) == ("Troops sent north", ARTICLE_TEXT)
        assert article.suggestions.filter(text__contains="1,500").exists()

    def test_an_html_upload_brings_its_details_but_typed_ones_win(self, client, editor):
        client.force_login(editor)
        upload = SimpleUploadedFile("troops.html", ARTICLE_HTML.encode())
        client.post(reverse("claims:article_new"), {"outlet": "Wire desk", "file": upload})
        article = Article.objects.get()
        assert (article.title, article.author, article.outlet, article.published_on) == (
            "Troops sent north, agency says",
            "Kim Reporter",
            "Wire desk",
            date(2026, 10, 21),
        )

    def test_a_file_without_a_title_needs_one_typed(self, client, editor):
        client.force_login(editor)
        upload = SimpleUploadedFile("troops.txt", b"Troops were sent north, the agency said.")
        response = client.post(reverse("claims:article_new"), {"file": upload})
        assert response.status_code == 400
        assert response.context["form"].errors["title"] == ["Give the article a title."]
        assert not Article.objects.exists()

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"Troops were sent.", "troops.pdf is not a PDF file (it does not start with %PDF-)."),
            (b"%PDF-1.4 broken", "troops.pdf has no text in it."),
        ],
    )
    def test_a_bad_pdf_is_named(self, data, message):
        with pytest.raises(IngestError) as error:
            article_reading("troops.pdf", data)
        assert str(error.value) == message


class TestExtractClaimsCommand:
    def suggestions(self, source) -> list[dict]:
        out = StringIO()
        call_command("extract_claims", str(source), "--json", stdout=out)
        return [json.loads(line) for line in out.getvalue().splitlines()]

    def test_a_page_an_html_file_and_a_pdf_file_give_the_same_suggestions(self, web, tmp_path):
        html = tmp_path / "troops.html"
        html.write_bytes(ARTICLE_HTML.encode())
        pdf = tmp_path / "troops.pdf"
        pdf.write_bytes(pdf_document(ARTICLE_PDF_LINES))
        from_page = self.suggestions(web.page("/troops", ARTICLE_HTML))
        assert from_page == self.suggestions(html) == self.suggestions(pdf)
        assert any("10,000" in suggestion["text"] for suggestion in from_page)

    def test_a_refused_address_is_a_command_error(self, web):
        with pytest.raises(CommandError, match="The site answered 404 Not Found."):
            call_command("extract_claims", web.url("/missing"))

    def test_a_missing_pdf_is_named(self, tmp_path):
        with pytest.raises(CommandError, match=r"Cannot read .*missing.pdf: No such file"):
            call_command("extract_claims", str(tmp_path / "missing.pdf"))
