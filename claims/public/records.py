"""Reading published verdicts for the public site: what a reader may see, and nothing else."""

from dataclasses import dataclass

from django.db.models import QuerySet

from claims.exports.verdicts import corrections
from claims.models import EvidenceStance, Source, Verdict


def public_verdicts() -> QuerySet:
    """Every claim's public verdict, newest first, with what a list shows."""
    return (
        Verdict.objects.published()
        .select_related("claim__article")
        .order_by("-published_at", "-pk")
    )


def archived_copy_url(source: Source) -> str:
    """Where a reader finds the source as it was when cited; empty when no copy is kept.

    The one place to change when archived snapshots are served by the site itself.
    """
    return source.archive_url


_STANCE_PHRASES = {
    EvidenceStance.SUPPORTS: "supports the claim",
    EvidenceStance.CONTRADICTS: "contradicts the claim",
    EvidenceStance.CONTEXT: "context",
}


@dataclass(frozen=True)
class CitedSource:
    source: Source
    stance: str
    excerpt: str
    pinpoint: str

    @property
    def stance_label(self) -> str:
        return _STANCE_PHRASES.get(self.stance, "")

    @property
    def archived_url(self) -> str:
        return archived_copy_url(self.source)


def cited_sources(verdict: Verdict) -> list[CitedSource]:
    """The evidence as it was published with the verdict, in its order."""
    rows = verdict.published_sources or []
    sources = Source.objects.in_bulk([row["source"] for row in rows])
    return [
        CitedSource(
            source=sources[row["source"]],
            stance=row.get("stance", ""),
            excerpt=row.get("excerpt", ""),
            pinpoint=row.get("pinpoint", ""),
        )
        for row in rows
        if row["source"] in sources
    ]


def earlier_verdicts(verdict: Verdict) -> list[Verdict]:
    """The claim's verdicts published before this one, newest first, with their notes."""
    return list(
        Verdict.objects.ever_published()
        .filter(claim=verdict.claim_id, published_at__lt=verdict.published_at)
        .order_by("-published_at", "-pk")
    )


def public_corrections() -> QuerySet:
    """Published corrections, newest first: each verdict that replaced a published one."""
    return (
        corrections().select_related("claim__article", "replaces").order_by("-published_at", "-pk")
    )
