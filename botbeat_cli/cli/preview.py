"""`botbeat preview`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from botbeat_cli.cli.env import resolve_root
from botbeat_cli.cli.options import ArticleArgument, NoColorOption, RootOption

EXPORT = "Save the render instead of showing it: svg, html or txt, then the file."


class ExportFormat(StrEnum):
    svg = "svg"
    html = "html"
    txt = "txt"


def preview(
    article: ArticleArgument,
    width: Annotated[
        int | None, typer.Option("--width", min=40, help="Columns (default: the terminal's).")
    ] = None,
    pager: Annotated[bool, typer.Option("--pager", help="Page long articles.")] = False,
    no_color: NoColorOption = False,
    export: Annotated[
        tuple[ExportFormat, Path] | None, typer.Option(metavar="FORMAT FILE", help=EXPORT)
    ] = None,
    root: RootOption = None,
) -> None:
    """Render an article in the terminal the way the site shows it.

    Entity, kind and date; title; Key Takeaways; Source; Summary and Editorial Opinion;
    topics; "More from <entity>" and "Suggested". Validation errors show in a banner above.
    """
    from botbeat_cli import preview as page
    from botbeat_cli.config import load_config
    from botbeat_cli.formatters import preview as show
    from botbeat_cli.newsroom.catalog import find_article
    from botbeat_cli.validate import ValidateOptions, validate

    newsroom = resolve_root(root)
    config = load_config(newsroom)
    path = find_article(newsroom, article)
    problems = validate(newsroom, ValidateOptions(paths=[path])).diagnostics
    blocks = page.render(page.gather(newsroom, config, path, problems), config)
    if export is None:
        return show.show(blocks, width=width, pager=pager, no_color=no_color)
    kind, target = export
    title = f"botbeat preview {article}"
    show.export(blocks, kind.value, target, width=width, no_color=no_color, title=title)
    typer.echo(f"wrote {target}")
