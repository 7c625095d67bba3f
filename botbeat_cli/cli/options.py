"""Options shared by several commands, defined once."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Newsroom folder (holds botbeat.yaml). Default: found by walking up from here.",
        file_okay=False,
    ),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="Plain output even on a terminal (NO_COLOR works too).")
]


def resolve_root(root: Path | None) -> Path:
    from botbeat_cli.store.newsroom import find_root

    return find_root(override=root)


def wants_color(stream: TextIO = sys.stdout, no_color: bool = False) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set or TERM is dumb."""
    if no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()
