"""Every kind of notification reaches exactly the right people, once, never the actor."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from claims.models import Notification, NotificationPreference, Watch
from claims.notifications.announce import deadlines_notify
from claims.notifications.email import digests_send
from claims.notifications.services import notify, preferences_save
from claims.services import workflow
from claims.services.articles import article_update_text
from claims.services.claims import claim_set_due
from claims.services.comments import comment_add
from claims.services.evidence import evidence_add
from tests import workflow_states
from tests.factories import ClaimFactory, ReviewerFactory

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def received(kind=None) -> list[tuple[str, str]]:
    """(username, kind) of every notification sent, in order."""
    rows = Notification.objects.order_by("id")
    if kind:
        rows = rows.filter(kind=kind)
    return [(row.recipient.username, row.kind) for row in rows]


class TestAssigned:
    def test_the_assignee_is_told_once_and_watches(self, people):
        claim = ClaimFactory()
        workflow.claim_assign(claim=claim, assignee=people["reviewer"], actor=people["editor"])
        assert received() == [("rita", Kind.ASSIGNED)]
        assert Watch.objects.filter(claim=claim, user=people["reviewer"]).exists()

    def test_taking_a_claim_oneself_tells_nobody(self, people):
        workflow_states.researching(people["reviewer"])
        assert received() == []

    def test_unassigning_tells_nobody(self, people):
        claim = workflow_states.researching(people["reviewer"])
        workflow.claim_assign(claim=claim, assignee=None, actor=people["editor"])
        assert received() == []


class TestReviewRequested:
    def test_every_editor_but_the_submitter_hears_of_a_submission(self, people):
        workflow_states.in_review(people["reviewer"])
        # edna and ed are editors, stan a superuser; the reviewer submitted it.
        assert sorted(received()) == [
            ("ed", Kind.REVIEW_REQUESTED),
            ("edna", Kind.REVIEW_REQUESTED),
            ("stan", Kind.REVIEW_REQUESTED),
        ]

    def test_an_editor_submitting_is_not_told_of_their_own_submission(self, people):
        workflow_states.in_review(people["editor"])
        assert sorted(name for name, _kind in received(Kind.REVIEW_REQUESTED)) == ["ed", "stan"]


class TestSentBack:
    def test_the_submitter_gets_the_reason_and_the_editor_nothing(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        Notification.objects.all().delete()
        workflow.claim_send_back(claim=claim, actor=people["editor"], reason="Cite the ministry.")
        assert received() == [("rita", Kind.SENT_BACK)]
        assert Notification.objects.get().detail == "Cite the ministry."

    def test_a_reassigned_claim_tells_the_submitter_and_the_new_assignee_who_sent_it(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        workflow.claim_assign(
            claim=claim, assignee=people["other_reviewer"], actor=people["editor"]
        )
        Notification.objects.all().delete()
        workflow.claim_send_back(claim=claim, actor=people["editor"], reason="Cite the ministry.")
        assert sorted(received()) == [("rita", Kind.SENT_BACK), ("rob", Kind.SENT_BACK)]
        messages = set(Notification.objects.values_list("message", flat=True))
        assert messages == {f"{people['editor']} sent back {claim.external_id}: {claim.text}"}

    def test_the_sent_back_comment_is_not_a_second_notification(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        Watch.objects.create(claim=claim, user=people["other_reviewer"])
        Notification.objects.all().delete()
        workflow.claim_send_back(claim=claim, actor=people["editor"], reason="Check it.")
        assert received() == [("rita", Kind.SENT_BACK)]


class TestPublished:
    def test_the_reviewer_and_watchers_hear_once_the_publisher_not_at_all(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        Watch.objects.create(claim=claim, user=people["other_reviewer"])
        Watch.objects.create(claim=claim, user=people["editor"])
        Notification.objects.all().delete()
        workflow.verdict_publish(claim=claim, actor=people["editor"])
        # rita is assignee, submitter and watcher: one notification all the same.
        assert sorted(received()) == [("rita", Kind.PUBLISHED), ("rob", Kind.PUBLISHED)]


class TestWatchedActivity:
    def test_a_comment_reaches_watchers_but_not_its_author(self, people):
        claim = workflow_states.researching(people["reviewer"])
        Watch.objects.create(claim=claim, user=people["editor"])
        comment_add(claim=claim, author=people["reviewer"], body="Found the report.")
        assert received() == [("edna", Kind.WATCHED_ACTIVITY)]

    def test_commenting_starts_watching(self, people):
        claim = workflow_states.researching(people["reviewer"])
        comment_add(claim=claim, author=people["other_reviewer"], body="I can help.")
        assert received() == [("rita", Kind.WATCHED_ACTIVITY)]
        comment_add(claim=claim, author=people["reviewer"], body="Thanks.")
        assert received()[-1] == ("rob", Kind.WATCHED_ACTIVITY)

    def test_a_mentioned_watcher_is_told_of_the_mention_only(self, people):
        claim = workflow_states.researching(people["reviewer"])
        Watch.objects.create(claim=claim, user=people["editor"])
        comment_add(claim=claim, author=people["reviewer"], body="@edna and @rob, look.")
        assert sorted(received()) == [("edna", Kind.MENTIONED), ("rob", Kind.MENTIONED)]

    def test_mentioning_oneself_sends_nothing(self, people):
        claim = workflow_states.researching(people["reviewer"])
        comment_add(claim=claim, author=people["reviewer"], body="Note to @rita: check.")
        assert received() == []

    def test_new_evidence_reaches_watchers(self, people):
        claim = workflow_states.researching(people["reviewer"])
        Watch.objects.create(claim=claim, user=people["editor"])
        evidence_add(claim=claim, actor=people["reviewer"], url="https://x.example.org/a")
        assert received() == [("edna", Kind.WATCHED_ACTIVITY)]


class TestArticleChanged:
    def test_the_people_behind_a_published_claim_hear_the_text_changed(self, people):
        claim = workflow_states.published(people["reviewer"], people["editor"])
        Notification.objects.all().delete()
        article = claim.article
        article_update_text(
            article=article, actor=people["other_editor"], body=article.body + " More text."
        )
        # rita checked it, edna approved it; ed changed the text.
        assert sorted(received()) == [
            ("edna", Kind.ARTICLE_CHANGED),
            ("rita", Kind.ARTICLE_CHANGED),
        ]

    def test_an_unchanged_text_or_unpublished_claims_tell_nobody(self, people):
        claim = workflow_states.in_review(people["reviewer"])
        Notification.objects.all().delete()
        article = claim.article
        article_update_text(article=article, actor=people["editor"], body=article.body)
        article_update_text(article=article, actor=people["editor"], body=article.body + " x")
        assert received() == []


class TestDeadlines:
    def test_due_soon_then_overdue_each_once(self, people):
        claim = workflow_states.researching(people["reviewer"])
        today = timezone.localdate()
        claim_set_due(claim=claim, actor=people["editor"], due_on=today + timedelta(days=1))
        Notification.objects.all().delete()
        now = timezone.now()
        deadlines_notify(now=now)
        deadlines_notify(now=now)
        assert received() == [("rita", Kind.DUE_SOON)]
        deadlines_notify(now=now + timedelta(days=3))
        deadlines_notify(now=now + timedelta(days=4))
        assert received() == [("rita", Kind.DUE_SOON), ("rita", Kind.OVERDUE)]

    def test_a_new_due_date_is_announced_again(self, people):
        claim = workflow_states.researching(people["reviewer"])
        today = timezone.localdate()
        claim_set_due(claim=claim, actor=people["editor"], due_on=today)
        deadlines_notify(now=timezone.now())
        claim_set_due(claim=claim, actor=people["editor"], due_on=today + timedelta(days=1))
        deadlines_notify(now=timezone.now())
        assert received(Kind.DUE_SOON) == [("rita", Kind.DUE_SOON)] * 2

    def test_a_claim_due_later_or_not_researched_tells_nobody(self, people):
        later = workflow_states.researching(people["reviewer"])
        claim_set_due(
            claim=later, actor=people["editor"], due_on=timezone.localdate() + timedelta(days=9)
        )
        in_review = workflow_states.in_review(people["other_reviewer"])
        claim_set_due(claim=in_review, actor=people["editor"], due_on=timezone.localdate())
        Notification.objects.all().delete()
        deadlines_notify(now=timezone.now())
        assert received() == []

    def test_the_article_deadline_counts_for_claims_without_their_own(self, people):
        claim = workflow_states.researching(people["reviewer"])
        claim.article.due_on = timezone.localdate() - timedelta(days=1)
        claim.article.save()
        deadlines_notify(now=timezone.now())
        assert received(Kind.OVERDUE) == [("rita", Kind.OVERDUE)]

    def test_a_late_approval_reaches_each_editor_but_the_submitter_once(self, people, settings):
        settings.APPROVAL_TARGET_HOURS = 24
        workflow_states.in_review(people["editor"])
        Notification.objects.all().delete()
        deadlines_notify(now=timezone.now() + timedelta(hours=23))
        assert received() == []
        deadlines_notify(now=timezone.now() + timedelta(hours=25))
        deadlines_notify(now=timezone.now() + timedelta(hours=26))
        assert sorted(received()) == [("ed", Kind.APPROVAL_LATE), ("stan", Kind.APPROVAL_LATE)]

    def test_the_command_reports_what_it_sent(self, people):
        claim = workflow_states.researching(people["reviewer"])
        claim_set_due(claim=claim, actor=people["editor"], due_on=timezone.localdate())
        out = mock.Mock()
        call_command("notify_deadlines", stdout=out)
        assert "due_soon: 1" in out.write.call_args[0][0]


class TestEmail:
    def test_immediately_sends_one_mail_after_the_commit(
        self, people, django_capture_on_commit_callbacks
    ):
        people["reviewer"].email = "rita@example.org"
        people["reviewer"].save()
        claim = ClaimFactory()
        with django_capture_on_commit_callbacks(execute=True):
            workflow.claim_assign(claim=claim, assignee=people["reviewer"], actor=people["editor"])
        assert [message.to for message in mail.outbox] == [["rita@example.org"]]
        assert "assigned you" in mail.outbox[0].subject
        assert Notification.objects.get().mail == Notification.MailState.SENT

    def test_a_refused_action_sends_nothing(self, people, django_capture_on_commit_callbacks):
        people["reviewer"].email = "rita@example.org"
        people["reviewer"].save()
        claim = ClaimFactory()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.NotAllowed):
            workflow.claim_assign(
                claim=claim, assignee=people["reviewer"], actor=people["other_reviewer"]
            )
        assert mail.outbox == [] and Notification.objects.count() == 0

    def test_daily_digest_gathers_and_off_sends_none(
        self, people, django_capture_on_commit_callbacks
    ):
        rita, rob = people["reviewer"], people["other_reviewer"]
        for person in (rita, rob):
            person.email = f"{person.username}@example.org"
            person.save()
        preferences_save(user=rita, choices={Kind.ASSIGNED: "daily"})
        preferences_save(user=rob, choices={Kind.ASSIGNED: "off"})
        with django_capture_on_commit_callbacks(execute=True):
            for person in (rita, rob, rita):
                workflow.claim_assign(claim=ClaimFactory(), assignee=person, actor=people["editor"])
        assert mail.outbox == []
        assert digests_send(dry_run=True) == {"rita": 2} and mail.outbox == []
        assert digests_send() == {"rita": 2}
        assert [message.to for message in mail.outbox] == [["rita@example.org"]]
        assert digests_send() == {}

    def test_a_failing_mail_server_keeps_the_notification_for_the_digest(self, people):
        people["reviewer"].email = "rita@example.org"
        people["reviewer"].save()
        with mock.patch("claims.notifications.email.send_mail", side_effect=OSError("down")):
            notify(kind=Kind.MENTIONED, recipients=[people["reviewer"]], message="Hi")
            from claims.notifications.email import send_now

            send_now(list(Notification.objects.all()))
        assert Notification.objects.get().mail == Notification.MailState.DIGEST

    def test_preferences_keep_only_choices_that_differ_and_refuse_unknown_ones(self, people):
        rita = people["reviewer"]
        preferences_save(user=rita, choices={Kind.ASSIGNED: "immediately", Kind.PUBLISHED: "off"})
        assert list(NotificationPreference.objects.values_list("kind", "delivery")) == [
            ("published", "off")
        ]
        with pytest.raises(ValueError, match="Unknown"):
            preferences_save(user=rita, choices={"bogus": "off"})
        with pytest.raises(ValueError, match="Unknown"):
            preferences_save(user=rita, choices={Kind.ASSIGNED: "weekly"})

    def test_no_address_means_no_mail_but_the_inbox_still_gets_it(self, people):
        notify(kind=Kind.MENTIONED, recipients=[people["reviewer"]], message="Hi")
        assert Notification.objects.get().mail == Notification.MailState.NONE


def test_inactive_people_are_not_notified(people):
    gone = ReviewerFactory(username="gone", is_active=False)
    assert notify(kind=Kind.MENTIONED, recipients=[gone, None], message="x") == []
