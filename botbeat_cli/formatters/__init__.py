"""Ways to print a `Report`; each is `render(report, out, err)` and imports what it needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from botbeat_cli.diagnostics import Report

Formatter = Callable[[Report, TextIO, TextIO], None]
FORMATS = ("text", "json", "github")


def get(name: str, *, color: bool) -> Formatter:
    """The formatter for `--format NAME`; `text` is rich only when colour is on."""
    if name == "json":
        from botbeat_cli.formatters.json import render
    elif name == "github":
        from botbeat_cli.formatters.github import render
    elif color:
        from botbeat_cli.formatters.text import render
    else:
        from botbeat_cli.formatters.plain import render
    return render
