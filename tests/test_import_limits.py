"""What an import reads as a spreadsheet user means it, and the limits every reader keeps."""

import io
from datetime import datetime

import pytest
from django import forms as django_forms
from django.db import IntegrityError, transaction
from openpyxl import Workbook

from claims.importers import import_file
from claims.importers import workbook as workbook_limits
from claims.importers.columns import COLUMNS
from claims.importers.engine import NO_ROWS
from claims.importers.text import shown
from claims.models import CLAIM_TEXT_MAX, COMMENT_MAX, Article, Claim, Source
from claims.views.forms import ClaimEditForm, CommentForm
from tests.factories import ArticleFactory, ClaimFactory
from tests.hostile_files import csv_text, good_row

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list], formats: dict[str, str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_xlsx(data: bytes, **options):
    return import_file(io.BytesIO(data), name="claims.xlsx", **options)


def import_csv(*rows: dict, **options):
    return import_file(io.BytesIO(csv_text(list(rows)).encode()), name="claims.csv", **options)


def sheet_row(**values) -> list:
    row = good_row(**values)
    return [row.get(column) for column in COLUMNS]


class TestSpreadsheetCells:
    def test_a_percent_cell_is_the_percentage_it_shows_and_is_flagged(self):
        stated = COLUMNS.index("stated_value")
        cell = f"{chr(ord('A') + stated)}2"
        data = xlsx([list(COLUMNS), sheet_row(stated_value=0.085)], {cell: "0.0%"})
        report = import_xlsx(data)
        assert report.errors.kept == []
        assert Claim.objects.get().stated_value == pytest.approx(8.5)
        assert report.warnings == [
            "row 2, column stated_value: a percent cell (0.0%) is read as the percentage it "
            "shows, 8.5; the column's other percent cells too"
        ]

    def test_a_date_cell_with_a_midnight_time_is_a_date(self):
        data = xlsx(
            [list(COLUMNS), sheet_row(source_published_on=datetime(2024, 3, 5, 0, 0))],
            {"W2": "yyyy-mm-dd hh:mm"},
        )
        report = import_xlsx(data)
        assert report.errors.kept == []
        assert str(Source.objects.get().published_on) == "2024-03-05"

    def test_a_midnight_time_written_as_text_is_a_date_too(self):
        report = import_csv(good_row(source_published_on="2024-03-05 00:00:00"))
        assert report.errors.kept == []
        assert str(Source.objects.get().published_on) == "2024-03-05"

    def test_any_other_time_is_still_refused(self):
        report = import_csv(good_row(source_published_on="2024-03-05 14:30"))
        assert report.errors.kept == [
            "row 2, column source_published_on: “2024-03-05 14:30” is not a date (use YYYY-MM-DD)"
        ]


class TestRowsAndHeaders:
    def test_extra_cells_name_no_column_the_file_lacks(self):
        data = b"article_id,claim_id,text\nh1,c1,A claim.,figure,12\n"
        report = import_file(io.BytesIO(data), name="claims.csv")
        assert report.errors.kept[0] == "row 2: has 5 cells but the header has 3"
        assert not any(
            "column kind" in error or "stated_value" in error for error in report.errors.kept
        )

    def test_a_header_only_csv_and_an_empty_json_list_are_refused_alike(self):
        header_only = import_file(io.BytesIO(b"article_id,claim_id,text\n"), name="a.csv")
        empty_list = import_file(io.BytesIO(b"[]"), name="a.json")
        assert header_only.errors.kept == empty_list.errors.kept == [NO_ROWS]
        assert not header_only.written and not empty_list.written

    def test_a_thousand_unknown_columns_make_eleven_warnings(self):
        header = list(COLUMNS) + [f"mine{n}" for n in range(150)]
        report = import_file(
            io.BytesIO(csv_text([good_row()], header=header).encode()), name="a.csv", dry_run=True
        )
        assert report.errors.kept == []
        assert len(report.warnings) == 11
        assert report.warnings[-1] == "row 1: 140 more unknown columns, ignored"

    def test_an_ipv6_source_keeps_its_brackets(self):
        report = import_csv(good_row(source_url="http://[::1]:8080/x"))
        assert report.errors.kept == []
        assert Source.objects.get().url == "http://[::1]:8080/x"

    def test_messages_quote_a_long_value_shortened_and_invisible_characters_shown(self):
        assert shown("a\x00b") == "a\\u0000b"
        assert shown("x" * 100) == "x" * 60 + "…"
        report = import_csv(good_row(kind="k" * 10_000))
        assert report.errors.kept == [
            f"row 2, column kind: unknown kind “{'k' * 60}…”; use one of attribution, event, "
            "figure, opinion, prediction, quote"
        ]


class TestInvisibleCharacters:
    """A CSV's raw bytes are scanned for controls read by read; rows only where one was seen."""

    def test_a_c1_control_split_between_two_reads_is_found(self):
        boundary = io.DEFAULT_BUFFER_SIZE  # the size of each read of the file
        row = good_row(publisher="x\x85")
        offset = csv_text([row]).encode().index("\x85".encode())
        # Lengthen the article's text until the control's first byte ends the first read.
        row["article_body"] += " " + "x" * (boundary - 1 - offset - 1)
        data = csv_text([row]).encode()
        assert data.index("\x85".encode()) == boundary - 1
        report = import_file(io.BytesIO(data), name="claims.csv", dry_run=True)
        assert report.errors.kept == [
            "row 2, column publisher: contains the invisible character U+0085 at position 2; "
            "remove it"
        ]

    def test_a_control_after_many_clean_reads_is_found(self):
        rows = [good_row(claim_id=f"c{n}") for n in range(400)]
        rows[0]["publisher"] = "Pound £ wire"  # C2 A3: the first read is searched in full
        rows[-1]["unit"] = "nurses\x00"
        data = csv_text(rows).encode()
        assert len(data) > 10 * io.DEFAULT_BUFFER_SIZE
        assert data.index(b"\x00") > len(data) - io.DEFAULT_BUFFER_SIZE
        report = import_file(io.BytesIO(data), name="claims.csv", dry_run=True)
        assert report.errors.kept == [
            "row 401, column unit: contains the invisible character U+0000 (a control "
            "character) at position 7; remove it"
        ]


class TestWorkbookLimits:
    def test_rows_past_the_limit_are_refused_before_loading(self, monkeypatch):
        monkeypatch.setattr(workbook_limits, "MAX_ROWS", 2)
        data = xlsx([list(COLUMNS)] + [sheet_row(claim_id=f"c{n}") for n in range(4)])
        report = import_xlsx(data)
        assert report.errors.kept == [
            "A sheet has 5 rows; an XLSX import has at most 2 (save a larger file as CSV)."
        ]

    def test_rows_past_the_limit_are_refused_while_streaming(self, monkeypatch):
        """A sheet need not declare its size; the rows are counted as they are read."""
        import re
        import zipfile

        from tests.hostile_files import rezipped

        monkeypatch.setattr(workbook_limits, "MAX_ROWS", 2)
        data = xlsx([list(COLUMNS)] + [sheet_row(claim_id=f"c{n}") for n in range(4)])
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml")
        sheet = re.sub(rb"<dimension [^>]*/>", b"", sheet)
        report = import_xlsx(rezipped(data, {"xl/worksheets/sheet1.xml": sheet}))
        assert report.errors.kept == [
            "row 4: an XLSX import has at most 2 rows; save a larger file as CSV."
        ]
        assert not Claim.objects.exists()

    def test_too_many_shared_strings_are_refused_before_loading(self, monkeypatch):
        from tests.hostile_files import rezipped

        monkeypatch.setattr(workbook_limits, "MAX_SHARED_STRINGS", 3)
        strings = b'<?xml version="1.0"?><sst>' + b"<si><t>x</t></si>" * 4 + b"</sst>"
        data = rezipped(xlsx([list(COLUMNS)]), {"xl/sharedStrings.xml": strings})
        report = import_xlsx(data)
        assert report.errors.kept == [
            "The workbook has more than 3 distinct texts; save a file this large as CSV."
        ]

    def test_column_numbers(self):
        assert [workbook_limits.column_number(c) for c in ("A", "Z", "AA", "XFD")] == [
            1,
            26,
            27,
            16384,
        ]


class TestFreeTextLimits:
    def test_the_database_refuses_a_claim_text_past_its_limit(self):
        claim = ClaimFactory()
        claim.text = "t" * (CLAIM_TEXT_MAX + 1)
        with pytest.raises(IntegrityError), transaction.atomic():
            claim.save()

    def test_an_article_text_at_its_limit_is_stored(self):
        article = ArticleFactory(body="b" * Article._meta.get_field("body").max_length)
        assert len(Article.objects.get(pk=article.pk).body) == 200_000

    def test_forms_refuse_what_the_database_would(self):
        form = CommentForm(data={"body": "c" * (COMMENT_MAX + 1)})
        assert not form.is_valid()
        assert "at most 10000 characters" in form.errors["body"][0]
        field = ClaimEditForm.base_fields["text"]
        assert field.max_length == CLAIM_TEXT_MAX
        with pytest.raises(django_forms.ValidationError):
            field.clean("t" * (CLAIM_TEXT_MAX + 1))


class TestSuggestionsWithinLimits:
    def test_a_sentence_longer_than_a_claim_may_be_is_not_suggested(self):
        from claims.services.suggestions import suggestions_refresh

        short = "The ministry said 4,200 nurses were hired in 2023."
        endless = "Officials said 3,500 homes were built " + "and more " * 300 + "in 2024."
        article = ArticleFactory(body=f"{short} {endless}")
        suggestions_refresh(article=article)
        texts = list(article.suggestions.values_list("text", flat=True))
        assert short in texts
        assert all(len(text) <= CLAIM_TEXT_MAX for text in texts)
