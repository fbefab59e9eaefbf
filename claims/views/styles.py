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
    """One rule per rating: `.rating-<slug> { background: <colour> }`."""
    rules = [
        f".rating-{rating.slug} {{ background: {rating.colour}; }}"
        for rating in Rating.objects.only("slug", "colour")
        if SAFE_SLUG.fullmatch(rating.slug) and SAFE_COLOUR.fullmatch(rating.colour)
    ]
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "max-age=300"
    return response
