"""The statistics' tallies: every writer keeps them equal to what a rebuild from the records
computes, and the rebuild command finds and mends any drift."""

import csv
import importlib
import io
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import ProtectedError, Sum

from claims.importers import import_file
from claims.importers.columns import COLUMNS
from claims.models import Claim, EventTally, PublicationTally, WorkTally
from claims.services import workflow
from claims.services.claims import claim_create
from claims.services.evidence import evidence_add
from claims.tallies.rebuild import tally_contents, tally_drift
from claims.tallies.upkeep import period_of
from tests.factories import BODY, ArticleFactory, ClaimFactory, rating
from tests.workflow_states import in_review, reached

pytestmark = pytest.mark.django_db
fill_migration = importlib.import_module("claims.migrations.0021_fill_statistics_tallies")
SUBMITTED, PUBLISHED = "verdict_submitted", "verdict_published"


def work() -> dict[tuple[str, str], int]:
    """The work tally as {(username, status): claims}, rows counting nothing left out."""
    return {
        (row.assignee.username, row.status): row.count
        for row in WorkTally.objects.select_related("assignee").exclude(count=0)
    }


def events(article=None) -> dict[str, int]:
    """The event tally's totals per kind, for the desk or for one article."""
    rows = EventTally.objects.filter(article=article).values("kind").annotate(n=Sum("count"))
    return {row["kind"]: row["n"] for row in rows}


def assert_whole() -> None:
    """The tallies equal what a rebuild from the records computes."""
    assert tally_drift() == {}


def propose(claim, person, slug="true"):
    workflow.verdict_propose(
        claim=claim,
        actor=person,
        rating=rating(slug),
        summary="Matches the ministry data.",
        short_claim="The ministry hired 4,200 nurses in 2023",
    )


class TestTransitions:
    def test_a_claim_created_already_assigned_is_counted(self, people):
        claim_create(
            article=ArticleFactory(),
            actor=people["editor"],
            external_id="c1",
            text="The ministry hired 4,200 nurses.",
            quote=BODY[:50],
            start=0,
            end=50,
            assignee=people["reviewer"],
            status=Claim.Status.RESEARCHING,
        )
        assert work() == {("rita", "researching"): 1}
        assert_whole()

    def test_every_transition_keeps_the_tallies_whole(self, people):
        rita, rob, editor = people["reviewer"], people["other_reviewer"], people["editor"]
        article = ArticleFactory()
        claim = claim_create(
            article=article,
            actor=editor,
            external_id="c1",
            text="The ministry hired 4,200 nurses.",
            quote=BODY[:50],
            start=0,
            end=50,
        )

        def step(action, expected_work, expected_events=None):
            action()
            assert work() == expected_work
            if expected_events is not None:
                assert events() == expected_events
                assert events(article) == expected_events
            assert_whole()

        def fresh():
            claim.refresh_from_db()
            return claim

        step(lambda: None, {}, {})  # created, unassigned: counted nowhere
        step(
            lambda: workflow.claim_assign(claim=fresh(), assignee=rita, actor=editor),
            {("rita", "researching"): 1},
        )
        step(
            lambda: workflow.claim_assign(claim=fresh(), assignee=rob, actor=editor),
            {("rob", "researching"): 1},
        )
        step(lambda: workflow.claim_release(claim=fresh(), actor=rob), {})
        step(
            lambda: workflow.claim_assign(claim=fresh(), assignee=rita, actor=rita),
            {("rita", "researching"): 1},
        )
        evidence_add(claim=fresh(), actor=rita, url="https://stats.example.org/nurses")
        reached("https://stats.example.org/nurses")
        propose(fresh(), rita)
        step(
            lambda: workflow.claim_submit(claim=fresh(), actor=rita),
            {("rita", "in_review"): 1},
            {SUBMITTED: 1},
        )
        step(
            lambda: workflow.claim_withdraw(claim=fresh(), actor=rita),
            {("rita", "researching"): 1},
            {SUBMITTED: 1},
        )
        step(
            lambda: workflow.claim_submit(claim=fresh(), actor=rita),
            {("rita", "in_review"): 1},
            {SUBMITTED: 2},
        )
        step(
            lambda: workflow.claim_send_back(claim=fresh(), actor=editor, reason="Again."),
            {("rita", "researching"): 1},
            {SUBMITTED: 2},
        )
        step(
            lambda: workflow.verdict_save_and_submit(
                claim=fresh(),
                actor=rita,
                rating=rating("false"),
                summary="Not so.",
                short_claim="The ministry hired 4,200 nurses",
            ),
            {("rita", "in_review"): 1},
            {SUBMITTED: 3},
        )
        step(
            lambda: workflow.verdict_publish(claim=fresh(), actor=editor),
            {("rita", "published"): 1},
            {SUBMITTED: 3, PUBLISHED: 1},
        )
        step(
            lambda: workflow.claim_reopen(claim=fresh(), actor=editor, reason="A typo."),
            {("rita", "researching"): 1},
            {SUBMITTED: 3, PUBLISHED: 1},
        )
        propose(fresh(), rita)
        workflow.claim_submit(claim=fresh(), actor=rita)
        step(
            lambda: workflow.verdict_publish(claim=fresh(), actor=people["other_editor"]),
            {("rita", "published"): 1},
            {SUBMITTED: 4, PUBLISHED: 2},
        )
        # Both publications keep their moments, the correction's rating its own.
        assert sorted(PublicationTally.objects.values_list("rating__slug", flat=True)) == [
            "false",
            "true",
        ]

    def test_not_checkable_and_restored_keep_the_assignee_counted(self, people):
        rita, editor = people["reviewer"], people["editor"]
        claim = workflow.claim_assign(claim=ClaimFactory(), assignee=rita, actor=editor)
        workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason="An opinion.")
        assert work() == {("rita", "not_checkable"): 1}
        assert_whole()
        claim.refresh_from_db()
        workflow.claim_restore(claim=claim, actor=editor)
        assert work() == {("rita", "new"): 1}
        assert_whole()

    def test_an_action_undone_by_a_later_failure_counts_nothing(self, people):
        claim = in_review(people["reviewer"])
        before = tally_contents()
        with (
            mock.patch("claims.notifications.announce.published", side_effect=RuntimeError),
            pytest.raises(RuntimeError),
        ):
            workflow.verdict_publish(claim=claim, actor=people["editor"])
        assert tally_contents() == before
        assert events() == {SUBMITTED: 1}
        assert_whole()

    def test_events_fall_in_the_quarter_hour_that_holds_them(self):
        assert period_of(datetime(2026, 11, 8, 18, 29, 59, 999, tzinfo=UTC)) == datetime(
            2026, 11, 8, 18, 15, tzinfo=UTC
        )
        assert period_of(datetime(2026, 11, 8, 18, 30, tzinfo=UTC)) == datetime(
            2026, 11, 8, 18, 30, tzinfo=UTC
        )


def import_rows(rows: list[dict]):
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    report = import_file(io.BytesIO(out.getvalue().encode()), name="claims.csv")
    assert report.errors.kept == []
    return report


def row(claim_id: str, quote: str, **values) -> dict:
    return {
        "article_id": "a1",
        "article_title": "Nurses and budgets",
        "article_body": BODY,
        "claim_id": claim_id,
        "text": f"Claim {claim_id}.",
        "quote": quote,
        **values,
    }


FIRST, SECOND, THIRD = BODY.split(". ")[0], BODY.split(". ")[1], BODY.split(". ")[2][:-1]


class TestImport:
    def test_new_and_moved_claims_are_counted(self, people):
        import_rows(
            [
                row("c1", FIRST, status="researching", assignee="rita"),
                row("c2", SECOND, status="not_checkable", assignee="rita"),
                row("c3", THIRD),
            ]
        )
        assert work() == {("rita", "researching"): 1, ("rita", "not_checkable"): 1}
        assert_whole()
        # c1 moves on and changes hands, c2 stays (an import never moves a claim back),
        # c3 starts research with an assignee: the claims move, and so do their counts.
        import_rows(
            [
                row("c1", FIRST, status="not_checkable", assignee="rob"),
                row("c2", SECOND, status="new"),
                row("c3", THIRD, status="researching", assignee="rob"),
            ]
        )
        assert work() == {
            ("rob", "not_checkable"): 1,
            ("rita", "not_checkable"): 1,
            ("rob", "researching"): 1,
        }
        assert_whole()

    def test_an_import_that_fails_counts_nothing(self, people):
        import_rows([row("c1", FIRST, status="researching", assignee="rita")])
        before = tally_contents()
        out = io.StringIO()
        writer = csv.DictWriter(out, COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows([row("c2", SECOND, assignee="rita"), row("c3", "not in the text")])
        report = import_file(io.BytesIO(out.getvalue().encode()), name="claims.csv")
        assert report.errors.kept and not report.written
        assert tally_contents() == before


class TestDeletion:
    def test_a_deleted_person_leaves_no_count(self, people):
        rob = people["other_reviewer"]
        workflow.claim_assign(claim=ClaimFactory(), assignee=rob, actor=people["editor"])
        assert work() == {("rob", "researching"): 1}
        rob.delete()  # the claim is unassigned; rob never acted, so nothing protects him
        assert Claim.objects.get().assignee is None
        assert work() == {}
        assert_whole()

    def test_a_counted_claim_cannot_be_deleted(self, people):
        claim = workflow.claim_assign(
            claim=ClaimFactory(), assignee=people["reviewer"], actor=people["editor"]
        )
        # Every writer that counts a claim also records an event, and events keep their
        # claim: the tallies never need to forget a deleted claim.
        with pytest.raises(ProtectedError):
            claim.article.delete()
        assert work() == {("rita", "researching"): 1}
        assert_whole()


class TestRebuild:
    def test_check_finds_drift_and_the_rebuild_mends_it(self, people, capsys):
        claim = in_review(people["reviewer"])
        call_command("rebuild_statistics", "--check")
        # A change made in SQL, past the services.
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.RESEARCHING)
        with pytest.raises(CommandError, match="differ from the records"):
            call_command("rebuild_statistics", "--check")
        assert "work: a rebuild would remove 1 rows and add 1" in capsys.readouterr().out
        assert work() == {("rita", "in_review"): 1}  # --check changed nothing
        call_command("rebuild_statistics")
        assert work() == {("rita", "researching"): 1}
        call_command("rebuild_statistics", "--check")

    def test_the_migration_fills_the_tallies_of_an_existing_desk(self, people):
        claim = in_review(people["reviewer"])
        workflow.verdict_publish(claim=claim, actor=people["editor"])
        kept = tally_contents()
        assert all(kept.values())
        for model in (WorkTally, EventTally, PublicationTally):
            model.objects.all().delete()
        fill_migration.fill(None, None)
        assert tally_contents() == kept

    def test_rebuild_counts_per_quarter_hour_as_the_upkeep_does(self, people):
        moments = [
            datetime(2026, 11, 8, 18, minute, second, tzinfo=UTC)
            for minute, second in ((10, 0), (14, 59), (15, 0), (44, 30))
        ]
        for moment in moments:
            with mock.patch("django.utils.timezone.now", return_value=moment):
                in_review(people["reviewer"])
        periods = dict(EventTally.objects.filter(article=None).values_list("period", "count"))
        assert periods == {
            datetime(2026, 11, 8, 18, 0, tzinfo=UTC): 2,
            datetime(2026, 11, 8, 18, 15, tzinfo=UTC): 1,
            datetime(2026, 11, 8, 18, 30, tzinfo=UTC): 1,
        }
        assert_whole()
