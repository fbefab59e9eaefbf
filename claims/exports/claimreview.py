"""schema.org ClaimReview (JSON-LD) for published verdicts, as Google's fact-check markup
asks for it."""

from urllib.parse import urljoin

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator

from claims.models import Article, Verdict

BEST_RATING = 5
WORST_RATING = 1


def published_verdicts(claims: QuerySet) -> QuerySet:
    """The public verdict of each of `claims` that has one: its latest published verdict.

    A claim reopened for correction keeps its published verdict public until the
    correction is published and replaces it.
    """
    return (
        Verdict.objects.published()
        .filter(claim__in=claims)
        .select_related("claim__article", "rating")
        .order_by("claim__article_id", "claim__start", "claim_id")
    )


def site_url(path: str) -> str:
    """An absolute URL where no request says which host we are on (commands)."""
    return urljoin(settings.FACTCHECK_ORGANISATION["url"], path)


def claimreview(verdict: Verdict, *, url: str) -> dict:
    """The ClaimReview of a published verdict; `url` is the absolute URL of its claim page."""
    claim, rating = verdict.claim, verdict.rating
    organisation = settings.FACTCHECK_ORGANISATION
    review_rating = {"@type": "Rating"}
    if rating.value is not None:
        review_rating |= {
            "ratingValue": rating.value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
        }
    review_rating["alternateName"] = rating.label
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        # The pre-publish checks require a short claim; older verdicts may lack one.
        "claimReviewed": verdict.short_claim or Truncator(claim.text).chars(75),
        "datePublished": timezone.localdate(verdict.published_at).isoformat(),
        "author": {
            "@type": "Organization",
            "name": organisation["name"],
            "url": organisation["url"],
        },
        "reviewRating": review_rating,
        "itemReviewed": _item_reviewed(claim.article),
    }


def _item_reviewed(article: Article) -> dict:
    """The claim as it appeared: who made it (the article's author, with the outlet), when
    and where. Fields the article does not record are left out rather than guessed."""
    item: dict = {"@type": "Claim"}
    outlet = {"@type": "Organization", "name": article.outlet} if article.outlet else None
    if article.author:
        item["author"] = {"@type": "Person", "name": article.author}
        if outlet:
            item["author"]["worksFor"] = outlet
    elif outlet:
        item["author"] = outlet
    if article.published_on:
        item["datePublished"] = article.published_on.isoformat()
    if article.url:
        item["appearance"] = {
            "@type": "CreativeWork",
            "url": article.url,
            "headline": article.title,
        }
    return item
