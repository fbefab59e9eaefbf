"""Creating and editing claim records outside the workflow's transitions, with their audit."""

from django.db import transaction

from claims.events import changed_fields, event_record
from claims.models import Article, Claim, ClaimEvent

# Fields a person may edit on a claim; status and assignee change only through workflow.py.
EDITABLE_FIELDS = (
    "text",
    "quote",
    "start",
    "end",
    "kind",
    "stated_value",
    "qualifier",
    "unit",
    "attributed_to",
    "priority",
)


class AnchorError(ValueError):
    """The claim's quote is not the text found at its offsets in the article."""


def check_anchor(article: Article, quote: str, start: int, end: int) -> None:
    if article.body[start:end] != quote:
        raise AnchorError(f"The quote does not match the article text at characters {start}–{end}.")


@transaction.atomic
def claim_create(
    *,
    article: Article,
    actor,
    external_id: str,
    event_kind: str = ClaimEvent.Kind.CREATED,
    **values,
) -> Claim:
    check_anchor(article, values["quote"], values["start"], values["end"])
    claim = Claim.objects.create(article=article, external_id=external_id, **values)
    event_record(claim=claim, actor=actor, kind=event_kind, after={"external_id": external_id})
    return claim


@transaction.atomic
def claim_update(
    *, claim: Claim, actor, event_kind: str = ClaimEvent.Kind.UPDATED, **values
) -> list[str]:
    """Apply `values`, record what changed, and return the names of the changed fields."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}.")
    before, after = changed_fields(claim, values)
    if not after:
        return []
    for field, value in after.items():
        setattr(claim, field, value)
    check_anchor(claim.article, claim.quote, claim.start, claim.end)
    claim.version += 1
    claim.save(update_fields=[*after, "version", "updated_at"])
    event_record(claim=claim, actor=actor, kind=event_kind, before=before, after=after)
    return list(after)
