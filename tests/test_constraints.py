"""The database itself rejects rows that break the data model's rules."""

import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim, ClaimEvent, Evidence, Rating, Source, Verdict
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, SourceFactory, rating

pytestmark = pytest.mark.django_db


def rejected(**changes):
    """Apply changes to a saved claim with a queryset update, bypassing model validation."""
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(**changes)


class TestClaimConstraints:
    def test_external_id_is_unique_within_an_article(self):
        claim = ClaimFactory(external_id="c1")
        with pytest.raises(IntegrityError), transaction.atomic():
            ClaimFactory(article=claim.article, external_id="c1")

    def test_same_external_id_is_fine_in_another_article(self):
        ClaimFactory(external_id="c1")
        ClaimFactory(external_id="c1")
        assert Claim.objects.filter(external_id="c1").count() == 2

    def test_unknown_status_is_rejected(self):
        rejected(status="done")

    def test_unknown_kind_is_rejected(self):
        rejected(kind="rumour")

    def test_unknown_qualifier_is_rejected(self):
        rejected(qualifier="roughly")

    def test_start_must_come_before_end(self):
        rejected(start=10, end=10)

    def test_priority_is_at_most_100(self):
        rejected(priority=101)


class TestArticleConstraints:
    def test_external_id_is_unique(self):
        ArticleFactory(external_id="a1")
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleFactory(external_id="a1")


class TestSourceAndEvidenceConstraints:
    def test_source_url_is_unique(self):
        SourceFactory(url="https://example.org/a")
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.create(url="https://example.org/a")

    def test_source_url_must_be_http(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.create(url="javascript:alert(1)")

    def test_unknown_source_kind_is_rejected(self):
        source = SourceFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.filter(pk=source.pk).update(kind="blog")

    def test_unknown_stance_is_rejected(self):
        evidence = EvidenceFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.filter(pk=evidence.pk).update(stance="agrees")


class TestVerdictConstraints:
    def test_one_current_verdict_per_claim(self, editor):
        claim = ClaimFactory()
        Verdict.objects.create(claim=claim, rating=rating(), summary="s", created_by=editor)
        with pytest.raises(IntegrityError), transaction.atomic():
            Verdict.objects.create(claim=claim, rating=rating(), summary="t", created_by=editor)

    def test_earlier_verdicts_may_coexist_with_the_current_one(self, editor):
        claim = ClaimFactory()
        Verdict.objects.create(
            claim=claim, rating=rating(), summary="old", created_by=editor, is_current=False
        )
        Verdict.objects.create(claim=claim, rating=rating(), summary="new", created_by=editor)
        assert claim.verdicts.count() == 2

    def test_published_verdict_needs_an_approver(self, editor):
        claim = ClaimFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Verdict.objects.create(
                claim=claim,
                rating=rating(),
                summary="s",
                created_by=editor,
                published_at="2024-10-20T10:00:00Z",
            )


class TestRatingConstraints:
    def test_value_is_between_one_and_five(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Rating.objects.create(label="Pants on fire", slug="pants", value=0)

    def test_colour_is_a_hex_code(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Rating.objects.create(label="Odd", slug="odd", colour="red")

    def test_seeded_scale_matches_the_design(self):
        scale = {r.label: r.value for r in Rating.objects.all()}
        assert scale == {
            "True": 5,
            "Mostly true": 4,
            "Half true": 3,
            "Mostly false": 2,
            "False": 1,
            "Misleading": 2,
            "Unproven": None,
        }


class TestClaimEventsAreAppendOnly:
    def test_saving_an_existing_event_is_refused(self, claim):
        event = ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.CREATED)
        event.note = "rewritten"
        with pytest.raises(PermissionError):
            event.save()

    def test_bulk_update_and_delete_are_refused(self, claim):
        ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.CREATED)
        with pytest.raises(PermissionError):
            ClaimEvent.objects.update(note="x")
        with pytest.raises(PermissionError):
            ClaimEvent.objects.all().delete()
        assert ClaimEvent.objects.count() == 1

    def test_a_claim_with_history_cannot_be_deleted(self, claim):
        from django.db.models import ProtectedError

        ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.CREATED)
        with pytest.raises(ProtectedError):
            claim.delete()
