"""The demo data set: the seed article, its curated claims, real sources, and demo accounts.

Loading is idempotent: what already exists is left as it is, so a second run changes nothing
and never undoes work done in the app since the first.
"""

import json
import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from claims.models import Article, Claim, Evidence, Rating
from claims.roles import EDITORS, REVIEWERS
from claims.services import workflow
from claims.services.claims import claim_create
from claims.services.comments import comment_add
from claims.services.evidence import evidence_add
from claims.services.suggestions import suggestions_refresh

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEFAULT_DEMO_PASSWORD = "factcheck-demo"
DEMO_USERS = [
    # username, full name, groups, is_staff, is_superuser
    ("reviewer", "Ra Mi-sun", [REVIEWERS], False, False),
    ("reviewer2", "Tomás Ferreira", [REVIEWERS], False, False),
    ("editor", "Eleanor Park", [EDITORS], False, False),
    ("admin", "Site Admin", [], True, True),
]


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.created.append(what)


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def read_fixtures() -> tuple[str, list[dict], dict]:
    body = (FIXTURES / "article.txt").read_text(encoding="utf-8")
    claims = json.loads((FIXTURES / "claims.json").read_text(encoding="utf-8"))
    demo = json.loads((FIXTURES / "demo.json").read_text(encoding="utf-8"))
    return body, claims, demo


def ensure_users(report: DemoReport) -> dict:
    User = get_user_model()
    password = demo_password()
    users = {}
    for username, full_name, groups, is_staff, is_superuser in DEMO_USERS:
        first, _space, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": is_staff,
                "is_superuser": is_superuser,
            },
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            report.add(f"password for {username}" if not created else f"user {username}")
        for name in groups:
            group = Group.objects.get(name=name)
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
        users[username] = user
    return users


def seed_article(report: DemoReport | None = None, actor=None) -> Article:
    """The seed article and its curated claims, all new; existing rows are left alone."""
    report = report or DemoReport()
    body, claim_rows, demo = read_fixtures()
    meta = demo["article"]
    article, created = Article.objects.get_or_create(
        external_id=meta["external_id"],
        defaults={
            "title": meta["title"],
            "author": meta["author"],
            "outlet": meta["outlet"],
            "url": meta["url"],
            "published_on": date.fromisoformat(meta["published_on"])
            if meta["published_on"]
            else None,
            "body": body,
        },
    )
    if created:
        report.add(f"article {article.external_id}")
    existing = set(article.claims.values_list("external_id", flat=True))
    for row in claim_rows:
        if row["external_id"] in existing:
            continue
        claim_create(
            article=article,
            actor=actor,
            external_id=row["external_id"],
            text=row["text"],
            quote=row["quote"],
            start=row["start"],
            end=row["end"],
            kind=row["kind"],
            stated_value=Decimal(row["stated_value"]) if row.get("stated_value") else None,
            qualifier=row.get("qualifier", ""),
            unit=row.get("unit", ""),
            attributed_to=row.get("attributed_to", ""),
            priority=row.get("priority", 50),
        )
        report.add(f"claim {row['external_id']}")
    if created:
        suggestions_refresh(article=article)
    return article


def _advance(claim: Claim, target: dict, users: dict, demo: dict, ratings: dict) -> None:
    """Drive a new claim through the real workflow to the status its fixture row gives."""
    editor = users["editor"]
    status = target["status"]
    if status == Claim.Status.NOT_CHECKABLE:
        workflow.claim_mark_not_checkable(claim=claim, actor=editor, reason=target["status_reason"])
        return
    if status == Claim.Status.NEW:
        return
    assignee = users[target["assignee"]]
    claim = workflow.claim_assign(claim=claim, assignee=assignee, actor=assignee)
    sources = demo["sources"]
    for row in demo["evidence"]:
        if row["claim"] != claim.external_id:
            continue
        evidence_add(
            claim=claim,
            actor=users[row["added_by"]],
            stance=row["stance"],
            excerpt=row.get("excerpt", ""),
            pinpoint=row.get("pinpoint", ""),
            reported_value=Decimal(row["reported_value"]) if row.get("reported_value") else None,
            **sources[row["source"]],
        )
    verdict = demo["verdicts"].get(claim.external_id)
    if verdict:
        workflow.verdict_propose(
            claim=claim,
            actor=assignee,
            rating=ratings[verdict["rating"]],
            summary=verdict["summary"],
            short_claim=verdict["short_claim"],
        )
    for row in demo["comments"]:
        if row["claim"] == claim.external_id:
            comment_add(claim=claim, author=users[row["author"]], body=row["body"])
    if status in (Claim.Status.IN_REVIEW, Claim.Status.PUBLISHED):
        workflow.claim_submit(claim=claim, actor=assignee)
    if status == Claim.Status.PUBLISHED:
        workflow.verdict_publish(claim=claim, actor=editor)


def _source_details(row: dict) -> dict:
    details = dict(row)
    if details.get("published_on"):
        details["published_on"] = date.fromisoformat(details["published_on"])
    return details


@transaction.atomic
def load_demo() -> DemoReport:
    report = DemoReport()
    users = ensure_users(report)
    _body, claim_rows, demo = read_fixtures()
    demo["sources"] = {key: _source_details(row) for key, row in demo["sources"].items()}
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    article = seed_article(report)
    targets = {row["external_id"]: row for row in claim_rows}
    for claim in article.claims.order_by("start"):
        # Only claims that no one has touched yet: the demo never undoes real work.
        untouched = (
            claim.status == Claim.Status.NEW
            and claim.assignee_id is None
            and not Evidence.objects.filter(claim=claim).exists()
            and claim.events.count() == 1
        )
        target = targets.get(claim.external_id)
        if untouched and target and target["status"] != Claim.Status.NEW:
            _advance(claim, target, users, demo, ratings)
            report.add(f"workflow for {claim.external_id}")
    return report
