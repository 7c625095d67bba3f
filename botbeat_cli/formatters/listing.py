"""`list` output: a table for people, JSON and CSV for scripts. Text from articles is
made terminal-safe in every format: visible escapes in the table and CSV, `\\u` escapes
in JSON (`formatters.dumps`), which lose nothing."""

from __future__ import annotations

import csv
import io

from botbeat_cli.diagnostics import visible
from botbeat_cli.formatters import dumps
from botbeat_cli.formatters.table import table_lines
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


SHARES = {4: 3, 5: 2}  # on a narrow terminal, title and slug share what is left, 3 to 2


def print_table(entries: list[Entry], config: NewsroomConfig, *, color: bool) -> None:
    """The table, then the count. Off a terminal (a pipe, a file) every row is one line at
    the table's natural width; on one it fits the width (titles and slugs wrap, never cut).
    Written line by line, not as a rich Table, whose layout of every row was most of a
    whole-newsroom `botbeat list` (bench/list_bench.py, every row)."""
    import shutil
    import sys

    rows = [[visible(row[name]) for name in COLUMNS] for row in (_row(e, config) for e in entries)]
    terminal = sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if terminal else None
    lines = table_lines(COLUMNS, rows, width, shares=SHARES)
    if lines is None:  # a terminal too narrow for the other columns: rich folds them too
        _rich_table(rows, color=color)
        lines = []
    bold, dim, plain = ("\x1b[1m", "\x1b[2m", "\x1b[0m") if terminal and color else ("",) * 3
    count = len(entries)
    out = [f"{bold}{lines[0]}{plain}", *lines[1:]] if lines else []
    out.append(f"{dim}{count} article{'s' if count != 1 else ''}{plain}")
    from botbeat_cli.formatters import emit

    emit("\n".join(out) + "\n")


def _rich_table(rows: list[list[str]], *, color: bool) -> None:
    """rich's table at the terminal's width, every column folding: for a terminal too
    narrow for `table_lines`."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold", pad_edge=False, box=None)
    for name in COLUMNS:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*map(Text, row))
    Console(no_color=not color, highlight=False).print(table)


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
