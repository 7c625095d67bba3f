"""`rules` output: every rule with its default severity, what it checks, a line that breaks
it and the fix, as text, JSON or the docs' Markdown table. All of it from the registry
(`botbeat_cli.rules`), which SARIF's rule descriptions and docs/format.md also come from."""

from __future__ import annotations

from collections.abc import Mapping

from botbeat_cli.diagnostics import Severity
from botbeat_cli.formatters import dumps

Rules = Mapping[str, tuple[Severity, str]]


def as_text(rules: Rules) -> str:
    from botbeat_cli.rules import HOWTO

    out = []
    for rule, (severity, checks) in rules.items():
        example, fix = HOWTO[rule]
        out.append(f"{rule} ({severity.value}): {checks}\n  e.g.  {example}\n  fix:  {fix}\n")
    return "\n".join(out)


def as_json(rules: Rules, config_rules: Rules) -> str:
    from botbeat_cli.rules import HOWTO

    return dumps(
        [
            {
                "id": rule,
                "severity": severity.value,
                "checks": checks,
                "example": HOWTO[rule][0],
                "fix": HOWTO[rule][1],
                "applies_to": applies,
            }
            for applies, table in (("articles", rules), ("botbeat.yaml", config_rules))
            for rule, (severity, checks) in table.items()
        ]
    )


def show(rules: Rules, config_rules: Rules, format: str, config: bool) -> None:
    """`rules` in `format`; text and Markdown show one table: botbeat.yaml's with --config
    or when the rule asked for is one of them."""
    from botbeat_cli.formatters import emit

    if format == "json":
        return emit(as_json(rules, config_rules))
    table = config_rules if config or not rules else rules
    if format == "markdown":
        from botbeat_cli.rules import markdown_table

        return emit(markdown_table(dict(table)))
    emit(as_text(table))
