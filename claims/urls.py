from django.urls import path, register_converter

from claims.services.workflow import TRANSITIONS
from claims.views import (
    article_edit,
    articles,
    bulk,
    claim_actions,
    claims,
    dashboard,
    exports,
    inbox,
    search,
    sources,
    stats,
)


class TransitionConverter:
    regex = "|".join(TRANSITIONS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TransitionConverter, "transition")

app_name = "claims"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/new/", article_edit.article_new, name="article_new"),
    path("articles/new/fetch/", article_edit.article_fetch, name="article_fetch"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/text/", article_edit.article_text_edit, name="article_text_edit"),
    path(
        "articles/<int:pk>/suggestions/<int:suggestion_pk>/accept/",
        article_edit.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "articles/<int:pk>/suggestions/<int:suggestion_pk>/dismiss/",
        article_edit.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
    path(
        "articles/<int:pk>/suggestions/accept/",
        article_edit.suggestions_accept_above,
        name="suggestions_accept_above",
    ),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/bulk/", bulk.claims_bulk, name="claims_bulk"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/assign/", claim_actions.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/edit/", claim_actions.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/verdict/", claim_actions.verdict_save, name="verdict_save"),
    path(
        "claims/<int:pk>/<transition:action>/",
        claim_actions.claim_transition,
        name="claim_transition",
    ),
    path("claims/<int:pk>/evidence/", claim_actions.evidence_create, name="evidence_create"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/edit/",
        claim_actions.evidence_edit,
        name="evidence_edit",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/delete/",
        claim_actions.evidence_delete,
        name="evidence_delete",
    ),
    path("claims/<int:pk>/comments/", claim_actions.comment_create, name="comment_create"),
    path(
        "claims/<int:pk>/reuse/<int:earlier_pk>/",
        search.evidence_reuse_view,
        name="evidence_reuse",
    ),
    path("claims/<int:pk>/duplicate/", search.claim_duplicate, name="claim_duplicate"),
    path("search/", search.search, name="search"),
    path("claims/<int:pk>/claimreview.json", exports.claimreview, name="claimreview"),
    path("claims/<int:pk>/watch/", claim_actions.claim_watch, name="claim_watch"),
    path("claims/<int:pk>/due/", claim_actions.claim_due, name="claim_due"),
    path("claims/<int:pk>/short-claim/", claim_actions.short_claim_fix, name="short_claim_fix"),
    path("articles/<int:pk>/deadline/", article_edit.article_deadline, name="article_deadline"),
    path("people/mentions/", claim_actions.mention_suggestions, name="mention_suggestions"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/badge/", inbox.inbox_badge, name="inbox_badge"),
    path("inbox/read/", inbox.inbox_mark_read, name="inbox_mark_read"),
    path("inbox/settings/", inbox.notification_settings, name="notification_settings"),
    path("inbox/<int:pk>/", inbox.notification_open, name="notification_open"),
    path("stats/", stats.stats, name="stats"),
    path("stats/<slug:chart>.csv", stats.stats_csv, name="stats_csv"),
    path("exports/verdicts.csv", exports.export_verdicts, name="export_verdicts"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/lookup/", sources.source_lookup, name="source_lookup"),
    path("sources/publishers/", sources.publisher_list, name="publisher_list"),
    path("sources/<int:pk>/", sources.source_detail, name="source_detail"),
    path("sources/<int:pk>/check/", sources.source_check_now, name="source_check_now"),
    path("sources/<int:pk>/fill/", sources.source_fill, name="source_fill"),
    path("sources/<int:pk>/badges/", sources.source_badges_view, name="source_badges"),
    path(
        "sources/<int:pk>/snapshots/<int:snapshot_pk>/",
        sources.snapshot_detail,
        name="snapshot_detail",
    ),
    path(
        "sources/<int:pk>/snapshots/<int:snapshot_pk>/diff/",
        sources.snapshot_diff,
        name="snapshot_diff",
    ),
    path(
        "sources/<int:pk>/snapshots/<int:snapshot_pk>/warc/",
        sources.snapshot_warc,
        name="snapshot_warc",
    ),
    path("exports/corrections.csv", exports.export_corrections, name="export_corrections"),
]
