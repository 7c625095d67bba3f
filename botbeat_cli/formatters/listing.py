"""`list` output: a table for people, JSON and CSV for scripts. Text from articles is
made terminal-safe in every format: visible escapes in the table and CSV, `\\u` escapes
in JSON (`formatters.dumps`), which lose nothing."""

from __future__ import annotations

import csv
import io

from botbeat_cli.diagnostics import visible
from botbeat_cli.formatters import BOLD, DIM, RESET, dumps, emit
from botbeat_cli.formatters.table import rich_table, table_lines
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
    styled = terminal and color
    lines = table_lines(COLUMNS, rows, width, SHARES, header_style=BOLD if styled else "")
    if lines is None:  # a terminal too narrow for the other columns: rich folds them too
        rich_table(COLUMNS, rows, color=color)
        lines = []
    count = len(entries)
    counted = f"{count} article{'s' if count != 1 else ''}"
    lines.append(f"{DIM}{counted}{RESET}" if styled else counted)
    emit("\n".join(lines) + "\n")


def show(entries: list[Entry], config: NewsroomConfig, format: str, *, color: bool) -> None:
    """`list` in `format`: json, csv, or the table (plain lines off a terminal)."""
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
