"""Which claims match a set of filters: one answer for the queue, the exports and commands."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from claims.deadlines import OPEN_STATUSES, DueWindow
from claims.models import Article, Claim, ClaimQuerySet, Rating
from claims.search import search_claims

# The queue's orders, by the name the `sort` filter takes; "priority" is the default.
SORTS = {
    "priority": ("-priority", "article_id", "start"),
    "article": ("article_id", "start"),
    "updated": ("-updated_at", "-pk"),
    "status": ("status", "-priority", "pk"),
    # Soonest due first; claims without a due date (claim or article) last.
    "due": ("due_sort", "-priority", "pk"),
}
# The queue's due-date filter: "overdue", "soon" (due soon, not overdue) or "set" (has one).
DUE_FILTERS = {"overdue": "Overdue", "soon": "Due soon", "set": "Has a due date"}


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
    due: str = ""


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
    if filters.due in DUE_FILTERS:
        claims = _due(claims, filters.due)
    if filters.sort == "due":
        claims = claims.annotate(
            due_sort=Coalesce(F("due_on"), F("article__due_on"), Value(date.max))
        )
    return claims.order_by(*SORTS.get(filters.sort, SORTS["priority"]))


def _assigned(claims: ClaimQuerySet, assignee: str, user) -> ClaimQuerySet:
    if assignee == "unassigned":
        return claims.unassigned()
    if assignee == "me":
        return claims.assigned_to(user) if user is not None else claims.none()
    person = get_user_model().objects.filter(username=assignee).first()
    return claims.assigned_to(person) if person else claims.none()


def _due(claims: ClaimQuerySet, due: str) -> ClaimQuerySet:
    window = DueWindow.at(timezone.now())
    claims = claims.annotate(due=Coalesce(F("due_on"), F("article__due_on"))).filter(
        due__isnull=False
    )
    if due == "set":
        return claims
    claims = claims.filter(status__in=OPEN_STATUSES)
    if due == "overdue":
        return claims.filter(due__lt=window.today)
    return claims.filter(due__gte=window.today, due__lte=window.soon_until)


def queue_neighbours(
    filters: ClaimFilters, claim: Claim, *, user=None
) -> tuple[Claim | None, Claim | None]:
    """The claims just before and after `claim` in the queue these filters describe, read
    by comparing sort keys (so the queue is never walked); (None, None) when it is not in it."""
    matching = claims_matching(filters, user=user)
    ordering = [*SORTS.get(filters.sort, SORTS["priority"])]
    if "pk" not in ordering:
        ordering.append("pk")
    names = [field.lstrip("-") for field in ordering]
    own = matching.filter(pk=claim.pk).values(*names).first()
    if own is None:
        return None, None
    after = matching.filter(_beyond(ordering, own, forward=True)).order_by(*ordering)
    reversed_order = [
        name if field.startswith("-") else f"-{name}"
        for field, name in zip(ordering, names, strict=True)
    ]
    before = matching.filter(_beyond(ordering, own, forward=False)).order_by(*reversed_order)
    return before.only("pk", "text").first(), after.only("pk", "text").first()


def _beyond(ordering: list[str], values: dict, *, forward: bool) -> Q:
    """Rows after (or before) `values` in `ordering`: a lexicographic comparison of sort keys."""
    condition = Q()
    for position, field in enumerate(ordering):
        name = field.lstrip("-")
        descending = field.startswith("-")
        lookup = "lt" if descending == forward else "gt"
        step = Q(**{f"{name}__{lookup}": values[name]})
        for earlier in ordering[:position]:
            step &= Q(**{earlier.lstrip("-"): values[earlier.lstrip("-")]})
        condition |= step
    return condition
