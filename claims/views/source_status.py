"""What the pages say about a source's state and each citation of it, as badges."""

from dataclasses import dataclass

from claims.models import Evidence, Source, SourceSnapshot
from claims.sources.excerpts import LABELS, MISSING, NORMALISED, excerpt_match


@dataclass(frozen=True)
class Badge:
    label: str
    tone: str  # a CSS modifier: ok, moved, bad, blocked, quiet, archived, changed
    title: str = ""
    url: str = ""


LINK_TONES = {
    Source.LinkStatus.OK: ("Reachable", "ok"),
    Source.LinkStatus.REDIRECTED: ("Redirected", "moved"),
    Source.LinkStatus.BROKEN: ("Broken", "bad"),
    Source.LinkStatus.BLOCKED: ("Blocked", "blocked"),
    Source.LinkStatus.UNCHECKED: ("Not checked", "quiet"),
}


def source_badges(source: Source) -> list[Badge]:
    """The link status (or "checking…") and whether there is an archived copy."""
    if source.is_checking:
        badges = [Badge("Checking…", "quiet", "A check is queued or running.")]
    else:
        label, tone = LINK_TONES[source.link_status]
        badges = [Badge(label, tone, source.link_error)]
    snapshot = source.last_snapshot if source.last_snapshot_id else None
    if snapshot is not None:
        badges.append(
            Badge(
                "Archived",
                "archived",
                f"Archived {snapshot.fetched_at:%d %b %Y %H:%M} UTC",
                snapshot.get_absolute_url(),
            )
        )
    elif source.archive_url:
        badges.append(Badge("Archived elsewhere", "archived", "", source.archive_url))
    return badges


def evidence_badges(evidence: Evidence, text: str | None) -> list[Badge]:
    """Badges of one citation: its source's, changed since cited, excerpt found.

    `text` is the source's latest archived text, None when there is none.
    """
    badges = source_badges(evidence.source)
    cited, latest = evidence.cited_snapshot, evidence.source.last_snapshot
    if cited is not None and latest is not None and cited.text_sha256 != latest.text_sha256:
        badges.append(
            Badge(
                "Changed since cited",
                "changed",
                "The page's text is not what it was when this was cited.",
                f"{latest.get_absolute_url()}diff/?against={cited.pk}",
            )
        )
    match = excerpt_match(evidence.excerpt, text or "")
    if match:
        tone = {MISSING: "bad", NORMALISED: "moved"}.get(match, "ok")
        badges.append(Badge(LABELS[match], tone, "Looked for in the latest archived text."))
    return badges


def with_badges(rows: list[Evidence]) -> list[Evidence]:
    """Set `.badges` on evidence rows loaded with their source, its latest snapshot and the
    cited snapshot (texts deferred): one more query reads the texts the excerpts need."""
    wanted = {
        row.source.last_snapshot_id for row in rows if row.excerpt and row.source.last_snapshot_id
    }
    texts = (
        dict(SourceSnapshot.objects.filter(pk__in=wanted).values_list("pk", "text"))
        if wanted
        else {}
    )
    for row in rows:
        row.badges = evidence_badges(row, texts.get(row.source.last_snapshot_id))
    return rows


def evidence_for_badges(queryset):
    """Evidence rows with what `with_badges` reads, the snapshots' texts left out."""
    return queryset.select_related("source", "source__last_snapshot", "cited_snapshot").defer(
        "source__last_snapshot__text", "cited_snapshot__text"
    )
