"""The HTTP side of `sources`: each distinct URL requested once, politely and safely.

One GET per hop (`Checker._fetch` says why not HEAD); redirects followed by hand, up to
10 hops, with loop detection and the safety rules on every hop; connect and read timeouts;
retries with exponential backoff and jitter for timeouts and 5xx; a 429's Retry-After
honoured within a bounded wait; a global concurrency limit and a per-host one with a
minimum interval between requests to a host; bodies read no further than 64 KB; a
User-Agent that names botbeat.

Tradeoffs: aiohttp, for a fraction of httpx's CPU on the same checks (bench/sources_bench.py
runs a bare aiohttp client beside botbeat).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

from botbeat_cli import __version__
from botbeat_cli.model.newsroom import HostRule, NewsroomConfig
from botbeat_cli.sources.outcome import Hop, Outcome, Result
from botbeat_cli.sources.safety import (
    Refused,
    address_problem,
    client_host,
    numeric_address,
    numeric_label,
    static_problem,
)

REDIRECTS = {301, 302, 303, 307, 308}
# What a "not found" page says in its title or first heading. Short headings only: a real
# story may have "not found" in a long headline.
# "404" alone says it only where it leads the heading or stands by "error": "404 | Site",
# "Error 404", not "Flight 404 lands" or a title that ends in the page's own path.
_NOT_FOUND = re.compile(
    r"^\W*404\b|\berror\W+404\b|\b404\W+error\b|"
    r"\b(?:not found|page not available|no longer available|(?:doesn't|does not) exist|"
    r"page unavailable|page cannot be found|can't be found|could not be found)\b",
    re.I,
)
NOT_FOUND_MAX_WORDS = 8
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)
_INVISIBLE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
SAME_PAGE = 0.8  # shingle overlap (Jaccard) above which two pages say the same thing
USER_AGENT = f"botbeat/{__version__} (newsroom source checker)"
PERMANENT = {301, 308}


class Tally(Protocol):
    """What a progress display hears: one more URL to check, one more done."""

    def add(self) -> None: ...

    def advance(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Settings:
    allow_private: bool = False
    trusted_addresses: frozenset[str] = frozenset()  # internal hosts a newsroom vouches for
    concurrency: int = 64
    per_host: int = 4
    interval: float = 0.0  # seconds between two requests to one host
    retries: int = 2
    backoff: float = 0.5  # first retry waits about this long, then twice as long...
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    max_retry_after: float = 10.0
    max_redirects: int = 10
    body_limit: int = 65_536
    user_agent: str = USER_AGENT
    unverifiable_hosts: frozenset[str] = frozenset({"x.com", "twitter.com"})
    bot_wall_hosts: frozenset[str] = frozenset(
        {"linkedin.com", "medium.com", "instagram.com", "facebook.com"}
    )
    rules: Callable[[str], HostRule | None] | None = None  # per-host rules (botbeat.yaml)

    def rule(self, host: str) -> HostRule | None:
        return self.rules(host) if self.rules is not None else None

    @classmethod
    def of(cls, config: NewsroomConfig, timeout: float, **options: Any) -> Settings:
        """The newsroom's settings (per-host rules, the contact in the user agent) with the
        command's options; a connection waits at most 5 s of `timeout`."""
        contact = config.source_checks.contact
        return cls(
            read_timeout=timeout,
            connect_timeout=min(timeout, 5.0),
            rules=config.host_rule,
            user_agent=USER_AGENT + (f"; +{contact}" if contact else ""),
            **options,
        )


def _host_key(url: str) -> str:
    """What a host's limit and pace are kept by: its name and port."""
    return urlsplit(url).netloc.lower()


def _matches(host: str, hosts: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in hosts)


class _SafeResolver:
    """aiohttp's resolver, refusing unsafe addresses: the check happens on what is
    actually connected to, on every hop."""

    def __init__(self, settings: Settings) -> None:
        import aiohttp

        self._inner = aiohttp.ThreadedResolver()
        self._settings = settings
        # one lookup per host and run, failures included: 7,000 URLs on a host that does
        # not resolve must not wait for 7,000 failed lookups
        self._answers: dict[tuple[str, int, int], asyncio.Future[Any]] = {}

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> Any:
        key = (host, port, int(family))
        if key not in self._answers:
            self._answers[key] = asyncio.ensure_future(self._inner.resolve(host, port, family))
        infos = await asyncio.shield(self._answers[key])
        for info in infos:
            _check_address(info["host"], self._settings)
        return infos

    async def close(self) -> None:
        await self._inner.close()


def _check_address(address: str, settings: Settings) -> None:
    if settings.allow_private or address in settings.trusted_addresses:
        return
    problem = address_problem(address)
    if problem:
        raise Refused(problem)


def _text(fragment: str) -> str:
    import html

    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def _title(page: str) -> str:
    match = _TITLE.search(page)
    return _text(match.group(1)) if match else ""


def says_not_found(page: str) -> str | None:
    """The title or first heading of a page that says it is not found, or None."""
    for pattern in (_TITLE, _H1):
        match = pattern.search(page)
        heading = _text(match.group(1)) if match else ""
        if heading and len(heading.split()) <= NOT_FOUND_MAX_WORDS and _NOT_FOUND.search(heading):
            return heading
    return None


def shingles(page: str, size: int = 3) -> frozenset[str]:
    """The visible text of a page (no tags, scripts or styles) as word `size`-grams."""
    words = _WORD.findall(_text(_INVISIBLE.sub(" ", page)).lower())
    return frozenset(" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1)))


def same_content(a: str, b: str) -> bool:
    """Whether two pages show the same text: their shingle sets overlap by SAME_PAGE or
    more. Two articles in one site template share the template's words only."""
    x, y = shingles(a), shingles(b)
    union = len(x | y)
    return bool(union) and len(x & y) / union >= SAME_PAGE


def retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    text = value.strip()
    if text.isdigit():
        return float(text)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Checker:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._global = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._next_slot: dict[str, float] = {}
        self._probes: dict[str, asyncio.Future[str | None]] = {}
        self.session: Any = None

    async def __aenter__(self) -> Checker:
        import aiohttp

        connector = aiohttp.TCPConnector(
            resolver=_SafeResolver(self.settings),  # type: ignore[arg-type]
            limit=self.settings.concurrency,
            limit_per_host=self.settings.per_host,
            force_close=False,
        )
        self.session = aiohttp.ClientSession(
            connector=connector,
            headers={"User-Agent": self.settings.user_agent},
            timeout=aiohttp.ClientTimeout(
                total=None,
                sock_connect=self.settings.connect_timeout,
                sock_read=self.settings.read_timeout,
            ),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.session.close()

    async def check(self, url: str) -> Result:
        """One URL, with retries for timeouts and 5xx and one wait for a 429."""
        waited_for_429 = False
        attempt = 0
        while True:
            attempt += 1
            result = await self._follow(url)
            retryable = result.outcome in (Outcome.TIMEOUT, Outcome.SERVER_ERROR)
            if retryable and attempt <= self.settings.retries:
                delay = self.settings.backoff * 2 ** (attempt - 1)
                await asyncio.sleep(delay * (0.5 + random.random()))  # jitter
                continue
            if result.outcome is Outcome.RATE_LIMITED and not waited_for_429:
                wait = float(result.extra.get("retry_after", "-1"))
                if 0 <= wait <= self.settings.max_retry_after:
                    waited_for_429 = True
                    await asyncio.sleep(wait)
                    continue
            return replace(result, attempts=attempt)

    async def _follow(self, url: str) -> Result:
        import aiohttp

        chain: list[Hop] = []
        seen = {url}
        current = url
        asked: str | None = None  # the URL of the last request made

        def ended(outcome: Outcome, detail: str, status: int | None = None) -> Result:
            """The check ends here, at `current`, after the hops so far."""
            return Result(url, outcome, status, current, tuple(chain), detail)

        for _ in range(self.settings.max_redirects + 1):
            problem, host = static_problem(current), ""
            if problem is None:
                problem, host = self._host_problem(current)
            if problem:
                return ended(Outcome.REFUSED, problem)
            rule = self.settings.rule(host)
            if rule is not None and rule.exclude:
                return ended(Outcome.SKIPPED, f"{host} is excluded in botbeat.yaml")
            if _matches(host, self.settings.unverifiable_hosts):
                return ended(Outcome.UNVERIFIABLE, f"{host} cannot be checked by plain HTTP")
            try:
                # A hop to the host just asked continues that request: no turn of its own,
                # as a browser's or lychee's client follows it (bench/sources_bench.py).
                paced = asked is None or _host_key(asked) != _host_key(current)
                asked = current
                status, headers, page = await self._request(current, paced)
            except Refused as exc:
                return ended(Outcome.REFUSED, str(exc))
            except TimeoutError:
                return ended(Outcome.TIMEOUT, "no answer within the timeout")
            except aiohttp.ClientConnectorError as exc:
                if isinstance(exc.os_error, Refused):
                    return ended(Outcome.REFUSED, str(exc.os_error))
                return ended(Outcome.UNREACHABLE, str(exc.os_error) or type(exc).__name__)
            except (aiohttp.ClientError, OSError) as exc:
                return ended(Outcome.UNREACHABLE, f"{type(exc).__name__}: {exc}")
            location = headers.get("Location")
            if status in REDIRECTS and location:
                try:
                    target = urljoin(current, location)
                except ValueError as exc:  # e.g. a bracketed host that is no address
                    chain.append(Hop(status, location))
                    return ended(Outcome.REFUSED, f"cannot parse the redirect's URL ({exc})")
                chain.append(Hop(status, target))
                current = target
                if target in seen:
                    return ended(Outcome.BROKEN, "redirect loop", status)
                seen.add(target)
                continue
            result = self._classify(url, status, headers, current, chain)
            if result.outcome in (Outcome.OK, Outcome.REDIRECTED) and 200 <= status < 300:
                reason = await self._soft_404(current, page)
                if reason:
                    return replace(result, outcome=Outcome.SUSPECT, detail=reason)
            return result
        return ended(Outcome.BROKEN, f"more than {self.settings.max_redirects} redirects")

    def _host_problem(self, url: str) -> tuple[str | None, str]:
        """Why this hop is refused (or None), and its host as the client will connect to
        it: fullwidth digits, Unicode full stops and numeric spellings (`2130706433`,
        `0177.0.0.1`, `127.1`) are the addresses they stand for, checked here; a name is
        checked on what it resolves to, in the resolver."""
        try:
            host = client_host(url)
        except (ValueError, UnicodeError) as exc:
            return f"cannot parse the URL ({exc})", ""
        name = host.rstrip(".")
        if not name or any(not label or len(label) > 63 for label in name.split(".")):
            return f"'{host}' is not a valid host name", host
        address = numeric_address(host)
        if address is None and numeric_label(name.rsplit(".", 1)[-1]):
            return f"'{host}' is neither an IP address nor a host name", host
        if address is None and (name == "localhost" or name.endswith(".localhost")):
            address = "127.0.0.1"  # RFC 6761: always loopback, whatever a resolver says
        if address is not None:
            try:
                _check_address(address, self.settings)
            except Refused as exc:
                return str(exc), host
        return None, host

    def _classify(
        self, url: str, status: int, headers: Any, final: str, chain: list[Hop]
    ) -> Result:
        host = urlsplit(final).hostname or ""
        permanent = bool(chain) and all(h.status in PERMANENT for h in chain)
        rule = self.settings.rule(host)
        if 200 <= status < 300 or (rule is not None and status in rule.accept):
            outcome = Outcome.REDIRECTED if chain else Outcome.OK
            return Result(url, outcome, status, final, tuple(chain), permanent=permanent)
        if status == 429:
            header = headers.get("Retry-After", "")
            wait = retry_after(header)
            extra = {"retry_after": f"{wait:.3f}"} if wait is not None else {}
            return Result(
                url,
                Outcome.RATE_LIMITED,
                status,
                final,
                tuple(chain),
                f"429, Retry-After {header or 'absent'}",
                extra=extra,
            )
        if status in (401, 403, 999) and (
            status == 999 or _matches(host, self.settings.bot_wall_hosts)
        ):
            return Result(url, Outcome.BLOCKED, status, final, tuple(chain), "a bot wall")
        if status >= 500:
            return Result(url, Outcome.SERVER_ERROR, status, final, tuple(chain))
        return Result(url, Outcome.BROKEN, status, final, tuple(chain))

    @contextlib.asynccontextmanager
    async def _slot(self, url: str, paced: bool = True) -> AsyncIterator[dict[str, str]]:
        """One request's turn: the global limit, the host's limit and, when `paced`, its
        interval. Every request takes one (soft-404 probes too; a redirect hop to the same
        host unpaced); yields the host's headers."""
        parts = urlsplit(url)
        host = _host_key(url)
        rule = self.settings.rule(parts.hostname or "")
        limit = rule.concurrency if rule and rule.concurrency else self.settings.per_host
        interval = rule.interval if rule and rule.interval is not None else self.settings.interval
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(limit))
        # Paced before the global limit is taken: a request waiting for its host's turn
        # holds no slot another host could use (bench/sources_bench.py, at lychee's pace).
        async with per_host:
            if paced:
                await self._pace(host, interval)
            async with self._global:
                yield dict(rule.headers) if rule else {}

    async def _fetch(self, url: str, paced: bool = True) -> tuple[int, Any, bytes | None]:
        """One GET in its slot: status, headers and, for a 2xx HTML page (the only answer
        whose text is judged), at most body_limit bytes of it; the rest is never read.

        GET, not HEAD then GET: the page of a 2xx HTML answer is read anyway, so a HEAD
        first was a second paced request to the host for most sources (bench/sources_bench.py,
        at lychee's pace), and some servers answer HEAD wrongly. The whole exchange, headers
        and body, must end within the connect plus read timeouts: a server sending a byte a
        second never trips a per-read timeout."""
        async with self._slot(url, paced) as extra:
            async with asyncio.timeout(self.settings.connect_timeout + self.settings.read_timeout):
                async with self.session.request(
                    "GET", url, allow_redirects=False, headers=extra
                ) as response:
                    raw = None
                    kind = str(response.headers.get("Content-Type", "text/html")).lower()
                    if 200 <= response.status < 300 and "html" in kind:
                        raw = await response.content.read(self.settings.body_limit)
                    return response.status, response.headers, raw

    async def _request(self, url: str, paced: bool = True) -> tuple[int, Any, str | None]:
        """Status, headers and the start of the page when it is a 2xx HTML one."""
        status, headers, raw = await self._fetch(url, paced)
        return status, headers, None if raw is None else raw.decode("utf-8", "replace")

    async def _soft_404(self, url: str, page: str | None) -> str | None:
        """Why a 200 page is probably a 'not found' page, or None.

        The page (HTML only) is read and judged by what it says: a title or first heading
        such as "Page not found". On a host that answers 200 for a path that cannot exist
        (probed once per host), a page showing the same visible text as that answer is a
        soft 404 too.
        """
        if page is None:  # not HTML: nothing to judge (`_fetch` reads HTML pages only)
            return None
        heading = says_not_found(page)
        if heading:
            return f"the page says '{heading[:80]}'"
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._probes:
            self._probes[origin] = asyncio.ensure_future(self._probe(origin))
        probe = await self._probes[origin]
        if probe is not None and same_content(page, probe):
            return "the page shows what the host serves for a page that cannot exist"
        return None

    async def _probe(self, origin: str) -> str | None:
        """The host's answer to a path that cannot exist, when that answer is a 200."""
        url = f"{origin}/botbeat-{uuid.uuid4().hex}-no-such-page"
        try:
            status, _, raw = await self._fetch(url)
        except Exception:  # an unreachable probe says nothing about the page
            return None
        if not 200 <= status < 300:  # no hop unchecked: not followed
            return None
        return (raw or b"").decode("utf-8", "replace").replace(url, "")

    async def _pace(self, host: str, interval: float) -> None:
        """Keep `interval` seconds between two requests to one host."""
        if interval <= 0:
            return
        now = time.monotonic()
        slot = max(now, self._next_slot.get(host, now))
        self._next_slot[host] = slot + interval
        if slot > now:
            await asyncio.sleep(slot - now)


async def check_found(
    found: Iterable[str],
    settings: Settings,
    wanted: Callable[[str], bool] = lambda url: True,
    tally: Tally | None = None,
) -> dict[str, Result]:
    """Every distinct URL `found` yields that `wanted` says to request, checked once, each
    as soon as it is found: `found` may read and parse articles as it goes, and that work
    runs between the requests' waits rather than before the first (bench/sources_bench.py,
    at lychee's pace, where every request waits for its host's turn). No client is made
    until a URL is wanted. `tally` hears of each URL wanted and each finished (a progress
    bar)."""
    async with contextlib.AsyncExitStack() as stack:
        checker: Checker | None = None
        tasks: dict[str, asyncio.Future[Result]] = {}
        seen: set[str] = set()  # asked of `wanted` once (a cache lookup), however often cited
        for url in found:
            if url in seen:
                continue
            seen.add(url)
            if not wanted(url):
                continue
            if checker is None:
                checker = await stack.enter_async_context(Checker(settings))
            task = asyncio.ensure_future(checker.check(url))
            if tally is not None:
                tally.add()
                task.add_done_callback(lambda _: tally.advance())
            tasks[url] = task
            await asyncio.sleep(0)  # its request starts now, before the next is read
        results = await asyncio.gather(*tasks.values())
    return dict(zip(tasks, results, strict=True))


def run(
    found: Iterable[str],
    settings: Settings,
    wanted: Callable[[str], bool] = lambda url: True,
    tally: Tally | None = None,
) -> dict[str, Result]:
    return asyncio.run(check_found(found, settings, wanted, tally))
