"""`botbeat related`."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from botbeat_cli.cli.env import resolve_root
from botbeat_cli.cli.options import RootOption
from botbeat_cli.cli.progress import bar, spinner
from botbeat_cli.errors import ExitCode, UsageError
from botbeat_cli.formatters import emit

if TYPE_CHECKING:
    pass


class RelatedFormat(StrEnum):
    text = "text"
    json = "json"


def related(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            help="An article (path or slug) to explain; with --write or --check, the "
            "articles to update (default: all)."
        ),
    ] = None,
    write: Annotated[
        bool, typer.Option("--write", help="Store the computed lists in the files.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="Exit 1 listing articles whose stored lists are stale."),
    ] = False,
    duplicates: Annotated[
        bool,
        typer.Option(
            "--duplicates",
            help="List pairs of articles that are probably the same story (near-identical "
            "text, or the same source after URL normalisation).",
        ),
    ] = False,
    threshold: Annotated[
        float,
        typer.Option("--threshold", min=0.0, max=1.0, help="Text similarity for --duplicates."),
    ] = 0.8,
    format: Annotated[
        RelatedFormat, typer.Option("--format", "-f", help="text (default) or json.")
    ] = RelatedFormat.text,
    root: RootOption = None,
) -> None:
    """Compute "More from <entity>" and "Suggested" lists, explain them, store them.

    With ARTICLE: both lists with each pick's score and reasons. --write stores the lists
    (only related.more_from and related.suggested change in each file); --check fails when
    any stored list differs from what --write would store; --duplicates lists probable
    repeats of the same story.
    """
    from botbeat_cli import related
    from botbeat_cli.config import load_config
    from botbeat_cli.formatters import related as show
    from botbeat_cli.newsroom.catalog import find_article

    json_out = format is RelatedFormat.json
    newsroom = resolve_root(root)
    config = load_config(newsroom)
    today = config.today(datetime.now(UTC))
    if duplicates:
        pairs = related.duplicates(newsroom, config, today, threshold)
        emit(show.duplicates_json(pairs) if json_out else show.duplicates_text(pairs))
        typer.echo(f"{len(pairs)} probable duplicate pair(s)", err=True)
        return
    if write or check:
        paths = [find_article(newsroom, name, readable=True) for name in targets or []]
        with spinner("computing related lists"):
            engine, changes = related.plan(newsroom, config, today, paths)
        if check:
            emit(show.changes_json(changes) if json_out else show.changes_text(changes))
            typer.echo(f"{len(changes)} article(s) with stale related lists", err=True)
            raise typer.Exit(ExitCode.PROBLEMS if changes else ExitCode.OK)
        with bar("writing related lists") as start:
            advance = start(len(changes)) if start and len(changes) >= 50 else None
            done = related.write(newsroom, changes, advance)
        from botbeat_cli.store.newsroom import relative

        for changed in done.written:
            typer.echo(f"updated {relative(newsroom, changed)}")
        typer.echo(f"{len(done.written)} file(s) changed, {len(engine.docs)} article(s) computed")
        done.check(newsroom)
        return
    if not targets or len(targets) != 1:
        raise UsageError("give one ARTICLE to explain, or --write / --check")
    path = find_article(newsroom, targets[0], readable=True)
    engine, _ = related.plan(newsroom, config, today, [path])
    row = engine.row[path.stem]
    lists = engine.lists([row])[row]
    emit(show.lists_json(engine, row, lists) if json_out else show.lists_text(engine, row, lists))
