"""What botbeat may request: source URLs come from pull requests, so they are untrusted.

Only http and https, no credentials, and (unless `--allow-private`) no host that resolves
to a loopback, private, link-local (cloud metadata), multicast, reserved or unspecified
address. The address check runs in the HTTP client's resolver, so it applies to the very
addresses connected to, on every redirect hop, and DNS cannot answer differently between a
check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
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


def client_host(url: str) -> str:
    """The host as the HTTP client will connect to it: yarl (aiohttp's URL type) applies
    IDNA and NFKC, so fullwidth digits and ideographic full stops spell `127.0.0.1`. Checking any
    other spelling of the host would check something the client does not connect to."""
    from yarl import URL

    host = URL(url).raw_host
    if not host:
        raise ValueError("no host")
    return host.lower()


_NUMERIC = frozenset("0123456789abcdefxABCDEFX.")


def numeric_address(host: str) -> str | None:
    """The IP address `host` spells, in any form the client or the system resolver takes
    as one (IPv6, IPv4-mapped, a trailing dot, and the decimal, octal, hex and short IPv4
    forms `inet_aton` reads: `2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`, `0`), else None."""
    text = host.strip("[]").rstrip(".")
    try:
        return str(ipaddress.ip_address(text.split("%", 1)[0]))
    except ValueError:
        pass
    if not text or not text[0].isdigit() or not set(text) <= _NUMERIC:
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(text))
    except OSError:
        return None


def numeric_label(label: str) -> bool:
    """A label no host name may end with (decimal, or 0x hex): such a host that is not an
    address is refused rather than sent to DNS."""
    text = label.lower()
    return text.isdigit() or (
        text.startswith("0x") and all(c in "0123456789abcdef" for c in text[2:])
    )
