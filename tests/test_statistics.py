"""The statistics page against figures worked out by hand on a small desk."""

import csv
import io
from contextlib import contextmanager
from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from claims.models import Claim
from claims.services import workflow
from claims.services.evidence import evidence_add
from claims.statistics import Spread, StatsFilters, desk_statistics
from tests.factories import ArticleFactory, ClaimFactory, rating
from tests.workflow_states import reached

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_figures():
    """The page keeps its figures a few minutes; each test has a desk of its own."""
    cache.clear()
    yield
    cache.clear()


@contextmanager
def at(day: int, hour: int = 0, minute: int = 0):
    """Everything inside happens on that day of November 2026 (UTC), at that time."""
    moment = datetime(2026, 11, day, hour, minute, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def claim_through(
    people, article, *, start, submit, publish=None, slug="true", reviewer="reviewer"
):
    """A claim researched from `start`, submitted at `submit`, published at `publish`
    (each a (day, hour) or (day, hour, minute) of November 2026)."""
    person = people[reviewer]
    with at(*start):
        claim = ClaimFactory(article=article)
        workflow.claim_assign(claim=claim, assignee=person, actor=person)
        evidence_add(claim=claim, actor=person, url="https://stats.example.org/nurses")
        reached("https://stats.example.org/nurses")
        workflow.verdict_propose(
            claim=claim,
            actor=person,
            rating=rating(slug),
            summary="Matches the data.",
            short_claim="The ministry hired 4,200 nurses in 2023",
        )
    for moment in submit:
        with at(*moment):
            claim.refresh_from_db()
            if claim.status == Claim.Status.IN_REVIEW:
                workflow.claim_send_back(claim=claim, actor=people["editor"], reason="Again.")
                claim.refresh_from_db()
            workflow.claim_submit(claim=claim, actor=person)
    if publish:
        with at(*publish):
            workflow.verdict_publish(claim=claim, actor=people["editor"])
    return claim


@pytest.fixture
def desk(people):
    article, other = ArticleFactory(), ArticleFactory()
    # A: researched from 2 Nov 09:00, submitted 3 Nov 09:00, published 3 Nov 21:00: 36 h, 12 h.
    claim_through(people, article, start=(2, 9), submit=[(3, 9)], publish=(3, 21))
    # B: 4 Nov 10:00 to 10 Nov 16:00 (150 h), submitted 9 Nov 10:00 (waited 30 h). False.
    claim_through(people, other, start=(4, 10), submit=[(9, 10)], publish=(10, 16), slug="false")
    # C: from 5 Nov, submitted 6 Nov, sent back, resubmitted 7 Nov, published 8 Nov: 72 h, 24 h.
    claim_through(people, article, start=(5, 0), submit=[(6, 0), (7, 0)], publish=(8, 0))
    # D: submitted 10 Nov by rob, still in review.
    claim_through(people, article, start=(10, 1), submit=[(10, 2)], reviewer="other_reviewer")
    # E: rita researches it, not submitted.
    with at(11):
        workflow.claim_assign(
            claim=ClaimFactory(article=article), assignee=people["reviewer"], actor=people["editor"]
        )
    return article


def test_the_figures_match_the_hand_count(desk):
    figures = desk_statistics(StatsFilters(start=date(2026, 11, 2), end=date(2026, 11, 15)))
    # Submitted: A, C twice in the first week; B and D in the second. Published: A, C; B.
    assert figures.weeks == [(date(2026, 11, 2), 3, 2), (date(2026, 11, 9), 2, 1)]
    # 36, 72, 150 h: median 72; the 90th percentile lies 0.8 of the way from 72 to 150.
    assert figures.research_to_publication == Spread(3, 72.0, pytest.approx(134.4))
    # 12, 24, 30 h: median 24; 90th percentile 24 + 0.8 * 6.
    assert figures.approval_wait == Spread(3, 24.0, pytest.approx(28.8))
    assert {r.slug: n for r, n in figures.by_rating if n} == {"true": 2, "false": 1}
    assert figures.open_by_person == [("rita", 1, 0), ("rob", 0, 1)]


def test_the_range_and_the_article_narrow_the_figures(desk):
    second_week = desk_statistics(StatsFilters(start=date(2026, 11, 9), end=date(2026, 11, 15)))
    assert second_week.weeks == [(date(2026, 11, 9), 2, 1)]
    assert second_week.research_to_publication == Spread(1, 150.0, 150.0)
    one_article = desk_statistics(
        StatsFilters(start=date(2026, 11, 2), end=date(2026, 11, 15), article=desk)
    )
    assert one_article.weeks == [(date(2026, 11, 2), 3, 2), (date(2026, 11, 9), 1, 0)]
    assert one_article.approval_wait == Spread(2, 18.0, pytest.approx(22.8))


def test_weeks_follow_the_desk_time_zone(desk, settings):
    # In Seoul (UTC+9) A's publication at 21:00 UTC on 3 Nov is 4 Nov; C's submission at
    # 00:00 UTC on 6 Nov is still 6 Nov: the weeks hold the same events.
    settings.DESK_TIME_ZONE = "Asia/Seoul"
    figures = desk_statistics(StatsFilters(start=date(2026, 11, 2), end=date(2026, 11, 15)))
    assert figures.weeks == [(date(2026, 11, 2), 3, 2), (date(2026, 11, 9), 2, 1)]
    # In Los Angeles, B's submission (10:00 UTC 9 Nov = 02:00 9 Nov) stays; D's 02:00 UTC on
    # 10 Nov is 18:00 on 9 Nov; A (3 Nov 09:00 UTC) is 3 Nov 01:00: nothing moves week.
    settings.DESK_TIME_ZONE = "America/Los_Angeles"
    figures = desk_statistics(StatsFilters(start=date(2026, 11, 2), end=date(2026, 11, 8)))
    assert figures.weeks == [(date(2026, 11, 2), 3, 2)]


def test_weeks_in_a_zone_a_quarter_hour_off_the_hour(people, settings):
    # Kathmandu is 5:45 ahead of UTC: Sunday 8 Nov 18:10 UTC is 23:55 there, and 18:20 is
    # Monday 00:05, so the two submissions fall in two weeks.
    settings.DESK_TIME_ZONE = "Asia/Kathmandu"
    article = ArticleFactory()
    claim_through(people, article, start=(8, 9), submit=[(8, 18, 10)])
    claim_through(people, article, start=(8, 9), submit=[(8, 18, 20)])
    figures = desk_statistics(StatsFilters(start=date(2026, 11, 2), end=date(2026, 11, 15)))
    assert figures.weeks == [(date(2026, 11, 2), 1, 0), (date(2026, 11, 9), 1, 0)]


def test_an_empty_range_has_no_figures(db):
    figures = desk_statistics(StatsFilters(start=date(2020, 1, 1), end=date(2020, 1, 5)))
    assert figures.research_to_publication == Spread(0, None, None)
    assert figures.weeks == [(date(2019, 12, 30), 0, 0)]


class TestPage:
    def test_editors_only(self, client, people):
        client.force_login(people["reviewer"])
        assert client.get(reverse("claims:stats")).status_code == 403
        assert client.get(reverse("claims:stats_csv", args=["throughput"])).status_code == 403

    def test_charts_are_accessible_svg_with_tables(self, client, people, desk):
        client.force_login(people["editor"])
        response = client.get(reverse("claims:stats"), {"start": "2026-11-02", "end": "2026-11-15"})
        content = response.content.decode()
        assert content.count('role="img"') == 4
        for slug in ("throughput", "ratings", "open-work", "due"):
            assert f'aria-labelledby="{slug}-title {slug}-desc"' in content
            assert f'<title id="{slug}-title">' in content and f'<desc id="{slug}-desc">' in content
            assert f"/stats/{slug}.csv?start=2026-11-02&amp;end=2026-11-15" in content
        assert "Verdicts submitted (5) and published (3)" in content
        assert content.count("<table>") == 4
        assert content.count("3 verdicts</span>") == 2

    def test_one_verdict_is_counted_in_the_singular(self, client, people, desk):
        client.force_login(people["editor"])
        response = client.get(reverse("claims:stats"), {"start": "2026-11-09", "end": "2026-11-15"})
        content = response.content.decode()
        assert content.count(" 1 verdict</span>") == 2

    def test_each_chart_as_csv(self, client, people, desk):
        client.force_login(people["editor"])
        query = {"start": "2026-11-02", "end": "2026-11-15"}

        def rows(name):
            response = client.get(reverse("claims:stats_csv", args=[name]), query)
            assert response["Content-Type"].startswith("text/csv")
            return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

        assert rows("throughput") == [
            ["label", "submitted", "published"],
            ["2 Nov 2026", "3", "2"],
            ["9 Nov 2026", "2", "1"],
        ]
        assert rows("durations") == [
            ["measure", "verdicts", "median_hours", "p90_hours"],
            ["first research to publication", "3", "72.0", "134.4"],
            ["waiting for approval", "3", "24.0", "28.8"],
        ]
        assert rows("open-work")[1:] == [["rita", "1", "0"], ["rob", "0", "1"]]
        assert client.get(reverse("claims:stats_csv", args=["nope"]), query).status_code == 404

    def test_a_backwards_range_is_refused_naming_it(self, client, people):
        client.force_login(people["editor"])
        response = client.get(reverse("claims:stats"), {"start": "2026-11-15", "end": "2026-11-02"})
        assert response.status_code == 400
        assert "The start of the range must be on or before its end." in response.content.decode()
