"""Which claims match a set of filters: one answer for the queue, the exports and commands."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from claims.models import Article, Claim, ClaimQuerySet, Rating
from claims.search import search_claims

# The queue's orders, by the name the `sort` filter takes; "priority" is the default.
SORTS = {
    "priority": ("-priority", "article_id", "start"),
    "article": ("article_id", "start"),
    "updated": ("-updated_at", "-pk"),
    "status": ("status", "-priority", "pk"),
}


@dataclass(frozen=True)
class ClaimFilters:
    """The queue's filters, already checked; an empty value means "any"."""

    statuses: Sequence[str] = ()
    kind: str = ""
    assignee: str = ""  # "me", "unassigned" or a username
    article: Article | None = None
    rating: Rating | None = None
    q: str = ""
    sort: str = ""
    article_changed: bool = False  # published claims whose article changed their quote


def claims_matching(
    filters: ClaimFilters, *, user=None, queryset: ClaimQuerySet | None = None
) -> ClaimQuerySet:
    """The claims (of `queryset`, by default all) that match `filters`, in the queue's order.

    `user` is whom "me" means in the assignee filter; without one, "me" matches nobody.
    """
    claims = Claim.objects.all() if queryset is None else queryset
    if filters.q:
        claims = search_claims(claims, filters.q)
    if filters.statuses:
        claims = claims.with_status(*filters.statuses)
    if filters.kind:
        claims = claims.filter(kind=filters.kind)
    if filters.assignee:
        claims = _assigned(claims, filters.assignee, user)
    if filters.article is not None:
        claims = claims.filter(article=filters.article)
    if filters.rating is not None:
        claims = claims.rated(filters.rating)
    if filters.article_changed:
        claims = claims.filter(article_changed=True)
    return claims.order_by(*SORTS.get(filters.sort, SORTS["priority"]))


def _assigned(claims: ClaimQuerySet, assignee: str, user) -> ClaimQuerySet:
    if assignee == "unassigned":
        return claims.unassigned()
    if assignee == "me":
        return claims.assigned_to(user) if user is not None else claims.none()
    person = get_user_model().objects.filter(username=assignee).first()
    return claims.assigned_to(person) if person else claims.none()
