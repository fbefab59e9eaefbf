"""schema.org ClaimReview (JSON-LD) for published verdicts, as Google's fact-check markup
asks for it."""

import re

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import Truncator

from claims.exports.jsonld import jsonld_text
from claims.models import Article, Claim, Verdict

BEST_RATING = 5
WORST_RATING = 1

# A claimant naming one of these is an organisation ("South Korea's National Intelligence
# Service", "the Ministry of Health"); anyone else is taken to be a person.
_ORGANISATION_WORDS = re.compile(
    r"\b(?:ministry|ministries|service|services|agency|government|department|office|"
    r"institute|institution|bank|university|council|committee|commission|court|parliament|"
    r"congress|senate|assembly|army|military|police|party|union|association|federation|"
    r"foundation|organi[sz]ation|company|corporation|group|inc|ltd|llc|plc|news|times|post|"
    r"press|bureau|authority|authorities|board|centre|center|network|administration|"
    r"nato|un|eu|who|imf|nis|cia|fbi|white house|kremlin|pentagon|statistics|census)\b",
    re.IGNORECASE,
)


def published_verdicts(claims: QuerySet) -> QuerySet:
    """The public verdict of each of `claims` that has one: its latest published verdict.

    A claim reopened for correction keeps its published verdict public until the
    correction is published and replaces it.
    """
    return (
        Verdict.objects.published()
        .filter(claim__in=claims)
        .select_related("claim__article")
        .order_by("claim__article_id", "claim__start", "claim_id")
    )


def site_url(path: str) -> str:
    """An absolute URL on the public site, from `SITE_URL`, for the web and commands alike."""
    return settings.SITE_URL + path


def public_url(claim: Claim) -> str:
    """The absolute address of the claim's public fact-check page."""
    return site_url(claim.get_public_url())


def claimreview(verdict: Verdict, *, url: str | None = None) -> dict:
    """The ClaimReview of a published verdict, as it was published; `url` defaults to the
    claim's public page."""
    claim = verdict.claim
    organisation = settings.FACTCHECK_ORGANISATION
    review_rating = {"@type": "Rating"}
    if verdict.rating_value is not None:
        review_rating |= {
            "ratingValue": verdict.rating_value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
        }
    review_rating["alternateName"] = verdict.rating_label
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url or public_url(claim),
        # The pre-publish checks require a short claim; older verdicts may lack one.
        "claimReviewed": verdict.short_claim or Truncator(claim.text).chars(75),
        "datePublished": timezone.localdate(verdict.published_at).isoformat(),
        "author": {
            "@type": "Organization",
            "name": organisation["name"],
            "url": organisation["url"],
        },
        "reviewRating": review_rating,
        "itemReviewed": _item_reviewed(claim),
    }


def claimreview_response(verdict: Verdict) -> HttpResponse:
    """The verdict's ClaimReview as a JSON-LD document, escaped as the page embeds it."""
    return HttpResponse(
        jsonld_text(claimreview(verdict)), content_type="application/ld+json; charset=utf-8"
    )


def claimant(name: str) -> dict:
    """Who made the claim, as a schema.org Person or Organization."""
    kind = "Organization" if _ORGANISATION_WORDS.search(name) else "Person"
    return {"@type": kind, "name": name}


def _item_reviewed(claim: Claim) -> dict:
    """The claim as it appeared: who made it (the claimant the article names, else the
    article's author), when, and where. Fields the article does not record are left out
    rather than guessed."""
    article = claim.article
    item: dict = {"@type": "Claim"}
    if claim.attributed_to.strip():
        item["author"] = claimant(claim.attributed_to.strip())
    elif article.author:
        item["author"] = _article_author(article)
    elif article.outlet:
        item["author"] = {"@type": "Organization", "name": article.outlet}
    if article.published_on:
        item["datePublished"] = article.published_on.isoformat()
    item["appearance"] = _appearance(article)
    return item


def _article_author(article: Article) -> dict:
    author = {"@type": "Person", "name": article.author}
    if article.outlet:
        author["worksFor"] = {"@type": "Organization", "name": article.outlet}
    return author


def _appearance(article: Article) -> dict:
    """The article: its address where known, and always its headline and who wrote it."""
    appearance: dict = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    if article.author:
        appearance["author"] = {"@type": "Person", "name": article.author}
    if article.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": article.outlet}
    if article.published_on:
        appearance["datePublished"] = article.published_on.isoformat()
    return appearance
