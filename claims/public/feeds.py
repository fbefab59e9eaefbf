"""The Atom feed of published fact checks (Django's syndication framework)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from claims.exports.claimreview import public_url, site_url
from claims.models import Verdict
from claims.public.records import public_verdicts

FEED_SIZE = 50


class LatestFactChecksFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self) -> str:
        return f"{settings.FACTCHECK_ORGANISATION['name']}: fact checks"

    def subtitle(self) -> str:
        return "Published fact checks, newest first."

    def link(self) -> str:
        return site_url("/fact-checks/")

    def feed_url(self) -> str:
        return site_url("/fact-checks/feed/")

    def items(self) -> list[Verdict]:
        return list(public_verdicts()[:FEED_SIZE])

    def item_title(self, item: Verdict) -> str:
        return f"{item.rating_label}: {Truncator(item.claim_text).chars(120)}"

    def item_description(self, item: Verdict) -> str:
        return item.summary

    def item_link(self, item: Verdict) -> str:
        return public_url(item.claim)

    def item_guid(self, item: Verdict) -> str:
        return public_url(item.claim)

    def item_pubdate(self, item: Verdict):
        return item.published_at

    def item_updateddate(self, item: Verdict):
        return item.published_at
