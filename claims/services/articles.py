"""Adding articles and changing their text, keeping every claim anchored to its quote."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.extraction.anchoring import find_anchor
from claims.extraction.language import detect_language
from claims.models import AnchorStatus, Article, Claim, ClaimEvent, Verdict
from claims.notifications import announce
from claims.roles import Actor, is_editor
from claims.services.events import event_record
from claims.services.sources import source_for_url, source_queue_check
from claims.services.suggestions import suggestions_refresh
from claims.services.workflow import NotAllowed


def article_create(*, actor: Actor, title: str, body: str, **details) -> Article:
    """A new article, with claim suggestions extracted from its text."""
    with transaction.atomic():
        if not is_editor(actor):
            raise NotAllowed("Only editors add articles.")
        article = Article.objects.create(
            external_id=details.pop("external_id", "") or f"article-{uuid.uuid4().hex[:12]}",
            title=title,
            body=body,
            language=details.pop("language", "") or detect_language(body),
            **details,
        )
        if article.url:
            _archive_page(article, actor)
        suggestions_refresh(article=article)
        return article


def _archive_page(article: Article, actor: Actor) -> None:
    """Keep the article's own page as a source: checked and captured by the worker."""
    try:
        source, _created = source_for_url(
            article.url, title=article.title, publisher=article.outlet
        )
    except ValidationError:
        return  # not an http(s) address: nothing the fetcher may read
    article.source = source
    article.save(update_fields=["source"])
    if source.last_snapshot_id is None and not source.is_checking:
        source_queue_check(source, actor)


def reanchor(claim: Claim, body: str, *, actor: Actor) -> bool:
    """Find the claim's quote in the new body; returns whether anything changed.

    Exact match first (nearest the old position), then ignoring whitespace and quote styles,
    then the closest fuzzy match; a quote that cannot be found is flagged, never moved.
    """
    anchor = find_anchor(body, claim.quote, hint=claim.start)
    before = {
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "anchor": claim.anchor_status,
        "article_changed": claim.article_changed,
    }
    if anchor is None:
        claim.anchor_status, claim.anchor_confidence = AnchorStatus.LOST, 0.0
    else:
        claim.start, claim.end = anchor.start, anchor.end
        claim.quote = body[anchor.start : anchor.end]
        claim.anchor_status = AnchorStatus(anchor.method)
        claim.anchor_confidence = round(anchor.confidence, 3)
    claim.article_changed = published_quote_changed(claim)
    after = {
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "anchor": claim.anchor_status,
        "article_changed": claim.article_changed,
    }
    changed = {key for key in after if after[key] != before[key]}
    if not changed:
        return False
    claim.save_new_version(
        "start", "end", "quote", "anchor_status", "anchor_confidence", "article_changed"
    )
    event_record(
        claim=claim,
        kind=ClaimEvent.Kind.ANCHOR,
        actor=actor,
        before={key: before[key] for key in sorted(changed)},
        after={key: after[key] for key in sorted(changed)},
        note=f"confidence {claim.anchor_confidence:.0%}" if anchor else "quote not found",
    )
    return True


def published_quote_changed(claim: Claim) -> bool:
    """Whether the article no longer says what the claim's public verdict quoted: an editor
    must confirm the verdict or reopen it, and until then the public page keeps the quote."""
    verdict = Verdict.objects.published().filter(claim=claim).only("published_quote").first()
    if verdict is None:
        return False
    return claim.anchor_lost or claim.quote != verdict.published_quote


def article_update_text(
    *, article: Article, actor: Actor, body: str, language: str | None = None
) -> list[Claim]:
    """Replace the article's text (and language, when given) and re-anchor its claims;
    returns the claims that moved."""
    with transaction.atomic():
        if not is_editor(actor):
            raise NotAllowed("Only editors change an article's text.")
        article = Article.objects.select_for_update().get(pk=article.pk)
        changed = []
        if language is not None and language != article.language:
            article.language = language
            changed.append("language")
        if body == article.body:
            if changed:
                article.save(update_fields=[*changed, "updated_at"])
            return []
        article.body = body
        article.save(update_fields=["body", *changed, "updated_at"])
        # The people behind its published claims hear that the text they checked changed.
        announce.article_text_changed(article=article, actor=actor)
        moved = [
            claim
            for claim in article.claims.select_for_update().order_by("start")
            if reanchor(claim, body, actor=actor)
        ]
        suggestions_refresh(article=article)
        return moved


def article_set_deadline(*, article: Article, actor: Actor, due_on) -> Article:
    """Set (or clear, with None) the article's deadline, the due date of claims without one."""
    with transaction.atomic():
        if not is_editor(actor):
            raise NotAllowed("Only editors set an article's deadline.")
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.due_on == due_on:
            return article
        article.due_on = due_on
        article.save(update_fields=["due_on", "updated_at"])
        return article
