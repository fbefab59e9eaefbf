"""Writing the audit trail: one ClaimEvent for every change, whoever made it."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from claims.models import Claim, ClaimEvent
from claims.roles import Actor
from claims.tallies.upkeep import event_tallied


def jsonable(value: Any) -> Any:
    """Model values as JSON: decimals and dates as strings, users and rows by name."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "get_username"):
        return value.get_username()
    return str(value)


def event_row(
    *,
    claim_id: int,
    actor_id: int | None,
    kind: str,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> ClaimEvent:
    """An unsaved audit record, for writers that insert many at once."""
    return ClaimEvent(
        claim_id=claim_id,
        actor_id=actor_id,
        kind=kind,
        from_data={key: jsonable(value) for key, value in (before or {}).items()},
        to_data={key: jsonable(value) for key, value in (after or {}).items()},
        note=note,
    )


def event_record(
    *,
    claim: Claim,
    actor: Actor | None,
    kind: str,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> ClaimEvent:
    event = event_row(
        claim_id=claim.pk,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        kind=kind,
        before=before,
        after=after,
        note=note,
    )
    event.claim = claim
    event.save()
    event_tallied(event, claim.article_id)
    return event


def changed_fields(instance, values: dict) -> tuple[dict, dict]:
    """The fields of `values` that differ from `instance`, as (before, after)."""
    before, after = {}, {}
    for field, value in values.items():
        current = getattr(instance, field)
        if current != value:
            before[field], after[field] = current, value
    return before, after
