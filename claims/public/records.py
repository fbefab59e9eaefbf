"""Reading published verdicts for the public site: what a reader may see, and nothing else."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from claims.exports.verdicts import corrections
from claims.models import EvidenceStance, Source, SourceSnapshot, Verdict


def public_verdicts() -> QuerySet:
    """Every claim's public verdict, newest first, with what a list shows."""
    return (
        Verdict.objects.published()
        .select_related("claim__article")
        .order_by("-published_at", "-pk")
    )


def archived_snapshot(source: Source, verdict: Verdict) -> SourceSnapshot | None:
    """The desk's copy of `source` as it stood when the verdict was published: the latest
    snapshot taken by then. A later capture may show a page edited after the fact check."""
    return (
        source.snapshots.filter(fetched_at__lte=verdict.published_at)
        .defer("text")
        .order_by("-fetched_at", "-pk")
        .first()
    )


def archived_copy_url(source: Source, verdict: Verdict) -> str:
    """Where a reader finds the source as it was when cited: the desk's own snapshot, served
    publicly, else an archive address typed by a reviewer; empty when no copy is kept."""
    snapshot = archived_snapshot(source, verdict)
    if snapshot is not None:
        return reverse("public:archived_copy", args=[verdict.claim_id, snapshot.pk])
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
    archived_url: str

    @property
    def stance_label(self) -> str:
        return _STANCE_PHRASES.get(self.stance, "")


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
            archived_url=archived_copy_url(sources[row["source"]], verdict),
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
