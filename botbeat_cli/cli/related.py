"""`botbeat related`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from botbeat_cli.cli.env import resolve_root
from botbeat_cli.cli.options import RootOption
from botbeat_cli.cli.progress import bar, spinner
from botbeat_cli.errors import UsageError
from botbeat_cli.formatters import emit

if TYPE_CHECKING:
    from botbeat_cli.related import Engine, Lists


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
    from botbeat_cli.newsroom.catalog import find_article

    newsroom = resolve_root(root)
    config = load_config(newsroom)
    today = config.today(datetime.now(UTC))
    if duplicates:
        pairs = related.duplicates(newsroom, config, today, threshold)
        if format is RelatedFormat.json:
            rows = [
                {"first": d.first, "second": d.second, "similarity": d.similarity,
                 "same_source": d.same_source}
                for d in pairs
            ]  # fmt: skip
            emit(json.dumps(rows, indent=2) + "\n")
        for pair in pairs if format is RelatedFormat.text else []:
            why = "same source; " if pair.same_source else ""
            typer.echo(f"{pair.similarity:.2f}  {pair.first}  {pair.second}  ({why}text)")
        typer.echo(f"{len(pairs)} probable duplicate pair(s)", err=True)
        return
    if write or check:
        paths = [find_article(newsroom, name) for name in targets or []]
        with spinner("computing related lists"):
            engine, changes = related.plan(newsroom, config, today, paths)
        if check:
            for change in changes:
                typer.echo(f"{change.path}: {change.describe()}")
            typer.echo(f"{len(changes)} article(s) with stale related lists", err=True)
            raise typer.Exit(1 if changes else 0)
        with bar("writing related lists") as start:
            advance = start(len(changes)) if start and len(changes) >= 50 else None
            written = related.write(newsroom, changes, advance)
        for changed in written:
            typer.echo(f"updated {changed}")
        typer.echo(f"{len(written)} file(s) changed, {len(engine.docs)} article(s) computed")
        return
    if not targets or len(targets) != 1:
        raise UsageError("give one ARTICLE to explain, or --write / --check")
    path = find_article(newsroom, targets[0])
    engine, _ = related.plan(newsroom, config, today, [path])
    row = engine.row[path.stem]
    lists = engine.lists([row])[row]
    if format is RelatedFormat.json:
        _print_json(engine, row, lists)
    else:
        _print_text(engine, row, lists)


def _print_json(engine: Engine, row: int, lists: Lists) -> None:
    from botbeat_cli.newsroom.docs import LISTS

    out = {}
    for name in LISTS:
        out[name] = [
            {
                "slug": pick.slug,
                "title": _doc(engine, pick.slug, "title"),
                "entity": _doc(engine, pick.slug, "entity"),
                "date": _doc(engine, pick.slug, "date"),
                "score": pick.score,
                "pinned": pick.pinned,
                "reasons": engine.reasons(row, pick),
            }
            for pick in getattr(lists, name)
        ]
    emit(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


def _doc(engine: Engine, slug: str, field: str) -> str | None:
    row = engine.row.get(slug)
    if row is None:
        return None
    doc = engine.docs[row]
    if field == "date":
        return doc.date.isoformat() if doc.date else None
    if field == "entity":
        entity = engine.config.entities.get(doc.entity)
        return entity.name if entity else doc.entity
    value = getattr(doc, field, None)
    return value if isinstance(value, str) else None


def _print_text(engine: Engine, row: int, lists: Lists) -> None:
    from botbeat_cli.diagnostics import visible

    doc = engine.docs[row]
    entity = engine.config.entities.get(doc.entity)
    headings = {
        "more_from": f"More from {entity.name if entity else doc.entity}",
        "suggested": "Suggested",
    }
    for name, heading in headings.items():
        typer.echo(visible(heading))
        picks = getattr(lists, name)
        if not picks:
            typer.echo("  (none above the threshold)")
        for pick in picks:
            title = _doc(engine, pick.slug, "title") or pick.slug
            when = _doc(engine, pick.slug, "date") or ""
            who = _doc(engine, pick.slug, "entity") or ""
            typer.echo(f"  {pick.score:.2f}  {visible(title)} ({visible(who)}, {when})")
            typer.echo(f"        {visible(pick.slug)}: {visible(engine.reasons(row, pick))}")
        typer.echo("")
