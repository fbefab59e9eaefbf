"""Whole public pages kept in Django's cache, answered with 304 when the reader has them, and
dropped when what they show changes (a publication, a correction, the rating scale).

The cache must be one that every web process shares (a file cache on one machine, Redis
across several: see the settings), or a process would keep serving what another dropped.
Each key carries a generation number: a claim's pages (its fact check and its ClaimReview)
have one each, every list (the index with any filters, the feed, the sitemap, the
corrections log) shares one. Invalidating is raising a generation, so a list cached under
any query string is dropped at once without knowing its key.
"""

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

LISTS = "lists"
# Pages are dropped on every change that matters, so this only bounds stale memory.
TIMEOUT = 24 * 60 * 60


def claim_scope(pk: int) -> str:
    return f"claim-{pk}"


def _generation_key(scope: str) -> str:
    return f"public:generation:{scope}"


def _generation(scope: str) -> int:
    """The scope's generation; a missing one (never set, or evicted) starts from the clock,
    never from a number that pages cached before the eviction may still carry."""
    key = _generation_key(scope)
    generation = cache.get(key)
    if generation is None:
        cache.add(key, time.time_ns(), None)
        generation = cache.get(key, 0)
    return generation


def _bump(*scopes: str) -> None:
    for scope in scopes:
        key = _generation_key(scope)
        try:
            cache.incr(key)
        except ValueError:  # not cached yet (or evicted)
            cache.set(key, time.time_ns(), None)


def public_pages_changed(claim_pk: int | None = None) -> None:
    """Drop the claim's pages (when given) and every list, now and again when the
    transaction commits, so no reader keeps what a rolled-back or racing request cached."""
    scopes = [LISTS] if claim_pk is None else [claim_scope(claim_pk), LISTS]
    _bump(*scopes)
    transaction.on_commit(lambda: _bump(*scopes))


def _page_key(scope: str, request: HttpRequest) -> str:
    generation = _generation(scope)
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"public:page:{scope}:{generation}:{path}"


def _stored(response: HttpResponse) -> dict:
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    return {
        "content": response.content,
        "headers": {
            name: response[name]
            for name in ("Content-Type", "ETag", "Last-Modified", "Content-Language")
            if response.has_header(name)
        },
    }


def _replayed(stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"].items():
        response[name] = value
    return response


def cached_public_page(scope: Callable[..., str]) -> Callable:
    """Serve the view's 200 answers from the cache, keyed by `scope(**view_kwargs)` and the
    full path; a hit runs no database query. Conditional requests are answered with 304."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            key = _page_key(scope(**kwargs), request)
            stored = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()  # framework views answer with a TemplateResponse
                if response.status_code != HTTPStatus.OK or response.streaming:
                    return response
                stored = _stored(response)
                cache.set(key, stored, TIMEOUT)
            else:
                response = _replayed(stored)
            # Browsers and proxies check back rather than keep a page after a correction.
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
            last_modified = parse_http_date_safe(stored["headers"].get("Last-Modified", ""))
            return get_conditional_response(
                request,
                etag=stored["headers"].get("ETag"),
                last_modified=last_modified,
                response=response,
            )

        return wrapper

    return decorator
