"""Rating pills are legible (WCAG AA, 4.5:1) whatever colour an admin gives a rating."""

import re

import pytest

from claims.models import Rating
from claims.views.styles import contrast_ratio, text_colour_on

pytestmark = pytest.mark.django_db


class TestContrastRatio:
    def test_black_on_white_is_21_to_1(self):
        assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)

    def test_order_does_not_matter(self):
        assert contrast_ratio("#b08800", "#ffffff") == contrast_ratio("#ffffff", "#b08800")

    def test_half_true_gold_with_white_text_is_below_aa(self):
        assert contrast_ratio("#ffffff", "#b08800") == pytest.approx(3.3, abs=0.01)


class TestTextColour:
    @pytest.mark.parametrize("background", ["#1a7f37", "#cf222e", "#8250df", "#1f4e79"])
    def test_white_on_dark_colours(self, background):
        assert text_colour_on(background) == "#ffffff"

    @pytest.mark.parametrize("background", ["#b08800", "#4d9a2a", "#d4631d", "#ffffff", "#777777"])
    def test_black_where_white_falls_short(self, background):
        assert text_colour_on(background) == "#000000"

    def test_every_grey_gets_text_at_aa(self):
        for level in range(256):
            grey = f"#{level:02x}{level:02x}{level:02x}"
            assert contrast_ratio(text_colour_on(grey), grey) >= 4.5, grey


def test_every_seeded_rating_pill_reaches_aa(client):
    body = client.get("/ratings.css").content.decode()
    rules = re.findall(r"\.rating-([-\w]+) \{ background: (#\w+); color: (#\w+); \}", body)
    assert {slug for slug, _, _ in rules} == set(Rating.objects.values_list("slug", flat=True))
    for slug, background, text in rules:
        assert contrast_ratio(text, background) >= 4.5, slug
