"""The address a log-in attempt comes from, as the login lockout counts it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def login_address(request: HttpRequest) -> str | None:
    """The client's address: the peer's, or behind our TLS proxy the peer the proxy saw.

    An IPv6 address counts as its /64 network, which one household or server usually holds
    whole, so stepping through it does not buy a fresh count of failures for each address.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_TLS_PROXY:
        # The right-most entry is the one our proxy added; anything left of it came from the
        # client, which can write whatever it likes there.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        address = forwarded or address
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network((ip, 64), strict=False).network_address)
    return str(ip)
