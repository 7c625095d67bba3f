"""The process environment as commands see it: the newsroom root and whether to colour.

Free of Typer and rich, so the plain `validate` path can use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO


def resolve_root(root: Path | None) -> Path:
    from botbeat_cli.store.newsroom import find_root

    return find_root(override=root)


def wants_color(stream: TextIO = sys.stdout, no_color: bool = False) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set or TERM is dumb."""
    if no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def honour_no_color(no_color: bool) -> None:
    """`--no-color` as NO_COLOR for the rest of the run: progress bars and any rich output
    of a command that has no colour decision of its own then stay plain."""
    if no_color:
        os.environ["NO_COLOR"] = "1"
