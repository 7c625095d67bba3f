"""GitHub Actions workflow commands, so problems show on the pull request's lines."""

from __future__ import annotations

from typing import TextIO

from botbeat_cli.diagnostics import Report, visible


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, path: str, line: int, col: int, title: str, message: str) -> str:
    """One workflow command, with GitHub's escaping of properties and data."""
    return (
        f"::{level} file={_property(visible(path))},line={line},col={col},"
        f"title={_property(visible(title))}::{_data(visible(message))}"
    )


def render(report: Report, out: TextIO, err: TextIO) -> None:
    for d in report.sorted():
        out.write(annotation(d.severity.value, d.path, d.line, d.col, d.rule, d.message) + "\n")
    out.write(report.summary() + "\n")
