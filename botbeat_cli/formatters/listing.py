"""`list` output: a table for people, JSON and CSV for scripts. Text from articles is
made terminal-safe in every format: visible escapes in the table and CSV, `\\u` escapes
in JSON (`formatters.dumps`), which lose nothing."""

from __future__ import annotations

import csv
import io

from botbeat_cli.diagnostics import visible
from botbeat_cli.formatters import dumps
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.newsroom.catalog import Entry

COLUMNS = ("date", "entity", "kind", "status", "title", "slug")


def _row(entry: Entry, config: NewsroomConfig) -> dict[str, str]:
    entity = config.entities.get(entry.entity)
    kind = config.kinds.get(entry.kind)
    return {
        "date": entry.date.isoformat() if entry.date else "",
        "entity": entity.name if entity else entry.entity,
        "kind": kind.label if kind else entry.kind,
        "status": entry.status,
        "title": entry.title,
        "slug": entry.slug,
    }


def as_json(entries: list[Entry], config: NewsroomConfig) -> str:
    items = []
    for entry in entries:
        item = entry.as_dict()
        row = _row(entry, config)
        item["entity_name"], item["kind_label"] = row["entity"], row["kind"]
        items.append(item)
    return dumps(items)


def as_csv(entries: list[Entry], config: NewsroomConfig) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*COLUMNS, "path"], lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        row = {**_row(entry, config), "path": entry.path}
        writer.writerow({name: visible(value) for name, value in row.items()})
    return buffer.getvalue()


def print_table(entries: list[Entry], config: NewsroomConfig, *, color: bool) -> None:
    """A rich table. On a terminal it fits the width (titles and slugs wrap, never cut);
    elsewhere (a pipe, a file) every row is one line at the table's natural width."""
    import sys

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    terminal = sys.stdout.isatty()
    console = Console(no_color=not color, highlight=False, width=None if terminal else 100_000)
    table = Table(show_edge=False, header_style="bold", pad_edge=False, box=None)
    table.add_column("date", no_wrap=True)
    table.add_column("entity", min_width=8, overflow="fold")
    table.add_column("kind", min_width=6, overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("title", ratio=3, overflow="fold")
    table.add_column("slug", ratio=2, overflow="fold")
    for entry in entries:
        row = _row(entry, config)
        table.add_row(*(Text(visible(row[name])) for name in COLUMNS))
    console.print(table)
    count = len(entries)
    console.print(Text(f"{count} article{'s' if count != 1 else ''}", style="dim"))


def show(entries: list[Entry], config: NewsroomConfig, format: str, *, color: bool) -> None:
    """`list` in `format`: json, csv, or the table (plain lines off a terminal)."""
    from botbeat_cli.formatters import emit

    if format == "json":
        emit(as_json(entries, config))
    elif format == "csv":
        emit(as_csv(entries, config))
    else:
        print_table(entries, config, color=color)


def not_listed(unreadable: list[str]) -> str:
    if not unreadable:
        return ""
    return (
        f"{len(unreadable)} file(s) could not be read and are not listed (first: "
        f"{visible(unreadable[0])}); run botbeat validate"
    )
