"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
