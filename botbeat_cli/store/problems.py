"""What the store raises when a file cannot be read as text, front matter or YAML."""

from __future__ import annotations

from dataclasses import dataclass

from botbeat_cli.diagnostics import Diagnostic, Severity


@dataclass(slots=True)
class ReadProblem(Exception):
    """A file that cannot be read: the rule it breaks and where (1-based, file coordinates).
    `files.Unreadable` and `yamlsafe.YamlProblem` are its two kinds; callers catch this."""

    rule: str
    message: str
    line: int = 1
    col: int = 1

    def diagnostic(self, path: str) -> Diagnostic:
        return Diagnostic(path, self.line, self.col, Severity.ERROR, self.rule, self.message)
