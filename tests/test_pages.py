"""What a signed-in user reads: articles, the seed article's claims, each claim's page."""

import re
from io import StringIO

import pytest
from django import forms
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from claims.models import Article, Claim
from claims.templatetags.factcheck import figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    with override_settings(DEBUG=True):
        call_command("demo", stdout=StringIO())
    return Article.objects.get()


@pytest.fixture
def signed_in(client, django_user_model, demo):
    client.force_login(django_user_model.objects.get(username="reviewer"))
    return client


def test_article_list_shows_the_seed_article_with_its_claim_count(signed_in, demo):
    response = signed_in.get(reverse("claims:article_list"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [demo]
    assert response.context["page"][0].n_claims == demo.claims.count()


def test_article_page_lists_claims_in_article_order_and_highlights_each(signed_in, demo):
    response = signed_in.get(demo.get_absolute_url())
    claims = response.context["claims"]
    assert [claim.start for claim in claims] == sorted(claim.start for claim in claims)
    highlighted = {
        segment.claim.pk
        for paragraph in response.context["paragraphs"]
        for segment in paragraph.segments
        if segment.claim
    }
    assert highlighted == {claim.pk for claim in claims}
    # The text is rebuilt exactly from its segments.
    for paragraph in response.context["paragraphs"]:
        rebuilt = "".join(segment.text for segment in paragraph.segments)
        assert rebuilt == demo.body[paragraph.start : paragraph.end]


def test_claim_page_shows_figure_quote_evidence_and_verdict(signed_in):
    claim = Claim.objects.get(status="published")
    response = signed_in.get(claim.get_absolute_url())
    assert response.status_code == 200
    page = response.context["page"]
    before, quote, _after = page.quote_in_context
    assert quote == claim.quote
    assert claim.article.body[: claim.start].endswith(before)
    assert len(page.evidence) == 3
    assert page.verdict.rating.label == "True"
    assert all(check.passed for check in page.checks)
    html = response.content.decode()
    assert "about 1,500 soldiers" in html
    assert "KBS World" in html


def test_claim_page_escapes_user_text(signed_in, demo):
    claim = demo.claims.first()
    Claim.objects.filter(pk=claim.pk).update(text="<script>alert(1)</script>")
    html = signed_in.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_dashboard_shows_my_claims(signed_in):
    response = signed_in.get(reverse("claims:dashboard"))
    mine = response.context["mine"]
    assert mine and all(claim.assignee.username == "reviewer" for claim in mine)


def test_number_line_is_labelled_with_the_stated_figure_then_each_reported_one(signed_in):
    claim = Claim.objects.get(external_id="c02")
    response = signed_in.get(claim.get_absolute_url())
    reported = [
        figure(item.reported_value)
        for item in response.context["page"].evidence
        if item.reported_value is not None
    ]
    assert len(reported) > 1
    label = re.search(
        r'<svg[^>]*class="number-line"[^>]*aria-label="([^"]*)"', response.content.decode()
    )
    assert label.group(1) == f"Stated {figure(claim.stated_value)}; reported {', '.join(reported)}"


class ArticleLikeForm(forms.Form):
    title = forms.CharField(help_text="As the outlet printed it.")
    author = forms.CharField(required=False)
    body = forms.CharField(required=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].one_of_pair = True


class TestFieldTemplate:
    """templates/django/forms/field.html renders every field of the app."""

    def test_a_required_field_has_its_label_errors_and_help_text(self):
        """No "(optional)"; the error list and help text carry the ids the widget points at."""
        field = ArticleLikeForm(data={})["title"]
        html = field.as_field_group()
        assertInHTML('<label for="id_title">Title</label>', html)
        assertInHTML(
            '<ul class="errorlist" id="id_title_error"><li>This field is required.</li></ul>', html
        )
        help_text = '<div class="help" id="id_title_helptext">As the outlet printed it.</div>'
        assertInHTML(help_text, html)
        described_by = re.search(r'aria-describedby="([^"]*)"', html).group(1).split()
        assert sorted(described_by) == ["id_title_error", "id_title_helptext"]
        assert 'class="field has-error"' in html

    def test_an_optional_field_says_so(self):
        html = ArticleLikeForm()["author"].as_field_group()
        optional = '<span class="muted small">(optional)</span>'
        assertInHTML(f'<label for="id_author">Author {optional}</label>', html)
        assert "errorlist" not in html
        assert "_helptext" not in html

    def test_one_of_a_pair_is_not_marked_optional(self):
        """The form needs one of the two, so neither is optional on its own."""
        html = ArticleLikeForm()["body"].as_field_group()
        assertInHTML('<label for="id_body">Body</label>', html)
        assert "(optional)" not in html

    def test_a_hidden_field_is_only_its_input(self):
        html = ArticleLikeForm()["version"].as_field_group()
        assertInHTML('<input type="hidden" name="version" id="id_version">', html)
        assert "<label" not in html
        assert 'class="field' not in html


class TestTemplateLines:
    """Templates stay readable: no line runs past the limit."""

    LIMIT = 160

    def test_no_template_line_is_longer_than_the_limit(self):
        templates = sorted((settings.BASE_DIR / "templates").rglob("*.html"))
        assert templates
        too_long = [
            f"{path.relative_to(settings.BASE_DIR)}:{number} has {len(line)} characters"
            for path in templates
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if len(line) > self.LIMIT
        ]
        assert too_long == []
