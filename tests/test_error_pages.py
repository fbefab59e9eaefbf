"""Error pages in the desk's layout, saying what went wrong."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from claims.views.article_edit import NOT_EDITOR

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_the_desks_404(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert 'class="skip-link"' in page


def test_an_editors_page_opened_by_a_reviewer_says_why(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("claims:article_new"))
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.content.decode()
    assert NOT_EDITOR in response.content.decode()


def test_an_htmx_request_is_refused_in_plain_words(client, reviewer):
    """site.js shows a short answer without markup as it is."""
    client.force_login(reviewer)
    response = client.get(reverse("claims:article_new"), headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert response.content.decode() == NOT_EDITOR


def test_the_server_error_page_renders_without_a_request():
    """Django renders 500.html with no context processors: nothing in it may need them."""
    page = render_to_string("500.html")
    assert "<h1>Something went wrong</h1>" in page
    assert 'class="main-nav"' not in page
