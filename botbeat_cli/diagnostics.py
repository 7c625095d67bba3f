"""One diagnostic type for every check, and the report that decides the exit status.

Pure stdlib: every layer may import it, and the `validate` start-up path stays light.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """`PATH:LINE:COL: SEVERITY[RULE] message`; path is relative to the newsroom root."""

    path: str
    line: int
    col: int
    severity: Severity
    rule: str
    message: str

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.rule)

    def plain(self) -> str:
        return (
            f"{visible(self.path)}:{self.line}:{self.col}: "
            f"{self.severity.value}[{self.rule}] {visible(self.message)}"
        )


_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"


# A file with thousands of problems (60,000 unknown keys, 3,000 unknown related slugs) is
# one broken file: the first ones say what is wrong, and all of them would cost seconds
# and bury the other files' (bench/hostile_bench.py).
MAX_PER_FILE = 50


def too_many(path: str, hidden: int) -> Diagnostic:
    return Diagnostic(
        path,
        1,
        1,
        Severity.ERROR,
        "too-many-problems",
        f"{hidden:,} more problem(s) of this kind in this file are not shown; fix the ones "
        "above and run again",
    )


def visible(text: str) -> str:
    """Make control characters visible so untrusted text cannot drive the terminal.

    Escape sequences, carriage returns, backspaces and bidi overrides become `\\x1b`-style
    escapes; newlines become `\\n` so one diagnostic stays one line.
    """
    if text.isprintable():  # the common case; also spares compiling the pattern at start-up
        return text
    return controls_visible(text.replace("\n", "\\n").replace("\t", " "))


def controls_visible(text: str) -> str:
    """`visible` for text of several lines: newlines and tabs stay as they are."""
    return re.sub(_CONTROL, _escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(slots=True)
class Report:
    """What a `validate` run found: its diagnostics and how many files it read."""

    files_checked: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    strict: bool = False
    skipped: list[str] = field(default_factory=list)  # given paths that hold no article
    scope: str = ""  # what was checked when it was not what was given (`--changed`)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: d.sort_key)

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    @property
    def exit_status(self) -> int:
        """0 clean, 1 when any error (or any warning under `--strict`)."""
        if self.errors or (self.strict and self.warnings):
            return 1
        return 0

    def summary(self) -> str:
        files = "file" if self.files_checked == 1 else "files"
        errors = "error" if self.errors == 1 else "errors"
        warnings = "warning" if self.warnings == 1 else "warnings"
        text = (
            f"{self.files_checked} {files} checked: {self.errors} {errors}, "
            f"{self.warnings} {warnings}"
        )
        if self.strict and self.warnings:
            text += " (--strict: warnings fail)"
        if self.scope:
            text += f"; {visible(self.scope)}"
        if self.skipped:
            shown = ", ".join(visible(p) for p in self.skipped[:3])
            more = f" and {len(self.skipped) - 3} more" if len(self.skipped) > 3 else ""
            text += f"; skipped {len(self.skipped)} path(s) holding no article: {shown}{more}"
        return text
