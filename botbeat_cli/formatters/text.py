"""Diagnostics grouped by file, in colour, for an editor at a terminal.

Messages quote article text, so it is made visible (`visible`) before it is written: no
escape sequence but this module's own reaches the terminal. The colours are written as
SGR codes, not through rich: rich's rendering of each line made a first run's thousands of
warnings several times slower on a terminal than with NO_COLOR (CHANGELOG has the figures).
"""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from botbeat_cli.diagnostics import Report, Severity, visible
from botbeat_cli.formatters import DIM, RESET, emit

HEADING, PASSED = "\x1b[1;4m", "\x1b[1;32m"  # a file's heading; the summary of a clean run
# by severity: the severity word (bold), the rule id
STYLES = {Severity.ERROR: ("\x1b[1;31m", "\x1b[31m"), Severity.WARNING: ("\x1b[1;33m", "\x1b[33m")}


def render(report: Report, out: TextIO, err: TextIO) -> None:
    lines = []
    for path, items in groupby(report.sorted(), key=lambda d: d.path):
        lines.append(f"{HEADING}{visible(path)}{RESET}")
        for d in items:
            word, rule = STYLES[d.severity]
            lines.append(
                f"{DIM}  {d.line}:{d.col} {RESET}{word}{d.severity.value}{RESET}"
                f"{rule}[{visible(d.rule)}] {RESET}{visible(d.message)}"
            )
        lines.append("")
    summary = "\x1b[1;31m" if report.exit_status else PASSED
    lines.append(f"{summary}{report.summary()}{RESET}")
    emit("\n".join(lines) + "\n", out)
