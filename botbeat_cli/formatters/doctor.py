"""`doctor` output: a line per thing examined (problems with their fix), the versions, and
with --format json everything, botbeat.yaml with its defaults filled in included."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botbeat_cli.diagnostics import visible
from botbeat_cli.formatters import dumps

if TYPE_CHECKING:
    from botbeat_cli.doctor import Examined


def as_text(examined: Examined) -> str:
    lines = []
    for finding in examined.findings:
        mark = "!!" if finding.problem else "ok"
        lines.append(f"{mark} {finding.topic}: {visible(finding.found)}")
        if finding.problem:
            lines.append(f"   problem: {visible(finding.problem)}")
            lines.append(f"   fix: {visible(finding.fix)}")
    lines.append("libraries: " + ", ".join(f"{k} {v}" for k, v in examined.versions.items()))
    problems = len(examined.problems)
    lines.append(f"{problems} problem(s)" if problems else "no problem found")
    return "\n".join(lines) + "\n"


def as_json(examined: Examined) -> str:
    return dumps(
        {
            "findings": [
                {
                    "topic": f.topic,
                    "found": f.found,
                    "problem": f.problem or None,
                    "fix": f.fix or None,
                }
                for f in examined.findings
            ],
            "libraries": examined.versions,
            "config": examined.config,
        }
    )
