"""The source pages, the claim page's badges, the known-URL notice and the registry."""

import io

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from warcio.archiveiterator import ArchiveIterator

from claims.models import ClaimEvent, Publisher, Source
from claims.services.evidence import evidence_add
from claims.services.sources import source_for_url
from claims.sources.checking import source_check
from tests.factories import EvidenceFactory, SourceFactory
from tests.web_server import ARTICLE_HTML
from tests.workflow_states import researching

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def archived(web, reviewer):
    """A claim citing a page that was checked and archived once."""
    url = web.page("/a", ARTICLE_HTML)
    claim = researching(reviewer)
    evidence = evidence_add(
        claim=claim, actor=reviewer, url=url, excerpt="About  10,000 soldiers have been sent"
    )
    source_check(source=evidence.source)
    evidence.refresh_from_db()
    return evidence


def html(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
class TestSourceList:
    def test_lists_sources_with_their_state(self, client, reviewer, archived):
        client.force_login(reviewer)
        page = html(client.get(reverse("claims:source_list")))
        assert archived.source.url in page
        assert 'class="badge badge-ok"' in page and ">Archived</a>" in page

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("link_status=broken", ["https://b.example.org/gone"]),
            ("kind=official", ["https://gov.example.org/report"]),
            ("reliability=low", ["https://b.example.org/gone"]),
            ("publisher=gov.example.org", ["https://gov.example.org/report"]),
            ("publisher=Wire", ["https://b.example.org/gone"]),
            ("q=report", ["https://gov.example.org/report"]),
            (
                "link_status=nonsense",
                ["https://b.example.org/gone", "https://gov.example.org/report"],
            ),
        ],
    )
    def test_filters_read_from_the_address(self, client, reviewer, query, expected):
        SourceFactory(
            url="https://b.example.org/gone", link_status="broken", reliability="low",
            publisher="Some Wire", title="Gone",
        )  # fmt: skip
        SourceFactory(
            url="https://gov.example.org/report", kind="official", publisher="Ministry",
            domain="gov.example.org", title="Annual report",
        )  # fmt: skip
        client.force_login(reviewer)
        response = client.get(f"{reverse('claims:source_list')}?{query}")
        shown = sorted(source.url for source in response.context["page"])
        assert shown == sorted(expected)

    def test_changed_since_cited_is_a_filter(self, client, reviewer, archived, web):
        web.page("/a", ARTICLE_HTML.replace("10,000", "12,000"))
        source_check(source=archived.source)
        SourceFactory(url="https://other.example.org/")
        client.force_login(reviewer)
        response = client.get(reverse("claims:source_list") + "?link_status=changed")
        assert [source.url for source in response.context["page"]] == [archived.source.url]

    def test_htmx_gets_the_results_alone(self, client, reviewer):
        client.force_login(reviewer)
        response = client.get(reverse("claims:source_list"), headers={"HX-Request": "true"})
        assert html(response).lstrip().startswith('<div id="results"')

    @pytest.mark.parametrize("rows", [3, 30])
    def test_a_fixed_number_of_queries(self, client, reviewer, rows, django_assert_max_num_queries):
        for n in range(rows):
            EvidenceFactory(source=SourceFactory(url=f"https://s.example.org/{n}"))
        client.force_login(reviewer)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("claims:source_list")).status_code == 200


@pytest.mark.django_db
class TestSourcePage:
    def test_shows_checks_snapshots_and_citations(self, client, reviewer, archived):
        client.force_login(reviewer)
        page = html(client.get(archived.source.get_absolute_url()))
        snapshot = archived.source.snapshots.get()
        assert snapshot.get_absolute_url() in page
        assert reverse("claims:snapshot_warc", args=[archived.source_id, snapshot.pk]) in page
        assert archived.claim.get_absolute_url() in page
        assert "Excerpt found (spacing or quotes differ)" in page
        assert "Check now" not in page  # reviewers cannot

    def test_the_archived_page_offers_its_title_and_publisher(self, client, reviewer, archived):
        client.force_login(reviewer)
        response = client.get(archived.source.get_absolute_url())
        assert response.context["offered"]["title"] == "Troops sent north, agency says"
        client.post(reverse("claims:source_fill", args=[archived.source_id]))
        source = Source.objects.get()
        assert (source.title, source.publisher) == ("Troops sent north, agency says", "Local Wire")
        event = archived.claim.events.get(kind=ClaimEvent.Kind.SOURCE_EDITED)
        assert event.actor == reviewer and event.to_data["title"] == source.title
        response = client.post(
            reverse("claims:source_fill", args=[archived.source_id]), follow=True
        )
        assert "offers nothing for this source" in html(response)

    def test_filling_details_is_refused_to_someone_without_a_role(
        self, client, archived, django_user_model
    ):
        client.force_login(django_user_model.objects.create_user("outsider"))
        response = client.post(reverse("claims:source_fill", args=[archived.source_id]))
        assert response.status_code == 403
        assert Source.objects.get().title == ""
        assert not ClaimEvent.objects.filter(kind=ClaimEvent.Kind.SOURCE_EDITED).exists()

    def test_editors_check_now_and_see_it_checking(
        self, client, editor, reviewer, archived, django_capture_on_commit_callbacks
    ):
        client.force_login(reviewer)
        url = reverse("claims:source_check_now", args=[archived.source_id])
        assert client.post(url).status_code == 403
        client.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url, headers={"HX-Request": "true", "HX-Target": "source-status"}
            )
        page = html(response)
        assert page.lstrip().startswith('<section class="card" id="source-status"')
        assert "Checking…" in page and 'data-hx-trigger="every 2s"' in page
        assert DBTaskResult.objects.filter(
            args_kwargs__args=[archived.source_id, editor.pk]
        ).exists()

    def test_the_status_region_polls_alone(self, client, reviewer, archived):
        client.force_login(reviewer)
        response = client.get(
            archived.source.get_absolute_url(),
            headers={"HX-Request": "true", "HX-Target": "source-status"},
        )
        assert html(response).lstrip().startswith('<section class="card" id="source-status"')
        assert "every 2s" not in html(response)


@pytest.mark.django_db
class TestSnapshots:
    def test_the_readable_text_is_shown_escaped(self, client, reviewer, web):
        url = web.page("/x", f"Line one {HOSTILE}\nLine two", "text/plain")
        snapshot = source_check(source=source_for_url(url)[0]).snapshot
        client.force_login(reviewer)
        page = html(client.get(snapshot.get_absolute_url()))
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "<script>alert" not in page and "<img src=x" not in page
        assert '<p dir="auto">Line two</p>' in page

    def test_the_warc_downloads(self, client, reviewer, archived):
        snapshot = archived.source.snapshots.get()
        client.force_login(reviewer)
        response = client.get(
            reverse("claims:snapshot_warc", args=[archived.source_id, snapshot.pk])
        )
        assert response["Content-Type"] == "application/warc"
        assert "attachment" in response["Content-Disposition"]
        data = b"".join(response.streaming_content)
        kinds = [record.rec_type for record in ArchiveIterator(io.BytesIO(data))]
        assert kinds == ["request", "response"]

    def test_a_missing_warc_file_is_a_404(self, client, reviewer, archived):
        snapshot = archived.source.snapshots.get()
        snapshot.warc.storage.delete(snapshot.warc.name)
        client.force_login(reviewer)
        url = reverse("claims:snapshot_warc", args=[archived.source_id, snapshot.pk])
        assert client.get(url).status_code == 404

    def test_the_diff_shows_both_versions_side_by_side(self, client, reviewer, archived, web):
        web.page("/a", ARTICLE_HTML.replace("About 10,000 soldiers", "About 12,000 soldiers"))
        latest = source_check(source=archived.source).snapshot
        client.force_login(reviewer)
        response = client.get(reverse("claims:snapshot_diff", args=[archived.source_id, latest.pk]))
        changed = [row for row in response.context["rows"] if row and row.change == "changed"]
        assert len(changed) == 1
        assert "About 10,000" in changed[0].before and "About 12,000" in changed[0].after
        assert "<del>About 10,000" in html(response) and "<ins>About 12,000" in html(response)

    def test_a_first_snapshot_has_nothing_to_compare(self, client, reviewer, archived):
        snapshot = archived.source.snapshots.get()
        client.force_login(reviewer)
        url = reverse("claims:snapshot_diff", args=[archived.source_id, snapshot.pk])
        assert client.get(url).status_code == 404

    def test_a_snapshot_of_another_source_is_not_found(self, client, reviewer, archived):
        other = SourceFactory(url="https://other.example.org/")
        snapshot = archived.source.snapshots.get()
        client.force_login(reviewer)
        url = reverse("claims:snapshot_detail", args=[other.pk, snapshot.pk])
        assert client.get(url).status_code == 404


@pytest.mark.django_db
class TestClaimPageBadges:
    def test_each_evidence_row_says_reached_archived_and_excerpt_found(
        self, client, reviewer, archived
    ):
        client.force_login(reviewer)
        page = html(client.get(archived.claim.get_absolute_url()))
        badges = page.split(f'id="badges-{archived.pk}"', 1)[1].split("</span>\n", 3)
        text = "".join(badges)
        assert "Reachable" in text and "Archived" in text
        assert "Excerpt found (spacing or quotes differ)" in text

    def test_changed_since_cited_links_to_the_diff(self, client, reviewer, archived, web):
        cited = archived.cited_snapshot
        web.page("/a", ARTICLE_HTML.replace("About 10,000 soldiers", "About 12,000 soldiers"))
        latest = source_check(source=archived.source).snapshot
        client.force_login(reviewer)
        page = html(client.get(archived.claim.get_absolute_url()))
        diff = reverse("claims:snapshot_diff", args=[archived.source_id, latest.pk])
        assert f'href="{diff}?against={cited.pk}"' in page
        assert "Changed since cited" in page and "Excerpt not found" in page

    def test_badges_poll_while_checking_and_stop_after(
        self, client, reviewer, web, django_capture_on_commit_callbacks
    ):
        url = web.page("/a", ARTICLE_HTML)
        with django_capture_on_commit_callbacks(execute=True):
            evidence = evidence_add(claim=researching(reviewer), actor=reviewer, url=url)
        client.force_login(reviewer)
        badges = reverse("claims:source_badges", args=[evidence.source_id])
        page = html(client.get(evidence.claim.get_absolute_url()))
        assert f'data-hx-get="{badges}?evidence={evidence.pk}"' in page and "Checking…" in page
        source_check(source=evidence.source)
        fragment = html(client.get(f"{badges}?evidence={evidence.pk}"))
        assert "every 2s" not in fragment and ">Archived</a>" in fragment


@pytest.mark.django_db
class TestKnownSource:
    def test_a_known_address_shows_what_is_kept(self, client, reviewer):
        SourceFactory(url="https://wire.example.org/r", title="Ministry figures", kind="official")
        client.force_login(reviewer)
        url = reverse("claims:source_lookup") + "?url=https://WIRE.example.org/r%23top"
        page = html(client.get(url))
        assert "Already on the desk" in page and "Ministry figures" in page
        assert "These details are kept" in page

    @pytest.mark.parametrize("typed", ["", "not a url", "https://new.example.org/"])
    def test_an_unknown_or_partial_address_says_nothing(self, client, reviewer, typed):
        client.force_login(reviewer)
        page = html(client.get(reverse("claims:source_lookup"), {"url": typed}))
        assert "Already on the desk" not in page and 'id="known-source"' in page

    def test_citing_a_known_address_says_which_details_stayed(self, client, reviewer):
        SourceFactory(url="https://wire.example.org/r", title="Ministry figures", kind="official")
        claim = researching(reviewer)
        client.force_login(reviewer)
        response = client.post(
            reverse("claims:evidence_create", args=[claim.pk]),
            {"url": "https://wire.example.org/r", "title": "My title", "kind": "news",
             "reliability": "high", "stance": "supports"},
            follow=True,
        )  # fmt: skip
        message = [str(m) for m in response.context["messages"]][0]
        assert message == (
            "Source added. It was already on the desk, so its recorded title, kind stayed as they "
            "were (see its source page to change them)."
        )
        assert Source.objects.get().title == "Ministry figures"

    def test_citing_it_twice_on_one_claim_is_refused_with_the_input_kept(self, client, reviewer):
        claim = researching(reviewer)
        evidence_add(claim=claim, actor=reviewer, url="https://wire.example.org/r")
        client.force_login(reviewer)
        response = client.post(
            reverse("claims:evidence_create", args=[claim.pk]),
            {"url": "https://wire.example.org/r", "kind": "news", "reliability": "unknown",
             "stance": "supports", "excerpt": "second excerpt"},
        )  # fmt: skip
        assert "already cites https://wire.example.org/r" in html(response)
        assert "second excerpt" in html(response)
        assert claim.evidence.count() == 1


@pytest.mark.django_db
class TestPublisherRegistry:
    def test_editors_add_and_change_publishers(self, client, editor):
        client.force_login(editor)
        url = reverse("claims:publisher_list")
        client.post(url, {"domain": "https://www.Reuters.com", "reliability": "high"})
        assert not Publisher.objects.exists()  # a URL is not a domain
        client.post(url, {"domain": "www.Reuters.com", "reliability": "high", "note": "Wire."})
        publisher = Publisher.objects.get()
        assert (publisher.domain, publisher.reliability, publisher.updated_by) == (
            "reuters.com", "high", editor,
        )  # fmt: skip
        client.post(url, {"id": publisher.pk, "domain": "reuters.com", "reliability": "medium"})
        publisher.refresh_from_db()
        assert publisher.reliability == "medium"
        response = client.post(url, {"domain": "reuters.com", "reliability": "low"})
        assert "reuters.com is already in the registry." in html(response)

    def test_reviewers_read_it_but_cannot_change_it(self, client, reviewer):
        client.force_login(reviewer)
        url = reverse("claims:publisher_list")
        assert "Add a publisher" not in html(client.get(url))
        assert client.post(url, {"domain": "reuters.com", "reliability": "high"}).status_code == 403

    def test_a_new_source_takes_its_publishers_reliability(self, reviewer, editor):
        Publisher.objects.create(domain="reuters.com", reliability="high")
        claim = researching(reviewer)
        evidence_add(claim=claim, actor=reviewer, url="https://uk.reuters.com/a")
        evidence_add(claim=claim, actor=reviewer, url="https://b.example.org/x")
        evidence_add(claim=claim, actor=reviewer, url="https://reuters.com/b", reliability="low")
        got = dict(Source.objects.values_list("url", "reliability"))
        assert got == {
            "https://uk.reuters.com/a": "high",
            "https://b.example.org/x": "unknown",
            "https://reuters.com/b": "low",
        }

    def test_the_desks_record_per_publisher(self, client, reviewer):
        Publisher.objects.create(domain="reuters.com", reliability="high")
        claim = researching(reviewer)
        for path in ("a", "b", "c", "d"):
            evidence_add(claim=claim, actor=reviewer, url=f"https://www.reuters.com/{path}")
        source_for_url("https://reuters.com/uncited")
        Source.objects.filter(url__endswith="/a").update(link_status="broken")
        client.force_login(reviewer)
        response = client.get(reverse("claims:publisher_list"))
        [publisher] = response.context["publishers"]
        record = publisher.record
        assert (record.sources, record.cited, record.broken, record.changed) == (5, 4, 1, 0)
        assert "20%" in html(response)
