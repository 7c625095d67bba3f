"""URL normalisation: when do two source URLs name the same story?

Shared by `validate` (duplicate-source warning) and `sources` (one request per source).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_HOST_ALIASES = {"twitter.com": "x.com", "mobile.twitter.com": "x.com"}
_HOST_PREFIXES = ("www.", "mobile.", "m.")
_TRACKING = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src"}
_TRACKING_ON_X = {"s", "t"}  # x.com share links: ?s=20&t=...


# The common case, decided without urlsplit: scheme, a plain lower-case host, a path of
# safe characters, no query, fragment, port or credentials.
_SIMPLE = re.compile(r"https?://([a-z0-9.-]+)(/[A-Za-z0-9._~/-]*)?")


def normalise(url: str) -> str:
    """A canonical form: https, lower-case host without `www.`/`mobile.`, no tracking.

    Unparseable text is returned stripped, so it only equals itself.
    """
    text = url.strip()
    simple = _SIMPLE.fullmatch(text)
    if simple is not None:
        host = simple.group(1).rstrip(".")
        if host.count(".") >= 2 and host.startswith(_HOST_PREFIXES):
            host = host.split(".", 1)[1]
        return f"https://{_HOST_ALIASES.get(host, host)}{(simple.group(2) or '').rstrip('/')}"
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return text
    if parts.scheme.lower() not in ("http", "https") or not host:
        return text
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    host = _HOST_ALIASES.get(host, host)
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_")
        and key.lower() not in _TRACKING
        and not (host == "x.com" and key.lower() in _TRACKING_ON_X)
    ]
    path = parts.path.rstrip("/") or ""
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))
