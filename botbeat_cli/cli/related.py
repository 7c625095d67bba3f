"""`botbeat related`."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

import typer

from botbeat_cli.cli import complete
from botbeat_cli.cli.env import honour_no_color, resolve_root
from botbeat_cli.cli.options import NoColorOption, RootOption
from botbeat_cli.errors import UsageError
from botbeat_cli.formatters.progress import bar, spinner

TARGETS = (
    "An article (path or slug) to explain; with --write or --check, the articles to "
    "update (default: all)."
)
CHECK = "Exit 1 listing articles whose stored lists are stale."
CHANGED = "With --check: only the lists that git's changes (against --base) make stale."
BASE = "What --changed compares with (default: origin's default branch, else HEAD)."
DUPLICATES = (
    "List pairs of articles that are probably the same story (near-identical text, "
    "or the same source after URL normalisation)."
)


class RelatedFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"  # with --check


def related(
    targets: Annotated[
        list[str] | None, typer.Argument(help=TARGETS, autocompletion=complete.slugs)
    ] = None,
    write: Annotated[
        bool, typer.Option("--write", help="Store the computed lists in the files.")
    ] = False,
    check: Annotated[bool, typer.Option("--check", help=CHECK)] = False,
    duplicates: Annotated[bool, typer.Option("--duplicates", help=DUPLICATES)] = False,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Text similarity for --duplicates.")
    ] = 0.8,
    format: Annotated[
        RelatedFormat,
        typer.Option("--format", "-f", help="text (default), json, or (with --check) sarif."),
    ] = RelatedFormat.text,
    changed: Annotated[bool, typer.Option("--changed", help=CHANGED)] = False,
    base: Annotated[str | None, typer.Option(help=BASE, metavar="REF")] = None,
    no_color: NoColorOption = False,
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
    from botbeat_cli.formatters import emit
    from botbeat_cli.formatters import related as show
    from botbeat_cli.newsroom.catalog import find_article

    _check_usage(format, write, check, changed or base is not None, targets or [], duplicates)
    honour_no_color(no_color)
    newsroom = resolve_root(root)
    config = load_config(newsroom)
    today = config.today(datetime.now(UTC))
    if duplicates:
        return show.show_duplicates(related.duplicates(newsroom, config, today, threshold), format)
    if not (write or check):
        assert targets  # _check_usage: one
        with spinner("computing related lists"):
            explained = related.explain(newsroom, config, today, targets[0])
        return show.show_lists(explained, format)
    paths = [find_article(newsroom, name, readable=True) for name in targets or []]
    with spinner("computing related lists"):
        planned = related.plan(newsroom, config, today, paths)
    changes = planned.changes
    if check:
        changes = related.made_stale(newsroom, changes, base) if changed else changes
        raise typer.Exit(show.show_stale(newsroom, changes, format, planned.unread))
    computed, unread = len(planned.docs), planned.unread
    del planned  # the engine (its matrix, every document) is not needed to write: freed first
    with bar("writing related lists") as start:
        advance = start(len(changes)) if start and len(changes) >= 50 else None
        sections = config.rules.required_sections
        done = related.write(newsroom, changes, advance, sections, unread)
    emit(show.written(newsroom, done, computed, format == RelatedFormat.json))
    done.check(newsroom)


def _check_usage(
    format: RelatedFormat, write: bool, check: bool, git: bool, targets: list[str], duplicates: bool
) -> None:
    if (format is RelatedFormat.sarif or git) and not check:
        raise UsageError("--format sarif, --changed and --base are for --check")
    if not (write or check or duplicates) and len(targets) != 1:
        raise UsageError("give one ARTICLE to explain, or --write / --check")
