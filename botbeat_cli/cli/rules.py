"""`botbeat rules`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from botbeat_cli.cli.options import NoColorOption
from botbeat_cli.formatters import emit


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def rules(
    rule: Annotated[str | None, typer.Argument(help="One rule id (default: every rule).")] = None,
    format: Annotated[RulesFormat, typer.Option("--format", "-f")] = RulesFormat.text,
    config: Annotated[bool, typer.Option("--config", help="The rules of botbeat.yaml.")] = False,
    no_color: NoColorOption = False,  # plain text only; accepted as on every command
) -> None:
    """Every rule validate knows: its default severity, what it checks, a line that breaks
    it, and the fix. `rules.severity` in botbeat.yaml changes a rule's severity or turns it
    off; `# botbeat: disable=RULE` in an article silences it there."""
    from botbeat_cli.didyoumean import unknown
    from botbeat_cli.errors import UsageError
    from botbeat_cli.formatters.rules import as_json, as_text
    from botbeat_cli.rules import CONFIG_RULES, RULES, markdown_table

    articles, newsroom = RULES, CONFIG_RULES
    if rule is not None:
        if rule not in RULES and rule not in CONFIG_RULES:
            raise UsageError(unknown("rule", rule, [*RULES, *CONFIG_RULES]))
        articles = {rule: RULES[rule]} if rule in RULES else {}
        newsroom = {rule: CONFIG_RULES[rule]} if rule in CONFIG_RULES else {}
    if format is RulesFormat.json:
        return emit(as_json(articles, newsroom))
    table = newsroom if config or not articles else articles
    emit(markdown_table(table) if format is RulesFormat.markdown else as_text(table))
