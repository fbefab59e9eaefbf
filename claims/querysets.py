"""Chainable reads that views, exports and commands share."""

from django.db import models
from django.db.models import Prefetch


class ClaimQuerySet(models.QuerySet):
    def for_queue(self) -> "ClaimQuerySet":
        """Everything a list of claims shows, in a fixed number of queries."""
        from claims.models import Verdict

        return self.select_related("article", "assignee").prefetch_related(
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.filter(is_current=True).select_related("rating"),
                to_attr="current_verdicts",
            )
        )

    def assigned_to(self, user) -> "ClaimQuerySet":
        return self.filter(assignee=user)

    def unassigned(self) -> "ClaimQuerySet":
        return self.filter(assignee__isnull=True)

    def with_status(self, *statuses: str) -> "ClaimQuerySet":
        return self.filter(status__in=statuses)

    def in_article_order(self) -> "ClaimQuerySet":
        return self.order_by("article_id", "start", "pk")


class ClaimEventQuerySet(models.QuerySet):
    """The audit trail is append-only, so bulk changes are refused too."""

    def update(self, **kwargs):
        raise PermissionError("ClaimEvent rows are append-only.")

    def delete(self):
        raise PermissionError("ClaimEvent rows are append-only.")
