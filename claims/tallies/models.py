"""Tallies of the claims, the audit trail and the verdicts, so that the statistics page reads
a few thousand rows rather than counting a million (see docs/decisions.md).

They are derived data: `claims.tallies.upkeep` keeps them in step with every writer, in the
writer's transaction, and `manage.py rebuild_statistics` computes them again from the
records. Loaded by `claims.models`, so these are models of the claims app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

# The audit events the statistics count per period: submissions and publications.
TALLIED_EVENTS = ("verdict_submitted", "verdict_published")

# Events are tallied per quarter of an hour in UTC: every time zone in use today is a whole
# number of quarter hours from UTC, so the desk's days and weeks, in whichever zone, are made
# of whole periods, and the counts stay exact when the desk's zone changes.
PERIOD_MINUTES = 15


class WorkTally(models.Model):
    """How many claims each person is assigned, per status (unassigned claims are not kept)."""

    # No index of its own here or below: each key's unique index starts with it.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    status = models.CharField(max_length=20)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignee", "status"], name="work_tally_key"),
        ]

    def __str__(self) -> str:
        return f"{self.assignee_id} {self.status}: {self.count}"


class EventTally(models.Model):
    """How many audit events of a kind happened in one period, for one article or, with no
    article, for the whole desk."""

    period = models.DateTimeField(help_text="The start of the quarter hour, in UTC.")
    kind = models.CharField(max_length=30)
    article = models.ForeignKey(
        "claims.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # An article's periods, read by article first.
            models.UniqueConstraint(
                fields=["article", "period", "kind"], name="event_tally_article_key"
            ),
            # The whole desk's periods, one row each (NULLs never conflict above).
            models.UniqueConstraint(
                fields=["period", "kind"],
                condition=Q(article__isnull=True),
                name="event_tally_desk_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.period}: {self.count}"


class PublicationTally(models.Model):
    """One published verdict's moments: when its claim was first researched, when the
    verdict was submitted (last) and when it was published, by article and rating."""

    verdict = models.OneToOneField(
        "claims.Verdict", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    article = models.ForeignKey(
        "claims.Article", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    rating = models.ForeignKey("claims.Rating", on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(
        null=True, blank=True, help_text="The claim's first move to researching, if recorded."
    )

    class Meta:
        indexes = [
            models.Index(fields=["published_at"], name="publication_tally_time"),
            models.Index(fields=["article", "published_at"], name="publication_tally_article"),
        ]

    def __str__(self) -> str:
        return f"verdict {self.verdict_id} published {self.published_at}"
