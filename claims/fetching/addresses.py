"""Which addresses the fetcher may connect to, and why not when it may not."""

import ipaddress

# Checked in this order, so an address gets the most telling of the names that fit it.
_CATEGORIES = (
    ("is_loopback", "a loopback address (this machine itself)"),
    ("is_link_local", "a link-local address (where cloud metadata services live)"),
    ("is_multicast", "a multicast address"),
    ("is_unspecified", "an unspecified address"),
    ("is_reserved", "a reserved address"),
    ("is_private", "a private-network address"),
)


def address_refusal(ip: str) -> str | None:
    """Why `ip` is not a public internet address, or None when it is one."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    # An IPv4 address written as IPv6 (::ffff:127.0.0.1) reaches the IPv4 host.
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    for attribute, description in _CATEGORIES:
        if getattr(address, attribute):
            return f"{address} is {description}"
    if not address.is_global:
        return f"{address} is not a public internet address"
    return None
