"""Anyone not logged in sees only the login page and /healthz."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def protected_urls(claim):
    return [
        reverse("claims:dashboard"),
        reverse("claims:claim_list"),
        reverse("claims:claim_detail", args=[claim.pk]),
        reverse("claims:article_list"),
        reverse("claims:article_detail", args=[claim.article_id]),
    ]


def test_every_page_redirects_a_logged_out_visitor_to_login(client, claim):
    for url in protected_urls(claim):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login") + "?next="), url


def test_admin_sends_a_logged_out_visitor_to_a_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response.url


def test_login_page_and_healthz_are_open(client, monkeypatch):
    from claims.views import health

    # The probe's own connection can take longer than its deadline on a busy test machine.
    monkeypatch.setattr(health, "DEADLINE_SECONDS", 30)
    assert client.get(reverse("login")).status_code == 200
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_rating_colours_come_from_the_rating_scale(client):
    from claims.models import Rating

    Rating.objects.create(label="Pants on fire", slug="pants-on-fire", value=1, colour="#ff5500")
    css = client.get("/ratings.css")
    assert css["Content-Type"].startswith("text/css")
    body = css.content.decode()
    assert ".rating-pants-on-fire { background: #ff5500; color: #000000; }" in body
    assert ".rating-true { background: #1a7f37; color: #ffffff; }" in body
