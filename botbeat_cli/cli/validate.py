"""`botbeat validate`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from botbeat_cli.cli.options import NoColorOption, RootOption

CHANGED = (
    "Only the articles git says changed (and new ones), against --base; the rules "
    "across articles still see them all."
)
BASE = (
    "What --changed compares with (default: the merge base with origin's default "
    "branch, else HEAD)."
)


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Articles or folders to check (default: the whole newsroom). Files outside "
            "articles/ or not ending in .md are skipped, as pre-commit passes every file."
        ),
    ] = None,
    root: RootOption = None,
    format: Annotated[
        Format, typer.Option("--format", "-f", help="text (default), json, github or sarif.")
    ] = Format.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the run too.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per core)."),
    ] = None,
    no_color: NoColorOption = False,
    changed: Annotated[bool, typer.Option("--changed", help=CHANGED)] = False,
    base: Annotated[str | None, typer.Option(help=BASE, metavar="REF")] = None,
) -> None:
    """Check articles against the format and the editorial rules.

    Prints PATH:LINE:COL: SEVERITY[RULE] message for each problem and a summary. Exit 0 when
    there are no errors, 1 when there are (or warnings with --strict), 2 for bad usage.
    """
    from botbeat_cli.cli.validate_run import ValidateArgs, run

    if base is not None and not changed:
        from botbeat_cli.errors import UsageError

        raise UsageError("--base says what --changed compares with: add --changed")
    arguments = ValidateArgs(
        paths=list(paths or []),
        root=root,
        format=format.value,
        strict=strict,
        jobs=jobs,
        no_color=no_color,
        changed=changed,
        base=base,
    )
    raise typer.Exit(run(arguments))
