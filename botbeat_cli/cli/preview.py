"""`botbeat preview`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from botbeat_cli.cli.env import resolve_root
from botbeat_cli.cli.options import NoColorOption, RootOption


class ExportFormat(StrEnum):
    svg = "svg"
    html = "html"
    txt = "txt"


def preview(
    article: Annotated[str, typer.Argument(help="The article: a path or a slug.")],
    width: Annotated[
        int | None, typer.Option("--width", min=40, help="Columns (default: the terminal's).")
    ] = None,
    pager: Annotated[bool, typer.Option("--pager", help="Page long articles.")] = False,
    no_color: NoColorOption = False,
    export: Annotated[
        tuple[ExportFormat, Path] | None,
        typer.Option(
            "--export",
            metavar="FORMAT FILE",
            help="Save the render instead of showing it: svg, html or txt, then the file.",
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """Render an article in the terminal the way the site shows it.

    Entity, kind and date; title; Key Takeaways; Source; Summary and Editorial Opinion;
    topics; "More from <entity>" and "Suggested". Validation errors show in a banner above.
    """
    from rich.console import Console

    from botbeat_cli import preview as page
    from botbeat_cli.config import load_config
    from botbeat_cli.newsroom.catalog import find_article
    from botbeat_cli.validate import ValidateOptions, validate

    newsroom = resolve_root(root)
    config = load_config(newsroom)
    path = find_article(newsroom, article)
    problems = validate(newsroom, ValidateOptions(paths=[path])).diagnostics
    blocks = page.render(page.gather(newsroom, config, path, problems), config)
    if export is not None:
        import io

        kind, target = export
        console = Console(
            record=True, width=width or 100, file=io.StringIO(), force_terminal=True,
            color_system="truecolor", no_color=no_color,
        )  # fmt: skip
        for block in blocks:
            console.print(block)
        if kind is ExportFormat.svg:
            text = console.export_svg(title=f"botbeat preview {article}")
        elif kind is ExportFormat.html:
            text = console.export_html(inline_styles=True)
        else:
            text = console.export_text()
        target.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {target}")
        return
    console = Console(width=width, no_color=no_color or None, highlight=False)
    if pager:
        with console.pager(styles=True):
            for block in blocks:
                console.print(block)
    else:
        for block in blocks:
            console.print(block)
