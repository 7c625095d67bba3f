"""`botbeat sources` against real HTTP servers on 127.0.0.1 (several ports act as hosts).

No test touches any other address.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from botbeat_cli.sources.checker import Settings, run
from botbeat_cli.sources.outcome import Outcome
from tests.conftest import Newsroom, Run, article_text
from tests.depth import examples


class Server:
    """A loopback HTTP server whose paths each behave one way; it counts requests."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.hits: Counter[str] = Counter()
        self.methods: dict[str, list[str]] = {}
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.redirect_to = ""
        self.seen_headers: list[dict[str, str]] = []
        self.times: list[float] = []
        self.arrivals: list[tuple[str, float]] = []  # every request's path and time
        self.soft_404 = False
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self._answer(head=True)

            def do_GET(self) -> None:
                self._answer(head=False)

            def _send(self, status: int, headers: dict[str, str] | None = None,
                      body: bytes = b"") -> None:  # fmt: skip
                self._done()  # active until the answer starts: the client may be done first
                self.send_response(status)
                for key, value in (headers or {}).items():  # UTF-8 on the wire, as attackers send
                    self.send_header(key, value.encode("utf-8").decode("latin-1"))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command == "GET":
                    self.wfile.write(body)

            def _answer(self, head: bool) -> None:
                path = self.path
                with server.lock:
                    server.hits[path] += 1
                    server.arrivals.append((path, time.monotonic()))
                    server.methods.setdefault(path, []).append(self.command)
                    count = server.hits[path]
                    server.active += 1
                    server.max_active = max(server.max_active, server.active)
                self.counted = True
                try:
                    self._route(path.split("?")[0], count, head)
                finally:
                    self._done()

            def _done(self) -> None:
                with server.lock:
                    if getattr(self, "counted", False):
                        self.counted = False
                        server.active -= 1

            def _route(self, path: str, count: int, head: bool) -> None:
                if path == "/ok":
                    self._send(200, body=b"<title>A story</title>")
                elif path == "/r1":
                    self._send(301, {"Location": "/r2"})
                elif path == "/r2":
                    self._send(308, {"Location": "/ok"})
                elif path == "/moved-for-now":
                    self._send(302, {"Location": "/ok"})
                elif path == "/loop-a":
                    self._send(302, {"Location": "/loop-b"})
                elif path == "/loop-b":
                    self._send(302, {"Location": "/loop-a"})
                elif path == "/missing":
                    self._send(404)
                elif path == "/gone":
                    self._send(410)
                elif path == "/flaky":
                    self._send(502 if count <= 1 else 200)  # fails once
                elif path == "/down":
                    self._send(503)
                elif path == "/limited":  # told to wait once, then all is well
                    self._send(429, {"Retry-After": "1"}) if count <= 1 else self._send(200)
                elif path == "/limited-always":
                    self._send(429, {"Retry-After": "3600"})
                elif path == "/no-head":
                    self._send(405 if head else 200)
                elif path == "/wall":
                    self._send(999)
                elif path == "/huge":  # 8 MB of a page (no Content-Type: taken as HTML, read)
                    if head:
                        self._send(405)
                    else:
                        self.send_response(200)
                        self.send_header("Content-Length", str(8 * 2**20))
                        self.end_headers()
                        try:
                            for _ in range(8):
                                self.wfile.write(b"x" * 2**20)
                        except OSError:
                            server.hits["/huge-cut-short"] += 1
                elif path == "/members":
                    self._send(403)
                elif path == "/echo":
                    server.seen_headers.append(dict(self.headers))
                    server.times.append(time.monotonic())
                    self._send(200)
                elif path == "/slow":
                    time.sleep(3)
                    self._send(200)
                elif path == "/busy":
                    time.sleep(0.2)
                    self._send(200)
                elif path == "/reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               b"\x01\x00\x00\x00\x00\x00\x00\x00")  # fmt: skip
                    self.connection.close()
                elif server.soft_404 and (path.startswith("/botbeat-") or path == "/vanished"):
                    # a host that answers 200 "not found" pages for any missing path
                    self._send(200, body=b"<title>Oops! Page not found</title><p>Try search</p>")
                elif path == "/to-internal":
                    self._send(302, {"Location": server.redirect_to})
                else:
                    self._send(404)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


FAST = Settings(allow_private=True, retries=2, backoff=0.01, read_timeout=1.0,
                connect_timeout=1.0, max_retry_after=2.0)  # fmt: skip


def check(*urls: str, settings: Settings = FAST) -> dict[str, object]:
    return dict(run(urls, settings))


def test_every_outcome(server: Server) -> None:
    b = server.base
    refused_port = socket.socket()
    refused_port.bind(("127.0.0.1", 0))
    closed = f"http://127.0.0.1:{refused_port.getsockname()[1]}/x"
    refused_port.close()
    urls = {
        f"{b}/ok": Outcome.OK,
        f"{b}/r1": Outcome.REDIRECTED,
        f"{b}/moved-for-now": Outcome.REDIRECTED,
        f"{b}/loop-a": Outcome.BROKEN,
        f"{b}/missing": Outcome.BROKEN,
        f"{b}/gone": Outcome.BROKEN,
        f"{b}/flaky": Outcome.OK,
        f"{b}/down": Outcome.SERVER_ERROR,
        f"{b}/limited": Outcome.OK,
        f"{b}/limited-always": Outcome.RATE_LIMITED,
        f"{b}/no-head": Outcome.OK,
        f"{b}/wall": Outcome.BLOCKED,
        f"{b}/slow": Outcome.TIMEOUT,
        f"{b}/reset": Outcome.UNREACHABLE,
        closed: Outcome.UNREACHABLE,
        "https://x.com/someone/status/1": Outcome.UNVERIFIABLE,
        "ftp://127.0.0.1/file": Outcome.REFUSED,
        f"http://user:pw@127.0.0.1:{server.port}/ok": Outcome.REFUSED,
    }
    results = run(urls, FAST)
    assert {u: r.outcome for u, r in results.items()} == urls
    chain = results[f"{b}/r1"]
    assert [(h.status, h.url) for h in chain.chain] == [(301, f"{b}/r2"), (308, f"{b}/ok")]
    assert chain.final_url == f"{b}/ok" and chain.permanent is True
    assert results[f"{b}/moved-for-now"].permanent is False
    assert results[f"{b}/loop-a"].detail == "redirect loop"
    assert results[f"{b}/down"].attempts == 3  # two retries
    assert results[f"{b}/flaky"].attempts == 2
    assert results[f"{b}/limited"].attempts == 2  # waited for Retry-After: 1
    assert server.hits["/no-head"] == 1  # one GET: a server that refuses HEAD is not asked
    assert not any(server.methods[path].count("HEAD") for path in server.methods)


def test_private_addresses_are_refused_by_default(server: Server) -> None:
    safe = Settings(retries=0, read_timeout=1.0, connect_timeout=1.0)
    results = run([f"{server.base}/ok", f"http://localhost:{server.port}/ok"], safe)
    assert {r.outcome for r in results.values()} == {Outcome.REFUSED}
    assert "loopback address" in results[f"{server.base}/ok"].detail
    assert server.hits["/ok"] == 0  # nothing was sent


def test_a_redirect_cannot_lead_into_the_internal_network() -> None:
    public = Server("127.0.0.2")  # stands for a public host the newsroom trusts
    internal = Server("127.0.0.1")
    try:
        public.redirect_to = f"{internal.base}/ok"
        settings = Settings(trusted_addresses=frozenset({"127.0.0.2"}), retries=0)
        result = run([f"{public.base}/to-internal"], settings)[f"{public.base}/to-internal"]
        assert result.outcome is Outcome.REFUSED
        assert [h.url for h in result.chain] == [f"{internal.base}/ok"]
        assert internal.hits["/ok"] == 0
        assert public.hits["/to-internal"] >= 1
    finally:
        public.close()
        internal.close()


def test_per_host_limit_is_kept(server: Server) -> None:
    urls = [f"{server.base}/busy?n={i}" for i in range(12)]
    server_busy = {u: u for u in urls}
    settings = Settings(allow_private=True, per_host=3, concurrency=64, retries=0)
    run(server_busy, settings)
    assert server.max_active <= 3
    assert server.max_active >= 2  # it did run requests side by side


def test_each_distinct_url_once_and_the_command(newsroom: Newsroom, run: Run,
                                                server: Server) -> None:  # fmt: skip
    ok, gone = f"{server.base}/ok", f"{server.base}/gone"
    newsroom.article("one-story", url=ok)
    newsroom.article("two-story", url=ok)
    newsroom.article("three-story", url=gone)
    result = run("sources", "--allow-private", "--format", "json", cwd=newsroom.root)
    assert result.returncode == 1  # a broken source
    items = {item["url"]: item for item in json.loads(result.stdout)}
    assert items[ok]["outcome"] == "ok"
    assert items[ok]["articles"] == ["articles/2026/one-story.md", "articles/2026/two-story.md"]
    assert items[gone]["outcome"] == "broken" and items[gone]["status"] == 410
    # checked once for two articles: one GET, whose page is read to judge what it says
    assert server.methods["/ok"] == ["GET"]
    assert result.stderr == "2 source URL(s): 1 broken, 1 ok\n"
    refused = run("sources", cwd=newsroom.root)
    assert refused.returncode == 0
    assert refused.stdout.startswith("refused")
    assert "loopback address" in refused.stdout


def test_host_rules_exclude_accept_headers_and_interval(server: Server) -> None:
    from botbeat_cli.model.newsroom import HostRule

    rule = HostRule(accept=[403], headers={"Accept-Language": "en"}, interval=0.5)
    settings = Settings(allow_private=True, retries=0, rules=lambda host: rule)
    urls = [f"{server.base}/members", *(f"{server.base}/echo?{i}" for i in range(3))]
    results = run(urls, settings)
    assert {r.outcome for r in results.values()} == {Outcome.OK}  # 403 accepted for this host
    assert all(h.get("Accept-Language") == "en" for h in server.seen_headers)
    assert "botbeat/" in server.seen_headers[0]["User-Agent"]
    gaps = [b - a for a, b in zip(server.times, server.times[1:], strict=False)]
    assert min(gaps) >= 0.4  # the interval between two requests to the host (a late send: less)
    skip = Settings(allow_private=True, rules=lambda host: HostRule(exclude=True))
    assert run([f"{server.base}/ok"], skip)[f"{server.base}/ok"].outcome is Outcome.SKIPPED
    assert server.hits["/ok"] == 0


def test_a_redirect_on_the_same_host_is_followed_at_once(server: Server) -> None:
    """A hop to the host just asked continues that request (as browsers and lychee follow
    it); every new URL, and the soft-404 probe, waits for the host's interval."""
    from botbeat_cli.model.newsroom import HostRule

    # An interval long beside a loopback request, so that "no turn taken" (well under it)
    # and "its turn waited for" (all of it) cannot be mistaken on a loaded machine: with
    # 0.3 s, a hop of CI's once arrived 0.26 s after the first request.
    interval = 1.5
    pace = HostRule(interval=interval)
    settings = Settings(allow_private=True, retries=0, rules=lambda host: pace)
    results = run([f"{server.base}/r1", f"{server.base}/echo?1"], settings)
    assert results[f"{server.base}/r1"].outcome is Outcome.REDIRECTED
    at = {path.split("?")[0].split("-")[0]: when for path, when in server.arrivals}
    assert set(at) == {"/r1", "/r2", "/ok", "/echo", "/botbeat"}  # /botbeat: the probe
    hops = (at["/r2"] - at["/r1"], at["/ok"] - at["/r2"])
    assert max(hops) < interval / 2, hops  # no turn taken
    paced = sorted(at[path] for path in ("/r1", "/echo", "/botbeat"))
    assert min(b - a for a, b in itertools.pairwise(paced)) >= interval * 0.95


def test_requests_start_while_the_urls_are_still_being_found(server: Server) -> None:
    """`run` takes URLs as they are found (`sources` reads articles as it goes): the first
    request reaches the server before the last URL is found."""
    found_when_first_arrived: list[int] = []

    def found() -> Iterator[str]:
        for n in range(100):
            if server.arrivals and not found_when_first_arrived:
                found_when_first_arrived.append(n)
            yield f"{server.base}/ok?{n}"
            time.sleep(0.002)  # reading the next article

    results = run(found(), Settings(allow_private=True, retries=0))
    assert len(results) == 100 and {r.outcome for r in results.values()} == {Outcome.OK}
    assert found_when_first_arrived and found_when_first_arrived[0] < 100


def test_a_host_waiting_for_its_interval_leaves_the_others_their_turn(server: Server) -> None:
    """One request at a time in all, one host paced: the other host's requests go while
    the paced one waits, instead of queueing behind its sleeping requests."""
    from botbeat_cli.model.newsroom import HostRule

    other = Server("127.0.0.2")
    try:
        slow = HostRule(interval=1.0)  # long beside three loopback requests, on any load
        settings = Settings(allow_private=True, retries=0, concurrency=1,
                            rules=lambda host: slow if host == "127.0.0.1" else None)  # fmt: skip
        paced = [f"{server.base}/echo?{i}" for i in range(3)]
        free = [f"{other.base}/echo?{i}" for i in range(3)]
        results = run(paced + free, settings)
        assert {r.outcome for r in results.values()} == {Outcome.OK}
        assert len(server.times) >= 3 and len(other.times) >= 3
        assert max(other.times) < sorted(server.times)[1]  # all before the paced host's 2nd
    finally:
        other.close()


def test_rules_from_botbeat_yaml(newsroom: Newsroom, run: Run, server: Server) -> None:
    newsroom.article("walled-story", url=f"{server.base}/members")
    config = newsroom.root / "botbeat.yaml"
    checks = "source_checks: {contact: https://botbeat.example/contact, fail_on: [broken, ok]}\n"
    config.write_text(config.read_text().replace(
        "  arxiv.org: arXiv", "  arxiv.org: arXiv\n  127.0.0.1: {label: Local, accept: [403]}"
    ) + checks)  # fmt: skip
    result = run("sources", "--allow-private", cwd=newsroom.root)
    assert result.stdout.startswith("ok            403  ")
    assert result.returncode == 1  # this newsroom counts `ok` as a failure (fail_on)


def test_cache_serves_good_answers_and_rechecks_failures(
    newsroom: Newsroom, run: Run, server: Server
) -> None:
    ok, down = f"{server.base}/ok", f"http://127.0.0.1:{_closed_port()}/x"
    newsroom.article("good-story", url=ok)
    newsroom.article("dead-story", url=down)
    first = run("sources", "--allow-private", "--format", "json", cwd=newsroom.root)
    assert first.returncode == 0  # unreachable once is not a failure yet
    second = run("sources", "--allow-private", "--format", "json", cwd=newsroom.root)
    items = {item["url"]: item for item in json.loads(second.stdout)}
    checks = len(server.methods["/ok"])  # a check is one GET
    assert items[ok]["cached"] is True and checks == 1  # answered from the cache
    assert items[down]["cached"] is False and items[down]["unreachable_runs"] == 2
    assert second.returncode == 1  # unreachable two runs in a row
    again = run("sources", "--allow-private", "--no-cache", "--format", "json", cwd=newsroom.root)
    assert len(server.methods["/ok"]) == 2 and again.returncode == 0
    aged = run("sources", "--allow-private", "--max-age", "0", cwd=newsroom.root)
    assert len(server.methods["/ok"]) == 3 and aged.returncode == 1


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return int(port)


def test_fix_redirects_dry_run_then_apply(newsroom: Newsroom, run: Run, server: Server) -> None:
    moved, temporary = f"{server.base}/r1", f"{server.base}/moved-for-now"
    path = newsroom.article("moved-story", url=moved)
    other = newsroom.article("temp-story", url=temporary)
    before, other_before = path.read_bytes(), other.read_bytes()
    dry = run("sources", "--allow-private", "--fix-redirects", cwd=newsroom.root)
    assert f"-  url: {moved}" in dry.stdout and f"+  url: {server.base}/ok" in dry.stdout
    assert "1 file(s) would change" in dry.stderr
    assert path.read_bytes() == before
    applied = run("sources", "--allow-private", "--fix-redirects", "--apply", cwd=newsroom.root)
    assert applied.returncode == 0
    assert path.read_bytes() == before.replace(moved.encode(), f"{server.base}/ok".encode())
    assert other.read_bytes() == other_before  # a temporary redirect is left alone


def test_soft_404_is_suspect(server: Server) -> None:
    server.soft_404 = True
    results = run([f"{server.base}/vanished", f"{server.base}/ok"], FAST)
    vanished = results[f"{server.base}/vanished"]
    assert vanished.outcome is Outcome.SUSPECT
    assert vanished.detail == "the page says 'Oops! Page not found'"
    assert results[f"{server.base}/ok"].outcome is Outcome.OK  # a real page on that host
    probes = [p for p in server.hits if p.startswith("/botbeat-")]
    assert len(probes) == 1  # one probe per host


def test_body_links_and_duplicate_sources(newsroom: Newsroom, run: Run, server: Server) -> None:
    first = newsroom.article("first-story", date="2026-01-01", url=f"{server.base}/ok")
    text = article_text("later-story", url=f"{server.base}/ok/?utm_source=feed").replace(
        "Summary text about later-story.",
        f"See [the report]({server.base}/gone) and <{server.base}/ok>.",
    )
    newsroom.write("articles/2026/later-story.md", text)
    assert first.is_file()
    result = run("sources", "--allow-private", "--body-links", "--format", "json",
                 cwd=newsroom.root)  # fmt: skip
    items = {item["url"]: item for item in json.loads(result.stdout)}
    assert items[f"{server.base}/gone"]["body_articles"] == ["articles/2026/later-story.md"]
    assert items[f"{server.base}/gone"]["outcome"] == "broken"
    assert items[f"{server.base}/ok"]["body_articles"] == ["articles/2026/later-story.md"]
    assert items[f"{server.base}/ok"]["same_source"] == [
        "articles/2026/first-story.md",
        "articles/2026/later-story.md",
    ]
    text_out = run("sources", "--allow-private", cwd=newsroom.root).stdout
    assert ("same source: articles/2026/later-story.md is already covered by "
            "articles/2026/first-story.md") in text_out  # fmt: skip


def test_github_annotations_point_at_the_citation(newsroom: Newsroom, run: Run,
                                                  server: Server) -> None:  # fmt: skip
    newsroom.article("gone-story", url=f"{server.base}/gone")
    result = run("sources", "--allow-private", "--format", "github", cwd=newsroom.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file=articles/2026/gone-story.md,line=11,col=8,title=source-broken::"
        f"{server.base}/gone is broken (410)"
    ]
    # body links: each annotation at its own link, the article read once for all of them
    text = article_text("gone-story", url=f"{server.base}/gone").replace(
        "Summary text about gone-story.", f"See [one]({server.base}/gone?n=1).").replace(
        "Opinion text", f"And <{server.base}/gone?n=2>, then")  # fmt: skip
    newsroom.write("articles/2026/gone-story.md", text)
    result = run("sources", "--allow-private", "--body-links", "--format", "github",
                 cwd=newsroom.root)  # fmt: skip
    at = {line.split("::")[2].split(" ")[0]: line.split("::")[1].split(",")[1:3]
          for line in result.stdout.splitlines()}  # fmt: skip
    assert at == {f"{server.base}/gone": ["line=11", "col=8"],
                  f"{server.base}/gone?n=1": ["line=17", "col=11"],
                  f"{server.base}/gone?n=2": ["line=21", "col=6"]}  # fmt: skip


def test_terminal_table_and_progress(newsroom: Newsroom, server: Server) -> None:
    import os

    from tests.conftest import pty_run

    newsroom.article("ok-story", url=f"{server.base}/ok")
    newsroom.article("ok-again", url=f"{server.base}/ok")
    newsroom.article("gone-story", url=f"{server.base}/gone")
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    screen = pty_run(["sources", "--allow-private"], newsroom.root, env)
    assert "outcome" in screen and "cited by" in screen
    assert f"{server.base}/ok" in screen and "articles/2026/ok-story.md" in screen
    assert "\x1b[32mok\x1b[0m" in screen and "\x1b[1m\x1b[31mbroken\x1b[0m" in screen
    lines = [line.rstrip() for line in screen.replace("\r", "").split("\n")]
    at = next(i for i, line in enumerate(lines) if line.endswith("articles/2026/ok-again.md"))
    assert lines[at + 1].strip() == "articles/2026/ok-story.md"  # an article a line
    plain = pty_run(["sources", "--allow-private", "--no-color"], newsroom.root,
                    {**env, "COLUMNS": "60"})  # fmt: skip
    assert "\x1b[3" not in plain  # no colour asked for, none given
    shown = plain.replace("\r", "").split("\n")
    table = [line for line in shown if "articles/" in line and not line.startswith("same")]
    assert table and all(len(line.rstrip()) <= 60 for line in table)


def test_huge_body_is_not_read_whole(server: Server) -> None:
    result = run([f"{server.base}/huge"], FAST)[f"{server.base}/huge"]
    assert result.outcome is Outcome.OK and result.status == 200
    deadline = time.monotonic() + 10  # the server learns of the closed connection by writing
    while not server.hits["/huge-cut-short"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.hits["/huge-cut-short"] == 1  # the client hung up long before 8 MB


def _spellings(port: int) -> list[str]:
    """Every way found to write a loopback or unspecified address in a URL."""
    hosts = [
        "127.0.0.1", "１２７.０.０.１", "127。0。0。1", "127．0．0．1", "①②⑦.0.0.1",
        "2130706433", "0x7f000001", "0177.0.0.1", "0x7f.0.0.1", "127.1", "127.0.1",
        "0", "0.0.0.0", "127.0.0.1.", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
        "[::ffff:１２７.０.０.１]", "[0:0:0:0:0:0:0:1]", "localhost", "LOCALHOST.",
        "localhost.", "127.000.000.001",
    ]  # fmt: skip
    return [f"http://{host}:{port}/ok" for host in hosts]


def test_every_spelling_of_loopback_is_refused_first_hop_and_redirected(server: Server) -> None:
    """The check runs on the host as the client connects to it (after IDNA/NFKC and
    inet_aton's numeric forms), so no spelling reaches the server, directly or by a hop."""
    safe = Settings(retries=0, read_timeout=1.0, connect_timeout=1.0,
                    trusted_addresses=frozenset({"127.0.0.2"}))  # fmt: skip
    urls = _spellings(server.port)
    results = run(urls, safe)
    assert {u: r.outcome for u, r in results.items()} == dict.fromkeys(urls, Outcome.REFUSED)
    public = Server("127.0.0.2")
    try:
        hops = []
        for url in urls:
            public.redirect_to = url
            hop = run([f"{public.base}/to-internal"], safe)[f"{public.base}/to-internal"]
            hops.append((url, hop.outcome))
        assert hops == [(url, Outcome.REFUSED) for url in urls]
    finally:
        public.close()
    assert server.hits["/ok"] == 0


def _spell(number: int, base: str, wide: bool) -> str:
    """`number` as one IPv4 part: decimal, octal (leading 0) or hex, maybe in fullwidth."""
    text = {"dec": str(number), "oct": "0" + format(number, "o"), "hex": hex(number)}[base]
    if wide:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


@st.composite
def loopback_spellings(draw: st.DrawFn) -> str:
    """A loopback (127/8) or unspecified (0.0.0.0) address in one of the forms inet_aton
    and IDNA accept: 1 to 4 parts, each in any base, Unicode digits and dots, a final dot."""
    address = draw(st.one_of(st.just(0), st.integers(0x7F000000, 0x7FFFFFFF)))
    parts = draw(st.integers(1, 4))
    octets = list(address.to_bytes(4, "big"))
    numbers = [*octets[: parts - 1], int.from_bytes(bytes(octets[parts - 1 :]), "big")]
    base = st.sampled_from(["dec", "oct", "hex"])
    spelt = [_spell(n, draw(base), draw(st.booleans())) for n in numbers]
    dot = draw(st.sampled_from([".", "。", "．", "｡"]))
    return dot.join(spelt) + draw(st.sampled_from(["", "."]))


@settings(max_examples=examples(300), deadline=None)
@given(loopback_spellings())
def test_no_generated_spelling_reaches_loopback(host: str) -> None:
    """A fuzz of spellings of loopback and unspecified addresses: each is refused before
    a byte is sent, and nothing reaches the listener."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.settimeout(0)
        port = listener.getsockname()[1]
        url = f"http://{host}:{port}/ok"
        safe = Settings(retries=0, read_timeout=0.5, connect_timeout=0.5)
        result = run([url], safe)[url]
        assert result.outcome is Outcome.REFUSED, result
        with pytest.raises(BlockingIOError):
            listener.accept()  # no connection was ever made


def test_a_server_trickling_one_byte_a_second_is_cut_at_the_deadline() -> None:
    """Every read gets a byte within the read timeout, so only a deadline on the whole
    exchange (connect + read timeout) ends it."""
    stop = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)

    def trickle() -> None:
        clients = []
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                clients.append(conn)
                conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            except (TimeoutError, OSError):
                pass
            for conn in clients:
                with contextlib.suppress(OSError):
                    conn.sendall(b"a")
        for conn in clients:
            conn.close()

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
    settings_ = Settings(allow_private=True, retries=0, read_timeout=1.0, connect_timeout=0.5)
    started = time.monotonic()
    try:
        result = run([url], settings_)[url]
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
    assert result.outcome is Outcome.TIMEOUT
    assert time.monotonic() - started < 6
