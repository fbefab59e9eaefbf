"""The import engine and the import_claims command: good files, every bad input, atomicity."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

from claims.importers import import_file
from claims.importers.columns import COLUMNS
from claims.importers.engine import writer_for_database
from claims.models import Article, Claim, ClaimEvent, Evidence, ImportRecord, Source
from tests.factories import (
    BODY,
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    ReviewerFactory,
    SourceFactory,
    UserFactory,
)
from tests.workflow_states import in_review, published

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
QUOTE1 = "The ministry said 4,200 nurses were hired in 2023."
QUOTE2 = "Officials confirmed that the budget grew by 3.5 percent."


def article_row(**values) -> dict:
    row = {
        "article_id": "a1",
        "article_title": "Nurses and budgets",
        "article_body": BODY,
        "claim_id": "c1",
        "text": "The ministry hired 4,200 nurses in 2023.",
        "quote": QUOTE1,
        "kind": "figure",
        "stated_value": "4,200",
        "qualifier": "exact",
        "unit": "nurses",
    }
    row.update(values)
    return row


def second_row(**values) -> dict:
    row = {
        "article_id": "a1",
        "claim_id": "c2",
        "text": "The budget grew by 3.5%.",
        "quote": QUOTE2,
        "kind": "figure",
        "stated_value": "3.5",
        "unit": "percent",
    }
    row.update(values)
    return row


def csv_bytes(rows: list[dict], header=COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def run(data: bytes, name: str = "claims.csv", **options):
    return import_file(io.BytesIO(data), name=name, **options)


def errors(report) -> list[str]:
    return report.errors.kept


def snapshot() -> dict:
    """Everything an import could touch, to prove that nothing was written."""
    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "claims": list(Claim.objects.order_by("pk").values()),
        "evidence": list(Evidence.objects.order_by("pk").values()),
        "sources": list(Source.objects.order_by("pk").values()),
        "events": list(ClaimEvent.objects.order_by("pk").values()),
    }


@pytest.fixture
def before(db):
    """Some existing data, and its snapshot, for the bad-input cases to leave alone."""
    ClaimFactory(article=ArticleFactory(external_id="existing"), external_id="e1")
    return snapshot()


class TestGoodFiles:
    def test_worked_example_imports_cleanly(self):
        data = (ROOT / "fixtures" / "import_example.csv").read_bytes()
        report = run(data, name="import_example.csv")
        assert errors(report) == []
        assert report.written
        assert (report.articles.created, report.claims.created, report.evidence.created) == (
            1,
            4,
            3,
        )
        claim = Claim.objects.get(external_id="waiting-lists")
        assert claim.article.body[claim.start : claim.end] == claim.quote
        assert claim.stated_value == Decimal("3400")
        assert claim.evidence.count() == 2
        assert Claim.objects.get(external_id="ambitious").status == Claim.Status.NOT_CHECKABLE

    def test_template_has_every_column(self):
        header = (ROOT / "fixtures" / "import_template.csv").read_text().strip().split(",")
        assert header == list(COLUMNS)

    def test_benchmark_generator_writes_the_same_columns(self):
        # bench/generate_claims.py spells the header out so that it runs without Django.
        from bench.generate_claims import COLUMNS as generated_columns

        assert generated_columns == list(COLUMNS)

    def test_new_claims_get_offsets_and_an_imported_event(self):
        actor = UserFactory(is_staff=True)
        report = run(csv_bytes([article_row(), second_row()]), actor=actor)
        assert errors(report) == []
        claim = Claim.objects.get(external_id="c2")
        assert (claim.start, claim.end) == (BODY.index(QUOTE2), BODY.index(QUOTE2) + len(QUOTE2))
        assert claim.stated_value == Decimal("3.5")
        event = claim.events.get()
        assert (event.kind, event.actor, event.to_data) == (
            ClaimEvent.Kind.IMPORTED,
            actor,
            {"external_id": "c2"},
        )

    def test_reimporting_the_same_file_changes_nothing(self):
        data = (ROOT / "fixtures" / "import_example.csv").read_bytes()
        run(data)
        state = snapshot()
        report = run(data)
        assert errors(report) == []
        assert (report.claims.created, report.claims.updated, report.claims.unchanged) == (0, 0, 4)
        assert (report.evidence.created, report.evidence.updated) == (0, 0)
        assert report.articles.unchanged == 1
        assert snapshot() == state

    def test_an_edited_row_updates_its_claim_and_records_the_change(self):
        actor = UserFactory(is_staff=True)
        run(csv_bytes([article_row(), second_row()]))
        claim = Claim.objects.get(external_id="c1")
        version = claim.version
        report = run(
            csv_bytes([article_row(stated_value="4,300", unit="nurses hired"), second_row()]),
            actor=actor,
        )
        assert errors(report) == []
        assert (report.claims.created, report.claims.updated, report.claims.unchanged) == (0, 1, 1)
        claim.refresh_from_db()
        assert (claim.stated_value, claim.unit, claim.version) == (
            Decimal("4300"),
            "nurses hired",
            version + 1,
        )
        event = claim.events.latest("pk")
        assert event.kind == ClaimEvent.Kind.IMPORTED
        assert event.actor == actor
        assert event.from_data == {"stated_value": "4200", "unit": "nurses"}
        assert event.to_data == {"stated_value": "4300", "unit": "nurses hired"}

    def test_a_new_quote_moves_the_offsets(self):
        run(csv_bytes([article_row()]))
        report = run(csv_bytes([article_row(quote="4,200 nurses")]))
        assert errors(report) == []
        claim = Claim.objects.get(external_id="c1")
        assert claim.article.body[claim.start : claim.end] == "4,200 nurses"
        assert claim.events.latest("pk").to_data["quote"] == "4,200 nurses"

    def test_status_moves_forward_only(self):
        reviewer = ReviewerFactory(username="rita")
        run(csv_bytes([article_row(), second_row(status="researching")]))
        report = run(
            csv_bytes(
                [article_row(status="researching", assignee="rita"), second_row(status="new")]
            )
        )
        assert errors(report) == []
        first, second = Claim.objects.get(external_id="c1"), Claim.objects.get(external_id="c2")
        assert (first.status, first.assignee) == (Claim.Status.RESEARCHING, reviewer)
        assert second.status == Claim.Status.RESEARCHING  # further along: kept
        event = first.events.latest("pk")
        assert event.from_data == {"status": "new", "assignee": None}
        assert event.to_data == {"status": "researching", "assignee": "rita"}

    def test_not_checkable_gets_a_reason(self):
        run(csv_bytes([article_row(status="not_checkable")]))
        claim = Claim.objects.get(external_id="c1")
        assert claim.status == Claim.Status.NOT_CHECKABLE
        assert claim.status_reason

    def test_a_published_claim_keeps_its_status_and_other_fields_may_change(self, reviewer, editor):
        claim = published(
            reviewer, editor, article=ArticleFactory(external_id="a1"), external_id="c1"
        )
        assert claim.unit == "nurses"
        report = run(
            csv_bytes(
                [article_row(text=claim.text, article_body="", status="new", unit="nurses hired")]
            )
        )
        assert errors(report) == []
        claim.refresh_from_db()
        assert (claim.status, claim.unit) == (Claim.Status.PUBLISHED, "nurses hired")
        assert claim.events.filter(kind="imported", to_data__unit="nurses hired").exists()

    def test_evidence_is_updated_not_duplicated_and_sources_are_shared(self):
        source = SourceFactory(url="https://example.org/report", title="")
        claim = ClaimFactory(article=ArticleFactory(external_id="a1"), external_id="c1")
        EvidenceFactory(claim=claim, source=source, stance="supports", reported_value=4200)
        row = article_row(
            text=claim.text,
            article_body="",
            source_url="HTTPS://Example.org/report?utm_source=feed#top",
            source_title="The report",
            stance="contradicts",
            reported_value="4,100",
        )
        report = run(csv_bytes([row]))
        assert errors(report) == []
        assert (report.evidence.created, report.evidence.updated) == (0, 1)
        evidence = claim.evidence.get()
        assert (evidence.stance, evidence.reported_value) == ("contradicts", Decimal("4100"))
        # Raised, so someone editing this row on the claim page gets a conflict, not a loss.
        assert evidence.version == 2
        source.refresh_from_db()
        assert source.title == "The report"  # filled in because it was empty
        event = claim.events.get(kind=ClaimEvent.Kind.EVIDENCE_CHANGED)
        assert event.from_data == {
            "source": "https://example.org/report",
            "stance": "supports",
            "reported_value": "4200",
        }
        assert Source.objects.count() == 1

    def test_a_claim_repeats_on_further_lines_to_add_sources(self):
        rows = [
            article_row(source_url="https://one.example.org/a", stance="supports"),
            {"article_id": "a1", "claim_id": "c1", "source_url": "https://two.example.org/b"},
        ]
        report = run(csv_bytes(rows))
        assert errors(report) == []
        claim = Claim.objects.get()
        assert claim.evidence.count() == 2
        assert claim.events.filter(kind=ClaimEvent.Kind.EVIDENCE_ADDED).count() == 2

    def test_a_quote_may_come_before_its_articles_text(self):
        rows = [
            second_row(article_title="Nurses", article_body=""),
            article_row(article_title=""),
        ]
        report = run(csv_bytes(rows))
        assert errors(report) == []
        claim = Claim.objects.get(external_id="c2")
        assert claim.article.body[claim.start : claim.end] == QUOTE2

    def test_a_quote_before_its_articles_text_may_open_that_text(self):
        opening = BODY.split(".")[0] + "."
        rows = [
            second_row(article_title="Nurses", article_body="", quote=opening),
            article_row(article_title=""),
        ]
        report = run(csv_bytes(rows))
        assert errors(report) == []
        claim = Claim.objects.get(external_id="c2")
        assert (claim.start, claim.end) == (0, len(opening))

    def test_without_a_quote_the_text_is_the_anchor_when_it_occurs(self):
        report = run(csv_bytes([article_row(text=QUOTE2, quote="")]))
        assert errors(report) == []
        assert Claim.objects.get().quote == QUOTE2

    def test_json_file(self):
        data = json.dumps([article_row(stated_value=4200), second_row(stated_value=3.5)])
        report = run(data.encode(), name="claims.json")
        assert errors(report) == []
        assert Claim.objects.get(external_id="c2").stated_value == Decimal("3.5")

    def test_xlsx_file_keeps_formulas_as_text(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(list(COLUMNS))
        row = article_row(attributed_to='=HYPERLINK("http://evil.example","x")', unit="=1+1")
        row["stated_value"] = 4200
        sheet.append([row.get(column, None) for column in COLUMNS])
        out = io.BytesIO()
        workbook.save(out)
        report = run(out.getvalue(), name="claims.xlsx")
        assert errors(report) == []
        claim = Claim.objects.get()
        assert claim.unit == "=1+1"
        assert claim.attributed_to.startswith("=HYPERLINK(")
        assert claim.stated_value == Decimal("4200")

    def test_utf8_byte_order_mark_is_fine(self):
        report = run(b"\xef\xbb\xbf" + csv_bytes([article_row()]))
        assert errors(report) == []

    def test_unknown_columns_are_warnings(self):
        rows = [{**article_row(), "colour": "blue"}]
        report = run(csv_bytes(rows, header=[*COLUMNS, "colour"]))
        assert errors(report) == []
        assert report.warnings == ["row 1, column colour: unknown column, ignored"]

    def test_dry_run_writes_nothing_but_counts(self, before):
        report = run(csv_bytes([article_row(), second_row()]), dry_run=True)
        assert errors(report) == []
        assert report.claims.created == 2
        assert not report.written
        assert snapshot() == before

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's COPY path")
    def test_postgresql_imports_through_copy_and_sql(self):
        from claims.importers.postgres import PostgresWriter

        assert isinstance(writer_for_database(), PostgresWriter)
        rows = [article_row(source_url="https://one.example.org/a"), second_row()]
        report = run(csv_bytes(rows))
        assert errors(report) == []
        assert (report.claims.created, report.evidence.created) == (2, 1)
        assert ClaimEvent.objects.filter(kind=ClaimEvent.Kind.EVIDENCE_ADDED).count() == 1
        assert run(csv_bytes(rows)).claims.unchanged == 2


class TestBadInput:
    """Each bad file gets a message naming row and column, and writes nothing."""

    def assert_rejected(self, report, before, expected: list[str]) -> None:
        assert errors(report) == expected
        assert not report.written
        assert snapshot() == before

    def test_not_utf8_names_the_line(self, before):
        data = csv_bytes([article_row(), second_row(text="Caf\u00e9 prices rose")])
        data = data.replace("Café".encode(), "Café".encode("latin-1"))
        report = run(data)
        self.assert_rejected(
            report,
            before,
            [
                "line 3: the file is not UTF-8 text; save it as “CSV UTF-8” (or UTF-8 JSON) "
                "and try again."
            ],
        )

    def test_missing_required_columns(self, before):
        header = [column for column in COLUMNS if column not in ("text", "claim_id")]
        report = run(csv_bytes([article_row()], header=header))
        self.assert_rejected(
            report,
            before,
            [
                "row 1, column claim_id: required column is missing",
                "row 1, column text: required column is missing",
            ],
        )

    def test_required_cells(self, before):
        report = run(csv_bytes([article_row(claim_id="", text="")]))
        self.assert_rejected(
            report,
            before,
            ["row 2, column claim_id: is required", "row 2, column text: is required"],
        )

    def test_duplicate_claim_in_the_file(self, before):
        report = run(csv_bytes([article_row(), second_row(), article_row(article_body="")]))
        self.assert_rejected(
            report,
            before,
            [
                "row 4, column claim_id: duplicate: claim “c1” of article “a1” is already on "
                "row 2 (a claim's further lines must follow its first one)"
            ],
        )

    def test_a_repeated_line_without_a_new_source_is_a_duplicate(self, before):
        report = run(csv_bytes([article_row(), article_row(article_body="")]))
        self.assert_rejected(
            report,
            before,
            [
                "row 3, column claim_id: duplicate: claim “c1” of article “a1” is already on "
                "row 2 (repeat a claim only to add another source)"
            ],
        )

    def test_quote_not_in_the_article(self, before):
        report = run(csv_bytes([article_row(quote="The ministry fired 4,200 nurses.")]))
        self.assert_rejected(
            report, before, ["row 2, column quote: does not occur in the text of article “a1”"]
        )

    @pytest.mark.parametrize(
        ("column", "value", "message"),
        [
            (
                "kind",
                "rumour",
                "unknown kind “rumour”; use one of attribution, event, figure, opinion, "
                "prediction, quote",
            ),
            (
                "qualifier",
                "roughly",
                "unknown qualifier “roughly”; use one of approximately, at_least, at_most, exact",
            ),
            (
                "status",
                "done",
                "unknown status “done”; use one of new, researching, not_checkable",
            ),
            (
                "status",
                "published",
                "“published” is reached only through the workflow; an import sets new, "
                "researching, not_checkable",
            ),
            (
                "stated_value",
                "about 10k",
                "“about 10k” is not a number (use digits, a dot for decimals: 10,000 or 3.5)",
            ),
            ("stated_value", "1.23456", "“1.23456” has more than 4 decimal places"),
            ("unit", "u" * 101, "is longer than 100 characters"),
            ("attributed_to", "a" * 301, "is longer than 300 characters"),
            ("claim_id", "c" * 101, "is longer than 100 characters"),
            ("assignee", "nobody", "no user is called “nobody”"),
        ],
    )
    def test_bad_claim_cells(self, before, column, value, message):
        report = run(csv_bytes([article_row(**{column: value})]))
        self.assert_rejected(report, before, [f"row 2, column {column}: {message}"])

    @pytest.mark.parametrize(
        ("column", "value", "message"),
        [
            (
                "source_url",
                "ftp://example.org/x",
                "“ftp://example.org/x” is not an http or https web address",
            ),
            (
                "source_url",
                "javascript:alert(1)",
                "“javascript:alert(1)” is not an http or https web address",
            ),
            (
                "stance",
                "agrees",
                "unknown stance “agrees”; use one of context, contradicts, supports",
            ),
            (
                "reported_value",
                "n/a",
                "“n/a” is not a number (use digits, a dot for decimals: 10,000 or 3.5)",
            ),
            ("source_published_on", "03/02/2024", "“03/02/2024” is not a date (use YYYY-MM-DD)"),
            ("source_title", "t" * 501, "is longer than 500 characters"),
        ],
    )
    def test_bad_evidence_cells(self, before, column, value, message):
        row = article_row(source_url="https://example.org/report")
        row[column] = value
        report = run(csv_bytes([row]))
        self.assert_rejected(report, before, [f"row 2, column {column}: {message}"])

    def test_evidence_columns_need_a_source(self, before):
        report = run(csv_bytes([article_row(stance="supports")]))
        self.assert_rejected(
            report,
            before,
            ["row 2, column source_url: is required when the row has evidence columns"],
        )

    def test_assignee_must_be_a_reviewer(self, before):
        UserFactory(username="outsider")
        report = run(csv_bytes([article_row(assignee="outsider")]))
        self.assert_rejected(
            report, before, ["row 2, column assignee: “outsider” is not a reviewer or an editor"]
        )

    def test_empty_file(self, before):
        self.assert_rejected(
            run(b""),
            before,
            ["The file is empty: it needs a header row and at least one row."],
        )

    def test_header_only_file_imports_nothing(self, before):
        report = run(csv_bytes([]))
        assert report.rows == 0
        assert snapshot() == before

    def test_file_over_the_size_limit(self, before, settings):
        settings.IMPORT_MAX_BYTES = 100
        report = run(csv_bytes([article_row()]))
        self.assert_rejected(
            report,
            before,
            [
                "The file is 0.0 MB; the largest import accepted is 0.0 MB (the "
                "IMPORT_MAX_BYTES setting)."
            ],
        )

    def test_malformed_json(self, before):
        data = b'[\n  {"article_id": "a1", "claim_id": "c1", "text": "t"},\n  {"article_id": ,}\n]'
        report = run(data, name="claims.json")
        self.assert_rejected(
            report,
            before,
            ["line 3: the JSON is malformed (Expecting value)."],
        )

    def test_json_must_be_a_list_of_objects(self, before):
        report = run(b'{"article_id": "a1"}', name="claims.json")
        self.assert_rejected(
            report,
            before,
            ["The JSON file must hold a list of objects, one per row: [{…}, …]."],
        )

    def test_malformed_xlsx(self, before):
        report = run(b"PK\x03\x04 this is not a workbook", name="claims.xlsx")
        assert report.errors.count == 1
        assert errors(report)[0].startswith("The file is not a readable XLSX workbook")
        assert snapshot() == before

    def test_unsupported_extension(self, before):
        report = run(csv_bytes([article_row()]), name="claims.txt")
        self.assert_rejected(
            report,
            before,
            ["“claims.txt” is not an import file: the name must end in .csv, .json or .xlsx."],
        )

    def test_two_different_bodies_for_one_article(self, before):
        report = run(csv_bytes([article_row(), second_row(article_body=BODY + " More.")]))
        self.assert_rejected(
            report,
            before,
            [
                "row 3, column article_body: differs from the article text given on row 2; "
                "an article has one text"
            ],
        )

    def test_a_new_article_needs_a_title_and_a_body(self, before):
        report = run(csv_bytes([article_row(article_title="", article_body="", quote="")]))
        self.assert_rejected(
            report,
            before,
            [
                "row 2, column article_title: a new article needs a title",
                "row 2, column article_body: a new article needs its text, on one of its rows",
            ],
        )

    def test_an_existing_articles_text_is_never_changed(self, before):
        row = article_row(article_id="existing", claim_id="e1", article_body="Another text.")
        report = run(csv_bytes([row]))
        self.assert_rejected(
            report,
            before,
            [
                "row 2, column article_body: differs from the stored text of article "
                "“existing”; an import never changes the text that claims are anchored in"
            ],
        )

    @pytest.mark.parametrize("status", ["in_review", "published"])
    def test_text_of_a_claim_in_review_or_published_cannot_change(self, status, reviewer, editor):
        fields = {"article": ArticleFactory(external_id="a1"), "external_id": "c1"}
        if status == "in_review":
            in_review(reviewer, **fields)
        else:
            published(reviewer, editor, **fields)
        state = snapshot()
        report = run(csv_bytes([article_row(article_body="", text="A reworded claim.")]))
        label = "in review" if status == "in_review" else "published"
        self.assert_rejected(
            report,
            state,
            [
                f"row 2, column text: claim “c1” of article “a1” is {label}: an import cannot "
                "change its text or quote"
            ],
        )

    def test_evidence_of_a_published_claim_cannot_change(self, reviewer, editor):
        claim = published(
            reviewer, editor, article=ArticleFactory(external_id="a1"), external_id="c1"
        )
        state = snapshot()
        row = article_row(article_body="", text=claim.text, source_url="https://example.org/new")
        report = run(csv_bytes([row]))
        self.assert_rejected(
            report,
            state,
            [
                "row 2, column source_url: claim “c1” of article “a1” is published: an import "
                "cannot add or change its evidence"
            ],
        )

    def test_every_error_is_collected(self, before):
        rows = [article_row(kind="rumour"), second_row(stated_value="lots", stance="x")]
        report = run(csv_bytes(rows))
        assert report.errors.count == 3
        assert snapshot() == before


class TestNewArticlesLanguage:
    def test_an_imported_article_gets_its_detected_language(self):
        report = run(csv_bytes([article_row(), second_row()]))
        assert errors(report) == []
        assert Article.objects.get(external_id="a1").language == "en"

    def test_a_refused_import_does_not_detect_its_articles_language(self, monkeypatch):
        # Detection loads a model of about 100 MB; a refused import is rolled back anyway.
        from claims.importers import engine

        detected = []
        monkeypatch.setattr(engine, "detect_language", lambda text: detected.append(text) or "en")
        report = run(csv_bytes([article_row(), second_row(kind="kind-of")]))
        assert report.errors.count == 1
        assert detected == []
        assert not Article.objects.filter(external_id="a1").exists()


class TestAtomicity:
    def test_an_error_in_the_last_row_leaves_the_database_exactly_as_it_was(self):
        run(csv_bytes([article_row(), second_row()]))
        state = snapshot()
        rows = [
            article_row(stated_value="4,300", source_url="https://one.example.org/a"),
            second_row(unit="points"),
            second_row(claim_id="c3", text="New claim.", quote="", kind="kind-of"),
        ]
        report = run(csv_bytes(rows))
        assert report.errors.count == 1
        assert snapshot() == state


class TestCommand:
    def write(self, tmp_path, rows, name="claims.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows))
        return path

    def test_a_one_row_file_reads_one_row(self, tmp_path, capsys):
        call_command("import_claims", str(self.write(tmp_path, [article_row()])))
        assert "claims.csv: 1 row read." in capsys.readouterr().out

    def test_imports_and_prints_a_summary(self, tmp_path, capsys):
        path = self.write(tmp_path, [article_row(), second_row()])
        call_command("import_claims", str(path))
        out = capsys.readouterr()
        assert "claims.csv: 2 rows read." in out.out
        assert "Imported." in out.out
        assert "reading: 100%" in out.err  # plain progress lines: stderr is not a terminal
        assert Claim.objects.count() == 2
        record = ImportRecord.objects.get()
        assert (record.outcome, record.via, record.claims_created) == ("succeeded", "command", 2)
        assert len(record.checksum) == 64

    def test_dry_run_writes_nothing(self, tmp_path, capsys):
        path = self.write(tmp_path, [article_row(), second_row()])
        call_command("import_claims", str(path), "--dry-run")
        assert "Dry run: no errors" in capsys.readouterr().out
        assert Claim.objects.count() == 0
        assert ImportRecord.objects.get().outcome == ImportRecord.Outcome.PREVIEWED

    def test_errors_exit_1_print_every_error_and_write_nothing(self, tmp_path, capsys):
        path = self.write(tmp_path, [article_row(kind="rumour"), second_row(stated_value="x")])
        with pytest.raises(CommandError) as raised:
            call_command("import_claims", str(path))
        assert raised.value.returncode == 1
        out = capsys.readouterr().out
        assert "error: row 2, column kind: unknown kind “rumour”" in out
        assert "error: row 3, column stated_value: “x” is not a number" in out
        assert Claim.objects.count() == 0
        assert ImportRecord.objects.get().outcome == ImportRecord.Outcome.FAILED

    def test_unsupported_extension_is_refused(self, tmp_path):
        path = self.write(tmp_path, [article_row()], name="claims.txt")
        with pytest.raises(CommandError, match="must end in .csv, .json or .xlsx"):
            call_command("import_claims", str(path))

    def test_editor_assignee_is_accepted(self, tmp_path):
        EditorFactory(username="edna")
        path = self.write(tmp_path, [article_row(assignee="edna")])
        call_command("import_claims", str(path))
        assert Claim.objects.get().assignee.username == "edna"


class TestImportedSourcesAreChecked:
    """A bulk import's new sources are checked and archived like those cited by hand."""

    def test_one_task_queues_a_check_of_each_new_source(self, django_capture_on_commit_callbacks):
        from django_tasks_db.models import DBTaskResult

        from claims.sources.tasks import check_sources_never_checked

        checked = SourceFactory(url="https://already.example.org/", link_checked_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            report = run(
                csv_bytes(
                    [
                        article_row(source_url="https://new.example.org/a", stance="supports"),
                        second_row(source_url=checked.url, stance="supports"),
                    ]
                )
            )
        assert report.sources_created == 1
        queued = DBTaskResult.objects.get()
        assert queued.task_path.endswith("check_sources_never_checked")
        assert check_sources_never_checked.call() == {"queued": 1}
        new = Source.objects.exclude(pk=checked.pk).get()
        assert new.check_requested_at is not None
        checks = DBTaskResult.objects.filter(task_path__endswith=".check_source")
        assert [task.args_kwargs["args"] for task in checks] == [[new.pk]]
        # Asked for once: a second pass queues nothing more.
        assert check_sources_never_checked.call() == {"queued": 0}

    def test_a_dry_run_or_a_refused_import_queues_nothing(self, django_capture_on_commit_callbacks):
        from django_tasks_db.models import DBTaskResult

        with django_capture_on_commit_callbacks(execute=True):
            new = article_row(source_url="https://new.example.org/a", stance="supports")
            run(csv_bytes([new, second_row()]), dry_run=True)
            run(csv_bytes([new, second_row(kind="bogus")]))
        assert not Source.objects.exists()
        assert not DBTaskResult.objects.exists()
