"""Text search over claims: the claim text, its quote and its attribution."""

from django.db.models import Q, QuerySet


def search_claims(queryset: QuerySet, query: str) -> QuerySet:
    """Claims whose text, quote or attribution contains every word of `query`."""
    for word in query.split()[:10]:
        queryset = queryset.filter(
            Q(text__icontains=word) | Q(quote__icontains=word) | Q(attributed_to__icontains=word)
        )
    return queryset
