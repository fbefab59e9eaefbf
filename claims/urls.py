from django.urls import path

from claims.views import articles, claims, dashboard, exports

app_name = "claims"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/claimreview.json", exports.claimreview, name="claimreview"),
    path("exports/verdicts.csv", exports.export_verdicts, name="export_verdicts"),
    path("exports/corrections.csv", exports.export_corrections, name="export_corrections"),
]
