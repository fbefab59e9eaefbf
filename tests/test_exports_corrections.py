"""The corrections log, the export_verdicts command and the admin's CSV action."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.exports.verdicts import CORRECTION_COLUMNS, VERDICT_COLUMNS
from claims.models import Claim
from claims.services.workflow import claim_reopen, claim_submit, verdict_propose, verdict_publish
from tests.exporting import as_dicts, body, parse, publish
from tests.factories import ArticleFactory, ClaimFactory, rating
from tests.workflow_states import not_checkable

pytestmark = pytest.mark.django_db

CORRECTIONS_URL = reverse("claims:export_corrections")


def correct(claim, *, reviewer, editor, reason: str, slug: str):
    """Reopen a published claim, re-rate it and publish the correction."""
    claim_reopen(claim=claim, actor=editor, reason=reason)
    verdict_propose(
        claim=claim,
        actor=reviewer,
        rating=rating(slug),
        summary="A later ministry report revised the count.",
        short_claim="The ministry hired 4,200 nurses in 2023",
    )
    claim_submit(claim=claim, actor=reviewer)
    return verdict_publish(claim=claim, actor=editor)


class TestCorrectionsLog:
    def test_a_republished_correction_is_logged(self, client, reviewer, editor):
        article = ArticleFactory(external_id="art-9")
        claim = ClaimFactory(article=article, external_id="c-9")
        first = publish(claim, reviewer=reviewer, editor=editor, slug="true")
        publish(ClaimFactory(), reviewer=reviewer, editor=editor)  # published once: no row
        second = correct(
            claim,
            reviewer=reviewer,
            editor=editor,
            reason='=HYPERLINK("http://evil.example") and a "quoted", multi\nline note',
            slug="mostly-false",
        )
        client.force_login(reviewer)
        response = client.get(CORRECTIONS_URL)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="corrections-')
        content = body(response)
        assert parse(content)[0] == list(CORRECTION_COLUMNS)
        first.refresh_from_db()
        assert as_dicts(content) == [
            {
                "claim_id": "c-9",
                "article_id": "art-9",
                "claim_text": claim.text,
                "previous_rating": "True",
                "previous_published_at": first.published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "new_rating": "Mostly false",
                "new_published_at": second.published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "correction_note": '\'=HYPERLINK("http://evil.example") and a "quoted", '
                "multi\nline note",
            }
        ]

    def test_corrections_are_listed_in_the_order_they_were_published(
        self, client, reviewer, editor
    ):
        """The log is oldest first by publication, not by when the correction was started."""
        started_first, started_second = ClaimFactory(), ClaimFactory()
        for claim in (started_first, started_second):
            publish(claim, reviewer=reviewer, editor=editor)
            claim_reopen(claim=claim, actor=editor, reason="New figures.")
        for claim in (started_second, started_first):
            verdict_propose(
                claim=claim,
                actor=reviewer,
                rating=rating("false"),
                summary="A later report revised the count.",
                short_claim="The ministry hired 4,200 nurses in 2023",
            )
            claim_submit(claim=claim, actor=reviewer)
            verdict_publish(claim=claim, actor=editor)
        client.force_login(editor)
        rows = as_dicts(body(client.get(CORRECTIONS_URL)))
        assert [row["claim_id"] for row in rows] == [
            started_second.external_id,
            started_first.external_id,
        ]

    def test_corrections_published_at_the_same_moment_keep_the_order_they_were_made(
        self, client, reviewer, editor
    ):
        first, second = ClaimFactory(), ClaimFactory()
        for claim in (first, second):
            publish(claim, reviewer=reviewer, editor=editor)
            correct(claim, reviewer=reviewer, editor=editor, reason="New figures.", slug="false")
        second_correction = second.verdicts.get(is_current=True)
        # Updating the older row last also moves it after the newer one in PostgreSQL's
        # table, so only the tiebreak keeps it first.
        first.verdicts.filter(is_current=True).update(published_at=second_correction.published_at)
        client.force_login(editor)
        rows = as_dicts(body(client.get(CORRECTIONS_URL)))
        assert [row["claim_id"] for row in rows] == [first.external_id, second.external_id]

    def test_a_reopened_claim_is_not_logged_until_republished(self, client, reviewer, editor):
        claim = ClaimFactory()
        publish(claim, reviewer=reviewer, editor=editor)
        claim_reopen(claim=claim, actor=editor, reason="New figures.")
        client.force_login(editor)
        assert parse(body(client.get(CORRECTIONS_URL))) == [list(CORRECTION_COLUMNS)]


@pytest.fixture
def desk(reviewer, editor):
    """Two articles: one published claim, one new claim, one not checkable."""
    first = ArticleFactory(external_id="oped", title="=Op-ed")
    second = ArticleFactory(external_id="ext-2")
    publish(ClaimFactory(article=first, external_id="pub"), reviewer=reviewer, editor=editor)
    ClaimFactory(article=first, external_id="new")
    not_checkable(editor, article=second, external_id="opinion")
    return first, second


def run(*args) -> str:
    out = StringIO()
    call_command("export_verdicts", *args, stdout=out)
    return out.getvalue()


def ids(text: str) -> list[str]:
    return sorted(row["claim_id"] for row in as_dicts(text.encode()))


class TestCommand:
    def test_csv_to_stdout_has_every_status(self, desk):
        text = run()
        assert parse(text.encode())[0] == list(VERDICT_COLUMNS)
        assert ids(text) == ["new", "opinion", "pub"]
        assert text.endswith("\r\n")
        assert {row["article_title"] for row in as_dicts(text.encode())} >= {"'=Op-ed"}

    def test_status_and_article_filters(self, desk):
        assert ids(run("--status", "published")) == ["pub"]
        assert ids(run("--article", "oped")) == ["new", "pub"]
        assert ids(run("--article", "oped", "--status", "new")) == ["new"]
        assert ids(run("--article", "ext-2")) == ["opinion"]

    def test_article_is_an_external_id_or_else_a_primary_key(self, desk):
        first, second = desk
        assert ids(run("--article", str(first.pk))) == ["new", "pub"]
        second.external_id = str(first.pk)
        second.save()
        assert ids(run("--article", str(first.pk))) == ["opinion"]

    def test_output_file(self, desk, tmp_path):
        target = tmp_path / "verdicts.csv"
        assert run("-o", str(target)) == ""
        assert ids(target.read_bytes().decode()) == ["new", "opinion", "pub"]
        assert target.read_bytes().count(b"\r\n") == 4

    def test_claimreview_is_one_json_array_of_published_verdicts(self, desk, tmp_path):
        data = json.loads(run("--format", "claimreview"))
        assert [item["@type"] for item in data] == ["ClaimReview"]
        pub = Claim.objects.get(external_id="pub")
        # The same address as the web's, from the one SITE_URL setting.
        assert data[0]["url"] == f"https://factcheck.example.org{pub.get_public_url()}"
        target = tmp_path / "claimreview.json"
        run("--format", "claimreview", "-o", str(target))
        assert json.loads(target.read_text()) == data
        assert json.loads(run("--format", "claimreview", "--article", "ext-2")) == []

    def test_bad_arguments_are_clear_errors(self, desk, tmp_path):
        with pytest.raises(CommandError, match="Unknown status 'done'"):
            run("--status", "done")
        with pytest.raises(CommandError, match="No article has the external id or primary key"):
            run("--article", "nope")
        with pytest.raises(CommandError, match="invalid choice"):
            run("--format", "xml")
        with pytest.raises(CommandError, match="Cannot write"):
            run("-o", str(tmp_path / "missing" / "out.csv"))


class TestAdminAction:
    def test_admin_exports_selected_claims_escaped(self, client, staff, desk):
        client.force_login(staff)
        chosen = Claim.objects.filter(external_id__in=["pub", "new"])
        response = client.post(
            reverse("admin:claims_claim_changelist"),
            {"action": "export_csv", "_selected_action": [claim.pk for claim in chosen]},
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = as_dicts(body(response))
        assert sorted(row["claim_id"] for row in rows) == ["new", "pub"]
        assert {row["article_title"] for row in rows} == {"'=Op-ed"}
