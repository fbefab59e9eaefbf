"""A published fact check's sources link to the desk's own archived copies, open to all."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from warcio.archiveiterator import ArchiveIterator

from claims.models import Source, SourceSnapshot
from claims.services import workflow
from claims.services.evidence import evidence_add
from claims.sources.checking import source_check
from tests.factories import rating
from tests.web_server import ARTICLE_HTML
from tests.workflow_states import published, researching

EDITED_HTML = ARTICLE_HTML.replace("About 10,000 soldiers", "About 12,000 soldiers")
HOSTILE_HTML = ARTICLE_HTML.replace(
    "Officials declined", '<script>alert("x")</script> &lt;b onmouseover=alert(1)&gt; Officials'
)


@pytest.fixture(autouse=True)
def media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def publish_citing(url, reviewer, editor):
    claim = researching(reviewer)
    evidence = evidence_add(claim=claim, actor=reviewer, url=url, excerpt="About 10,000")
    source_check(source=evidence.source)
    workflow.verdict_propose(
        claim=claim,
        actor=reviewer,
        rating=rating("true"),
        summary="The agency said so.",
        short_claim="About 10,000 soldiers were sent",
    )
    workflow.claim_submit(claim=claim, actor=reviewer)
    workflow.verdict_publish(claim=claim, actor=editor)
    claim.refresh_from_db()
    return claim, Source.objects.get(url=url)


def archive_links(client, claim) -> list[str]:
    page = client.get(claim.get_public_url()).content.decode()
    prefix = f"/fact-checks/{claim.pk}/archive/"
    return [part.split('"')[0] for part in page.split(f'href="{prefix}')[1:]]


@pytest.mark.django_db
class TestArchivedCopy:
    def test_the_public_page_links_the_capture_taken_before_publication(
        self, client, web, reviewer, editor
    ):
        url = web.page("/troops", ARTICLE_HTML)
        claim, source = publish_citing(url, reviewer, editor)
        snapshot = source.snapshots.get()
        assert archive_links(client, claim) == [f"{snapshot.pk}/"]
        page = client.get(
            reverse("public:archived_copy", args=[claim.pk, snapshot.pk])
        ).content.decode()
        assert "About 10,000 soldiers have been sent to the region" in page
        assert snapshot.sha256 in page

    def test_a_capture_taken_after_publication_is_not_the_archived_copy(
        self, client, web, reviewer, editor
    ):
        url = web.page("/troops", ARTICLE_HTML)
        claim, source = publish_citing(url, reviewer, editor)
        web.page("/troops", EDITED_HTML)
        source_check(source=source)
        earlier, later = source.snapshots.order_by("fetched_at")
        assert archive_links(client, claim) == [f"{earlier.pk}/"]
        response = client.get(reverse("public:archived_copy", args=[claim.pk, later.pk]))
        assert response.status_code == 404

    def test_the_capture_downloads_as_warc(self, client, web, reviewer, editor):
        url = web.page("/troops", ARTICLE_HTML)
        claim, source = publish_citing(url, reviewer, editor)
        snapshot = source.snapshots.get()
        response = client.get(reverse("public:archived_copy_warc", args=[claim.pk, snapshot.pk]))
        assert response["Content-Type"] == "application/warc"
        records = list(ArchiveIterator(io.BytesIO(b"".join(response.streaming_content))))
        assert {record.rec_type for record in records} >= {"request", "response"}

    def test_captured_text_is_shown_as_text(self, client, web, reviewer, editor):
        url = web.page("/troops", HOSTILE_HTML)
        claim, source = publish_citing(url, reviewer, editor)
        snapshot = source.snapshots.get()
        page = client.get(
            reverse("public:archived_copy", args=[claim.pk, snapshot.pk])
        ).content.decode()
        assert "<b onmouseover" not in page and "<script>alert" not in page

    def test_an_unpublished_claims_capture_is_not_public(self, client, web, reviewer):
        url = web.page("/troops", ARTICLE_HTML)
        claim = researching(reviewer)
        evidence = evidence_add(claim=claim, actor=reviewer, url=url)
        source_check(source=evidence.source)
        snapshot = SourceSnapshot.objects.get()
        for name in ("public:archived_copy", "public:archived_copy_warc"):
            assert client.get(reverse(name, args=[claim.pk, snapshot.pk])).status_code == 404

    def test_without_a_capture_the_typed_archive_address_is_linked(self, client, reviewer, editor):
        claim = published(reviewer, editor)
        source = Source.objects.get()
        Source.objects.filter(pk=source.pk).update(archive_url="https://archive.example.org/x")
        cache.clear()
        page = client.get(claim.get_public_url()).content.decode()
        assert 'href="https://archive.example.org/x"' in page
