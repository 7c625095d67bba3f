"""`botbeat init`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from botbeat_cli.cli.options import NoColorOption, WrittenFormat, WrittenFormatOption
from botbeat_cli.formatters import dumps, emit, say

CI_HELP = "Also write a CI workflow: github (.github/workflows/botbeat.yml)."


class CI(StrEnum):
    github = "github"


def init(
    directory: Annotated[
        Path, typer.Argument(help="Where to create the newsroom (default: here).", file_okay=False)
    ] = Path("."),
    ci: Annotated[CI | None, typer.Option("--ci", help=CI_HELP)] = None,
    format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False,  # nothing of init's is coloured; accepted everywhere
) -> None:
    """Create a newsroom: a commented botbeat.yaml, articles/ and a pre-commit config.

    Refuses to overwrite any existing file; an existing .pre-commit-config.yaml (the
    repository's other hooks) gets the botbeat hook added, every other line kept. --ci
    github adds the GitHub workflow (docs/ci.md); in an existing newsroom, only that.
    """
    from botbeat_cli.init_newsroom import init_newsroom, next_steps

    done = init_newsroom(directory, ci.value if ci else None)
    if format is WrittenFormat.json:
        updated = [str(done.hooked)] if done.hooked else []
        return emit(dumps({"created": [str(path) for path in done.created], "updated": updated}))
    for path in done.created:
        typer.echo(f"created {path}")
    if done.hooked is not None:
        typer.echo(f"added the botbeat hook to {done.hooked}")
    say("\n".join(next_steps(directory, done)))
