"""A table for people, as lines: `list` and `tag list` on a terminal and off one.

Written directly, not laid out by rich: rich's layout of every row was most of `botbeat list`
on a large newsroom and of `tag list` on a large vocabulary (bench/list_bench.py).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

RESET = "\x1b[0m"

GAP = "  "  # between columns
NARROWEST = 8  # cells a shared column needs at least, below which rich's table folds all


def table_lines(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int | None,
    shares: Mapping[int, int],
    right: Collection[int] = (),
    styles: Sequence[Sequence[str]] | None = None,
) -> list[str] | None:
    """The header and rows as lines (trailing spaces dropped): each column as wide as its
    widest cell, in terminal cells (a CJK character is two), GAP apart. Where that passes
    `width`, the columns in `shares` get what the others leave, in those proportions (one
    never wider than its widest cell, the rest to the other), their cells wrapped at spaces
    and a word longer than the column folded; None when that leaves one NARROWEST or less.
    Columns in `right` are aligned right. `styles`, a row of SGR codes for each row (""
    for none; the header is bold if given), colours the cells' text, not their padding.
    O(cells): each cell measured once, and wrapped only when it is too wide."""
    from rich.cells import cell_len

    table = [list(header), *(list(row) for row in rows)]
    sizes = [[cell_len(cell) for cell in line] for line in table]
    natural = [max(column) for column in zip(*sizes, strict=True)]
    widths = list(natural)
    if width is not None and sum(natural) + len(GAP) * (len(natural) - 1) > width:
        fixed = sum(w for k, w in enumerate(natural) if k not in shares)
        room = width - fixed - len(GAP) * (len(natural) - 1)
        given = _shared(room, {k: natural[k] for k in shares}, shares)
        if given is None:
            return None
        widths = [given.get(k, w) for k, w in enumerate(natural)]
    marks: list[Sequence[str]] = []
    if styles is not None:
        marks = [["\x1b[1m"] * len(header), *styles]
    out = []
    for n, (cells, measured) in enumerate(zip(table, sizes, strict=True)):
        parts = [
            _wrapped(cell, widths[k]) if size > widths[k] else [cell]
            for k, (cell, size) in enumerate(zip(cells, measured, strict=True))
        ]
        mark = marks[n] if marks else ()
        for depth in range(max(map(len, parts))):
            line = GAP.join(
                _padded(
                    part[depth] if depth < len(part) else "",
                    widths[k],
                    k in right,
                    mark[k] if mark else "",
                )
                for k, part in enumerate(parts)
            )
            out.append(line.rstrip())
    return out


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


def _wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken at spaces; a longer word folded."""
    from rich.cells import cell_len, chop_cells

    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        size = cell_len(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append(line)
        if size <= width:
            line, used = word, size
            continue
        *whole, line = chop_cells(word, width)
        lines.extend(whole)
        used = cell_len(line)
    if line or not lines:
        lines.append(line)
    return lines


def _padded(text: str, width: int, right: bool = False, style: str = "") -> str:
    from rich.cells import cell_len

    gap = " " * (width - cell_len(text))
    shown = f"{style}{text}{RESET}" if style and text else text
    return gap + shown if right else shown + gap
