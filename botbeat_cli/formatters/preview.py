"""`preview` output: the rendered blocks on the terminal (paged if asked), or saved as SVG,
HTML or text. The blocks escape what articles hold (`botbeat_cli.preview`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


def show(blocks: Sequence[Any], *, width: int | None, pager: bool, no_color: bool) -> None:
    from rich.console import Console

    console = Console(width=width, no_color=no_color or None, highlight=False)
    if pager:
        with console.pager(styles=True):
            for block in blocks:
                console.print(block)
    else:
        for block in blocks:
            console.print(block)


def export(
    blocks: Sequence[Any],
    kind: str,
    target: Path,
    *,
    width: int | None,
    no_color: bool,
    title: str,
) -> None:
    """Save the render as `kind` (svg, html, txt), at `width` columns (default 100)."""
    import io

    from rich.console import Console

    console = Console(
        record=True,
        width=width or 100,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        no_color=no_color,
    )
    for block in blocks:
        console.print(block)
    if kind == "svg":
        text = console.export_svg(title=title)
    elif kind == "html":
        text = console.export_html(inline_styles=True)
    else:
        text = console.export_text()
    target.write_text(text, encoding="utf-8")
