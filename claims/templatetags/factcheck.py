"""Template filters for showing figures the way the article wrote them."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def figure(value) -> str:
    """1500.0000 → "1,500"; 4.3000 → "4.3"; None → ""."""
    if value is None or value == "":
        return ""
    # A float (a JSON number stored by an older extractor) goes through its shortest text:
    # Decimal(7.1) would show the binary noise 7.0999999999999996447.
    number = Decimal(str(value) if isinstance(value, float) else value).normalize()
    if number == number.to_integral():
        return f"{int(number):,}"
    whole, _dot, fraction = format(number, "f").partition(".")
    return f"{int(whole):,}.{fraction}"


@register.filter
def status_label(value: str) -> str:
    """A status value as people read it: "not_checkable" → "Not checkable"."""
    from claims.models import Claim

    return dict(Claim.Status.choices).get(value, value)


EVENT_LABELS = {
    "status": "to",
    "assignee": "to",
    "rating": "rating",
    "summary": "summary",
    "short_claim": "short claim",
    "source": "source",
    "stance": "stance",
    "reported_value": "reports",
    "excerpt": "excerpt",
    "published_at": "published",
    "text": "claim",
    "quote": "quote",
    "anchor": "anchor",
}
HIDDEN_DETAILS = {"comment", "external_id", "start", "end"}


@register.filter
def event_details(event) -> list[str]:
    """What an audit event changed, in words: "to Researching", "reports 1,500"."""
    data = event.to_data or event.from_data or {}
    details = []
    for key, value in data.items():
        if key in HIDDEN_DETAILS or value in (None, ""):
            continue
        if key == "status":
            value = status_label(value)
        elif key == "reported_value":
            value = figure(value)
        elif key == "published_at":
            value = str(value)[:10]
        details.append(f"{EVENT_LABELS.get(key, key.replace('_', ' '))} {value}".strip())
    return details


CURRENCIES = {"£", "$", "€", "¥", "₩", "₹", "US$"}
QUALIFIER_WORDS = {"approximately": "about", "at_least": "at least", "at_most": "at most"}


@register.simple_tag
def figure_phrase(value, qualifier: str = "", unit: str = "") -> str:
    """A figure as a reader would say it: "about 10,000 soldiers", "at least £6,000,000"."""
    number = figure(value)
    amount = f"{unit}{number}" if unit in CURRENCIES else f"{number} {unit}".strip()
    words = QUALIFIER_WORDS.get(qualifier or "", "")
    return f"{words} {amount}".strip()


@register.simple_tag
def due_info(claim) -> dict | None:
    """The claim's due date and whether it is overdue or due soon; None when it has none or
    is no longer open."""
    from django.utils import timezone

    from claims.deadlines import OPEN_STATUSES, due_state

    due = claim.effective_due_on
    if due is None or claim.status not in OPEN_STATUSES:
        return None
    return {"on": due, "state": due_state(due, timezone.now()), "own": claim.due_on is not None}


@register.simple_tag
def waiting_info(claim) -> dict | None:
    """How long a claim in review has waited for approval, and whether that is late."""
    from django.utils import timezone

    from claims.deadlines import duration_words, is_approval_late

    if claim.status != "in_review":
        return None
    verdict = claim.current_verdict()
    if verdict is None or verdict.submitted_at is None:
        return None
    now = timezone.now()
    return {
        "since": verdict.submitted_at,
        "words": duration_words(now - verdict.submitted_at),
        "late": is_approval_late(verdict.submitted_at, now),
    }


@register.filter
def with_mentions(body: str, known: dict) -> str:
    """A comment, escaped, with mentions of known people as links."""
    from claims.notifications.mentions import render_mentions

    return render_mentions(body, known or {})
