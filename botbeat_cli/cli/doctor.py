"""`botbeat doctor`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from botbeat_cli.cli.options import NoColorOption, RootOption
from botbeat_cli.errors import ExitCode
from botbeat_cli.formatters import emit


class DoctorFormat(StrEnum):
    text = "text"
    json = "json"


def doctor(
    format: Annotated[
        DoctorFormat, typer.Option("--format", "-f", help="text (default) or json.")
    ] = DoctorFormat.text,
    no_color: NoColorOption = False,  # plain text only; accepted as on every command
    root: RootOption = None,
) -> None:
    """What botbeat sees here, and each problem with its fix.

    Versions, the newsroom it found and why, botbeat.yaml with every default filled in
    (--format json), the cache folder, git and the pre-commit hook. Exit 1 when there is a
    problem."""
    from botbeat_cli.doctor import examine
    from botbeat_cli.formatters.doctor import as_json, as_text

    examined = examine(Path.cwd(), root)
    emit(as_json(examined) if format is DoctorFormat.json else as_text(examined))
    raise typer.Exit(ExitCode.PROBLEMS if examined.problems else ExitCode.OK)
