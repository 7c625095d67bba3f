"""What botbeat may request: source URLs come from pull requests, so they are untrusted.

Only http and https, no credentials, and (unless `--allow-private`) no host that resolves
to a loopback, private, link-local (cloud metadata), multicast, reserved or unspecified
address. The address check runs in the HTTP client's resolver, so it applies to the very
addresses connected to, on every redirect hop, and DNS cannot answer differently between a
check and the connection.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


class Refused(OSError):
    """A connection the safety rules do not allow (raised from the resolver)."""


def static_problem(url: str) -> str | None:
    """Why a URL is refused before any lookup, or None."""
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError as exc:
        return f"cannot parse the URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return f"only http and https are checked, not '{parts.scheme}'"
    if not parts.hostname:
        return "the URL has no host"
    if parts.username is not None or parts.password is not None:
        return "the URL carries credentials"
    return None


def address_problem(address: str) -> str | None:
    """Why connecting to this IP address is refused, or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for flag, what in (
        ("is_loopback", "loopback"),
        ("is_private", "private"),
        ("is_link_local", "link-local (cloud metadata lives there)"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_unspecified", "unspecified"),
    ):
        if getattr(ip, flag):
            return f"{address} is a {what} address (use --allow-private to check it)"
    return None
