"""Splitting an article body into paragraphs and claim-highlighted segments for display."""

from dataclasses import dataclass, field

from claims.models import ClaimSuggestion


def _shortest(spans):
    return min(spans, key=lambda span: (span.end - span.start, span.start)) if spans else None


@dataclass
class Segment:
    text: str
    start: int
    spans: list = field(default_factory=list)

    @property
    def claim(self):
        """The most specific claim covering this segment (the shortest span), if any."""
        return _shortest([span for span in self.spans if not _is_suggestion(span)])

    @property
    def suggestion(self):
        """An open suggestion covering this segment, shown where no claim is."""
        return _shortest([span for span in self.spans if _is_suggestion(span)])


def _is_suggestion(span) -> bool:
    return isinstance(span, ClaimSuggestion)


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


def segments_for(body: str, start: int, end: int, spans) -> list[Segment]:
    """Cut body[start:end] at every span boundary; overlapping spans share segments."""
    inside = [span for span in spans if span.start < end and span.end > start]
    cuts = {start, end}
    for span in inside:
        cuts.update(point for point in (span.start, span.end) if start < point < end)
    points = sorted(cuts)
    segments = []
    for left, right in zip(points, points[1:], strict=False):
        covering = [span for span in inside if span.start <= left and span.end >= right]
        segments.append(Segment(body[left:right], left, covering))
    return segments


def highlighted_paragraphs(body: str, claims, suggestions=()) -> list[Paragraph]:
    """Paragraphs of the body cut into segments by claims (and open suggestions).

    A claim whose anchor is lost has no place in the text any more, so it is left out.
    """
    spans = [claim for claim in claims if not claim.anchor_lost] + list(suggestions)
    return [
        Paragraph(start, end, segments_for(body, start, end, spans))
        for start, end in paragraph_bounds(body)
    ]


def quote_in_context(body: str, claim) -> tuple[str, str, str]:
    """The paragraph around the claim's quote, as (before, quote, after)."""
    for start, end in paragraph_bounds(body):
        if start <= claim.start < end:
            end = max(end, claim.end)
            return body[start : claim.start], body[claim.start : claim.end], body[claim.end : end]
    return "", body[claim.start : claim.end], ""
