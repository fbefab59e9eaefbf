"""List pages run a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.services import workflow
from claims.services.comments import comment_add
from claims.services.evidence import evidence_add
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, rating

pytestmark = pytest.mark.django_db


def populate(count, reviewer, editor):
    article = ArticleFactory()
    for number in range(count):
        claim = ClaimFactory(article=article)
        workflow.claim_assign(claim=claim, assignee=reviewer, actor=editor)
        if number % 2:
            evidence_add(claim=claim, actor=reviewer, url=f"https://e.example.org/{number}")
            workflow.verdict_propose(claim=claim, actor=reviewer, rating=rating(), summary="s")
            comment_add(claim=claim, author=reviewer, body="A note.")
    return article


def queries_for(client, url):
    # Once unmeasured first: what the process caches on a first use (content types, say),
    # and an earlier test may have dropped, is not the page's own cost.
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "page",
    ["claims:claim_list", "claims:dashboard", "claims:article_list", "article", "claim"],
)
def test_query_count_is_flat_from_3_to_30_rows(client, editor, reviewer, page):
    counts = []
    for size in (3, 30):
        article = populate(size, reviewer, editor)
        # The same kind of claim at both sizes (one with a draft verdict), chosen by id:
        # claims of one article can share a start, so their page order is not unique.
        claim = article.claims.filter(verdicts__isnull=False).order_by("pk").last()
        for _extra in range(size):
            EvidenceFactory(claim=claim)
        url = {
            "article": reverse("claims:article_detail", args=[article.pk]),
            "claim": reverse("claims:claim_detail", args=[claim.pk]),
        }.get(page) or reverse(page)
        client.force_login(editor)
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1], counts


def test_queue_filters_keep_the_count_flat(client, editor, reviewer):
    counts = []
    for size in (3, 30):
        populate(size, reviewer, editor)
        client.force_login(editor)
        url = reverse("claims:claim_list") + "?status=researching&assignee=me&q=nurses&rating=true"
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1]
