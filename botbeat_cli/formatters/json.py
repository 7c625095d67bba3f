"""A JSON list of diagnostics with the contract's six fields; the summary goes to stderr."""

from __future__ import annotations

import json
from typing import TextIO

from botbeat_cli.diagnostics import Report
from botbeat_cli.formatters import emit


def render(report: Report, out: TextIO, err: TextIO) -> None:
    items = [
        {
            "path": d.path,
            "line": d.line,
            "col": d.col,
            "severity": d.severity.value,
            "rule": d.rule,
            "message": d.message,
        }
        for d in report.sorted()
    ]
    emit(json.dumps(items, indent=2) + "\n", out)
    err.write(report.summary() + "\n")
