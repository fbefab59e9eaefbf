"""The staged row: one valid line of an import file, as validation hands it to a writer."""

from typing import NamedTuple


class StagedRow(NamedTuple):
    """One line, cleaned; None means "not given", so a stored value is kept.

    The field order is the PostgreSQL staging table's column order (postgres.py builds
    the table and its COPY from `_fields`). A claim's further lines (one per extra source)
    stage only their keys and evidence.
    """

    row_no: int
    article_key: str
    claim_key: str
    is_claim: bool  # the claim's first line, which carries its fields
    text: str | None = None
    quote: str | None = None
    anchor_start: int | None = None
    anchor_end: int | None = None
    kind: str | None = None
    stated_value: str | None = None  # plain decimal text: "10000.5"
    qualifier: str | None = None
    unit: str | None = None
    attributed_to: str | None = None
    status: str | None = None
    assignee_id: int | None = None
    source_url: str | None = None  # normalised
    source_title: str | None = None
    publisher: str | None = None
    source_published_on: str | None = None  # YYYY-MM-DD
    stance: str | None = None
    excerpt: str | None = None
    reported_value: str | None = None  # plain decimal text
