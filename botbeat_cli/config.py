"""`botbeat.yaml`, read and checked once for every command.

A broken file is a `NewsroomError` carrying positioned diagnostics, reported against
`botbeat.yaml` before any article is read.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from botbeat_cli.diagnostics import Diagnostic, Severity
from botbeat_cli.errors import NewsroomError
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.rules import RULES
from botbeat_cli.rules.schema import diagnostics_from_validation
from botbeat_cli.store import files, yamlsafe
from botbeat_cli.store.fastyaml import load_fast
from botbeat_cli.store.newsroom import CONFIG_NAME
from botbeat_cli.suggest import did_you_mean


def load_config(root: Path) -> NewsroomConfig:
    """Read and check `botbeat.yaml`; `NewsroomError` with positioned diagnostics if broken."""

    def broken(rule: str, message: str, line: int = 1, col: int = 1) -> NewsroomError:
        diagnostic = Diagnostic(CONFIG_NAME, line, col, Severity.ERROR, rule, message)
        return NewsroomError(f"{CONFIG_NAME} is broken: {message}", [diagnostic])

    try:
        loaded = load_fast(files.read_text(root / CONFIG_NAME))
    except (files.Unreadable, yamlsafe.YamlProblem) as exc:
        raise broken(exc.rule, exc.message, exc.line, exc.col) from None
    if not isinstance(loaded.data, dict):
        raise broken("config-not-mapping", "it must be a mapping with kinds, entities and topics")
    try:
        config = NewsroomConfig.model_validate(loaded.data)
    except ValidationError as exc:
        diagnostics = diagnostics_from_validation(
            exc, loaded.positions, CONFIG_NAME, NewsroomConfig
        )
        raise NewsroomError(
            f"{CONFIG_NAME} is broken ({len(diagnostics)} problems): fix it before articles "
            "can be checked",
            diagnostics,
        ) from None
    unknown = [rule for rule in config.rules.severity if rule not in RULES]
    if unknown:
        line, col = loaded.positions.of_key(("rules", "severity", unknown[0]))
        raise broken(
            "unknown-rule",
            f"rules.severity names no rule '{unknown[0]}'{did_you_mean(unknown[0], RULES)}; "
            "rule ids are listed in docs/format.md",
            line,
            col,
        )
    return config
