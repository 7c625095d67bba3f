"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one log format for
`validate`, `related --check` and `sources`, each finding a `Diagnostic`.

- every rule the command can report is in the driver's `rules`, with its description and
  default level, so a viewer can explain a rule that found nothing this time;
- each rule's `helpUri` is its section of docs/rules.md under the package's Documentation
  URL (pyproject.toml's `[project.urls]`);
- a result's region is its line and column (Unicode code points, as botbeat counts);
- `partialFingerprints` hash the rule, the file and the message, not the line, so code
  scanning follows a finding across commits that move it; the same finding twice in one
  file is told apart by its rank.

The text comes from articles and servers: JSON escapes it (`formatters.dumps`).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from typing import TextIO

from botbeat_cli.diagnostics import Diagnostic, Report, Severity
from botbeat_cli.formatters import dumps, emit

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT = "botbeat/v1"
Rules = Mapping[str, tuple[Severity, str]]


def log(findings: Sequence[Diagnostic], rules: Rules, *, command: str) -> str:
    """The SARIF log of one run of `botbeat COMMAND` that found `findings`; `rules` is every
    rule id the command can report, with its default severity and what it checks."""
    from botbeat_cli import __version__

    index = {rule: position for position, rule in enumerate(rules)}
    driver = {
        "name": "botbeat",
        "semanticVersion": __version__,
        "version": __version__,
        "rules": [_descriptor(rule, *rules[rule]) for rule in rules],
    }
    seen: dict[tuple[str, str, str], int] = {}
    results = []
    for finding in sorted(findings, key=lambda d: d.sort_key):
        key = (finding.rule, finding.path, finding.message)
        rank = seen[key] = seen.get(key, -1) + 1
        results.append(_result(finding, index.get(finding.rule), rank))
    run = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"botbeat/{command}/"},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"SRCROOT": {"description": {"text": "the newsroom root"}}},
        "results": results,
    }
    return dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]})


def render(report: Report, out: TextIO, err: TextIO) -> None:
    """`validate --format sarif`: the log on stdout, the summary on stderr."""
    from botbeat_cli.rules import RULES

    emit(log(report.diagnostics, RULES, command="validate"), out)
    err.write(report.summary() + "\n")


def _descriptor(rule: str, severity: Severity, what: str) -> dict[str, object]:
    from botbeat_cli.rules import HOWTO

    text = what[0].upper() + what[1:]
    example, fix = HOWTO.get(rule, ("", ""))
    help_text = f"{text}. For example: {example}. Fix: {fix}." if fix else f"{text}."
    descriptor: dict[str, object] = {
        "id": rule,
        "name": "".join(part.capitalize() for part in rule.split("-")),
        "shortDescription": {"text": text},
        "fullDescription": {"text": f"{text}. botbeat rule '{rule}', {severity.value} by default."},
        "help": {"text": help_text + " (`botbeat rules` lists every rule.)"},
        "defaultConfiguration": {"level": severity.value},
    }
    if docs := docs_url():
        descriptor["helpUri"] = f"{docs}/rules.md#{rule}"
    return descriptor


@functools.cache
def docs_url() -> str | None:
    """The Documentation URL of the installed package, or None when its metadata does not
    say (a copy run from a source tree without installing)."""
    from importlib import metadata

    try:
        urls: list[str] = metadata.metadata("botbeat").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip().startswith("https://"):
            return url.strip().rstrip("/")
    return None


def _result(finding: Diagnostic, rule_index: int | None, rank: int) -> dict[str, object]:
    digest = hashlib.sha256(
        "\0".join((finding.rule, finding.path, finding.message, str(rank))).encode()
    ).hexdigest()
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "level": finding.severity.value,
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path), "uriBaseId": "SRCROOT"},
                    "region": {"startLine": finding.line, "startColumn": finding.col},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: digest[:32]},
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    return result


def _uri(path: str) -> str:
    """A relative URI reference: the path, with what a URI cannot hold percent-encoded."""
    from urllib.parse import quote

    return quote(path, safe="/-._~")
