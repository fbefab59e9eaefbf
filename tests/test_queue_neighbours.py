"""Previous and next on a claim page, within the queue the user came from; watching."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from claims.models import Claim, Watch
from claims.selectors import SORTS, ClaimFilters, claims_matching, queue_neighbours
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue():
    article = ArticleFactory()
    claims = [ClaimFactory(article=article) for _ in range(5)]
    for number, claim in enumerate(claims):
        Claim.objects.filter(pk=claim.pk).update(priority=10 * number)
    Claim.objects.filter(pk=claims[2].pk).update(priority=90, kind="event")
    return claims


@pytest.mark.parametrize(
    "filters",
    [
        ClaimFilters(),
        ClaimFilters(sort="updated"),
        ClaimFilters(sort="status"),
        ClaimFilters(sort="article"),
        ClaimFilters(sort="due"),
        ClaimFilters(kind="figure"),
    ],
)
def test_neighbours_are_those_of_the_queue_order(queue, filters):
    # Claims that tie on every sort key follow in id order (these all share one quote).
    ordered = list(claims_matching(filters).order_by(*SORTS[filters.sort or "priority"], "pk"))
    for position, claim in enumerate(ordered):
        before, after = queue_neighbours(filters, claim)
        assert (before.pk if before else None) == (ordered[position - 1].pk if position else None)
        expected_after = ordered[position + 1].pk if position + 1 < len(ordered) else None
        assert (after.pk if after else None) == expected_after


def test_a_claim_outside_the_queue_has_none(queue):
    assert queue_neighbours(ClaimFilters(kind="figure"), queue[2]) == (None, None)


def test_the_page_links_within_the_queue(client, people, queue):
    client.force_login(people["reviewer"])
    listing = client.get(reverse("claims:claim_list"), {"kind": "figure"})
    ordered = list(listing.context["page"])
    middle = ordered[1]
    keep = urlencode({"queue": "kind=figure"})
    assert f'href="{middle.get_absolute_url()}?{keep}"' in listing.content.decode()
    page = client.get(f"{middle.get_absolute_url()}?{keep}")
    content = page.content.decode()
    assert f'rel="prev" href="{ordered[0].get_absolute_url()}?{keep}"' in content
    assert f'rel="next" href="{ordered[2].get_absolute_url()}?{keep}"' in content
    assert 'rel="prev"' not in client.get(middle.get_absolute_url()).content.decode()


def test_watch_and_unwatch(client, people, queue):
    claim = queue[0]
    client.force_login(people["reviewer"])
    url = reverse("claims:claim_watch", args=[claim.pk])
    client.post(url, {"watch": "1"})
    assert Watch.objects.filter(claim=claim, user=people["reviewer"]).count() == 1
    assert client.get(claim.get_absolute_url()).context["page"].watching
    client.post(url, {"watch": "0"})
    assert not Watch.objects.filter(claim=claim).exists()
