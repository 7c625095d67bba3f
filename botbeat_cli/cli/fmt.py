"""`botbeat fmt`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from botbeat_cli.cli.env import resolve_root
from botbeat_cli.cli.options import NoColorOption, RootOption, WrittenFormat, WrittenFormatOption
from botbeat_cli.errors import ExitCode
from botbeat_cli.formatters import emit

PATHS = "Articles or folders (default: every article); other files are skipped (pre-commit)."
CHECK = "Write nothing; exit 1 when a file would change."
DIFF = "Write nothing; show the changes as a unified diff."


def fmt(
    paths: Annotated[list[Path] | None, typer.Argument(help=PATHS)] = None,
    check: Annotated[bool, typer.Option("--check", help=CHECK)] = False,
    diff: Annotated[bool, typer.Option("--diff", help=DIFF)] = False,
    format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Write front matter as the format page does.

    Keys in order, topics as a flow list, tidy spacing, YAML 1.1 look-alikes quoted, a
    blank line after the front matter. The body is not touched; what the front matter says
    never changes (checked per file)."""
    from botbeat_cli import fmt as formatter
    from botbeat_cli.formatters.diff import unified
    from botbeat_cli.formatters.fmt import report
    from botbeat_cli.store.newsroom import article_paths, select_articles

    newsroom = resolve_root(root)
    chosen = select_articles(newsroom, paths)[0] if paths else article_paths(newsroom)
    planned = formatter.plan(newsroom, chosen)
    if diff:
        emit(unified(newsroom, planned.edits))
    done = None if check or diff else formatter.apply(planned)
    emit(report(newsroom, planned, done, format is WrittenFormat.json))
    if done is not None:
        done.check(newsroom)
    raise typer.Exit(ExitCode.PROBLEMS if planned.failed(check) else ExitCode.OK)
