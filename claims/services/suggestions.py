"""Claim suggestions: the extractor's proposals stored per article, accepted or dismissed."""

import hashlib
from decimal import Decimal

from django.db import transaction

from claims.extraction.extractor import extract_claims
from claims.models import CLAIM_TEXT_MAX, AnchorStatus, Article, Claim, ClaimSuggestion
from claims.roles import Actor, is_editor
from claims.services.claims import claim_create
from claims.services.workflow import NotAllowed, WorkflowError

# Suggestions below this score are kept out of the way: mostly commentary and headings.
SHOWN_FROM = 0.3


def fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def suggestions_refresh(*, article: Article) -> int:
    """Re-extract the article's suggestions after its text changed.

    Open suggestions are replaced; accepted and dismissed ones stay decided (matched by their
    sentence), and move with the text. Sentences that already hold a claim are not suggested.
    Returns the number of open suggestions.
    """
    with transaction.atomic():
        decided = {
            suggestion.fingerprint: suggestion
            for suggestion in article.suggestions.exclude(status=ClaimSuggestion.Status.OPEN)
        }
        article.suggestions.filter(status=ClaimSuggestion.Status.OPEN).delete()
        claimed = [
            (claim.start, claim.end)
            for claim in article.claims.exclude(anchor_status=AnchorStatus.LOST).only(
                "start", "end"
            )
        ]
        fresh, moved = [], []
        for found in extract_claims(
            article.body, title=article.title, language=getattr(article, "language", None)
        ):
            already_claimed = any(start < found.end and end > found.start for start, end in claimed)
            # A "sentence" longer than a claim may be is a paragraph without full stops.
            too_long = len(found.text) > CLAIM_TEXT_MAX
            if found.score < SHOWN_FROM or already_claimed or too_long:
                continue
            key = fingerprint(found.text)
            if key in decided:
                earlier = decided.pop(key)
                earlier.start, earlier.end, earlier.text = found.start, found.end, found.text
                moved.append(earlier)
                continue
            fresh.append(
                ClaimSuggestion(
                    article=article,
                    text=found.text,
                    fingerprint=key,
                    start=found.start,
                    end=found.end,
                    kind=found.kind,
                    score=found.score,
                    figures=found.figure_dicts(),
                    attributed_to=found.attributed_to[:300],
                )
            )
        ClaimSuggestion.objects.bulk_update(moved, ["start", "end", "text"])
        ClaimSuggestion.objects.bulk_create(fresh, ignore_conflicts=True)
        return len(fresh)


def _next_external_id(taken: set[str]) -> str:
    """The first free "cNN" id after the article's claim count; added to `taken`."""
    number = len(taken) + 1
    while f"c{number:02d}" in taken:
        number += 1
    taken.add(f"c{number:02d}")
    return f"c{number:02d}"


def _figure_values(suggestion: ClaimSuggestion) -> dict:
    """The stated figure: the one the extractor marked as what the sentence is about."""
    if not suggestion.figures:
        return {}
    main = next((f for f in suggestion.figures if f.get("main")), suggestion.figures[0])
    return {
        # str() first: suggestions stored before values became text hold JSON floats.
        "stated_value": Decimal(str(main["value"])),
        "qualifier": main.get("qualifier") or Claim.Qualifier.EXACT,
        "unit": (main.get("unit") or "")[:100],
    }


def suggestion_accept(*, suggestion: ClaimSuggestion, actor: Actor) -> Claim:
    """Turn a suggestion into a new claim quoting its sentence."""
    with transaction.atomic():
        if not is_editor(actor):
            raise NotAllowed("Only editors turn suggestions into claims.")
        article = _locked_article(suggestion.article_id)
        suggestion = ClaimSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != ClaimSuggestion.Status.OPEN:
            raise WorkflowError(
                f"This suggestion was already {suggestion.get_status_display().lower()}."
            )
        return _accept(article, suggestion, actor, _claim_ids(article))


def _locked_article(pk: int) -> Article:
    # Claim numbers are taken from the article's claims: one accept at a time per article.
    return Article.objects.select_for_update().get(pk=pk)


def _claim_ids(article: Article) -> set[str]:
    return set(article.claims.values_list("external_id", flat=True))


def _accept(article: Article, suggestion: ClaimSuggestion, actor: Actor, taken: set[str]) -> Claim:
    """Create the claim for an open, locked suggestion, numbered clear of `taken`."""
    claim = claim_create(
        article=article,
        actor=actor,
        external_id=_next_external_id(taken),
        text=suggestion.text,
        quote=suggestion.text,
        start=suggestion.start,
        end=suggestion.end,
        kind=suggestion.kind,
        attributed_to=suggestion.attributed_to,
        priority=round(suggestion.score * 100),
        **(_figure_values(suggestion) if suggestion.kind == Claim.Kind.FIGURE else {}),
    )
    suggestion.status = ClaimSuggestion.Status.ACCEPTED
    suggestion.claim = claim
    suggestion.decided_by = actor
    suggestion.save(update_fields=["status", "claim", "decided_by"])
    return claim


def suggestion_dismiss(*, suggestion: ClaimSuggestion, actor: Actor) -> None:
    if not is_editor(actor):
        raise NotAllowed("Only editors dismiss suggestions.")
    ClaimSuggestion.objects.filter(pk=suggestion.pk, status=ClaimSuggestion.Status.OPEN).update(
        status=ClaimSuggestion.Status.DISMISSED, decided_by=actor
    )


def suggestions_accept_above(*, article: Article, actor: Actor, score: float) -> list[Claim]:
    """Accept every open suggestion scoring at least `score`, in article order."""
    with transaction.atomic():
        if not is_editor(actor):
            raise NotAllowed("Only editors turn suggestions into claims.")
        article = _locked_article(article.pk)
        open_ones = (
            article.suggestions.filter(status=ClaimSuggestion.Status.OPEN, score__gte=score)
            .order_by("start")
            .select_for_update()
        )
        taken = _claim_ids(article)
        return [_accept(article, suggestion, actor, taken) for suggestion in open_ones]
