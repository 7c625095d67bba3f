"""Planned edits as a unified diff, one file after another (`sources --fix-redirects`,
`fmt --diff`). The lines come from articles: made visible."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from botbeat_cli.diagnostics import visible
from botbeat_cli.store.files import Original


def unified(root: Path, edits: Iterable[tuple[Original, str]]) -> str:
    import difflib

    out = []
    for old, new in sorted(edits, key=lambda edit: edit[0].path):
        name = str(old.path.relative_to(root))
        diff = difflib.unified_diff(
            old.text.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
            n=1,
        )
        out += [visible(line.rstrip("\n")) + "\n" for line in diff]
    return "".join(out)
