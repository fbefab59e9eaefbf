"""The audit trail is append-only whatever the code path: the ORM refuses every way it has of
changing or deleting events, and PostgreSQL refuses them again by trigger."""

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from claims.models import Article, Claim, ClaimEvent
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tests.workflow_states import in_review, researching

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; SQLite has none"
)


@pytest.fixture
def event(claim):
    return ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.CREATED, note="as made")


def stored_note(event) -> str:
    return ClaimEvent.objects.values_list("note", flat=True).get(pk=event.pk)


class TestTheOrmRefuses:
    def test_the_base_manager_cannot_update(self, event):
        """Django's internal manager was a plain one that updated freely."""
        with pytest.raises(PermissionError, match="append-only"):
            ClaimEvent._base_manager.filter(pk=event.pk).update(note="rewritten")
        assert stored_note(event) == "as made"

    def test_the_base_manager_cannot_delete(self, event):
        with pytest.raises(PermissionError, match="append-only"):
            ClaimEvent._base_manager.filter(pk=event.pk).delete()
        assert ClaimEvent.objects.filter(pk=event.pk).exists()

    def test_bulk_update_is_refused(self, event):
        event.note = "rewritten"
        with pytest.raises(PermissionError):
            ClaimEvent.objects.bulk_update([event], ["note"])
        assert stored_note(event) == "as made"

    def test_the_private_update_and_raw_delete_are_refused(self, event):
        """The paths the model's save and the deletion collector take underneath."""
        with pytest.raises(PermissionError):
            ClaimEvent.objects.filter(pk=event.pk)._update({"note": "rewritten"})
        with pytest.raises(PermissionError):
            ClaimEvent.objects.filter(pk=event.pk)._raw_delete(connection.alias)
        assert stored_note(event) == "as made"

    def test_an_upsert_is_refused(self, event):
        """bulk_create with update_conflicts would overwrite the row it meets."""
        copy = ClaimEvent(pk=event.pk, claim=event.claim, kind=event.kind, note="rewritten")
        with pytest.raises(PermissionError):
            ClaimEvent.objects.bulk_create(
                [copy], update_conflicts=True, unique_fields=["id"], update_fields=["note"]
            )
        assert stored_note(event) == "as made"

    def test_update_or_create_cannot_change_an_event(self, event):
        with pytest.raises(PermissionError):
            ClaimEvent.objects.update_or_create(pk=event.pk, defaults={"note": "rewritten"})
        assert stored_note(event) == "as made"

    def test_new_events_are_still_written(self, claim):
        """Inserts go through: one by one, in bulk, and with a chosen id."""
        ClaimEvent.objects.bulk_create(
            [ClaimEvent(claim=claim, kind=ClaimEvent.Kind.IMPORTED) for _ in range(2)]
        )
        chosen = ClaimEvent(pk=987654, claim=claim, kind=ClaimEvent.Kind.CREATED)
        chosen.save()
        assert ClaimEvent.objects.filter(claim=claim).count() == 3
        chosen.note = "rewritten"
        with pytest.raises(PermissionError):
            chosen.save()


@on_postgresql
class TestThePostgresqlTriggerRefuses:
    def refused(self, sql, params=()):
        with (
            pytest.raises(IntegrityError, match="append-only") as refusal,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
        return str(refusal.value)

    def test_raw_update_is_refused(self, event):
        message = self.refused(
            "UPDATE claims_claimevent SET note = 'rewritten' WHERE id = %s", [event.pk]
        )
        assert "UPDATE refused" in message
        assert stored_note(event) == "as made"

    def test_raw_delete_is_refused(self, event):
        message = self.refused("DELETE FROM claims_claimevent WHERE id = %s", [event.pk])
        assert "DELETE refused" in message
        assert ClaimEvent.objects.filter(pk=event.pk).exists()

    def test_an_insert_that_updates_on_conflict_is_refused(self, event):
        self.refused(
            "INSERT INTO claims_claimevent"
            " (id, claim_id, kind, from_data, to_data, note, created_at)"
            " SELECT id, claim_id, kind, from_data, to_data, 'x', created_at"
            " FROM claims_claimevent WHERE id = %s"
            " ON CONFLICT (id) DO UPDATE SET note = 'rewritten'",
            [event.pk],
        )
        assert stored_note(event) == "as made"

    def test_a_plain_queryset_that_skips_the_orm_guard_is_refused(self, event):
        """Code that builds its own QuerySet gets past the model, not past the database."""
        plain = models.QuerySet(ClaimEvent)
        with pytest.raises(IntegrityError), transaction.atomic():
            plain.filter(pk=event.pk).update(note="rewritten")
        with pytest.raises(IntegrityError), transaction.atomic():
            plain.filter(pk=event.pk).delete()
        assert stored_note(event) == "as made"

    def test_updating_no_rows_is_not_an_error(self, event):
        """The trigger fires per row, so a statement that matches nothing goes through."""
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM claims_claimevent WHERE id = -1")
            assert cursor.rowcount == 0


class TestDeletingWhatHasHistory:
    """Nothing deletes events, so what they point at stays: it is refused, saying why."""

    def test_an_article_whose_claims_have_history_cannot_be_deleted(self, reviewer):
        claim = researching(reviewer)
        with pytest.raises(ProtectedError):
            claim.article.delete()
        assert Claim.objects.filter(pk=claim.pk).exists()

    def test_a_person_named_in_the_trail_cannot_be_deleted(self, reviewer):
        researching(reviewer)
        with pytest.raises(ProtectedError):
            reviewer.delete()

    def test_an_article_without_history_is_deleted_with_its_claims(self):
        """A mistaken upload nobody has worked on yet can go."""
        claim = ClaimFactory()
        claim.article.delete()
        assert not Claim.objects.filter(pk=claim.pk).exists()

    def test_the_admin_refuses_with_the_reason(self, client, staff, reviewer):
        """Not as a permission to delete evidence, verdicts or events, which nobody has."""
        claim = in_review(reviewer)
        client.force_login(staff)
        url = reverse("admin:claims_article_delete", args=[claim.article_id])
        page = client.get(url).content.decode()
        assert "would require deleting the following protected related objects" in page
        assert "The audit trail is never deleted: mark its claims not checkable instead." in page
        assert "permission" not in page
        client.post(url, {"post": "yes"})
        assert Article.objects.filter(pk=claim.article_id).exists()

    def test_the_admin_bulk_delete_refuses_with_the_reason(self, client, staff, reviewer):
        claim = researching(reviewer)
        client.force_login(staff)
        response = client.post(
            reverse("admin:claims_claim_changelist"),
            {"action": "delete_selected", "_selected_action": [claim.pk], "post": "yes"},
        )
        assert "The audit trail is never deleted: mark the claim not checkable" in response.text
        assert Claim.objects.filter(pk=claim.pk).exists()

    def test_the_admin_deletes_an_article_without_history(self, client, staff):
        article = ArticleFactory()
        ClaimFactory(article=article)
        client.force_login(staff)
        response = client.post(
            reverse("admin:claims_article_delete", args=[article.pk]), {"post": "yes"}
        )
        assert response.status_code == 302
        assert not Article.objects.filter(pk=article.pk).exists()

    def test_the_admin_refuses_to_delete_a_person_in_the_trail(self, client, staff, reviewer):
        researching(reviewer)
        client.force_login(staff)
        url = reverse("admin:auth_user_delete", args=[reviewer.pk])
        page = client.post(url, {"post": "yes"}).content.decode()
        assert "The audit trail is never deleted: untick Active" in page
        assert type(reviewer).objects.filter(pk=reviewer.pk).exists()

    def test_the_admin_still_deletes_a_person_with_no_history(self, client, staff):
        newcomer = UserFactory()
        client.force_login(staff)
        url = reverse("admin:auth_user_delete", args=[newcomer.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert not type(newcomer).objects.filter(pk=newcomer.pk).exists()
