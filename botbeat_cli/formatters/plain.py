"""`PATH:LINE:COL: SEVERITY[RULE] message`, one a line: the golden format of the tests."""

from __future__ import annotations

from typing import TextIO

from botbeat_cli.diagnostics import Report


def render(report: Report, out: TextIO, err: TextIO) -> None:
    for diagnostic in report.sorted():
        out.write(diagnostic.plain() + "\n")
    out.write(report.summary() + "\n")
