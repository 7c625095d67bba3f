"""Ways to print a `Report`; each is `render(report, out, err)` and imports what it needs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from botbeat_cli.diagnostics import Report

Formatter = Callable[[Report, TextIO, TextIO], None]
FORMATS = ("text", "json", "github", "sarif")


def get(name: str, *, color: bool) -> Formatter:
    """The formatter for `--format NAME`; `text` is rich only when colour is on."""
    if name == "json":
        from botbeat_cli.formatters.json import render
    elif name == "github":
        from botbeat_cli.formatters.github import render
    elif name == "sarif":
        from botbeat_cli.formatters.sarif import render
    elif color:
        from botbeat_cli.formatters.text import render
    else:
        from botbeat_cli.formatters.plain import render
    return render


# SGR codes of the coloured output written without rich (`text`, `table`): the only escape
# sequences botbeat writes around text made visible.
RESET, BOLD, DIM, YELLOW = "\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[33m"
RED, GREEN, CYAN = "\x1b[31m", "\x1b[32m", "\x1b[36m"

CHUNK = 65_536


def emit(text: str, stream: TextIO | None = None) -> None:
    """Write a command's whole output in pieces, each flushed.

    One large write to a pipe whose reader has gone (`botbeat list | head -1`) is cut
    short without an error, and the rest is dropped: the command would exit 0. Pieces make
    the next write fail with BrokenPipeError, which the boundary turns into exit 141.
    """
    out = sys.stdout if stream is None else stream
    for start in range(0, len(text), CHUNK):
        out.write(text[start : start + CHUNK])
        out.flush()


def left_as_they_are(root: Path, skipped: Iterable[tuple[Path, str]]) -> list[dict[str, str]]:
    """The files a write left as they were, with why, for a command's JSON output."""
    from botbeat_cli.store.newsroom import relative

    return [{"path": relative(root, path), "why": why} for path, why in skipped]


def say(text: str) -> None:
    """A line for the person at the terminal (stderr): counts, what was written, hints;
    nothing for an empty text."""
    if text:
        emit(text if text.endswith("\n") else text + "\n", sys.stderr)


# What JSON may carry raw but a terminal or a reviewer's diff must not see: C1 controls,
# DEL, bidi embeddings/overrides/isolates and the line/paragraph separators (json.dumps
# already escapes C0). Inside a JSON string `\uXXXX` is the same character: nothing lost.
_JSON_UNSAFE = "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def dumps(data: object) -> str:
    """JSON for scripts: readable UTF-8, with every character a terminal would act on
    escaped (`visible`'s rule for JSON). orjson writes what json.dumps(indent=2) would
    (json's indented encoder is pure Python: most of `tag suggest --all --format json`,
    bench/tag_bench.py), except floats under 1e-4 written without an exponent; json only
    for what orjson refuses (integers beyond 64 bits, keys that are not strings)."""
    import re

    import orjson

    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    except TypeError:
        import json

        text = json.dumps(data, indent=2, ensure_ascii=False)
    if text.isprintable() or text.isascii():
        return text + "\n"
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
