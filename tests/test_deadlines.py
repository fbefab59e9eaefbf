"""Due dates and approval waits, across time zones and clock changes; the queue's due filter."""

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.deadlines import DueWindow, deadline, due_state, duration_words, is_approval_late
from claims.models import Claim
from claims.selectors import ClaimFilters, claims_matching
from claims.services.articles import article_set_deadline
from claims.services.claims import claim_set_due
from claims.services.workflow import Conflict, NotAllowed
from tests import workflow_states
from tests.factories import ArticleFactory, ClaimFactory

UTC = ZoneInfo("UTC")
LONDON = ZoneInfo("Europe/London")
SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")


class TestDeadline:
    def test_a_day_ends_at_the_next_local_midnight(self):
        assert deadline(date(2026, 6, 1), SEOUL) == datetime(2026, 6, 1, 15, 0, tzinfo=UTC)
        assert deadline(date(2026, 6, 1), NEW_YORK) == datetime(2026, 6, 2, 4, 0, tzinfo=UTC)

    def test_the_day_the_clocks_go_forward_is_23_hours_long(self):
        # Europe/London moves to summer time at 01:00 UTC on 29 March 2026.
        start = deadline(date(2026, 3, 28), LONDON)
        end = deadline(date(2026, 3, 29), LONDON)
        assert end - start == timedelta(hours=23)
        assert end == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)

    def test_the_day_the_clocks_go_back_is_25_hours_long(self):
        start = deadline(date(2026, 10, 24), LONDON)
        end = deadline(date(2026, 10, 25), LONDON)
        assert end - start == timedelta(hours=25)


class TestDueState:
    @pytest.mark.parametrize(
        ("now", "state"),
        [
            # Due 29 March (London) ends 23:00 UTC that day, after the clocks went forward.
            (datetime(2026, 3, 27, 22, 59, tzinfo=UTC), ""),
            (datetime(2026, 3, 27, 23, 0, tzinfo=UTC), "due_soon"),
            (datetime(2026, 3, 29, 22, 59, tzinfo=UTC), "due_soon"),
            (datetime(2026, 3, 29, 23, 0, tzinfo=UTC), "overdue"),
        ],
    )
    def test_across_the_spring_clock_change(self, now, state):
        assert due_state(date(2026, 3, 29), now, LONDON) == state

    def test_the_same_moment_differs_by_desk(self):
        now = datetime(2026, 6, 1, 16, 0, tzinfo=UTC)  # 2 June 01:00 in Seoul, 1 June in NY
        assert due_state(date(2026, 6, 1), now, SEOUL) == "overdue"
        assert due_state(date(2026, 6, 1), now, NEW_YORK) == "due_soon"
        assert due_state(None, now, NEW_YORK) == ""

    @pytest.mark.parametrize("zone", [LONDON, SEOUL, NEW_YORK, UTC])
    def test_the_window_agrees_with_due_state_every_hour_of_a_clock_change(self, zone):
        """The queue filters by dates; the marks by moments: they must never disagree."""
        for hour in range(0, 24 * 6):
            now = datetime(2026, 3, 26, tzinfo=UTC) + timedelta(hours=hour)
            window = DueWindow.at(now, zone)
            for day in range(20, 36):
                due_on = date(2026, 3, 1) + timedelta(days=day)
                by_window = (
                    "overdue"
                    if due_on < window.today
                    else "due_soon"
                    if due_on <= window.soon_until
                    else ""
                )
                assert by_window == due_state(due_on, now, zone), (now, due_on)


class TestApprovalWait:
    def test_late_after_the_target(self, settings):
        settings.APPROVAL_TARGET_HOURS = 24
        submitted = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
        # Across the clock change a wait is still measured in real hours.
        assert not is_approval_late(submitted, datetime(2026, 3, 29, 12, 0, tzinfo=UTC))
        assert is_approval_late(submitted, datetime(2026, 3, 29, 12, 1, tzinfo=UTC))
        assert not is_approval_late(None, datetime(2026, 3, 29, 12, 1, tzinfo=UTC))

    @pytest.mark.parametrize(
        ("minutes", "words"),
        [
            (5, "5 min"),
            (90, "1 h"),
            (47 * 60, "47 h"),
            (72 * 60, "3 days"),
            (75 * 60, "3 days 3 h"),
        ],
    )
    def test_words(self, minutes, words):
        assert duration_words(timedelta(minutes=minutes)) == words


@pytest.mark.django_db
class TestDueDates:
    def test_editors_set_and_clear_with_an_event(self, people):
        claim = ClaimFactory()
        due = date(2026, 12, 24)
        claim_set_due(claim=claim, actor=people["editor"], due_on=due)
        claim_set_due(claim=claim, actor=people["editor"], due_on=None)
        claim.refresh_from_db()
        assert claim.due_on is None
        assert [e.to_data for e in claim.events.filter(kind="due_changed")] == [
            {"due_on": "2026-12-24"},
            {"due_on": None},
        ]

    def test_the_event_says_what_it_was_who_changed_it_and_the_version_is_checked(self, people):
        claim = ClaimFactory(due_on=date(2026, 12, 1))
        version = claim.version
        claim_set_due(
            claim=claim, actor=people["editor"], due_on=date(2026, 12, 24), expected_version=version
        )
        event = claim.events.get(kind="due_changed")
        assert (event.actor, event.from_data, event.to_data) == (
            people["editor"],
            {"due_on": "2026-12-01"},
            {"due_on": "2026-12-24"},
        )
        with pytest.raises(Conflict):
            claim_set_due(
                claim=claim, actor=people["editor"], due_on=None, expected_version=version
            )
        assert Claim.objects.get(pk=claim.pk).due_on == date(2026, 12, 24)

    def test_reviewers_cannot(self, people):
        with pytest.raises(NotAllowed) as refused:
            claim_set_due(claim=ClaimFactory(), actor=people["reviewer"], due_on=date(2026, 1, 1))
        assert str(refused.value) == "Only editors set due dates, on claims not yet published."

    def test_an_article_deadline_is_for_editors(self, people):
        article = ArticleFactory()
        with pytest.raises(NotAllowed) as refused:
            article_set_deadline(article=article, actor=people["reviewer"], due_on=date(2026, 1, 1))
        assert str(refused.value) == "Only editors set an article's deadline."
        article.refresh_from_db()
        assert article.due_on is None
        article_set_deadline(article=article, actor=people["editor"], due_on=date(2026, 1, 1))
        article.refresh_from_db()
        assert article.due_on == date(2026, 1, 1)

    def test_the_queue_filters_and_sorts_by_due_date(self, people, settings):
        settings.DESK_TIME_ZONE = "Asia/Seoul"
        today = timezone.now().astimezone(SEOUL).date()
        article = ArticleFactory(due_on=today + timedelta(days=30))
        late = workflow_states.researching(people["reviewer"], article=article)
        soon, later = ClaimFactory(article=article), ClaimFactory()
        published = workflow_states.published(people["reviewer"], people["editor"])
        for claim, due in [(late, -1), (soon, 1), (later, 10), (published, -5)]:
            Claim.objects.filter(pk=claim.pk).update(due_on=today + timedelta(days=due))
        no_own_date = ClaimFactory(article=article)
        undated = ClaimFactory()

        def matching(**filters):
            return list(claims_matching(ClaimFilters(**filters)).values_list("pk", flat=True))

        assert matching(due="overdue") == [late.pk]
        assert matching(due="soon") == [soon.pk]
        assert set(matching(due="set")) == {
            late.pk,
            soon.pk,
            later.pk,
            published.pk,
            no_own_date.pk,
        }
        assert matching(sort="due") == [
            published.pk,
            late.pk,
            soon.pk,
            later.pk,
            no_own_date.pk,
            undated.pk,
        ]

    def test_marks_on_the_queue_and_claim_page(self, client, people):
        claim = workflow_states.researching(people["reviewer"])
        Claim.objects.filter(pk=claim.pk).update(due_on=timezone.localdate() - timedelta(days=1))
        client.force_login(people["reviewer"])
        for url in (reverse("claims:claim_list") + "?due=overdue", claim.get_absolute_url(), "/"):
            assert b'class="due due-overdue"' in client.get(url).content, url

    def test_the_claim_page_form(self, client, people):
        claim = ClaimFactory()
        client.force_login(people["editor"])
        url = reverse("claims:claim_due", args=[claim.pk])
        response = client.post(url, {"version": claim.version, "due_on": "2026-12-01"})
        assert response.status_code == 302
        assert Claim.objects.get(pk=claim.pk).due_on == date(2026, 12, 1)
        assert client.post(url, {"version": 1, "due_on": ""}).status_code == 409
        assert client.post(url, {"version": 2, "due_on": "soon"}).status_code == 400
        client.force_login(people["reviewer"])
        assert client.post(url, {"version": 2, "due_on": ""}).status_code == 403

    def test_article_deadline_form(self, client, people):
        article = ArticleFactory()
        url = reverse("claims:article_deadline", args=[article.pk])
        client.force_login(people["reviewer"])
        assert client.post(url, {"due_on": "2026-12-01"}).status_code == 403
        client.force_login(people["editor"])
        client.post(url, {"due_on": "2026-12-01"})
        article.refresh_from_db()
        assert article.due_on == date(2026, 12, 1)
        client.post(url, {"due_on": "nonsense"})
        article.refresh_from_db()
        assert article.due_on == date(2026, 12, 1)


@pytest.mark.django_db
def test_dashboard_lists_reviews_oldest_first_with_the_wait(client, people, settings):
    settings.APPROVAL_TARGET_HOURS = 24
    long_ago = timezone.now() - timedelta(hours=30)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        first = workflow_states.in_review(people["reviewer"])
    second = workflow_states.in_review(people["other_reviewer"])
    client.force_login(people["editor"])
    response = client.get("/")
    assert [claim.pk for claim in response.context["awaiting_review"]] == [first.pk, second.pk]
    content = response.content.decode()
    assert content.count("waiting-late") == 1
    assert "(30 h)" in content
