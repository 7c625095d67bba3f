"""`botbeat schema`."""

from __future__ import annotations

from typing import Annotated

import typer

from botbeat_cli.cli.env import resolve_root
from botbeat_cli.cli.options import NoColorOption, RootOption, WrittenFormat, WrittenFormatOption
from botbeat_cli.formatters import dumps, emit

WRITE = "Store both schemas under .botbeat/schema/ (article and botbeat.yaml)."


def schema(
    config: Annotated[bool, typer.Option("--config", help="The schema of botbeat.yaml.")] = False,
    write: Annotated[bool, typer.Option("--write", help=WRITE)] = False,
    format: WrittenFormatOption = WrittenFormat.text,  # a schema is JSON either way
    no_color: NoColorOption = False,  # JSON only; accepted as on every command
    root: RootOption = None,
) -> None:
    """The JSON Schema of an article's front matter (--config: of botbeat.yaml).

    This newsroom's kinds, entities and topics are its choices (labels and aliases shown).
    For YAML editors and tools (docs/editors.md); validate still checks what a schema
    cannot."""
    from botbeat_cli import schema as schemas
    from botbeat_cli.config import load_config

    newsroom = resolve_root(root)
    loaded = load_config(newsroom)
    if write:
        names = [str(path.relative_to(newsroom)) for path in schemas.write(newsroom, loaded)]
        if format is WrittenFormat.json:
            return emit(dumps({"written": names}))
        return emit("".join(f"wrote {name}\n" for name in names))
    emit(dumps(schemas.config_schema() if config else schemas.article_schema(loaded)))
