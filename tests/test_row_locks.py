"""Every write that reads a row before changing it takes that row's lock first.

Two people acting on one claim at once are ordered by the claim's row lock: without it the
second could publish a verdict the first just sent back, or number two claims alike. These
tests read the SQL a service runs and look for the locking read of each row it must lock.
PostgreSQL writes `FOR UPDATE`; SQLite has no row locks (it locks the whole database on
write), so there Django is told to mark each locking read with a `/* FOR UPDATE */` comment,
which proves the same thing: the service asked for the lock.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.services import workflow
from claims.services.articles import article_create, article_update_text
from claims.services.claims import claim_edit
from claims.services.evidence import evidence_add, evidence_remove, evidence_update
from claims.services.suggestions import suggestion_accept, suggestions_accept_above
from tests.factories import ClaimFactory, rating
from tests.workflow_states import in_review, not_checkable, published, researching, with_verdict

pytestmark = pytest.mark.django_db

TEXT = (
    "Unemployment fell to 4.3% in March, the statistics office said.\n\n"
    "About 12,000 jobs were created in the region last year, according to the ministry."
)


@pytest.fixture
def locks(monkeypatch):
    """Run a block and return the rows it locked, as (table, id) pairs in order."""
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection.features, "has_select_for_update", True)
        monkeypatch.setattr(connection.ops, "for_update_sql", lambda **_: "/* FOR UPDATE */")

    class Recorder:
        def __init__(self):
            self.context = CaptureQueriesContext(connection)

        def __enter__(self):
            self.context.__enter__()
            return self

        def __exit__(self, *exc):
            return self.context.__exit__(*exc)

        @property
        def rows(self):
            found = []
            for query in self.context.captured_queries:
                sql = query["sql"]
                if "FOR UPDATE" not in sql:
                    continue
                table = re.search(r'FROM "(\w+)"', sql)[1]
                ids = re.findall(rf'"{table}"\."id" = (\d+)', sql)
                found.append((table, int(ids[0]) if ids else None))
            return found

        @property
        def tables(self):
            return [table for table, _ in self.rows]

    return Recorder


class TestWorkflowLocksTheClaim:
    def test_assigning_locks_the_claim(self, locks, reviewer):
        claim = ClaimFactory()
        with locks() as taken:
            workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
        assert taken.rows[0] == ("claims_claim", claim.pk)

    def test_proposing_a_verdict_locks_the_claim(self, locks, reviewer):
        claim = researching(reviewer)
        with locks() as taken:
            workflow.verdict_propose(claim=claim, actor=reviewer, rating=rating(), summary="S.")
        assert taken.rows[0] == ("claims_claim", claim.pk)

    def test_submitting_locks_the_claim(self, locks, reviewer):
        claim = with_verdict(reviewer)
        with locks() as taken:
            workflow.claim_submit(claim=claim, actor=reviewer)
        assert taken.rows[0] == ("claims_claim", claim.pk)

    def test_publishing_locks_the_claim(self, locks, reviewer, editor):
        claim = in_review(reviewer)
        with locks() as taken:
            workflow.verdict_publish(claim=claim, actor=editor)
        assert taken.rows[0] == ("claims_claim", claim.pk)

    def test_sending_back_locks_the_claim(self, locks, reviewer, editor):
        claim = in_review(reviewer)
        with locks() as taken:
            workflow.claim_send_back(claim=claim, actor=editor, reason="More sources.")
        assert taken.rows[0] == ("claims_claim", claim.pk)

    def test_reopening_locks_the_claim(self, locks, reviewer, editor):
        claim = published(reviewer, editor)
        with locks() as taken:
            workflow.claim_reopen(claim=claim, actor=editor, reason="New figures.")
        assert taken.rows[0] == ("claims_claim", claim.pk)

    def test_marking_not_checkable_locks_the_claim(self, locks, editor):
        claim = ClaimFactory()
        with locks() as taken:
            workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason="Opinion.")
        assert taken.rows[0] == ("claims_claim", claim.pk)

    def test_restoring_locks_the_claim(self, locks, editor):
        claim = not_checkable(editor)
        with locks() as taken:
            workflow.claim_restore(claim=claim, actor=editor)
        assert taken.rows[0] == ("claims_claim", claim.pk)

    def test_editing_a_claim_locks_it(self, locks, editor):
        claim = ClaimFactory()
        with locks() as taken:
            claim_edit(claim=claim, actor=editor, text="Reworded.")
        assert taken.rows[0] == ("claims_claim", claim.pk)


class TestEvidenceLocksClaimThenRow:
    def test_adding_evidence_locks_the_claim(self, locks, reviewer):
        claim = researching(reviewer)
        with locks() as taken:
            evidence_add(claim=claim, actor=reviewer, url="https://example.org/a")
        assert taken.rows == [("claims_claim", claim.pk)]

    def test_changing_evidence_locks_the_claim_then_the_evidence(self, locks, reviewer):
        claim = researching(reviewer)
        evidence = evidence_add(claim=claim, actor=reviewer, url="https://example.org/a")
        with locks() as taken:
            evidence_update(evidence=evidence, actor=reviewer, note="Page 4.")
        assert taken.rows == [("claims_claim", claim.pk), ("claims_evidence", evidence.pk)]

    def test_removing_evidence_locks_the_claim_then_the_evidence(self, locks, reviewer):
        claim = researching(reviewer)
        evidence = evidence_add(claim=claim, actor=reviewer, url="https://example.org/a")
        with locks() as taken:
            evidence_remove(evidence=evidence, actor=reviewer)
        assert taken.rows == [("claims_claim", claim.pk), ("claims_evidence", evidence.pk)]


class TestArticleWritesLockTheArticle:
    def test_changing_the_text_locks_the_article_then_its_claims(self, locks, editor):
        claim = ClaimFactory()
        article = claim.article
        with locks() as taken:
            article_update_text(article=article, actor=editor, body="Intro. " + article.body)
        assert taken.tables == ["claims_article", "claims_claim"]
        assert taken.rows[0] == ("claims_article", article.pk)

    def test_accepting_a_suggestion_locks_the_article_then_the_suggestion(self, locks, editor):
        article = article_create(actor=editor, title="Jobs", body=TEXT)
        suggestion = article.suggestions.get(start=0)
        with locks() as taken:
            suggestion_accept(suggestion=suggestion, actor=editor)
        assert taken.rows == [
            ("claims_article", article.pk),
            ("claims_claimsuggestion", suggestion.pk),
        ]

    def test_accepting_above_a_score_locks_the_article_then_the_suggestions(self, locks, editor):
        article = article_create(actor=editor, title="Jobs", body=TEXT)
        with locks() as taken:
            suggestions_accept_above(article=article, actor=editor, score=0.5)
        assert taken.tables == ["claims_article", "claims_claimsuggestion"]
        assert taken.rows[0] == ("claims_article", article.pk)
