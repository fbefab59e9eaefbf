"""The verdict CSV: columns, escaping, filters, who sees what, and both database paths."""

import threading
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
from claims.models import Claim
from claims.selectors import ClaimFilters, claims_matching
from tests.exporting import as_dicts, body, parse, publish
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, UserFactory
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
        assert row["stated_value"] == "'-3.5"
        for column in ("rating", "rating_value", "verdict_summary", "source_urls", "published_at"):
            assert row[column] == ""
        assert row["evidence_count"] == "0"

    @pytest.mark.parametrize("path", PATHS)
    def test_lines_end_in_crlf_and_the_file_is_utf8(self, path):
        ClaimFactory(text="Zürich’s “budget” grew — 3,5 %")
        content = export(path)
        assert content.count(b"\r\n") == 2
        assert "Zürich’s “budget” grew — 3,5 %".encode() in content


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
        assert f'href="{EXPORT_URL}?kind=event"' in queue
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
