"""The portable writer (SQLite and any other database): the same merge through the ORM.

It keeps the staged rows in memory and writes with bulk_create and bulk_update in batches,
which suits the file sizes an embedded database sees; PostgreSQL uses postgres.py.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from claims.importers.columns import (
    DEFAULT_STANCE,
    IMPORTED_EVIDENCE_FIELDS,
)
from claims.importers.staged import StagedRow
from claims.importers.validation import (
    NEEDS_QUOTE,
    duplicate_claim,
    frozen_claim_error,
    frozen_evidence_error,
)
from claims.models import Claim, ClaimEvent, Evidence, Source
from claims.services.events import changed_fields, event_row
from claims.services.permissions import FROZEN_STATUSES
from claims.services.workflow import STATUS_RANK
from claims.tallies.upkeep import work_add

BATCH = 1000


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def _given(value, current):
    """A staged value, or the stored one when the file gives none."""
    return current if value is None else value


class PortableWriter:
    def __init__(self):
        self.rows: list[StagedRow] = []
        self.changes: list[tuple[Claim, dict, dict]] = []

    def close(self) -> None:
        self.rows = []

    def pause(self) -> None:
        """Nothing to end: validation may query the database at any time."""

    def stage(self, rows) -> None:
        self.rows = list(rows)

    def patch_anchors(self, anchors: list[tuple[int, int, int]]) -> None:
        found = {row_no: (start, end) for row_no, start, end in anchors}
        for position, row in enumerate(self.rows):
            if row.row_no in found:
                start, end = found[row.row_no]
                self.rows[position] = row._replace(anchor_start=start, anchor_end=end)

    def set_articles(self, article_ids: dict[str, int]) -> None:
        self.article_ids = article_ids

    def _key(self, row: StagedRow) -> tuple[int, str]:
        return self.article_ids[row.article_key], row.claim_key

    # --- checks that need the database -------------------------------------------------

    def check(self, errors, skip_articles: list[str]) -> None:
        self.existing = {
            (claim.article_id, claim.external_id): claim
            for claim in Claim.objects.filter(article_id__in=set(self.article_ids.values()))
        }
        self.evidence = {}
        for item in (
            Evidence.objects.filter(claim__in=list(self.existing.values()))
            .select_related("source")
            .order_by("-pk")
        ):
            self.evidence[(item.claim_id, item.source.url)] = item  # the oldest wins
        first_rows: dict[tuple, int] = {}
        self.changes = []
        for row in self.rows:
            if not row.is_claim:
                continue
            key = self._key(row)
            if key in first_rows:
                errors.add(
                    row.row_no,
                    "claim_id",
                    duplicate_claim(row.article_key, row.claim_key, first_rows[key]),
                )
                continue
            first_rows[key] = row.row_no
            claim = self.existing.get(key)
            if claim is None:
                if row.anchor_start is None and row.article_key not in skip_articles:
                    errors.add(row.row_no, "quote", NEEDS_QUOTE)
                continue
            before, after = self._claim_changes(row, claim)
            if claim.status in FROZEN_STATUSES and ("text" in after or "quote" in after):
                errors.add(
                    row.row_no,
                    "text" if "text" in after else "quote",
                    frozen_claim_error(row.article_key, row.claim_key, claim.status),
                )
            if after:
                self.changes.append((claim, before, after))
        for row in self.rows:
            url = row.source_url
            claim = self.existing.get(self._key(row)) if url else None
            if claim is None or claim.status not in FROZEN_STATUSES:
                continue
            current = self.evidence.get((claim.pk, url))
            if current is None or self._evidence_changes(row, current)[1]:
                errors.add(
                    row.row_no,
                    "source_url",
                    frozen_evidence_error(row.article_key, row.claim_key, claim.status),
                )

    def _claim_changes(self, row: StagedRow, claim: Claim) -> tuple[dict, dict]:
        new = {
            "text": row.text,
            "kind": _given(row.kind, claim.kind),
            "stated_value": _given(_decimal(row.stated_value), claim.stated_value),
            "qualifier": _given(row.qualifier, claim.qualifier),
            "unit": _given(row.unit, claim.unit),
            "attributed_to": _given(row.attributed_to, claim.attributed_to),
            "assignee_id": _given(row.assignee_id, claim.assignee_id),
            "status": claim.status,
        }
        if row.quote is not None:
            new.update(quote=row.quote, start=row.anchor_start, end=row.anchor_end)
        status = row.status
        if status is not None and STATUS_RANK[status] > STATUS_RANK[claim.status]:
            new["status"] = status
        return changed_fields(claim, new)

    def _evidence_changes(self, row: StagedRow, evidence: Evidence) -> tuple[dict, dict]:
        new = {
            "stance": _given(row.stance, evidence.stance),
            "excerpt": _given(row.excerpt, evidence.excerpt),
            "reported_value": _given(_decimal(row.reported_value), evidence.reported_value),
        }
        return changed_fields(evidence, new)

    # --- writing -----------------------------------------------------------------------

    def write(self, report, context) -> None:
        # Events name assignees by username; only those of changed assignments are needed.
        assignee_ids = {
            values["assignee_id"]
            for _claim, before, after in self.changes
            for values in (before, after)
            if values.get("assignee_id") is not None
        }
        usernames = dict(
            get_user_model().objects.filter(pk__in=assignee_ids).values_list("pk", "username")
            if assignee_ids
            else ()
        )

        def event(claim_id: int, kind: str, before: dict, after: dict) -> ClaimEvent:
            return event_row(
                claim_id=claim_id,
                actor_id=context.actor_id,
                kind=kind,
                before=before,
                after=after,
                note=context.note,
            )

        def named(values: dict) -> dict:
            named = {key: value for key, value in values.items() if key != "assignee_id"}
            if "assignee_id" in values:
                named["assignee"] = usernames.get(values["assignee_id"])
            return named

        created = []
        for row in self.rows:
            if not row.is_claim or self._key(row) in self.existing:
                continue
            status = row.status or Claim.Status.NEW
            created.append(
                Claim(
                    article_id=self.article_ids[row.article_key],
                    external_id=row.claim_key,
                    text=row.text,
                    quote=row.quote or row.text,
                    start=row.anchor_start,
                    end=row.anchor_end,
                    kind=row.kind or Claim.Kind.EVENT,
                    stated_value=_decimal(row.stated_value),
                    qualifier=row.qualifier or "",
                    unit=row.unit or "",
                    attributed_to=row.attributed_to or "",
                    status=status,
                    status_reason=context.not_checkable_reason
                    if status == Claim.Status.NOT_CHECKABLE
                    else "",
                    assignee_id=row.assignee_id,
                )
            )
        Claim.objects.bulk_create(created, batch_size=BATCH)
        events = [
            event(claim.pk, ClaimEvent.Kind.IMPORTED, {}, {"external_id": claim.external_id})
            for claim in created
        ]
        for claim in created:
            self.existing[(claim.article_id, claim.external_id)] = claim

        # The statistics' claims per (assignee, status): the new claims, and the moves.
        work = Counter((claim.assignee_id, claim.status) for claim in created)
        updated_fields = set()
        for claim, before, after in self.changes:
            work[(claim.assignee_id, claim.status)] -= 1
            for field, value in after.items():
                setattr(claim, field, value)
            work[(claim.assignee_id, claim.status)] += 1
            updated_fields.update(after)
            if after.get("status") == Claim.Status.NOT_CHECKABLE and not claim.status_reason:
                claim.status_reason = context.not_checkable_reason
                updated_fields.add("status_reason")
            claim.version += 1
            claim.updated_at = context.now
            events.append(event(claim.pk, ClaimEvent.Kind.IMPORTED, named(before), named(after)))
        if self.changes:
            Claim.objects.bulk_update(
                [claim for claim, _before, _after in self.changes],
                [*sorted(updated_fields), "version", "updated_at"],
                batch_size=BATCH,
            )
        work_add(work)
        report.claims.created = len(created)
        report.claims.updated = len(self.changes)
        report.claims.unchanged = (
            sum(1 for row in self.rows if row.is_claim) - len(created) - len(self.changes)
        )
        self._write_evidence(report, context, event, events)
        ClaimEvent.objects.bulk_create(events, batch_size=BATCH)

    def _write_evidence(self, report, context, event, events: list) -> None:
        evidence_rows = [row for row in self.rows if row.source_url is not None]
        if not evidence_rows:
            return
        details: dict[str, dict] = {}
        for row in evidence_rows:
            found = details.setdefault(row.source_url, {})
            given = {
                "title": row.source_title,
                "publisher": row.publisher,
                "published_on": _date(row.source_published_on),
            }
            for field, value in given.items():
                if value is not None and field not in found:
                    found[field] = value
        sources = {source.url: source for source in Source.objects.filter(url__in=list(details))}
        new_sources = [
            Source(url=url, **found) for url, found in details.items() if url not in sources
        ]
        Source.objects.bulk_create(new_sources, batch_size=BATCH)
        report.sources_created = len(new_sources)
        filled = []
        for url, source in sources.items():
            missing = {
                field: value
                for field, value in details[url].items()
                if getattr(source, field) in (None, "")
            }
            if missing:
                for field, value in missing.items():
                    setattr(source, field, value)
                filled.append(source)
        if filled:
            Source.objects.bulk_update(filled, ["title", "publisher", "published_on"])
        sources.update({source.url: source for source in new_sources})

        added, changed = [], []
        for row in evidence_rows:
            claim = self.existing[self._key(row)]
            url = row.source_url
            current = self.evidence.get((claim.pk, url))
            if current is None:
                item = Evidence(
                    claim_id=claim.pk,
                    source_id=sources[url].pk,
                    stance=row.stance or DEFAULT_STANCE,
                    excerpt=row.excerpt or "",
                    reported_value=_decimal(row.reported_value),
                    added_by_id=context.actor_id,
                )
                added.append(item)
                events.append(
                    event(
                        claim.pk,
                        ClaimEvent.Kind.EVIDENCE_ADDED,
                        {},
                        {
                            "source": url,
                            "stance": item.stance,
                            "reported_value": item.reported_value,
                        },
                    )
                )
                continue
            before, after = self._evidence_changes(row, current)
            if after:
                for field, value in after.items():
                    setattr(current, field, value)
                current.updated_at = context.now
                current.version += 1
                changed.append(current)
                events.append(
                    event(
                        claim.pk, ClaimEvent.Kind.EVIDENCE_CHANGED, {"source": url, **before}, after
                    )
                )
        Evidence.objects.bulk_create(added, batch_size=BATCH)
        if changed:
            Evidence.objects.bulk_update(
                changed, [*IMPORTED_EVIDENCE_FIELDS, "version", "updated_at"], batch_size=BATCH
            )
        report.evidence.created = len(added)
        report.evidence.updated = len(changed)
        report.evidence.unchanged = len(evidence_rows) - len(added) - len(changed)
