"""A table for people, as lines: `list`, `tag list` and `sources`, on a terminal and off one.

Written directly, not laid out by rich: rich's layout of every row was most of `botbeat list`
on a large newsroom and of `tag list` on a large vocabulary (bench/list_bench.py).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from botbeat_cli.formatters import RESET

GAP = "  "  # between columns
NARROWEST = 8  # cells a shared column needs at least, below which rich's table folds all


def table_lines(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int | None,
    shares: Mapping[int, int],
    right: Collection[int] = (),
    styles: Sequence[Sequence[str]] | None = None,
    header_style: str = "",
) -> list[str] | None:
    """The header and rows as lines (trailing spaces dropped): each column as wide as its
    widest cell, in terminal cells (a CJK character is two), GAP apart. Where that passes
    `width`, the columns in `shares` get what the others leave, in those proportions (one
    never wider than its widest cell, the rest to the other), their cells wrapped at spaces
    and a word longer than the column folded; None when that leaves one NARROWEST or less.
    Columns in `right` are aligned right. `styles` (a row of SGR codes for each row, ""
    for none) and `header_style` colour the cells' text, not their padding. A cell may hold
    several lines ("\n"): each is a line of its row, wrapped on its own.
    O(cells): each cell measured once, and wrapped only when it is too wide."""
    from rich.cells import cell_len

    table = [
        [[(part, cell_len(part)) for part in cell.split("\n")] for cell in line]
        for line in [header, *rows]
    ]
    sizes = [[max(size for _, size in cell) for cell in line] for line in table]
    natural = [max(column) for column in zip(*sizes, strict=True)]
    widths = list(natural)
    if width is not None and sum(natural) + len(GAP) * (len(natural) - 1) > width:
        fixed = sum(w for k, w in enumerate(natural) if k not in shares)
        room = width - fixed - len(GAP) * (len(natural) - 1)
        given = _shared(room, {k: natural[k] for k in shares}, shares)
        if given is None:
            return None
        widths = [given.get(k, w) for k, w in enumerate(natural)]
    marks = [[header_style] * len(header), *(styles or ())]
    out = []
    for n, (cells, measured) in enumerate(zip(table, sizes, strict=True)):
        parts = [
            cell
            if size <= widths[k]
            else [piece for text, wide in cell for piece in _fitted(text, wide, widths[k])]
            for k, (cell, size) in enumerate(zip(cells, measured, strict=True))
        ]
        mark = marks[n] if n < len(marks) else ()
        for depth in range(max(map(len, parts))):
            line = GAP.join(
                _padded(
                    *(part[depth] if depth < len(part) else ("", 0)),
                    widths[k],
                    k in right,
                    mark[k] if mark else "",
                )
                for k, part in enumerate(parts)
            )
            out.append(line.rstrip())
    return out


def rich_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    color: bool,
    right: Collection[int] = (),
    column_styles: Mapping[int, str] | None = None,
) -> None:
    """rich's table at the terminal's width, every column folding: for a terminal too
    narrow for `table_lines`. `column_styles`: rich style names by column."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    styled = column_styles or {}
    table = Table(box=None, header_style="bold", pad_edge=False)
    for k, name in enumerate(header):
        table.add_column(name, overflow="fold", justify="right" if k in right else "left")
    for row in rows:
        table.add_row(*(Text(cell, style=styled.get(k, "")) for k, cell in enumerate(row)))
    Console(no_color=not color, highlight=False).print(table)


def _shared(
    room: int, natural: Mapping[int, int], shares: Mapping[int, int]
) -> dict[int, int] | None:
    """`room` cells split over the shared columns by their shares, none given more than its
    natural width (what it leaves goes to the others); None if one would get NARROWEST or
    less."""
    given: dict[int, int] = {}
    left, open_ = room, dict(shares)
    while open_:
        total = sum(open_.values())
        capped = {k: natural[k] for k in open_ if natural[k] <= left * open_[k] // total}
        if not capped:
            keys = sorted(open_)
            for k in keys[:-1]:
                given[k] = left * open_[k] // total
            given[keys[-1]] = left - sum(given[k] for k in keys[:-1])
            break
        given.update(capped)
        left -= sum(capped.values())
        for k in capped:
            del open_[k]
    if any(w <= NARROWEST for k, w in given.items() if natural[k] > w):
        return None
    return given


def _fitted(text: str, size: int, width: int) -> list[tuple[str, int]]:
    """One line of a cell (`size` cells wide) as it fits `width`."""
    return _wrapped(text, width) if size > width else [(text, size)]


def _wrapped(text: str, width: int) -> list[tuple[str, int]]:
    """`text` in lines of at most `width` cells, each with its width in cells, broken at
    spaces; a longer word folded."""
    from rich.cells import cell_len, chop_cells

    lines: list[tuple[str, int]] = []
    line, used = "", 0
    for word in text.split():
        size = cell_len(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append((line, used))
        if size <= width:
            line, used = word, size
            continue
        *whole, line = chop_cells(word, width)
        lines.extend((piece, cell_len(piece)) for piece in whole)
        used = cell_len(line)
    if line or not lines:
        lines.append((line, used))
    return lines


def _padded(text: str, size: int, width: int, right: bool, style: str) -> str:
    """`text` (`size` cells wide) padded to `width`, its text in `style` if any."""
    gap = " " * (width - size)
    shown = f"{style}{text}{RESET}" if style and text else text
    return gap + shown if right else shown + gap
