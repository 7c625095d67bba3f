"""GitHub Actions workflow commands, so problems show on the pull request's lines."""

from __future__ import annotations

from typing import TextIO

from botbeat_cli.diagnostics import Report, visible


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, out: TextIO, err: TextIO) -> None:
    for d in report.sorted():
        out.write(
            f"::{d.severity.value} file={_property(d.path)},line={d.line},col={d.col},"
            f"title={_property(d.rule)}::{_data(visible(d.message))}\n"
        )
    out.write(report.summary() + "\n")
