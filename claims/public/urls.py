"""The public site's addresses, open without an account."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from claims.public import views
from claims.public.cache import LISTS, cached_public_page
from claims.public.feeds import LatestFactChecksFeed
from claims.public.sitemaps import SITEMAPS

app_name = "public"


def _open(view):
    """An open, cached list page built by a framework view."""
    return require_safe(login_not_required(cached_public_page(lambda **kwargs: LISTS)(view)))


urlpatterns = [
    path("fact-checks/", views.fact_check_list, name="fact_check_list"),
    path("fact-checks/feed/", _open(LatestFactChecksFeed()), name="feed"),
    path("fact-checks/<int:pk>/claimreview.json", views.fact_check_claimreview, name="claimreview"),
    path("fact-checks/<int:pk>/<slug:slug>/", views.fact_check_detail, name="fact_check"),
    path(
        "fact-checks/<int:pk>/archive/<int:snapshot_pk>/",
        views.archived_copy,
        name="archived_copy",
    ),
    path(
        "fact-checks/<int:pk>/archive/<int:snapshot_pk>.warc.gz",
        views.archived_copy_warc,
        name="archived_copy_warc",
    ),
    path("corrections/", views.corrections_log, name="corrections"),
    path("sitemap.xml", _open(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
