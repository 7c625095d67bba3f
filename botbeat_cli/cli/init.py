"""`botbeat init`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    directory: Annotated[
        Path, typer.Argument(help="Where to create the newsroom (default: here).", file_okay=False)
    ] = Path("."),
) -> None:
    """Create a newsroom: a commented botbeat.yaml, articles/ and a pre-commit config.

    Refuses to overwrite any existing file.
    """
    from botbeat_cli.init_newsroom import init_newsroom

    for path in init_newsroom(directory):
        typer.echo(f"created {path}")
