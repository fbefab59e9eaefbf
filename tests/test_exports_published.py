"""The verdict CSV says what is published: proposed verdicts only when asked, numbers as
numbers, and a byte order mark for Excel when asked."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.exports.verdicts import (
    DRAFT_COLUMNS,
    UTF8_BOM,
    VERDICT_COLUMNS,
    csv_number,
    verdict_columns,
    verdict_csv,
    verdict_csv_portable,
)
from claims.selectors import ClaimFilters, claims_matching
from claims.services.workflow import claim_reopen, verdict_propose
from tests import workflow_states
from tests.factories import ClaimFactory, rating

pytestmark = pytest.mark.django_db


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def portable(claims, *, include_drafts=False):
    return verdict_csv_portable(claims, verdict_columns(include_drafts=include_drafts))


def default(claims, *, include_drafts=False):
    return verdict_csv(claims, include_drafts=include_drafts)


PATHS = [pytest.param(portable, id="portable"), pytest.param(default, id="default")]


def export(path, **options) -> list[dict]:
    return rows(b"".join(path(claims_matching(ClaimFilters()), **options)))


@pytest.fixture
def reopened(reviewer, editor):
    claim = workflow_states.published(reviewer, editor)
    claim_reopen(claim=claim, actor=editor, reason="A newer report.")
    verdict_propose(claim=claim, actor=reviewer, rating=rating("mostly-false"), summary="Revised.")
    return claim


class TestProposedVerdicts:
    @pytest.mark.parametrize("path", PATHS)
    def test_asked_for_they_come_last(self, path, reopened):
        [row] = export(path, include_drafts=True)
        assert tuple(row) == VERDICT_COLUMNS + DRAFT_COLUMNS
        assert (row["rating"], row["proposed_rating"], row["proposed_summary"]) == (
            "True",
            "Mostly false",
            "Revised.",
        )

    @pytest.mark.parametrize("path", PATHS)
    def test_a_draft_is_not_in_the_published_columns(self, path, reviewer):
        workflow_states.in_review(reviewer)
        [row] = export(path, include_drafts=True)
        assert (row["rating"], row["rating_value"], row["verdict_summary"]) == ("", "", "")
        assert row["proposed_rating"] == "True"
        [plain] = export(path)
        assert "proposed_rating" not in plain and plain["rating"] == ""

    @pytest.mark.parametrize("path", PATHS)
    def test_a_published_claim_has_no_proposed_verdict(self, path, reviewer, editor):
        workflow_states.published(reviewer, editor)
        [row] = export(path, include_drafts=True)
        assert (row["rating"], row["proposed_rating"], row["proposed_summary"]) == ("True", "", "")

    @pytest.mark.parametrize("path", PATHS)
    def test_a_renamed_rating_keeps_the_published_label(self, path, reviewer, editor):
        workflow_states.published(reviewer, editor)
        true = rating("true")
        true.label, true.value = "Accurate", 4
        true.save()
        [row] = export(path)
        assert (row["rating"], row["rating_value"]) == ("True", "5")

    def test_the_web_checkbox_adds_them_for_editors_only(self, client, reopened, editor, reviewer):
        url = reverse("claims:export_verdicts")
        client.force_login(editor)
        [row] = rows(b"".join(client.get(url, {"include_drafts": "1"}).streaming_content))
        assert row["proposed_rating"] == "Mostly false"
        client.force_login(reviewer)
        response = client.get(url, {"include_drafts": "1"})
        assert all(
            "proposed_rating" not in row for row in rows(b"".join(response.streaming_content))
        )

    def test_the_command_takes_include_drafts(self, reopened):
        out = io.StringIO()
        call_command("export_verdicts", "--include-drafts", stdout=out)
        [row] = rows(out.getvalue().encode())
        assert row["proposed_summary"] == "Revised."


class TestNumbers:
    @pytest.mark.parametrize("path", PATHS)
    def test_numeric_columns_are_plain_numbers_and_text_stays_escaped(self, path, reviewer):
        ClaimFactory(stated_value=Decimal("-5"), unit="-5 degrees", attributed_to="=HYPERLINK()")
        [row] = export(path)
        assert row["stated_value"] == "-5"
        assert row["evidence_count"] == "0"
        assert row["unit"] == "'-5 degrees"
        assert row["attributed_to"] == "'=HYPERLINK()"

    def test_csv_number_refuses_text(self):
        assert csv_number(Decimal("-2.5000")) == "-2.5"
        assert csv_number(None) == ""
        with pytest.raises(TypeError, match=r"^'=1\+1' is not a number$"):
            csv_number("=1+1")


class TestExcel:
    def test_the_web_export_for_excel_starts_with_a_byte_order_mark(self, client, editor):
        ClaimFactory(text="Café owners said 5 000 €.")
        client.force_login(editor)
        url = reverse("claims:export_verdicts")
        excel = b"".join(client.get(url, {"excel": "1"}).streaming_content)
        assert excel.startswith(UTF8_BOM + b"claim_id,")
        assert "Café" in excel.decode("utf-8-sig")
        plain = b"".join(client.get(url).streaming_content)
        assert plain.startswith(b"claim_id,")

    def test_the_command_takes_excel(self, tmp_path):
        ClaimFactory()
        target = tmp_path / "verdicts.csv"
        call_command("export_verdicts", "--excel", "-o", str(target))
        assert target.read_bytes().startswith(UTF8_BOM + b"claim_id,")
