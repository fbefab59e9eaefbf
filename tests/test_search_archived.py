"""Search over archived pages: a phrase from a capture's text finds it, once per source, with
its snippet escaped; a text of any length is archived and its opening indexed; the index is
made and unmade by its migration and kept in step on both databases."""

import importlib
import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.models import SourceSnapshot
from claims.search import SCOPES, search_everything
from tests.factories import SourceFactory, SourceSnapshotFactory

pytestmark = pytest.mark.django_db

SCOPE = next(scope for scope in SCOPES if scope.name == "snapshots")
INDEXED = SCOPE.index.field("text").max_length
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def archived(query: str, **options) -> list[SourceSnapshot]:
    """The archived pages the search page lists for `query`, best first."""
    group = next(g for g in search_everything(query, **options).groups if g.scope is SCOPE)
    return [hit.record for hit in group.hits]


def captures(source, *texts: str) -> list[SourceSnapshot]:
    """Captures of `source` saying `texts`, an hour apart, the last the latest (saved newest
    first, so the latest is not simply the highest id)."""
    start = timezone.now() - timedelta(days=1)
    made = [
        SourceSnapshotFactory(source=source, text=text, fetched_at=start + timedelta(hours=n))
        for n, text in reversed(list(enumerate(texts)))
    ]
    return made[::-1]


def densest_text(length: int) -> str:
    """The text that makes the largest tsvector per character: hyphenated pairs of distinct
    letters, each pair indexed as itself and as its two letters."""
    letters = (
        chr(code)
        for code in itertools.cycle(range(0x100, 0x40000))
        if chr(code).isalpha() and chr(code).lower() == chr(code)
    )
    words, size = [], 0
    while size < length:
        words.append(f"{next(letters)}-{next(letters)}")
        size += 4
    return " ".join(words)[:length]


class TestFound:
    def test_a_phrase_from_the_text_finds_the_capture(self):
        page = SourceSnapshotFactory(
            text="Budget notes.\nThe harbour authority dredged the eastern channel in March."
        )
        other = SourceSnapshotFactory(text="The eastern harbour channel was dredged by them.")
        assert archived('"dredged the eastern channel"') == [page]
        assert set(archived("dredging eastern channels")) == {page, other}
        assert archived('"dredged the western channel"') == []

    def test_the_hit_links_to_the_desks_capture(self):
        page = SourceSnapshotFactory(text="The lighthouse keeper retired in 1998.")
        results = search_everything("lighthouse keeper")
        group = next(g for g in results.groups if g.scope is SCOPE)
        assert [hit.url for hit in group.hits] == [page.get_absolute_url()]
        assert page.get_absolute_url() == f"/sources/{page.source_id}/snapshots/{page.pk}/"

    def test_a_title_word_ranks_above_the_same_word_in_the_text(self):
        in_text = SourceSnapshotFactory(title="Annual report", text="Notes on the lighthouse.")
        in_title = SourceSnapshotFactory(title="The lighthouse", text="Notes on the coast.")
        by_publisher = SourceSnapshotFactory(
            title="Annual notes", publisher="Lighthouse Press", text="Nothing of note."
        )
        assert archived("lighthouse") == [in_title, by_publisher, in_text]

    def test_accents_fold_and_words_stem(self):
        page = SourceSnapshotFactory(text="Minister Özel announced the hiring of nurses.")
        assert archived("ozel hired nurse") == [page]

    def test_the_snippet_marks_the_words_and_keeps_page_markup_as_text(self):
        SourceSnapshotFactory(text=f"Before {HOSTILE} the dredging contract was signed.")
        group = next(g for g in search_everything("dredging").groups if g.scope is SCOPE)
        snippet = str(group.hits[0].snippet)
        assert "<mark>dredging</mark>" in snippet
        assert "<script>" not in snippet and "<img" not in snippet
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x" in snippet

    def test_results_do_not_load_the_whole_text(self):
        SourceSnapshotFactory(text="The dredging contract was signed.")
        group = next(g for g in search_everything("dredging").groups if g.scope is SCOPE)
        assert group.hits[0].record.get_deferred_fields() == {"text"}

    def test_a_deleted_capture_is_no_longer_found(self):
        page = SourceSnapshotFactory(text="The dredging contract was signed.")
        page.delete()
        assert archived("dredging") == []


class TestOneSourceOnce:
    def test_captures_of_one_source_show_once_by_the_latest(self):
        source = SourceFactory()
        *_, latest = captures(
            source,
            "The tunnel opened in May.",
            "The tunnel opened in May, late.",
            "The tunnel opened in May, late and over budget.",
        )
        other = SourceSnapshotFactory(text="A second tunnel is planned.")
        assert sorted(archived("tunnel"), key=lambda s: s.pk) == sorted(
            [latest, other], key=lambda s: s.pk
        )

    def test_an_older_capture_shows_when_the_words_have_left_the_page(self):
        source = SourceFactory()
        first, second, _latest = captures(
            source,
            "The tunnel cost 40 million.",
            "The tunnel cost 40 million, the audit says.",
            "The tunnel's cost is under review.",
        )
        assert archived("audit") == [second]
        assert archived('"40 million"') == [second]
        assert first.fetched_at < second.fetched_at

    def test_the_group_holds_as_many_sources_as_it_shows(self):
        for _ in range(10):
            captures(SourceFactory(), "The ferry sank.", "The ferry sank in the storm.")
        found = archived("ferry", per_group=8)
        assert len(found) == 8
        assert len({snapshot.source_id for snapshot in found}) == 8
        assert all(snapshot.text == "The ferry sank in the storm." for snapshot in found)


class TestLongText:
    def test_a_text_of_several_megabytes_is_archived_and_its_opening_found(self):
        # Every word distinct, so the whole text would make a tsvector of many megabytes.
        filler = " ".join(f"entry{n}" for n in range(600_000))
        text = f"The zeppelin hangar report. {filler} quokka"
        assert len(text) > 5_000_000
        page = SourceSnapshotFactory(text=text)
        page.refresh_from_db()
        assert len(page.text) == len(text)
        assert archived("zeppelin hangar") == [page]
        assert archived("entry100") == [page]
        # Only the first INDEXED characters are indexed, on both databases alike.
        assert text.index("quokka") > INDEXED
        assert archived("quokka") == []

    def test_the_densest_text_still_fits_postgresqls_limit(self):
        text = "Opening: kestrel census. " + densest_text(2 * INDEXED)
        page = SourceSnapshotFactory(text=text)
        assert archived("kestrel census") == [page]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_column_size(search_vector) FROM claims_sourcesnapshot WHERE id = %s",
                    [page.pk],
                )
                assert cursor.fetchone()[0] < 1_048_576


class TestSearchPage:
    def test_the_page_shows_archived_pages_linking_to_the_capture(self, client, reviewer):
        source = SourceFactory(title="Port authority", url="https://port.example.org/notes")
        older, latest = captures(
            source, f"The port's {HOSTILE} dredging began.", f"The port's {HOSTILE} dredging ended."
        )
        client.force_login(reviewer)
        response = client.get(reverse("claims:search"), {"q": "dredging"})
        html = response.content.decode()
        assert 'id="results-snapshots"' in html and "Archived pages" in html
        assert latest.get_absolute_url() in html
        assert older.get_absolute_url() not in html
        assert "https://port.example.org/notes" in html
        assert "&lt;script&gt;" in html
        assert "<script>alert" not in html and "<img src=x" not in html

    def test_the_page_needs_a_login(self, client):
        SourceSnapshotFactory(text="Dredging began.")
        response = client.get(reverse("claims:search"), {"q": "dredging"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_queries_stay_the_same_for_3_sources_and_for_30(self, client, reviewer):
        client.force_login(reviewer)

        def count(sources: int) -> int:
            SourceSnapshot.objects.all().delete()
            for _ in range(sources):
                captures(SourceFactory(), "The ferry sank.", "The ferry sank again.")
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("claims:search"), {"q": "ferry"})
            assert response.status_code == 200
            return len(queries)

        assert count(3) == count(30)


class TestIndexUpkeep:
    def test_the_scope_searches_the_index_its_migration_made(self):
        migration = migration_module()
        assert SCOPE.index == migration.INDEX

    def test_the_migration_is_reversible(self):
        page = SourceSnapshotFactory(text="The granary burned.")
        migration = migration_module()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # the row's foreign keys, checked now
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            editor = _Editor(cursor)
            migration.backwards(None, editor)
            assert not index_exists()
            migration.forwards(None, editor)
        assert index_exists()
        assert archived("granary") == [page]  # rows already there are indexed
        later = SourceSnapshotFactory(text="The granary was rebuilt.")
        assert {s.pk for s in archived("granary")} == {page.pk, later.pk}

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN is PostgreSQL's")
    def test_captures_go_straight_into_the_index(self):
        """No pending list: a few long captures in one would slow every search until merged."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reloptions FROM pg_class WHERE relname = %s", [SCOPE.index.gin_index]
            )
            assert cursor.fetchone()[0] == ["fastupdate=off"]

    @pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's rebuilds drop triggers")
    def test_triggers_a_table_rebuild_dropped_come_back_after_migrate(self):
        from claims.apps import restore_search_triggers

        with connection.cursor() as cursor:
            for action in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER claims_sourcesnapshot_fts_{action}")
        SourceSnapshotFactory(text="Unindexed while the triggers were gone.")
        assert archived("unindexed") == []
        restore_search_triggers()
        page = SourceSnapshotFactory(text="Indexed once the triggers are back.")
        assert archived("indexed") == [page]


def migration_module():
    """The migration that adds the archived pages' index, whatever number it ends up with."""
    names = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    (name,) = [n for app, n in names if app == "claims" and n.endswith("_snapshot_search_index")]
    return importlib.import_module(f"claims.migrations.{name}")


class _Editor:
    """What the migration's functions use of a schema editor."""

    def __init__(self, cursor):
        self.connection = connection
        self.execute = cursor.execute


def index_exists() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = connection.introspection.get_table_description(
                cursor, "claims_sourcesnapshot"
            )
            return "search_vector" in {column.name for column in columns}
        return "claims_sourcesnapshot_fts" in connection.introspection.table_names(cursor)
