"""Article pages: the list with progress, and one article with its claims highlighted."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from claims.extraction.extractor import CHECKWORTHY
from claims.models import Article, ClaimSuggestion
from claims.roles import is_editor
from claims.search import already_checked
from claims.views.highlight import highlighted_paragraphs
from claims.views.http import HtmxHttpRequest
from claims.views.progress import status_shares, with_status_counts


@require_safe
def article_list(request: HtmxHttpRequest):
    """Every article with a bar of its claims by status."""
    articles = with_status_counts(Article.objects.order_by("-created_at", "-pk"))
    page = Paginator(articles, 25).get_page(request.GET.get("page"))
    for article in page:
        article.shares = status_shares(article)
    return render(request, "claims/article_list.html", {"page": page})


@require_safe
def article_detail(request: HtmxHttpRequest, pk: int):
    """The article text with every claim's span highlighted, and its claims in order."""
    article = get_object_or_404(with_status_counts(Article.objects.select_related("source")), pk=pk)
    claims = list(article.claims.for_queue().in_article_order())
    suggestions = []
    if is_editor(request.user):
        suggestions = list(article.suggestions.filter(status=ClaimSuggestion.Status.OPEN))
        matches = already_checked([suggestion.text for suggestion in suggestions], article=article)
        for suggestion, match in zip(suggestions, matches, strict=True):
            suggestion.already_checked = match
    return render(
        request,
        "claims/article_detail.html",
        {
            "article": article,
            "claims": claims,
            "suggestions": suggestions,
            "paragraphs": highlighted_paragraphs(article.body, claims, suggestions),
            "shares": status_shares(article),
            "accept_threshold": CHECKWORTHY,
        },
    )
