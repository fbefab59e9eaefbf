"""The rating scale's colours as a stylesheet, since admins edit them and the CSP bars inline
styles."""

import re

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from claims.models import Rating

SAFE_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SAFE_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@require_safe
@login_not_required
def rating_styles(request: HttpRequest) -> HttpResponse:
    """One rule per rating: `.rating-<slug> { background: <colour>; color: <legible text> }`."""
    rules = [
        f".rating-{rating.slug} {{ background: {rating.colour}; "
        f"color: {text_colour_on(rating.colour)}; }}"
        for rating in Rating.objects.only("slug", "colour")
        if SAFE_SLUG.fullmatch(rating.slug) and SAFE_COLOUR.fullmatch(rating.colour)
    ]
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "max-age=300"
    return response


def text_colour_on(background: str) -> str:
    """White where it reaches WCAG AA's 4.5:1 on the colour, else black, which always does."""
    return "#ffffff" if contrast_ratio("#ffffff", background) >= 4.5 else "#000000"


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two `#rrggbb` colours."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
