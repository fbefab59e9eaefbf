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
