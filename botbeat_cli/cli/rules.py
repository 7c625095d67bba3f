"""`botbeat rules`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from botbeat_cli.cli.options import NoColorOption


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def rules(
    rule: Annotated[str | None, typer.Argument(help="One rule id (default: every rule).")] = None,
    format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="text (default), json or markdown.")
    ] = RulesFormat.text,
    config: Annotated[bool, typer.Option("--config", help="The rules of botbeat.yaml.")] = False,
    no_color: NoColorOption = False,  # plain text only; accepted as on every command
) -> None:
    """Every rule validate knows, with its severity and its fix.

    Each rule's default severity, what it checks, a line that breaks it, and the fix.
    `rules.severity` in botbeat.yaml changes a rule's severity or turns it off;
    `# botbeat: disable=RULE` in an article silences it there."""
    from botbeat_cli.formatters.rules import show
    from botbeat_cli.rules import select

    show(*select(rule), format.value, config)
