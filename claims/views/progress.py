"""Per-article progress: how many claims sit in each status."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from claims.models import Article, Claim


@dataclass(frozen=True)
class StatusShare:
    status: str
    label: str
    count: int
    percent: float
    offset: float  # where this status's bar starts, in percent, for an SVG bar


def with_status_counts(articles: QuerySet) -> QuerySet:
    """Annotate each article with `n_<status>` and `n_claims`, in the same query."""
    counts = {
        f"n_{status}": Count("claims", filter=Q(claims__status=status))
        for status in Claim.Status.values
    }
    return articles.annotate(n_claims=Count("claims"), **counts)


def status_shares(article: Article) -> list[StatusShare]:
    total = getattr(article, "n_claims", 0) or 0
    shares, offset = [], 0.0
    for status, label in Claim.Status.choices:
        count = getattr(article, f"n_{status}", 0)
        percent = 100 * count / total if total else 0.0
        shares.append(StatusShare(status, label, count, percent, offset))
        offset += percent
    return shares
