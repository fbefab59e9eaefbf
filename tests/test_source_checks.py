"""Checking and archiving sources against local servers: checks, snapshots, WARC, changes."""

import gzip
import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from warcio.archiveiterator import ArchiveIterator

from claims.models import ClaimEvent, Evidence, Source, SourceCheck, SourceSnapshot
from claims.services.evidence import evidence_add
from claims.services.sources import source_for_url
from claims.services.workflow import WorkflowError, publish_checks
from claims.sources import checking
from claims.sources.checking import source_check
from tests.web_server import ARTICLE_HTML, pdf_document
from tests.workflow_states import researching, with_verdict

CHANGED_HTML = ARTICLE_HTML.replace("About 10,000 soldiers", "About 12,000 soldiers")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def source_at(url: str) -> Source:
    return source_for_url(url)[0]


def run_queued_tasks() -> None:
    """What `db_worker` does with each ready task (the command itself closes the test's
    database connection between tasks)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    for result in DBTaskResult.objects.ready():
        result.claim("test")
        worker.run_task(result)


def warc_records(snapshot: SourceSnapshot) -> list:
    with default_storage.open(snapshot.warc.name) as handle:
        data = handle.read()
    return [
        (
            record.rec_type,
            record.rec_headers.get_header("WARC-Target-URI"),
            record.content_stream().read(),
        )
        for record in ArchiveIterator(io.BytesIO(data))
    ]


@pytest.mark.django_db
class TestCheckOutcomes:
    def test_an_html_article_is_reached_and_archived(self, web):
        source = source_at(web.page("/article", ARTICLE_HTML))
        check = source_check(source=source)
        source.refresh_from_db()
        snapshot = source.last_snapshot
        assert (check.link_status, check.status_code, source.link_status) == ("ok", 200, "ok")
        assert check.snapshot == snapshot and check.duration > 0
        assert snapshot.sha256 == hashlib.sha256(ARTICLE_HTML.encode()).hexdigest()
        assert snapshot.size == len(ARTICLE_HTML.encode())
        assert "About 10,000 soldiers have been sent" in snapshot.text
        assert snapshot.text_sha256 == hashlib.sha256(snapshot.text.encode()).hexdigest()
        assert (snapshot.title, snapshot.publisher) == (
            "Troops sent north, agency says",
            "Local Wire",
        )
        assert str(snapshot.published_on) == "2026-10-21"
        assert source.archived_at == snapshot.fetched_at
        assert source.domain == "127.0.0.1"

    def test_the_warc_holds_the_request_and_the_response(self, web):
        url = web.page("/article", ARTICLE_HTML)
        snapshot = source_check(source=source_at(url)).snapshot
        records = warc_records(snapshot)
        assert [(kind, target) for kind, target, _body in records] == [
            ("request", url),
            ("response", url),
        ]
        assert records[1][2] == ARTICLE_HTML.encode()
        assert snapshot.warc.name == f"snapshots/{snapshot.source_id}/{snapshot.sha256}.warc.gz"
        assert snapshot.warc_size == default_storage.size(snapshot.warc.name)
        with default_storage.open(snapshot.warc.name) as handle:
            assert gzip.decompress(handle.read()).startswith(b"WARC/1")

    def test_a_pdf_is_archived_with_its_text(self, web):
        url = web.page(
            "/report.pdf", pdf_document("Troop numbers rose to 10000"), "application/pdf"
        )
        snapshot = source_check(source=source_at(url)).snapshot
        assert snapshot.text == "Troop numbers rose to 10000"
        assert (snapshot.title, snapshot.content_type) == ("Annual report", "application/pdf")

    def test_a_redirect_is_reachable_elsewhere(self, web):
        final = web.page("/new-home", ARTICLE_HTML)
        url = web.redirect("/old-home", "/new-home", 301)
        check = source_check(source=source_at(url))
        assert (check.link_status, check.final_url) == ("redirected", final)
        assert check.redirects == [[url, 301]]
        assert check.snapshot.final_url == final

    @pytest.mark.parametrize("code", [404, 500])
    def test_http_errors_are_broken_and_archive_nothing(self, web, code):
        source = source_at(web.status(f"/e{code}", code))
        check = source_check(source=source)
        source.refresh_from_db()
        assert (check.link_status, check.status_code, check.snapshot) == ("broken", code, None)
        assert source.link_status == "broken" and source.link_error == check.error
        assert check.error.startswith(f"The site answered {code}")
        assert SourceSnapshot.objects.count() == 0

    def test_a_redirect_to_cloud_metadata_is_blocked_with_its_reason(self, public_web):
        url = public_web.redirect("/meta", "http://169.254.169.254/latest/meta-data/")
        check = source_check(source=source_at(url))
        assert check.link_status == "blocked"
        assert "169.254.169.254 is a link-local address" in check.error
        assert check.final_url == "http://169.254.169.254/latest/meta-data/"

    def test_a_redirect_to_loopback_is_blocked(self, public_web):
        check = source_check(source=source_at(public_web.redirect("/lo", "http://127.0.0.1/")))
        assert check.link_status == "blocked" and "loopback" in check.error

    def test_a_slow_page_is_broken(self, web, settings):
        settings.FETCH_TIMEOUT = 1
        check = source_check(source=source_at(web.slow("/slow", 0.2)))
        assert check.link_status == "broken" and "longer than 1 seconds" in check.error

    def test_a_body_past_the_cap_is_blocked(self, web, settings):
        settings.FETCH_MAX_BYTES = 1024 * 1024
        check = source_check(source=source_at(web.endless("/huge")))
        assert check.link_status == "blocked"
        assert (
            check.error == "The document is larger than the 1 MB limit; the download was stopped."
        )


@pytest.mark.django_db
class TestChanges:
    def test_an_unchanged_page_makes_no_new_snapshot(self, web):
        source = source_at(web.page("/a", ARTICLE_HTML))
        first = source_check(source=source)
        second = source_check(source=source)
        assert SourceSnapshot.objects.count() == 1
        assert second.snapshot == first.snapshot
        assert SourceCheck.objects.filter(source=source).count() == 2

    def test_a_page_that_changes_is_flagged_changed_since_cited(self, web, reviewer):
        url = web.page("/a", ARTICLE_HTML)
        claim = researching(reviewer)
        evidence = evidence_add(
            claim=claim, actor=reviewer, url=url, excerpt="About 10,000 soldiers"
        )
        source = evidence.source
        source_check(source=source)
        evidence.refresh_from_db()
        cited = evidence.cited_snapshot
        assert cited is not None and not Source.objects.changed_since_cited().exists()
        web.page("/a", CHANGED_HTML)
        check = source_check(source=source)
        assert check.snapshot != cited and SourceSnapshot.objects.count() == 2
        assert list(Source.objects.changed_since_cited()) == [source]
        assert list(Evidence.objects.changed_since_cited()) == [evidence]
        event = claim.events.filter(kind=ClaimEvent.Kind.SOURCE_CHECKED).last()
        assert event.to_data == {"source": source.url, "link_status": "ok", "text_changed": True}

    def test_a_later_citation_cites_the_current_archive(self, web, reviewer):
        url = web.page("/a", ARTICLE_HTML)
        source = source_at(url)
        source_check(source=source)
        source.refresh_from_db()
        evidence = evidence_add(claim=researching(reviewer), actor=reviewer, url=url)
        assert evidence.cited_snapshot == source.last_snapshot

    def test_a_status_change_is_recorded_on_every_citing_claim(self, web, reviewer):
        url = web.page("/a", ARTICLE_HTML)
        claims = [researching(reviewer), researching(reviewer)]
        for claim in claims:
            evidence_add(claim=claim, actor=reviewer, url=url)
        source = Source.objects.get()
        source_check(source=source)
        web.status("/a", 404)
        source_check(source=source)
        for claim in claims:
            kinds = [e.to_data["link_status"] for e in claim.events.filter(kind="source_checked")]
            assert kinds == ["ok", "broken"]

    def test_a_check_that_finds_things_unchanged_leaves_no_event(self, web, reviewer):
        url = web.page("/a", ARTICLE_HTML)
        claim = researching(reviewer)
        evidence_add(claim=claim, actor=reviewer, url=url)
        source_check(source=Source.objects.get())
        source_check(source=Source.objects.get())
        assert claim.events.filter(kind="source_checked").count() == 1


@pytest.mark.django_db
class TestInterruptedCheck:
    def test_a_check_killed_before_commit_leaves_no_snapshot_and_the_next_run_completes_it(
        self, web, monkeypatch
    ):
        source = source_at(web.page("/a", ARTICLE_HTML))
        body_sha = hashlib.sha256(ARTICLE_HTML.encode()).hexdigest()
        name = f"snapshots/{source.pk}/{body_sha}.warc.gz"

        def killed(*args):
            # What is on disk when the process dies: a WARC cut off half way.
            with default_storage.open(name, "wb") as handle:
                handle.write(b"\x1f\x8b half a file")
            raise SystemExit("killed")

        monkeypatch.setattr(checking, "_link_citations", killed)
        with pytest.raises(SystemExit):
            source_check(source=source)
        source.refresh_from_db()
        assert (SourceSnapshot.objects.count(), SourceCheck.objects.count()) == (0, 0)
        assert (source.last_snapshot, source.link_status) == (None, "unchecked")
        monkeypatch.undo()
        check = source_check(source=source)
        assert SourceSnapshot.objects.get() == check.snapshot
        assert check.snapshot.warc.name == name
        assert warc_records(check.snapshot)[1][2] == ARTICLE_HTML.encode()
        assert default_storage.listdir(f"snapshots/{source.pk}")[1] == [f"{body_sha}.warc.gz"]


@pytest.mark.django_db
class TestQueue:
    def test_first_citation_queues_a_check_that_the_worker_runs(
        self, web, reviewer, django_capture_on_commit_callbacks
    ):
        url = web.page("/a", ARTICLE_HTML)
        with django_capture_on_commit_callbacks(execute=True):
            evidence = evidence_add(claim=researching(reviewer), actor=reviewer, url=url)
        source = Source.objects.get()
        assert source.is_checking
        task = DBTaskResult.objects.get()
        assert (task.task_path, task.args_kwargs["args"]) == (
            "claims.sources.tasks.check_source",
            [source.pk, None],
        )
        run_queued_tasks()
        source.refresh_from_db()
        evidence.refresh_from_db()
        assert (source.link_status, source.is_checking) == ("ok", False)
        assert evidence.cited_snapshot == source.last_snapshot is not None
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"

    def test_a_second_citation_queues_nothing_more(
        self, reviewer, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            evidence_add(claim=researching(reviewer), actor=reviewer, url="https://a.example/r")
            evidence_add(claim=researching(reviewer), actor=reviewer, url="https://a.example/r")
        assert DBTaskResult.objects.count() == 1

    def test_one_source_is_not_cited_twice_on_one_claim(self, reviewer):
        claim = researching(reviewer)
        evidence_add(claim=claim, actor=reviewer, url="https://a.example/r")
        with pytest.raises(WorkflowError) as refusal:
            evidence_add(claim=claim, actor=reviewer, url="https://A.example/r#page-2")
        assert str(refusal.value) == (
            "This claim already cites https://a.example/r: change that evidence row instead."
        )
        assert claim.evidence.count() == 1


@pytest.mark.django_db
class TestPublishCheck:
    def label(self):
        return "Every cited source is reachable or archived"

    def check_of(self, claim):
        return next(c for c in publish_checks(claim) if c.label == self.label())

    @pytest.mark.parametrize(
        ("status", "words"),
        [("broken", "broken"), ("blocked", "blocked"), ("unchecked", "not checked")],
    )
    def test_a_source_neither_reached_nor_archived_fails_by_name(self, reviewer, status, words):
        claim = with_verdict(reviewer)
        Source.objects.update(link_status=status)
        item = self.check_of(claim)
        assert (item.passed, item.detail) == (False, f"https://stats.example.org/nurses ({words})")

    def test_a_broken_source_with_a_snapshot_passes(self, reviewer, web):
        claim = with_verdict(reviewer)
        source = Source.objects.get()
        snapshot_source = source_at(web.page("/a", ARTICLE_HTML))
        snapshot = source_check(source=snapshot_source).snapshot
        Source.objects.filter(pk=source.pk).update(link_status="broken", last_snapshot=snapshot)
        assert self.check_of(claim).passed is True

    @pytest.mark.parametrize("status", ["ok", "redirected"])
    def test_a_reachable_source_passes(self, reviewer, status):
        claim = with_verdict(reviewer)
        Source.objects.update(link_status=status)
        assert self.check_of(claim).passed is True


@pytest.mark.django_db
class TestCommand:
    def test_sync_prints_one_line_per_source(self, web, capsys):
        ok = source_at(web.page("/a", ARTICLE_HTML))
        gone = source_at(web.status("/gone", 404))
        call_command("check_sources", "--all", "--sync")
        lines = capsys.readouterr().out.splitlines()
        sha = hashlib.sha256(ARTICLE_HTML.encode()).hexdigest()[:12]
        assert lines == [f"{ok.url}\tok\t200\t{sha}", f"{gone.url}\tbroken\t404\t-"]

    def test_stale_picks_sources_not_checked_for_days(self, web, capsys):
        fresh = source_at(web.page("/fresh", "fresh", "text/plain"))
        stale = source_at(web.page("/stale", "stale", "text/plain"))
        never = source_at(web.page("/never", "never", "text/plain"))
        source_check(source=fresh)
        source_check(source=stale)
        Source.objects.filter(pk=stale.pk).update(link_checked_at="2020-01-01T00:00Z")
        call_command("check_sources", "--stale", "7", "--sync")
        urls = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
        assert urls == [stale.url, never.url]

    def test_without_sync_the_checks_are_queued(self, capsys, django_capture_on_commit_callbacks):
        first = source_at("https://a.example/1")
        source_at("https://a.example/2")
        with django_capture_on_commit_callbacks(execute=True):
            call_command("check_sources", "--source", str(first.pk))
        assert capsys.readouterr().out == "1 source check(s) queued for the worker.\n"
        assert DBTaskResult.objects.get().args_kwargs["args"] == [first.pk, None]
        first.refresh_from_db()
        assert first.is_checking

    def test_unknown_ids_are_named(self):
        source_at("https://a.example/1")
        with pytest.raises(CommandError, match="No source with id 98, 99."):
            call_command("check_sources", "--source", "99", "98")

    def test_one_way_of_choosing_is_required(self):
        with pytest.raises(CommandError, match="one of the arguments --all --stale --source"):
            call_command("check_sources")
