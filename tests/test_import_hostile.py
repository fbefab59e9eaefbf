"""Every file of the hostile corpus (tests/hostile_files.py), through the import and the admin.

Each gets a message naming what is wrong (the row and column where there is one), writes
nothing, and stays within bounded memory.
"""

import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.importers import import_file
from claims.models import ImportRecord
from tests.factories import ArticleFactory, ClaimFactory
from tests.hostile_files import CORPUS, good_row
from tests.test_import import snapshot

pytestmark = pytest.mark.django_db
# Python's own allocations while importing one file (the largest file here is 4 MB; the
# full-size corpus is measured as a whole process by bench/bench_hostile.py).
MAX_TRACED_MB = 40
CASES = [pytest.param(hostile, id=hostile.name) for hostile in CORPUS]
# Through the admin too: each kind of failure (a cell, the file's shape, its encoding, its
# size, the workbook container), and those that once gave a server error.
ADMIN_CASES = [
    pytest.param(hostile, id=hostile.name)
    for hostile in CORPUS
    if hostile.name
    in {
        "nul_in_cell.csv",
        "nul_in_header.csv",
        "arabic_indic_digits.csv",
        "source_port_above_65535.csv",
        "text_too_long.csv",
        "empty.csv",
        "header_only.csv",
        "huge_header.csv",
        "extra_cells.csv",
        "png_named.csv",
        "utf16le_bom.csv",
        "deep_nesting.json",
        "lone_surrogate.json",
        "empty_list.json",
        "zip_bomb.xlsx",
        "xxe.xlsx",
        "macros_renamed.xlsx",
    }
]


@pytest.fixture
def before(db):
    ClaimFactory(article=ArticleFactory(external_id="existing"), external_id="e1")
    return snapshot()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class TestCorpus:
    def test_the_corpus_has_every_case_of_the_issue_and_more(self):
        names = {hostile.name for hostile in CORPUS}
        assert len(CORPUS) >= 60
        assert len(names) == len(CORPUS)
        assert {"nul_in_header.csv", "deep_nesting.json", "zip_bomb.xlsx", "xxe.xlsx"} <= names
        assert {"png_named.csv", "macros_renamed.xlsx", "utf16le_bom.csv"} <= names

    def test_the_unchanged_row_is_good(self, db):
        """So each file's one change is what its import refuses."""
        from tests.hostile_files import csv_text

        data = csv_text([good_row()]).encode()
        report = import_file(io.BytesIO(data), name="good.csv", dry_run=True)
        assert report.errors.kept == []
        assert report.claims.created == 1


class TestImport:
    @pytest.mark.parametrize("hostile", CASES)
    def test_refused_by_name_with_nothing_written(self, hostile, before):
        data = hostile.data()
        tracemalloc.start()
        try:
            report = import_file(io.BytesIO(data), name=hostile.name)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert not report.written
        assert report.errors.count >= 1
        assert any(hostile.expected in message for message in report.errors.kept), (
            report.errors.kept[:3]
        )
        assert snapshot() == before
        assert peak < MAX_TRACED_MB * 2**20
        for message in report.errors.kept + report.warnings:
            assert len(message) <= 500
            assert "\x00" not in message
            assert not any(0xD800 <= ord(character) <= 0xDFFF for character in message)


class TestAdminUpload:
    @pytest.mark.parametrize("hostile", ADMIN_CASES)
    def test_the_preview_names_the_problem(self, hostile, before, client, staff):
        client.force_login(staff)
        data = hostile.data()
        upload = SimpleUploadedFile(hostile.name, data)
        response = client.post(reverse("admin:claims_claim_import"), {"file": upload})
        if not data:
            # The upload form itself refuses an empty file, before anything is kept.
            assert response.status_code == 200
            assert b"The submitted file is empty." in response.content
            return
        assert response.status_code == 302
        record = ImportRecord.objects.get()
        assert record.error_count >= 1
        assert any(hostile.expected in message for message in record.errors)
        page = client.get(response.url)
        assert page.status_code == 200
        assert len(page.content) < 200_000  # a huge header makes no huge page
        assert snapshot() == before
