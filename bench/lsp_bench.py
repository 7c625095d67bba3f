"""`botbeat lsp` on a large newsroom (issue 15): the first diagnostics after opening an
article (the first load, which reads the newsroom's index), then the time from a change to
its diagnostics, the server's `lsp.DEBOUNCE` of quiet typing included. Baseline in the same
run: `botbeat validate FILE` in a fresh process on the same article, as pre-commit
runs it.

    python bench/lsp_bench.py [--articles 10000] [--changes 20]

Targets (issue 15): first load under 2 s; a change's diagnostics under 50 ms after it.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate  # noqa: E402
from spawn import as_installed  # noqa: E402


async def session(root: Path, article: Path, changes: int) -> tuple[float, list[float]]:
    from lsprotocol import types
    from pytest_lsp import client_capabilities, make_test_lsp_client

    client = make_test_lsp_client()

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:  # the file watching: accepted
        return None

    botbeat = shutil.which("botbeat", path=str(Path(sys.executable).parent)) or "botbeat"
    await client.start_io(botbeat, "lsp", cwd=str(root))
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri()
        )
    )
    uri, text = article.as_uri(), article.read_text()
    started = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    first = time.perf_counter() - started
    times = []
    for version in range(2, changes + 2):
        text = text.replace("kind: ", "kind: x" if version % 2 else "kind: ", 1)
        if version % 2 == 0:
            text = text.replace("kind: x", "kind: ", 1)
        started = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        times.append(time.perf_counter() - started)
    await client.shutdown_session()
    return first, times


def main() -> None:
    as_installed()  # timed runs meet botbeat's bytecode, as an install has it
    from botbeat_cli.lsp import DEBOUNCE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = generate(Path(folder) / "newsroom", options.articles)
        article = sorted((root / "articles").rglob("*.md"))[options.articles // 2]
        botbeat = shutil.which("botbeat", path=str(Path(sys.executable).parent)) or "botbeat"
        subprocess.run([botbeat, "validate"], cwd=root, capture_output=True)  # warm caches
        walls = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([botbeat, "validate", str(article)], cwd=root, capture_output=True)
            walls.append(time.perf_counter() - started)
        first, times = asyncio.run(session(root, article, options.changes))
    change = statistics.median(times)
    print(f"newsroom: {options.articles:,} generated articles")
    print(f"baseline: validate FILE in a fresh process  {statistics.median(walls) * 1000:7.0f} ms")
    print(f"lsp: first diagnostics after open           {first * 1000:7.0f} ms  (target < 2000)")
    slowest = max(times)
    print(f"lsp: a change to its diagnostics (median)   {change * 1000:7.0f} ms  (target < 50)")
    print(f"lsp: the slowest of {len(times)} changes               {slowest * 1000:7.0f} ms")
    print(f"  of which the debounce                     {DEBOUNCE * 1000:7.0f} ms")
    print(f"ratio of a change to the baseline           {change / statistics.median(walls):7.2f}")


if __name__ == "__main__":
    main()
