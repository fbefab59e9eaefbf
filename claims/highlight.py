"""Splitting an article body into paragraphs and claim-highlighted segments for display."""

from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    start: int
    claims: list = field(default_factory=list)

    @property
    def claim(self):
        """The most specific claim covering this segment (the shortest span), if any."""
        if not self.claims:
            return None
        return min(self.claims, key=lambda claim: (claim.end - claim.start, claim.start))


@dataclass
class Paragraph:
    start: int
    end: int
    segments: list[Segment]


def paragraph_bounds(body: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line block, with exact offsets into `body`."""
    bounds, offset = [], 0
    for line in body.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            bounds.append((offset + lead, offset + lead + len(stripped)))
        offset += len(line)
    return bounds


def segments_for(body: str, start: int, end: int, claims) -> list[Segment]:
    """Cut body[start:end] at every claim boundary; overlapping claims share segments."""
    inside = [claim for claim in claims if claim.start < end and claim.end > start]
    cuts = {start, end}
    for claim in inside:
        cuts.update(point for point in (claim.start, claim.end) if start < point < end)
    points = sorted(cuts)
    segments = []
    for left, right in zip(points, points[1:], strict=False):
        covering = [claim for claim in inside if claim.start <= left and claim.end >= right]
        segments.append(Segment(body[left:right], left, covering))
    return segments


def highlighted_paragraphs(body: str, claims) -> list[Paragraph]:
    claims = list(claims)
    return [
        Paragraph(start, end, segments_for(body, start, end, claims))
        for start, end in paragraph_bounds(body)
    ]


def quote_in_context(body: str, claim) -> tuple[str, str, str]:
    """The paragraph around the claim's quote, as (before, quote, after)."""
    for start, end in paragraph_bounds(body):
        if start <= claim.start < end:
            end = max(end, claim.end)
            return body[start : claim.start], body[claim.start : claim.end], body[claim.end : end]
    return "", body[claim.start : claim.end], ""
