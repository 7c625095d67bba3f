"""`sources` judging pages by what they say, keeping to its limits, and its cache modes
(issue 10, defects 4 and 12), against real loopback sites built from one HTML template."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from botbeat_cli.cli import main
from botbeat_cli.sources.checker import Settings, retry_after, run, same_content, says_not_found
from botbeat_cli.sources.outcome import Outcome
from tests.conftest import Newsroom

TEMPLATE = """<!doctype html><html><head><title>{title} | The Daily Example</title>
<style>body {{ font-family: serif; }}</style><script>var analytics = "{title}";</script></head>
<body><nav>Home World Business Technology Science Opinion Sport Subscribe Sign in</nav>
<main><h1>{title}</h1>{body}</main>
<footer>The Daily Example. All rights reserved. Privacy policy. Terms of use. Contact us.
Cookie settings. Advertise with us. Careers. Newsletters.</footer></body></html>"""

FIRST = TEMPLATE.format(
    title="Chip maker raises forecast on data centre demand",
    body="<p>The company said quarterly revenue rose 40 percent as cloud providers bought "
    "accelerators for training large models, and it expects supply to stay tight.</p>",
)
SECOND = TEMPLATE.format(
    title="City council approves new tram line after long debate",
    body="<p>Councillors voted 31 to 12 for the eastern extension, which planners say will "
    "carry twenty thousand riders a day once it opens in three years.</p>",
)
MISSING = TEMPLATE.format(
    title="Sorry, we looked everywhere",
    body="<p>We could not find the page you were looking for. Try the search box or browse "
    "the sections above.</p>",
)
SAYS_NOT_FOUND = TEMPLATE.format(title="Page not found", body="<p>Try the search box.</p>")


class Site:
    """One loopback host serving pages in one template; `soft` hosts answer 200 with a
    missing-page text for any unknown path, the others 404."""

    def __init__(self, soft: bool, delay: float = 0.0) -> None:
        self.pages: dict[str, tuple[int, dict[str, str], str]] = {}
        self.soft = soft
        self.delay = delay
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self._answer()

            def do_GET(self) -> None:
                self._answer()

            def _answer(self) -> None:
                with site.lock:
                    site.requests.append(f"{self.command} {self.path}")
                    site.active += 1
                    site.max_active = max(site.max_active, site.active)
                try:
                    time.sleep(site.delay)
                    status, headers, body = site.route(self.path)
                finally:  # active until the answer starts: the client may be done first
                    with site.lock:
                        site.active -= 1
                data = body.encode()
                self.send_response(status)
                for key, value in {"Content-Type": "text/html", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command == "GET":
                    self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def route(self, path: str) -> tuple[int, dict[str, str], str]:
        with self.lock:
            if path in self.pages:
                return self.pages[path]
        return (200, {}, MISSING) if self.soft else (404, {}, MISSING)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def sites() -> Iterator[tuple[Site, Site]]:
    soft, strict = Site(soft=True), Site(soft=False)
    for site in (soft, strict):
        site.pages["/first"] = (200, {}, FIRST)
        site.pages["/second"] = (200, {}, SECOND)
        site.pages["/says-not-found"] = (200, {}, SAYS_NOT_FOUND)
        site.pages["/paper"] = (200, {"Content-Type": "application/pdf"}, "%PDF-1.7")
    yield soft, strict
    soft.close()
    strict.close()


FAST = Settings(allow_private=True, retries=0, read_timeout=2.0, connect_timeout=1.0)


def test_pages_in_one_template_are_told_apart(sites: tuple[Site, Site]) -> None:
    soft, strict = sites
    urls = [f"{site.base}{path}" for site in sites for path in ("/first", "/second", "/paper")]
    vanished = f"{soft.base}/vanished-story"  # the soft host's missing-page text, status 200
    results = run([*urls, vanished, *(f"{s.base}/says-not-found" for s in sites)], FAST)
    assert {u: results[u].outcome for u in urls} == dict.fromkeys(urls, Outcome.OK)
    assert results[vanished].outcome is Outcome.SUSPECT
    assert results[vanished].detail == (
        "the page shows what the host serves for a page that cannot exist"
    )
    for site in (soft, strict):  # judged by what it says, whatever the host does for probes
        said = results[f"{site.base}/says-not-found"]
        assert said.outcome is Outcome.SUSPECT
        assert said.detail == "the page says 'Page not found | The Daily Example'"
    assert sum(r.endswith("/paper") for r in soft.requests) == 1  # one GET; a PDF is not judged


def test_visible_text_decides_not_the_template() -> None:
    assert not same_content(FIRST, SECOND)  # quick_ratio called these 0.93 alike
    assert same_content(MISSING, MISSING.replace("search box", "search field"))
    assert says_not_found(SAYS_NOT_FOUND) == "Page not found | The Daily Example"
    assert says_not_found(FIRST) is None
    long_headline = TEMPLATE.format(
        title="Investigators say the missing flight recorder was not found after weeks",
        body="<p>Story.</p>",
    )
    assert says_not_found(long_headline) is None  # a headline, not a "not found" page
    for said in ("404", "404 - Oops", "Error 404", "404 error"):
        assert says_not_found(TEMPLATE.format(title=said, body="")) == f"{said} | The Daily Example"
    for headline in ("Flight 404 lands safely", "Story /ok/404", "Route 404 reopens"):
        assert says_not_found(TEMPLATE.format(title=headline, body="")) is None


def test_every_request_counts_against_the_global_limit(sites: tuple[Site, Site]) -> None:
    soft, _ = sites
    soft.delay = 0.05
    for i in range(12):
        soft.pages[f"/story-{i}"] = (200, {}, FIRST.replace("forecast", f"forecast {i}"))
    settings = Settings(allow_private=True, retries=0, concurrency=2, per_host=8)
    results = run([f"{soft.base}/story-{i}" for i in range(12)], settings)
    assert {r.outcome for r in results.values()} == {Outcome.OK}
    assert any(r.startswith("GET /botbeat-") for r in soft.requests)  # the probe ran
    assert soft.max_active <= 2  # page reads and the probe included


def test_retry_after_as_an_http_date(sites: tuple[Site, Site]) -> None:
    _, strict = sites
    calls = {"n": 0}
    original = strict.route

    def route(path: str) -> tuple[int, dict[str, str], str]:
        if path == "/busy":
            calls["n"] += 1
            if calls["n"] <= 1:  # the first attempt
                return 429, {"Retry-After": formatdate(time.time() + 2, usegmt=True)}, ""
            return 200, {}, FIRST
        return original(path)

    strict.route = route  # type: ignore[method-assign]
    started = time.monotonic()
    result = run([f"{strict.base}/busy"], Settings(allow_private=True, max_retry_after=5))
    assert result[f"{strict.base}/busy"].outcome is Outcome.OK
    assert result[f"{strict.base}/busy"].attempts == 2
    assert time.monotonic() - started >= 0.9  # it waited for the date (1-2 s ahead)
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after("soon") is None


def sources(newsroom: Newsroom, *args: str) -> int:
    return main(["sources", "--allow-private", "--root", str(newsroom.root), *args])


def test_refresh_writes_the_cache_and_no_cache_leaves_it(
    newsroom: Newsroom, sites: tuple[Site, Site], capsys: pytest.CaptureFixture[str]
) -> None:
    _, strict = sites
    newsroom.article("first-story", url=f"{strict.base}/first")

    def checks() -> int:
        return sum(r == "GET /first" for r in strict.requests)

    assert sources(newsroom, "--no-cache") == 0 and checks() == 1
    assert sources(newsroom) == 0 and checks() == 2  # --no-cache stored nothing
    assert sources(newsroom, "--refresh") == 0 and checks() == 3  # not read...
    capsys.readouterr()
    assert sources(newsroom, "--format", "json") == 0 and checks() == 3  # ...but written
    assert json.loads(capsys.readouterr().out)[0]["cached"] is True


def test_unreachable_twice_is_an_error_annotation(
    newsroom: Newsroom, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    newsroom.article("dead-story", url=f"http://127.0.0.1:{port}/x")
    assert sources(newsroom, "--format", "github") == 0
    first = capsys.readouterr().out
    assert first.startswith("::warning file=articles/2026/dead-story.md,line=11,col=8,")
    assert sources(newsroom, "--format", "github") == 1
    second = capsys.readouterr().out
    assert second.startswith("::error file=articles/2026/dead-story.md,line=11,col=8,")


COMMANDS = [
    ["sources", "--allow-private"],
    ["related", "--check"],
    ["related", "first-story"],  # the documents' snapshot cannot be recorded either
    ["tag", "suggest", "--all"],
    ["tag", "suggest", "first-story"],
    ["validate"],
    ["list"],
]


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unusable_cache_folder_is_warned_once(
    newsroom: Newsroom,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    sites: tuple[Site, Site],
) -> None:
    not_a_folder = tmp_path / "cache-is-a-file"
    not_a_folder.write_text("")
    monkeypatch.setenv("BOTBEAT_CACHE_DIR", str(not_a_folder))
    newsroom.article("first-story", url=f"{sites[1].base}/first")
    newsroom.article("second-story", url=f"{sites[1].base}/second", entity="openai")
    code = main([*command, "--root", str(newsroom.root)])
    err = capsys.readouterr().err
    assert code == (1 if command == ["related", "--check"] else 0), err  # 1: lists to write
    assert "unexpected error" not in err
    warnings = [line for line in err.splitlines() if line.startswith("botbeat: warning:")]
    assert len(warnings) <= 1
    if command[0] in ("sources", "related", "tag"):
        assert warnings == [
            f"botbeat: warning: the cache folder {not_a_folder}/"
            f"{warnings[0].split(str(not_a_folder) + '/')[1].split(' ')[0]} cannot be used "
            "(Not a directory); going on without it"
        ]
