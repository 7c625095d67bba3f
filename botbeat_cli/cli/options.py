"""Options shared by several commands, defined once."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from botbeat_cli.cli import complete
from botbeat_cli.model import days

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Newsroom folder (holds botbeat.yaml). Default: found by walking up from here.",
        file_okay=False,
    ),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="Plain output even on a terminal (NO_COLOR works too).")
]


class Status(StrEnum):
    """An article's `status` (model.article.STATUSES; tests/test_cli_options.py keeps the two
    equal without importing the model, and Pydantic with it, at start-up)."""

    draft = "draft"
    review = "review"
    published = "published"


class WrittenFormat(StrEnum):
    """What a command that writes files reports: lines for people, or JSON for scripts."""

    text = "text"
    json = "json"


WrittenFormatOption = Annotated[
    WrittenFormat, typer.Option("--format", "-f", help="text (default) or json: what was written.")
]


class TableFormat(StrEnum):
    """What a listing command prints: a table (plain lines off a terminal) or JSON."""

    text = "text"
    json = "json"
    table = "table"  # the old name of text


TableFormatOption = Annotated[
    TableFormat, typer.Option("--format", "-f", help="text (default) or json.")
]
ApplyOption = Annotated[
    bool, typer.Option("--apply", help="Write the changes (default: a dry run that lists them).")
]


ArticleArgument = Annotated[
    str, typer.Argument(help="The article: a path or a slug.", autocompletion=complete.slugs)
]


def day(value: str | date) -> date:
    """A calendar date written YYYY-MM-DD. Typer's date format said "'2026-02-30' does not
    match the formats '%Y-%m-%d'" for a day that does not exist: this says what is wrong."""
    return value if isinstance(value, date) else days.day(value)


def day_option(help: str, *names: str) -> Any:
    """An option holding a `day`."""
    return typer.Option(*names, parser=day, metavar="YYYY-MM-DD", help=help)
