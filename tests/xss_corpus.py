"""Hostile text for the public pages: each string must show as text and run nothing."""

from claims.services import workflow
from claims.services.evidence import evidence_add
from tests.factories import ArticleFactory, ClaimFactory, rating
from tests.workflow_states import reached

PAYLOADS = [
    "</script><script>alert('claim')</script>",
    '"><img src=x onerror=alert("summary")>',
    "<svg/onload=alert('title')>",
    "<!--<script>alert('note')</script>",
    "</ScRiPt ><iframe srcdoc='<script>alert(1)</script>'>",
    "line\u2028separator\u2029paragraph & <b>bold</b>",
]


def hostile_fact_check(reviewer, editor, other_editor):
    """A published fact check, corrected once, with a payload in every field a reader sees:
    the claim, its attribution, the article, the summary, a source's title and publisher,
    the excerpt, and the correction note."""
    claim_text, summary, title, note, attribution, extra = PAYLOADS
    article = ArticleFactory(title=title, author=extra, outlet=attribution)
    claim = ClaimFactory(article=article, text=claim_text, attributed_to=attribution)
    workflow.claim_assign(claim=claim, assignee=reviewer, actor=reviewer)
    evidence_add(
        claim=claim,
        actor=reviewer,
        url="https://stats.example.org/report?q=%3Cscript%3E",
        title=title,
        publisher=summary,
        excerpt=extra,
        kind="official",
        stance="supports",
    )
    reached("https://stats.example.org/report?q=%3Cscript%3E")
    for slug, short_claim, publisher in [
        ("true", "First", editor),
        ("false", "Second", other_editor),
    ]:
        if slug == "false":
            workflow.claim_reopen(claim=claim, actor=editor, reason=note)
            workflow.claim_assign(claim=claim, assignee=reviewer, actor=editor)
        workflow.verdict_propose(
            claim=claim,
            actor=reviewer,
            rating=rating(slug),
            summary=summary,
            short_claim=short_claim,
        )
        workflow.claim_submit(claim=claim, actor=reviewer)
        workflow.verdict_publish(claim=claim, actor=publisher)
    claim.refresh_from_db()
    return claim
