"""Diagnostics grouped by file, in colour, for an editor at a terminal.

Messages quote article text, so they go to rich as plain `Text`, never as markup.
"""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from botbeat_cli.diagnostics import Report, Severity, visible


def render(report: Report, out: TextIO, err: TextIO) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=True)
    for path, items in groupby(report.sorted(), key=lambda d: d.path):
        console.print(Text(visible(path), style="bold underline"))
        for d in items:
            style = "red" if d.severity is Severity.ERROR else "yellow"
            line = Text(f"  {d.line}:{d.col} ", style="dim")
            line.append(f"{d.severity.value}", style=f"bold {style}")
            line.append(f"[{d.rule}] ", style=style)
            line.append(visible(d.message))
            console.print(line)
        console.print()
    style = "bold red" if report.exit_status else "bold green"
    console.print(Text(report.summary(), style=style))
