"""The columns of an import file (docs/formats.md), with the limits the models impose."""

from claims.models import Article, Claim, Evidence, Source

ARTICLE_COLUMNS = (
    "article_id",
    "article_title",
    "article_url",
    "article_author",
    "article_outlet",
    "article_published_on",
    "article_body",
)
CLAIM_COLUMNS = (
    "claim_id",
    "text",
    "quote",
    "kind",
    "stated_value",
    "qualifier",
    "unit",
    "attributed_to",
    "status",
    "assignee",
)
EVIDENCE_COLUMNS = (
    "source_url",
    "source_title",
    "publisher",
    "source_published_on",
    "stance",
    "excerpt",
    "reported_value",
)
COLUMNS = ARTICLE_COLUMNS + CLAIM_COLUMNS + EVIDENCE_COLUMNS
REQUIRED = ("article_id", "claim_id", "text")
# Claim columns that a claim's further lines (one per extra source) may leave empty.
REPEATABLE = CLAIM_COLUMNS[1:]


def _max_length(model, field: str) -> int | None:
    return model._meta.get_field(field).max_length


MAX_LENGTHS = {
    "article_id": _max_length(Article, "external_id"),
    "article_title": _max_length(Article, "title"),
    "article_url": _max_length(Article, "url"),
    "article_author": _max_length(Article, "author"),
    "article_outlet": _max_length(Article, "outlet"),
    "article_body": _max_length(Article, "body"),
    "claim_id": _max_length(Claim, "external_id"),
    "text": _max_length(Claim, "text"),
    "quote": _max_length(Claim, "quote"),
    "unit": _max_length(Claim, "unit"),
    "attributed_to": _max_length(Claim, "attributed_to"),
    "source_url": _max_length(Source, "url"),
    "source_title": _max_length(Source, "title"),
    "publisher": _max_length(Source, "publisher"),
    "excerpt": _max_length(Evidence, "excerpt"),
}
DECIMAL_LIMITS = {
    "stated_value": Claim._meta.get_field("stated_value"),
    "reported_value": Evidence._meta.get_field("reported_value"),
}

# The statuses a file may set; the rest are reached only through the workflow.
IMPORT_STATUSES = (Claim.Status.NEW, Claim.Status.RESEARCHING, Claim.Status.NOT_CHECKABLE)
# How far along the workflow each status is: an import only ever moves a claim forward.
# The evidence fields an import sets, and the stance of evidence whose row gives none.
IMPORTED_EVIDENCE_FIELDS = ("stance", "excerpt", "reported_value")
DEFAULT_STANCE = Evidence._meta.get_field("stance").default
