"""The verdict CSV: columns, escaping, filters, who sees what, and both database paths."""

import threading
from datetime import UTC, date
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.urls import reverse

from claims.exports import verdicts as exports
from claims.exports.verdicts import (
    VERDICT_COLUMNS,
    csv_cell,
    verdict_csv,
    verdict_csv_copy,
    verdict_csv_portable,
)
from claims.models import Claim, Source
from claims.selectors import ClaimFilters, claims_matching
from claims.services.workflow import claim_reopen, verdict_propose
from tests.exporting import as_dicts, body, parse, publish
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, UserFactory, rating
from tests.workflow_states import not_checkable

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("claims:export_verdicts")
DESIGN_COLUMNS = [
    "claim_id",
    "article_id",
    "article_title",
    "article_url",
    "claim_text",
    "kind",
    "stated_value",
    "unit",
    "attributed_to",
    "status",
    "rating",
    "rating_value",
    "verdict_summary",
    "evidence_count",
    "source_urls",
    "submitted_by",
    "approved_by",
    "published_at",
    "updated_at",
]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's fast path"
)

# Each database path: the portable one runs everywhere, the dispatcher picks COPY on PostgreSQL.
PATHS = [
    pytest.param(verdict_csv_portable, id="portable"),
    pytest.param(verdict_csv, id="default"),
]


def export(path, **filters) -> bytes:
    return b"".join(path(claims_matching(ClaimFilters(**filters))))


@pytest.fixture
def published(reviewer, editor):
    claim = ClaimFactory(external_id="pub-1")
    publish(
        claim,
        reviewer=reviewer,
        editor=editor,
        urls=("https://b.example.org/two", "https://a.example.org/one"),
    )
    return claim


class TestColumns:
    def test_header_is_the_designs_columns_in_order(self, editor, client):
        client.force_login(editor)
        response = client.get(EXPORT_URL)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="verdicts-')
        assert response.streaming
        assert parse(body(response))[0] == DESIGN_COLUMNS
        assert list(VERDICT_COLUMNS) == DESIGN_COLUMNS

    @pytest.mark.parametrize("path", PATHS)
    def test_a_published_claim_shows_its_published_verdict(self, path, published, editor):
        [row] = as_dicts(export(path))
        verdict = published.verdicts.get()
        assert row == {
            "claim_id": "pub-1",
            "article_id": published.article.external_id,
            "article_title": published.article.title,
            "article_url": "https://news.example.org/story",
            "claim_text": "The ministry hired 4,200 nurses in 2023.",
            "kind": "figure",
            "stated_value": "4200",
            "unit": "nurses",
            "attributed_to": "",
            "status": "published",
            "rating": "True",
            "rating_value": "5",
            "verdict_summary": "The ministry's own report gives the figure.",
            "evidence_count": "2",
            "source_urls": "https://a.example.org/one https://b.example.org/two",
            "submitted_by": "rita",
            "approved_by": "edna",
            "published_at": verdict.published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "updated_at": Claim.objects.get().updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }

    @pytest.mark.parametrize("path", PATHS)
    def test_a_claim_without_verdict_has_empty_verdict_cells(self, path):
        ClaimFactory(stated_value=Decimal("-3.50"), kind="figure")
        [row] = as_dicts(export(path))
        assert row["status"] == "new"
        assert row["stated_value"] == "-3.5"
        for column in ("rating", "rating_value", "verdict_summary", "source_urls", "published_at"):
            assert row[column] == ""
        assert row["evidence_count"] == "0"

    @pytest.mark.parametrize("path", PATHS)
    def test_lines_end_in_crlf_and_the_file_is_utf8(self, path):
        ClaimFactory(text="Zürich’s “budget” grew — 3,5 %")
        content = export(path)
        assert content.count(b"\r\n") == 2
        assert "Zürich’s “budget” grew — 3,5 %".encode() in content

    @pytest.mark.parametrize("path", PATHS)
    def test_a_claim_under_correction_keeps_its_published_verdict(
        self, path, published, reviewer, editor
    ):
        """A reopened claim is one row describing what is published; the correction being
        drafted is not in it unless asked for."""
        claim_reopen(claim=published, actor=editor, reason="A newer report.")
        verdict_propose(
            claim=published, actor=reviewer, rating=rating("mostly-false"), summary="Revised."
        )
        public = published.verdicts.get(is_public=True)
        [row] = as_dicts(export(path))
        assert (row["status"], row["rating"], row["rating_value"], row["verdict_summary"]) == (
            "researching",
            "True",
            "5",
            public.summary,
        )
        assert row["approved_by"] == editor.username
        assert row["published_at"] == public.published_at.astimezone(UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        assert "proposed_rating" not in row

    @pytest.mark.parametrize("path", PATHS)
    def test_a_source_cited_twice_is_listed_once(self, path, reviewer, editor):
        """Two excerpts from one report count as two rows of evidence but one source URL (the
        desk now refuses a second citation, but rows from before that rule remain)."""
        claim = ClaimFactory()
        publish(claim, reviewer=reviewer, editor=editor, urls=("https://a.example.org/r",))
        EvidenceFactory(claim=claim, source=Source.objects.get(), excerpt="p. 9")
        [row] = as_dicts(export(path))
        assert (row["evidence_count"], row["source_urls"]) == ("2", "https://a.example.org/r")

    @pytest.mark.parametrize("path", PATHS)
    def test_times_are_utc_whatever_the_sites_time_zone(self, path, published, settings):
        """Timestamps are written in UTC with a Z, even when the site runs in Seoul time."""
        settings.TIME_ZONE = "Asia/Seoul"
        [row] = as_dicts(export(path))
        published_at = published.verdicts.get().published_at.astimezone(UTC)
        assert row["published_at"] == published_at.strftime("%Y-%m-%dT%H:%M:%SZ")


class TestOrder:
    @pytest.fixture
    def claims(self):
        """Claims created out of order, in two articles whose own ordering is the reverse."""
        older = ArticleFactory(title="Zeta report", published_on=date(2024, 1, 1))
        newer = ArticleFactory(title="Alpha report", published_on=date(2024, 6, 1))
        second_sentence = "Officials confirmed that the budget grew by 3.5 percent."
        ClaimFactory(article=newer, external_id="newer-2", quote=second_sentence)
        ClaimFactory(article=older, external_id="older-2", quote=second_sentence)
        ClaimFactory(article=newer, external_id="newer-1")
        ClaimFactory(article=older, external_id="older-1")

    @pytest.mark.parametrize("path", PATHS)
    @pytest.mark.parametrize(
        ("ordering", "expected"),
        [
            pytest.param((), ["older-1", "older-2", "newer-1", "newer-2"], id="none"),
            pytest.param(("?",), ["older-1", "older-2", "newer-1", "newer-2"], id="random"),
            pytest.param(
                ("article", "start"), ["older-1", "older-2", "newer-1", "newer-2"], id="article"
            ),
            pytest.param(
                ("article__title", "-start"),
                ["newer-2", "newer-1", "older-2", "older-1"],
                id="across-a-relation",
            ),
        ],
    )
    def test_rows_follow_the_querysets_order(self, path, ordering, expected, claims):
        """Both paths sort by the article's key, not its own order; none or "?" means by article."""
        queryset = Claim.objects.order_by(*ordering) if ordering else Claim.objects.all()
        assert [row["claim_id"] for row in as_dicts(b"".join(path(queryset)))] == expected

    @pytest.mark.parametrize("path", PATHS)
    def test_claims_tied_on_the_sort_keys_keep_their_creation_order(self, path):
        """Two claims on the same sentence come out oldest first, even after an edit."""
        article = ArticleFactory()
        first = ClaimFactory(article=article, external_id="first")
        ClaimFactory(article=article, external_id="second")
        # An edit moves the row on disk: without a tie-break PostgreSQL would return it last.
        first.text = "Edited after the second claim was added."
        first.save()
        assert [row["claim_id"] for row in as_dicts(export(path))] == ["first", "second"]


DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]


class TestEscaping:
    @pytest.mark.parametrize("start", DANGEROUS)
    def test_cell_escaper_prefixes_a_quote(self, start):
        assert csv_cell(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"

    @pytest.mark.parametrize("value", ["SUM(1)", "a=b", "", "'quoted", " =spaced", "4,200"])
    def test_cell_escaper_leaves_safe_text_alone(self, value):
        assert csv_cell(value) == value

    def test_cell_escaper_formats_values(self):
        assert csv_cell(None) == ""
        assert csv_cell(7) == "7"
        assert csv_cell(Decimal("10000.0000")) == "10000"
        assert csv_cell(Decimal("-2.5000")) == "'-2.5"

    @pytest.mark.parametrize("path", PATHS)
    @pytest.mark.parametrize("start", DANGEROUS)
    def test_every_dangerous_start_is_escaped_in_every_text_column(self, path, start):
        article = ArticleFactory(title=f"{start}title", url="https://news.example.org/a")
        ClaimFactory(
            article=article,
            external_id=f"{start}id",
            text=f'{start}HYPERLINK("http://evil.example/","click")',
            unit=f"{start}unit",
            attributed_to=f"{start}cmd|' /C calc'!A0",
        )
        [row] = as_dicts(export(path))
        assert row["claim_id"] == f"'{start}id"
        assert row["article_title"] == f"'{start}title"
        assert row["claim_text"] == f'\'{start}HYPERLINK("http://evil.example/","click")'
        assert row["unit"] == f"'{start}unit"
        assert row["attributed_to"] == f"'{start}cmd|' /C calc'!A0"

    @pytest.mark.parametrize("path", PATHS)
    def test_quotes_newlines_and_non_ascii_survive_a_round_trip(self, path, reviewer, editor):
        text = 'He said "never",\nthen\r\nagain: ça coûte 10 000 ₩ — 北朝鮮'
        claim = ClaimFactory(text=text, attributed_to='"=quoted" start', unit="")
        summary = 'First line, with "quotes"\nsecond line; 中文 ✓'
        publish(claim, reviewer=reviewer, editor=editor, summary=summary)
        [row] = as_dicts(export(path))
        assert row["claim_text"] == text
        assert row["attributed_to"] == '"=quoted" start'
        assert row["verdict_summary"] == summary

    @on_postgresql
    def test_copy_writes_the_same_bytes_as_the_portable_path(self, reviewer, editor):
        for start in DANGEROUS:
            ClaimFactory(text=f'{start}x, "y"\nz', unit="", stated_value=Decimal("-1.25"))
        publish(ClaimFactory(text="Ünïcödé"), reviewer=reviewer, editor=editor)
        copied = export(verdict_csv_copy)
        assert copied == export(verdict_csv_portable)
        assert len(parse(copied)) == 8


class TestFilters:
    @pytest.fixture
    def claims(self, reviewer, editor):
        first, second = ArticleFactory(), ArticleFactory()
        published = ClaimFactory(article=first, external_id="p", text="Nurses were hired")
        publish(published, reviewer=reviewer, editor=editor, slug="mostly-false")
        ClaimFactory(article=first, external_id="n", kind="event", text="Budget grew")
        ClaimFactory(article=second, external_id="o", kind="opinion", text="Scrap the plan")
        return first, second

    def ids(self, client, query: str) -> list[str]:
        response = client.get(f"{EXPORT_URL}?{query}")
        return [row["claim_id"] for row in as_dicts(body(response))]

    def test_export_applies_the_queues_filters(self, client, editor, claims):
        first, second = claims
        client.force_login(editor)
        assert sorted(self.ids(client, "")) == ["n", "o", "p"]
        assert self.ids(client, "status=published") == ["p"]
        assert sorted(self.ids(client, "status=new&status=published")) == ["n", "o", "p"]
        assert self.ids(client, "kind=opinion") == ["o"]
        assert sorted(self.ids(client, f"article={first.pk}")) == ["n", "p"]
        assert self.ids(client, f"article={second.pk}") == ["o"]
        assert self.ids(client, "rating=mostly-false") == ["p"]
        assert self.ids(client, "q=budget") == ["n"]
        assert self.ids(client, "assignee=rita") == ["p"]
        assert sorted(self.ids(client, "assignee=unassigned")) == ["n", "o"]

    def test_export_keeps_the_queues_order(self, client, editor, claims):
        Claim.objects.filter(external_id="o").update(priority=90)
        Claim.objects.filter(external_id="n").update(priority=10)
        client.force_login(editor)
        assert self.ids(client, "") == ["o", "p", "n"]
        assert self.ids(client, "sort=priority") == ["o", "p", "n"]

    def test_queue_and_article_pages_link_to_the_filtered_export(self, client, editor, claims):
        first, _second = claims
        client.force_login(editor)
        queue = client.get(reverse("claims:claim_list") + "?kind=event&page=2").content.decode()
        assert f'action="{EXPORT_URL}"' in queue
        assert '<input type="hidden" name="kind" value="event">' in queue
        assert 'name="page"' not in queue.split('class="export-form"')[1].split("</form>")[0]
        article = client.get(reverse("claims:article_detail", args=[first.pk])).content.decode()
        assert f'href="{EXPORT_URL}?article={first.pk}"' in article


class TestPermissions:
    @pytest.fixture
    def mixed(self, reviewer, editor):
        publish(ClaimFactory(external_id="done"), reviewer=reviewer, editor=editor)
        ClaimFactory(external_id="fresh")
        not_checkable(editor, external_id="gone")

    def ids(self, client, query: str = "") -> list[str]:
        return sorted(row["claim_id"] for row in as_dicts(body(client.get(EXPORT_URL + query))))

    def test_anonymous_visitor_is_sent_to_login(self, client, mixed):
        for url in (EXPORT_URL, reverse("claims:export_corrections")):
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("login") + "?next=")

    def test_reviewer_exports_published_verdicts_only(self, client, reviewer2, mixed):
        client.force_login(reviewer2)
        assert self.ids(client) == ["done"]
        assert self.ids(client, "?status=new") == []
        assert self.ids(client, "?status=new&status=published") == ["done"]

    def test_logged_in_user_without_a_role_gets_published_only(self, client, mixed):
        client.force_login(UserFactory())
        assert self.ids(client) == ["done"]

    def test_editor_exports_every_status(self, client, editor2, mixed):
        client.force_login(editor2)
        assert self.ids(client) == ["done", "fresh", "gone"]
        assert self.ids(client, "?status=new") == ["fresh"]

    def test_staff_export_every_status(self, client, staff, mixed):
        client.force_login(staff)
        assert self.ids(client) == ["done", "fresh", "gone"]
        client.force_login(UserFactory(is_staff=True))
        assert self.ids(client) == ["done", "fresh", "gone"]

    def test_export_only_answers_get(self, client, editor):
        client.force_login(editor)
        assert client.post(EXPORT_URL).status_code == 405


class TestStreaming:
    @pytest.mark.parametrize("path", PATHS)
    def test_header_comes_before_any_row_is_read(self, path, django_assert_num_queries):
        ClaimFactory()
        chunks = path(claims_matching(ClaimFilters()))
        with django_assert_num_queries(0):
            first = next(chunks)
        assert first == (",".join(DESIGN_COLUMNS) + "\r\n").encode()

    @pytest.mark.parametrize(
        ("rows_per_chunk", "chunk_bytes"),
        [(1, len(b"aaaa\r\n")), (2, len(b"aaaa\r\n") + 1)],
        ids=["exactly-one-row", "just-over-one-row"],
    )
    def test_a_chunk_is_sent_once_it_reaches_the_chunk_size(
        self, monkeypatch, rows_per_chunk, chunk_bytes
    ):
        """Rows gather until they fill a chunk, then go out at once; the rest goes at the end."""
        monkeypatch.setattr(exports, "CHUNK_BYTES", chunk_bytes)
        rows = [["aaaa"], ["bbbb"], ["cccc"]]
        chunks = list(exports.csv_stream(["h"], rows))
        lines = [b"aaaa\r\n", b"bbbb\r\n", b"cccc\r\n"]
        expected = [
            b"".join(lines[index : index + rows_per_chunk]) for index in range(0, 3, rows_per_chunk)
        ]
        assert chunks == [b"h\r\n", *expected]

    @on_postgresql
    def test_copy_sends_a_chunk_once_it_reaches_the_chunk_size(self, monkeypatch):
        """COPY's rows are relayed by the same rule: a full chunk goes out at once."""
        for index in range(3):
            ClaimFactory(external_id=f"c-{index}")
        _header, *rows = export(verdict_csv_copy).split(b"\r\n")[:-1]
        assert len({len(row) for row in rows}) == 1  # equal rows make the boundary exact
        monkeypatch.setattr(exports, "CHUNK_BYTES", len(rows[0]) + 2)
        chunks = list(verdict_csv_copy(claims_matching(ClaimFilters())))
        assert chunks[1:] == [row + b"\r\n" for row in rows]

    @on_postgresql
    def test_postgresql_exports_through_one_copy(self, django_assert_num_queries):
        """On PostgreSQL the export is a COPY on the raw connection, not ORM queries."""
        ClaimFactory.create_batch(3)
        with django_assert_num_queries(0):
            content = export(verdict_csv)
        assert content == export(verdict_csv_portable)

    def test_portable_path_reads_in_batches(self, monkeypatch, django_assert_max_num_queries):
        monkeypatch.setattr(exports, "BATCH_ROWS", 2)
        ClaimFactory.create_batch(5)
        with django_assert_max_num_queries(12):
            content = export(verdict_csv_portable)
        assert len(parse(content)) == 6

    @pytest.mark.parametrize("size", [3, 30])
    def test_export_view_runs_a_fixed_number_of_queries(
        self, size, client, editor, django_assert_max_num_queries
    ):
        ClaimFactory.create_batch(size)
        client.force_login(editor)
        with django_assert_max_num_queries(12):
            assert len(parse(body(client.get(EXPORT_URL)))) == size + 1


@pytest.mark.django_db(transaction=True)
class TestSnapshot:
    """Edits committed while an export streams do not show up half-way through it."""

    def edit_elsewhere(self) -> None:
        def edit():
            try:
                Claim.objects.update(text="edited")
                for claim in Claim.objects.all():
                    EvidenceFactory(claim=claim)
                Claim.objects.filter(external_id="c-4").delete()
            finally:
                connections.close_all()

        thread = threading.Thread(target=edit)
        thread.start()
        thread.join()

    @on_postgresql
    @pytest.mark.parametrize("path", [verdict_csv_copy, verdict_csv_portable])
    def test_rows_come_from_one_snapshot(self, path, monkeypatch):
        monkeypatch.setattr(exports, "CHUNK_BYTES", 1)
        monkeypatch.setattr(exports, "BATCH_ROWS", 1)
        article = ArticleFactory()
        for index in range(6):
            ClaimFactory(article=article, external_id=f"c-{index}", text="original")
        chunks = path(claims_matching(ClaimFilters(sort="updated")))
        header, first_row = next(chunks), next(chunks)
        self.edit_elsewhere()
        rows = parse(header + first_row + b"".join(chunks))[1:]
        assert [row[0] for row in rows] == [f"c-{index}" for index in reversed(range(6))]
        assert {row[4] for row in rows} == {"original"}
        assert {row[13] for row in rows} == {"0"}
        assert Claim.objects.filter(text="edited").count() == 5
