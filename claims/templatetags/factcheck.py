"""Template filters for showing figures the way the article wrote them."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def figure(value) -> str:
    """1500.0000 → "1,500"; 4.3000 → "4.3"; None → ""."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    if number == number.to_integral():
        return f"{int(number):,}"
    whole, _dot, fraction = format(number, "f").partition(".")
    return f"{int(whole):,}.{fraction}"


@register.filter
def status_label(value: str) -> str:
    """A status value as people read it: "not_checkable" → "Not checkable"."""
    from claims.models import Claim

    return dict(Claim.Status.choices).get(value, value)
