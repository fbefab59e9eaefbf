"""Editors add articles, change their text, and act on the extractor's suggestions."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_http_methods, require_POST

from claims.extraction.language import detect_language
from claims.importers.article_files import IngestError
from claims.importers.article_pages import article_from_url
from claims.models import AnchorStatus, Article, ClaimSuggestion
from claims.roles import is_editor
from claims.services import suggestions
from claims.services.articles import article_create, article_set_deadline, article_update_text
from claims.services.workflow import WorkflowError
from claims.views.forms import (
    ArticleDeadlineForm,
    ArticleFetchForm,
    ArticleForm,
    ArticleTextForm,
    form_problems,
)
from claims.views.http import HtmxHttpRequest

NOT_EDITOR = "Only editors add articles and work with suggestions."


def editors_only(view):
    """Answer 403 to anyone but an editor, before the view looks anything up."""

    @wraps(view)
    def guarded(request: HtmxHttpRequest, *args, **kwargs):
        if not is_editor(request.user):
            if request.htmx:
                return HttpResponseForbidden(NOT_EDITOR)
            # A page opened in the browser: the desk's 403 page, saying why.
            raise PermissionDenied(NOT_EDITOR)
        return view(request, *args, **kwargs)

    return guarded


@require_http_methods(["GET", "POST"])
@editors_only
def article_new(request: HtmxHttpRequest):
    """Paste or upload an article; claims are suggested from its text."""
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        details = {
            field: form.cleaned_data[field]
            for field in ("author", "outlet", "url", "published_on", "language")
        }
        article = article_create(
            actor=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            **details,
        )
        count = article.suggestions.filter(status=ClaimSuggestion.Status.OPEN).count()
        messages.success(
            request, f"Article added with {count} suggested claim{pluralize(count)} to review."
        )
        return redirect(article)
    return render(
        request,
        "claims/article_form.html",
        {"form": form, "fetch_form": ArticleFetchForm()},
        status=400 if form.errors else 200,
    )


@require_POST
@editors_only
def article_fetch(request: HtmxHttpRequest):
    """Fetch an article's page and fill the new-article form with it; nothing is saved yet.

    The fetch runs in the request, within the fetcher's time and size limits: the editor is
    waiting for this very text, and a refusal is best said at once, next to the address.
    """
    fetch_form = ArticleFetchForm(request.POST)
    reading = None
    if fetch_form.is_valid():
        try:
            reading = article_from_url(fetch_form.cleaned_data["url"])
        except IngestError as error:
            fetch_form.add_error("url", str(error))
    form = ArticleForm.from_reading(reading) if reading else ArticleForm()
    return render(
        request,
        "claims/article_form.html",
        {"form": form, "fetch_form": fetch_form, "reading": reading},
        status=200 if reading else 400,
    )


@require_http_methods(["GET", "POST"])
@editors_only
def article_text_edit(request: HtmxHttpRequest, pk: int):
    """Change the article's text; claims are re-anchored to their quotes."""
    article = get_object_or_404(Article, pk=pk)
    form = ArticleTextForm(
        request.POST or None, initial={"body": article.body, "language": article.language}
    )
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        moved = article_update_text(
            article=article,
            actor=request.user,
            body=body,
            language=form.cleaned_data["language"] or detect_language(body),
        )
        lost = [claim for claim in moved if claim.anchor_status == AnchorStatus.LOST]
        kept = len(moved) - len(lost)
        messages.success(request, f"Text saved; {kept} claim{pluralize(kept)} re-anchored.")
        if lost:
            messages.warning(
                request,
                f"Anchor lost for {', '.join(claim.external_id for claim in lost)}: "
                f"{'its quote is' if len(lost) == 1 else 'their quotes are'} no longer in the "
                "text. Edit the claim on its page to quote the text as it is now.",
            )
        return redirect(article)
    return render(
        request,
        "claims/article_text_form.html",
        {"form": form, "article": article},
        status=400 if form.errors else 200,
    )


def _suggestion(article_pk: int, pk: int) -> ClaimSuggestion:
    return get_object_or_404(
        ClaimSuggestion.objects.select_related("article"), pk=pk, article_id=article_pk
    )


@require_POST
@editors_only
def suggestion_accept(request: HtmxHttpRequest, pk: int, suggestion_pk: int):
    """One click: the suggestion becomes a claim."""
    suggestion = _suggestion(pk, suggestion_pk)
    try:
        claim = suggestions.suggestion_accept(suggestion=suggestion, actor=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Claim {claim.external_id} created from the suggestion.")
    return redirect(f"{suggestion.article.get_absolute_url()}#suggestions")


@require_POST
@editors_only
def suggestion_dismiss(request: HtmxHttpRequest, pk: int, suggestion_pk: int):
    suggestion = _suggestion(pk, suggestion_pk)
    suggestions.suggestion_dismiss(suggestion=suggestion, actor=request.user)
    messages.info(request, "Suggestion dismissed; it will not be suggested again.")
    return redirect(f"{suggestion.article.get_absolute_url()}#suggestions")


@require_POST
@editors_only
def suggestions_accept_above(request: HtmxHttpRequest, pk: int):
    """Accept every open suggestion at or above the chosen score."""
    article = get_object_or_404(Article, pk=pk)
    try:
        score = float(request.POST.get("score", ""))
    except ValueError:
        score = -1
    if not 0 <= score <= 1:
        messages.error(request, "Choose a score between 0 and 1.")
        return redirect(article)
    claims = suggestions.suggestions_accept_above(article=article, actor=request.user, score=score)
    messages.success(
        request,
        f"{len(claims)} claim{pluralize(len(claims))} created from suggestions "
        f"scoring {score:.2f} or more.",
    )
    return redirect(f"{article.get_absolute_url()}#suggestions")


@require_POST
@editors_only
def article_deadline(request: HtmxHttpRequest, pk: int):
    """Set or clear the article's deadline: the due date of its claims that have none."""
    article = get_object_or_404(Article, pk=pk)
    form = ArticleDeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problems(form))
    else:
        due = form.cleaned_data["due_on"]
        article_set_deadline(article=article, actor=request.user, due_on=due)
        messages.success(request, f"Deadline {due:%-d %b %Y}." if due else "Deadline cleared.")
    return redirect(article)
