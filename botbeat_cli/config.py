"""`botbeat.yaml`, read and checked once for every command.

A broken file is a `NewsroomError` carrying positioned diagnostics, reported against
`botbeat.yaml` before any article is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from botbeat_cli.diagnostics import Diagnostic
from botbeat_cli.didyoumean import did_you_mean
from botbeat_cli.errors import NewsroomError
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.rules import RULES, diagnose
from botbeat_cli.rules.schema import diagnostics_from_validation
from botbeat_cli.store import files, yamlsafe
from botbeat_cli.store.fastyaml import load_fast
from botbeat_cli.store.newsroom import CONFIG_NAME
from botbeat_cli.store.problems import ReadProblem

CONFIG_LIMIT = 16 << 20  # a taxonomy of 100,000 topics fits

# The config last read per newsroom, with the stat it was read at: `preview` and the
# commands that validate first read it two or three times, which a large taxonomy makes
# slow (tests/test_hostile.py's huge config). Trusted while the stat is the same.
_read: dict[Path, tuple[tuple[int, ...], NewsroomConfig]] = {}


def load_config(root: Path) -> NewsroomConfig:
    """`read_config`, once per process while botbeat.yaml's stat stays the same."""
    import os

    path = root / CONFIG_NAME
    try:
        info = os.stat(path)
    except OSError:
        return read_config(root)  # read_config says what is wrong
    stamp = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    known = _read.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    config = read_config(root)
    _read[path] = (stamp, config)
    return config


def read_config(root: Path) -> NewsroomConfig:
    """Read and check `botbeat.yaml`; `NewsroomError` with positioned diagnostics if broken.

    Every problem is reported in one run: the model's (types, keys, severities, the time
    zone) and every unknown value of a closed set the model cannot know (rule ids in
    `rules.severity`, outcomes in `source_checks.fail_on`), each with its line and a
    did-you-mean (issue 10: a typo there passed silently).
    """

    def broken(rule: str, message: str, line: int = 1, col: int = 1) -> NewsroomError:
        diagnostic = diagnose(rule, CONFIG_NAME, line, col, message)
        return NewsroomError(f"{CONFIG_NAME} is broken: {message}", [diagnostic])

    try:
        loaded = load_fast(files.read_text(root / CONFIG_NAME, limit=CONFIG_LIMIT))
    except ReadProblem as exc:
        if exc.rule == "file-empty":
            raise broken(
                "file-empty",
                "the file is empty; it needs kinds, entities and topics "
                "(`botbeat init` writes one to start from)",
            ) from None
        raise broken(exc.rule, exc.message, exc.line, exc.col) from None
    if not isinstance(loaded.data, dict):
        raise broken("config-not-mapping", "it must be a mapping with kinds, entities and topics")
    problems = list(_unknown_values(loaded.data, loaded.positions))
    problems += _name_conflicts(loaded.data, loaded.positions)
    config: NewsroomConfig | None = None
    try:
        config = NewsroomConfig.model_validate(loaded.data)
    except ValidationError as exc:
        problems += diagnostics_from_validation(exc, loaded.positions, CONFIG_NAME, NewsroomConfig)
    if problems or config is None:
        problems.sort(key=lambda d: d.sort_key)
        if len(problems) == 1:
            raise NewsroomError(f"{CONFIG_NAME} is broken: {problems[0].message}", problems)
        raise NewsroomError(
            f"{CONFIG_NAME} is broken ({len(problems)} problems): fix it before articles "
            "can be checked",
            problems,
        )
    return config


def _name_conflicts(data: dict[str, Any], positions: yamlsafe.Positions) -> list[Diagnostic]:
    """A label or alias that also names another key of the same section: tools map free
    text ("security") to a key through these names, so each must lead to one key."""
    found = []
    for section, label in (("kinds", "label"), ("entities", "name"), ("topics", "label")):
        entries = data.get(section)
        if not isinstance(entries, dict):
            continue
        owner: dict[str, str] = {str(key).casefold(): str(key) for key in entries}
        for key, entry in entries.items():
            if not isinstance(entry, dict):
                continue
            aliases = entry.get("aliases")
            names: list[tuple[tuple[str | int, ...], Any]] = [((label,), entry.get(label))]
            names += (
                [(("aliases", i), a) for i, a in enumerate(aliases)]
                if isinstance(aliases, list)
                else []
            )
            for where, name in names:
                if not isinstance(name, str):
                    continue
                other = owner.setdefault(name.casefold(), str(key))
                if other != str(key):
                    line, col = positions.of_value((section, key, *where))
                    noun = section[:-1] if section != "entities" else "entity"
                    found.append(
                        diagnose(
                            "config-name-conflict",
                            CONFIG_NAME,
                            line,
                            col,
                            f"'{name}' of {noun} '{key}' also names {noun} '{other}': a name "
                            "must lead to one key; remove it from one of them",
                        )
                    )
    return found


def _unknown_values(data: dict[str, Any], positions: yamlsafe.Positions) -> Iterator[Diagnostic]:
    rules = data.get("rules")
    severity = rules.get("severity") if isinstance(rules, dict) else None
    for rule in severity if isinstance(severity, dict) else ():
        if str(rule) not in RULES:
            line, col = positions.of_key(("rules", "severity", rule))
            yield diagnose(
                "unknown-rule",
                CONFIG_NAME,
                line,
                col,
                f"rules.severity names no rule '{rule}'{did_you_mean(str(rule), RULES)}; "
                "rule ids are listed in docs/format.md",
            )
    checks = data.get("source_checks")
    fail_on = checks.get("fail_on") if isinstance(checks, dict) else None
    if isinstance(fail_on, list):
        from botbeat_cli.model.outcomes import FAILURES

        for index, outcome in enumerate(fail_on):
            if isinstance(outcome, str) and outcome not in FAILURES:
                line, col = positions.of_value(("source_checks", "fail_on", index))
                yield diagnose(
                    "unknown-outcome",
                    CONFIG_NAME,
                    line,
                    col,
                    f"source_checks.fail_on names no outcome '{outcome}'"
                    f"{did_you_mean(outcome, FAILURES)}; outcomes: {', '.join(FAILURES)}",
                )
