"""The whole desk in a browser: a reviewer checks the 1,500 figure, an editor publishes it."""

import re

import pytest
from playwright.sync_api import expect

from claims.demo import seed_article
from claims.models import Claim, Source
from tests.factories import EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_checks_and_editor_publishes_the_1500_figure(page, live_server, log_in, log_out):
    seed_article()
    # Console errors include anything the Content Security Policy blocked.
    console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    ReviewerFactory(username="mina")
    EditorFactory(username="edna")

    # The reviewer finds the claim through the queue's filters.
    log_in("mina")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Queue").click()
    page.get_by_label("Kind").select_option("figure")
    page.get_by_label("Search", exact=True).fill("1,500")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=1%2C500"))
    rows.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("about 1,500 soldiers")

    # She takes it, cites a source with the reported figure, and proposes True.
    page.get_by_role("button", name="I’ll take it").click()
    expect(page.locator("#claim-status")).to_have_text("Researching")
    page.get_by_text("Add a source").click()
    page.get_by_label("Source URL").fill("http://world.kbs.co.kr/service/news_view.htm?lang=e")
    page.get_by_label("Title").fill("NIS: North Korea sends special forces to Russia")
    page.get_by_label("Publisher").fill("KBS World")
    page.get_by_label("Source kind").select_option("news")
    page.get_by_label("Stance").select_option("supports")
    page.get_by_label("Excerpt").fill("About 1,500 special forces were moved to Vladivostok.")
    page.get_by_label("Reported value").fill("1500")
    page.get_by_role("button", name="Add source").click()
    expect(page.locator("#evidence")).to_contain_text("reports 1,500")
    expect(page.locator(".figure-chart")).to_contain_text("1 source within 10%")

    page.get_by_label("Rating").select_option(label="True")
    page.get_by_label("Summary").fill("South Korea's NIS said about 1,500 troops moved first.")
    page.get_by_label("Short claim").fill("North Korea's first deployment was about 1,500 soldiers")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator("#claim-status")).to_have_text("In review")

    # The submitter is not offered publishing, and forcing it is refused.
    expect(page.get_by_role("button", name="Publish verdict")).to_have_count(0)
    claim = Claim.objects.get(external_id="c06")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    forced = page.request.post(
        f"{live_server.url}/claims/{claim.pk}/publish/",
        headers={"X-CSRFToken": token, "Referer": live_server.url},
        form={"version": str(Claim.objects.get(pk=claim.pk).version)},
    )
    assert forced.status == 403
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    # What the worker records once it reaches the page (none runs here: no test uses the web).
    Source.objects.update(link_status=Source.LinkStatus.OK)
    log_out()

    # An editor finds it awaiting review and publishes it.
    log_in("edna")
    page.locator("#awaiting-review").get_by_role("link", name=re.compile("1,500")).click()
    expect(page.locator("#checklist li.pass")).to_have_count(7)
    expect(page.locator("#checklist li.fail")).to_have_count(0)
    page.get_by_role("button", name="Publish verdict").click()
    expect(page.locator("#claim-status")).to_have_text("Published")

    timeline = page.locator("#timeline")
    for step in [
        "Created",
        "Assigned",
        "Evidence added",
        "Verdict proposed",
        "Submitted for review",
        "Verdict published",
    ]:
        expect(timeline).to_contain_text(step)
    expect(timeline.locator("li")).to_have_count(claim.events.count())
    # The forced publish above is a 403 the browser logs; nothing else may fail.
    assert [text for text in console_errors if "403" not in text] == []
    assert list(claim.events.values_list("actor__username", flat=True)).count("edna") == 2
