"""Helpers for the export tests: published verdicts made through the real workflow."""

import csv
import io
from itertools import count

from claims.services.evidence import evidence_add
from claims.services.sources import normalise_url
from claims.services.workflow import claim_assign, claim_submit, verdict_propose, verdict_publish
from tests.factories import rating
from tests.workflow_states import reached

_sources = count(1)


def publish(
    claim,
    *,
    reviewer,
    editor,
    slug: str = "true",
    summary: str = "The ministry's own report gives the figure.",
    short_claim: str = "The ministry hired 4,200 nurses in 2023",
    urls: tuple[str, ...] = (),
):
    """Take `claim` from new to published: assign, cite, propose, submit, publish."""
    claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
    for url in urls or (f"https://source.example.org/report-{next(_sources)}",):
        evidence_add(claim=claim, actor=reviewer, url=url, stance="supports", kind="official")
        reached(normalise_url(url))
    verdict_propose(
        claim=claim,
        actor=reviewer,
        rating=rating(slug),
        summary=summary,
        short_claim=short_claim,
    )
    claim_submit(claim=claim, actor=reviewer)
    return verdict_publish(claim=claim, actor=editor)


def parse(content: bytes) -> list[list[str]]:
    """A CSV download as rows of cells, the header first."""
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def as_dicts(content: bytes) -> list[dict[str, str]]:
    header, *rows = parse(content)
    return [dict(zip(header, row, strict=True)) for row in rows]


def body(response) -> bytes:
    return b"".join(response.streaming_content)
