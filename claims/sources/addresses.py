"""A source's address in the one form that identifies it: two links to the same report
are one Source row."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# Query parameters that only track where a reader came from; dropping them lets two
# links to the same report share one Source row.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src"}
)
_validate_url = URLValidator(schemes=["http", "https"])


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment and tracking parameters.

    Raises ValidationError when the URL is not an http or https address.
    """
    url = url.strip()
    try:
        _validate_url(url)
    except ValidationError:
        raise ValidationError(
            "Enter a full web address starting with http:// or https://.", code="invalid_url"
        ) from None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        # An IPv6 address: `hostname` drops its brackets, which the URL needs back.
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        raise ValidationError(
            "The port of this web address is not a number from 1 to 65535.", code="invalid_url"
        ) from None
    if port and not (
        (parts.scheme.lower() == "http" and port == 80)
        or (parts.scheme.lower() == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    if parts.username:
        raise ValidationError(
            "Web addresses with a user name are not accepted.", code="invalid_url"
        )
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if key.lower() not in TRACKING_PARAMETERS and not key.lower().startswith("utm_")
        ]
    )
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))
