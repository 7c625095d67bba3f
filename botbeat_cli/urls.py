"""URL normalisation: when do two source URLs name the same story?

Shared by `validate` (duplicate-source warning) and `sources` (one request per source).
Two layers: RFC 3986 normalisation (case, default ports, percent-encoding of unreserved
characters and of non-ASCII text, dot segments, IDNA hosts) is yarl's; on top come the
editorial rules (https, no `www.`/`m.`/`mobile.`, twitter.com = x.com, no tracking
parameters, query sorted, no trailing slash, no fragment).

Tradeoffs: yarl was chosen by test and measure over w3lib and url-normalize (tests/
test_urls.py's table: w3lib keeps default ports, url-normalize is 60 times slower), but its
import is a large share of a one-file `validate` (bench/validate_bench.py), so URLs of the
common shape (a
plain lower-case host, a path and query of safe characters, no dot segments) are
normalised without it, with the same result (tested).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

_HOST_ALIASES = {"twitter.com": "x.com", "mobile.twitter.com": "x.com"}
_HOST_PREFIXES = ("www.", "mobile.", "m.")
_TRACKING = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src"}
_TRACKING_ON_X = {"s", "t"}  # x.com share links: ?s=20&t=...

# The common case, decided without yarl: scheme, a plain lower-case host, a path and query
# of characters that normalisation leaves as they are, no port, credentials or fragment.
_SIMPLE = re.compile(
    r"https?://([a-z0-9-]+(?:\.[a-z0-9-]+)+)(/[A-Za-z0-9._~/-]*)?(?:\?([A-Za-z0-9._~=&-]*))?"
)
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")


def normalise(url: str) -> str:
    """A canonical form; unparseable text is returned stripped, so it only equals itself."""
    text = url.strip()
    simple = _SIMPLE.fullmatch(text)
    if simple is not None and not _DOT_SEGMENT.search(simple.group(2) or ""):
        return _editorial(simple.group(1), None, simple.group(2) or "", simple.group(3) or "")
    from yarl import URL

    try:
        parts = URL(text)
        host = (parts.raw_host or "").lower()
        port = parts.explicit_port
        scheme = parts.scheme.lower()
    except (ValueError, TypeError, UnicodeError):
        return text
    if scheme not in ("http", "https") or not host:
        return text
    if parts.user is not None or parts.password is not None:
        return text  # credentials: not a source the format accepts, so never "the same"
    return _editorial(host, port, parts.raw_path, parts.raw_query_string)


def _editorial(host: str, port: int | None, path: str, query: str) -> str:
    host = host.rstrip(".")
    if host.count(".") >= 2 and host.startswith(_HOST_PREFIXES):
        host = host.split(".", 1)[1]
    host = _HOST_ALIASES.get(host, host)
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    if query:
        kept = [
            (key, value)
            for key, value in parse_qsl(query, keep_blank_values=True)
            if not key.lower().startswith("utm_")
            and key.lower() not in _TRACKING
            and not (host == "x.com" and key.lower() in _TRACKING_ON_X)
        ]
        query = urlencode(sorted(kept))
    return f"https://{host}{path.rstrip('/')}" + (f"?{query}" if query else "")
