"""The sitemap of the public site (Django's sitemaps framework), on `SITE_URL`'s host."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from claims.models import Verdict
from claims.public.records import public_verdicts


class _OnSiteUrl(Sitemap):
    """Addresses on SITE_URL, whichever host the request came in on."""

    @property
    def protocol(self) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class FactCheckSitemap(_OnSiteUrl):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return public_verdicts()

    def location(self, item: Verdict) -> str:
        return item.claim.get_public_url()

    def lastmod(self, item: Verdict):
        return item.updated_at


class IndexSitemap(_OnSiteUrl):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["/fact-checks/", "/corrections/"]

    def location(self, item: str) -> str:
        return item


SITEMAPS = {"pages": IndexSitemap, "fact-checks": FactCheckSitemap}
