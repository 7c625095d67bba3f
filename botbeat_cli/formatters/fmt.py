"""`fmt` output: what was (or would be) reformatted, and the files left as they are, with
the reason; or all of it as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from botbeat_cli.diagnostics import visible
from botbeat_cli.formatters import dumps

if TYPE_CHECKING:
    from botbeat_cli.fmt import Plan
    from botbeat_cli.store.files import Replaced


def report(root: Path, plan: Plan, done: Replaced | None, as_json: bool) -> str:
    """`done` None: a check (nothing written)."""
    from botbeat_cli.store.newsroom import relative

    names = [relative(root, original.path) for original, _ in plan.edits]
    if done is not None:
        names = [relative(root, path) for path in done.written]
    if as_json:
        return dumps(
            {
                "reformatted" if done else "would_reformat": names,
                "unchanged": plan.unchanged,
                "left": [{"path": p, "why": why} for p, why in plan.left],
            }
        )
    verb = "reformatted" if done is not None else "would reformat"
    lines = [f"{verb} {visible(name)}" for name in names]
    lines += [f"{visible(path)}: left as it is: {visible(why)}" for path, why in plan.left]
    lines.append(
        f"{len(names)} file(s) {verb}, {plan.unchanged} unchanged"
        + (f", {len(plan.left)} left as they are" if plan.left else "")
    )
    return "\n".join(lines) + "\n"
