"""`botbeat list` (a module named `list` would shadow the builtin inside `cli/__init__.py`)."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from botbeat_cli.cli import complete
from botbeat_cli.cli.env import resolve_root, wants_color
from botbeat_cli.cli.options import NoColorOption, RootOption, Status, day_option
from botbeat_cli.formatters import say


class ListFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    table = "table"  # the old name of text


class Sort(StrEnum):
    DATE = "date"
    TITLE = "title"
    ENTITY = "entity"


def list_articles(
    entity: Annotated[
        str | None,
        typer.Option(help="Entity key, name or alias.", autocompletion=complete.entities),
    ] = None,
    topic: Annotated[
        str | None, typer.Option(help="Topic key, label or alias.", autocompletion=complete.topics)
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="Kind key or label.", autocompletion=complete.kinds)
    ] = None,
    status: Annotated[Status | None, typer.Option(help="draft, review or published.")] = None,
    since: Annotated[date | None, day_option("On or after this date.")] = None,
    until: Annotated[date | None, day_option("On or before this date.")] = None,
    search: Annotated[
        str | None, typer.Option(help="Text in the title or takeaways, any case.")
    ] = None,
    sort: Annotated[Sort, typer.Option(help="date (newest first), title or entity.")] = Sort.DATE,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many rows.")] = None,
    format: Annotated[
        ListFormat,
        typer.Option("--format", "-f", help="text (default: a table on a terminal), json or csv."),
    ] = ListFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """List articles: date, entity, kind, status, title and slug, filtered and sorted."""
    from botbeat_cli import listing
    from botbeat_cli.config import load_config
    from botbeat_cli.formatters.listing import not_listed, show
    from botbeat_cli.newsroom import catalog

    newsroom = resolve_root(root)
    config = load_config(newsroom)
    filters = listing.resolve_filters(
        listing.Filters(
            entity=entity,
            topic=topic,
            kind=kind,
            status=status.value if status else None,
            since=since,
            until=until,
            search=search,
            sort=sort.value,
            limit=limit,
        ),
        config,
    )
    found = catalog.load(newsroom)
    show(
        listing.select(found, filters),
        config,
        format.value,
        color=wants_color(sys.stdout, no_color),
    )
    say(not_listed(found.unreadable))
