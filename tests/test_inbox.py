"""The inbox, its badge (one indexed query, 304 while nothing changed) and e-mail settings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Notification, NotificationPreference
from claims.notifications.services import notify
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def send(person, count=1, **kwargs):
    for number in range(count):
        notify(kind=Kind.MENTIONED, recipients=[person], message=f"Note {number}", **kwargs)


class TestBadge:
    def test_counts_unread_and_answers_304_until_something_changes(self, client, people):
        rita = people["reviewer"]
        send(rita, 2)
        client.force_login(rita)
        url = reverse("claims:inbox_badge")
        first = client.get(url)
        assert first.status_code == 200
        assert '<span class="badge">2</span>' in first.content.decode()
        assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304
        send(rita)
        changed = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert (
            changed.status_code == 200
            and '<span class="badge">3</span>' in changed.content.decode()
        )
        Notification.objects.filter(recipient=rita).update(read_at="2026-01-01T00:00Z")
        read = client.get(url, headers={"If-None-Match": changed["ETag"]})
        assert read.status_code == 200 and "badge" not in read.content.decode()

    def test_one_query_of_its_own_whatever_the_count(self, client, people):
        rita = people["reviewer"]
        client.force_login(rita)
        url = reverse("claims:inbox_badge")
        client.get(url)  # the session is read once per request, whatever the view does
        counts = []
        for extra in (1, 150):
            send(rita, extra)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            own = [q["sql"] for q in captured if "claims_notification" in q["sql"]]
            assert len(own) == 1
            counts.append(len(captured))
        assert counts[0] == counts[1]
        assert '<span class="badge">99+</span>' in response.content.decode()

    def test_someone_elses_notifications_do_not_count(self, client, people):
        send(people["other_reviewer"], 3)
        client.force_login(people["reviewer"])
        assert "badge" not in client.get(reverse("claims:inbox_badge")).content.decode()

    def test_every_page_loads_it_after_the_page(self, client, people):
        client.force_login(people["reviewer"])
        content = client.get("/").content.decode()
        assert 'data-hx-get="/inbox/badge/"' in content
        assert 'data-hx-trigger="load, every 60s"' in content


class TestInbox:
    def test_unread_by_default_and_all_on_request(self, client, people):
        rita = people["reviewer"]
        send(rita, 2)
        Notification.objects.filter(message="Note 0").update(read_at="2026-01-01T00:00Z")
        client.force_login(rita)
        unread = client.get(reverse("claims:inbox"))
        assert [n.message for n in unread.context["page"]] == ["Note 1"]
        every = client.get(reverse("claims:inbox") + "?show=all")
        assert [n.message for n in every.context["page"]] == ["Note 1", "Note 0"]

    def test_mark_one_and_mark_all_read(self, client, people):
        rita, rob = people["reviewer"], people["other_reviewer"]
        send(rita, 3)
        send(rob)
        client.force_login(rita)
        first = Notification.objects.filter(recipient=rita).first()
        response = client.post(
            reverse("claims:inbox_mark_read"), {"id": first.pk}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        assert Notification.objects.filter(recipient=rita, read_at__isnull=True).count() == 2
        client.post(reverse("claims:inbox_mark_read"))
        assert Notification.objects.filter(recipient=rita, read_at__isnull=True).count() == 0
        assert Notification.objects.get(recipient=rob).read_at is None
        assert client.post(reverse("claims:inbox_mark_read"), {"id": "x"}).status_code == 400

    def test_opening_marks_read_and_goes_to_the_claim(self, client, people):
        claim = ClaimFactory()
        send(people["reviewer"], claim=claim)
        notification = Notification.objects.get()
        client.force_login(people["other_reviewer"])
        assert (
            client.get(reverse("claims:notification_open", args=[notification.pk])).status_code
            == 404
        )
        client.force_login(people["reviewer"])
        response = client.get(reverse("claims:notification_open", args=[notification.pk]))
        assert response.url == claim.get_absolute_url()
        notification.refresh_from_db()
        assert notification.read_at is not None

    def test_text_is_escaped(self, client, people):
        send(people["reviewer"], detail="<script>alert(1)</script>")
        client.force_login(people["reviewer"])
        content = client.get(reverse("claims:inbox")).content.decode()
        assert "<script>alert" not in content and "&lt;script&gt;" in content

    def test_rows_are_read_without_the_people_or_the_mail_state(self, client, people):
        rita = people["reviewer"]
        send(rita, 3, claim=ClaimFactory())
        client.force_login(rita)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("claims:inbox"), {"show": "all"})
        assert len(response.context["page"]) == 3
        rows = [q["sql"] for q in captured if q["sql"].startswith('SELECT "claims_notification"')]
        assert len(rows) == 1
        assert "auth_user" not in rows[0] and '"mail"' not in rows[0]

    def test_query_count_is_flat(self, client, people, django_assert_max_num_queries):
        rita = people["reviewer"]
        client.force_login(rita)
        counts = []
        for size in (3, 30):
            send(rita, size, claim=ClaimFactory())
            with CaptureQueriesContext(connection) as captured:
                client.get(reverse("claims:inbox"))
            counts.append(len(captured))
        assert counts[0] == counts[1]


class TestSettings:
    def test_choices_are_saved_and_shown(self, client, people):
        client.force_login(people["reviewer"])
        url = reverse("claims:notification_settings")
        form = client.get(url).context["form"]
        data = {name: field.initial for name, field in form.fields.items()}
        data[Kind.PUBLISHED] = "off"
        assert client.post(url, data).status_code == 302
        assert list(NotificationPreference.objects.values_list("kind", "delivery")) == [
            ("published", "off")
        ]
        assert client.get(url).context["form"].fields[Kind.PUBLISHED].initial == "off"

    def test_a_bad_choice_is_refused_naming_it(self, client, people):
        client.force_login(people["reviewer"])
        response = client.post(reverse("claims:notification_settings"), {"assigned": "weekly"})
        assert response.status_code == 400
        assert "weekly is not one of the available choices" in response.content.decode()
        assert NotificationPreference.objects.count() == 0
