"""`botbeat rules`: the registry as text, JSON and the docs' table, so the docs, SARIF and
the command cannot differ."""

from __future__ import annotations

import json
import re

from botbeat_cli.rules import CONFIG_RULES, HOWTO, RULES, markdown_table
from tests.conftest import PROJECT, Run


def _generated(doc: str) -> list[str]:
    return re.findall(r"<!-- generated from botbeat_cli/rules[^>]*-->\n(.*?)<!-- end of generated",
                      doc, re.S)  # fmt: skip


def test_the_docs_tables_are_the_registry(run: Run) -> None:
    doc = (PROJECT / "docs" / "format.md").read_text()
    assert _generated(doc) == [markdown_table(RULES), markdown_table(CONFIG_RULES)]
    shown = run("rules", "--format", "markdown", cwd=PROJECT)
    assert shown.stdout == markdown_table(RULES)
    assert run("rules", "--format", "markdown", "--config", cwd=PROJECT).stdout == (
        markdown_table(CONFIG_RULES)
    )


def test_every_rule_has_an_example_and_a_fix() -> None:
    assert set(HOWTO) == set(RULES) | set(CONFIG_RULES)
    assert all(example and fix for example, fix in HOWTO.values())


def test_one_rule_as_text_and_all_as_json(run: Run) -> None:
    one = run("rules", "title-length", cwd=PROJECT)
    assert one.returncode == 0
    assert one.stdout == (
        "title-length (error): title outside 10 to 120 characters after trimming\n"
        "  e.g.  title: Short\n"
        "  fix:  write a headline of 10 to 120 characters\n"
    )
    rows = json.loads(run("rules", "--format", "json", cwd=PROJECT).stdout)
    assert [r["id"] for r in rows] == [*RULES, *CONFIG_RULES]
    assert {r["applies_to"] for r in rows} == {"articles", "botbeat.yaml"}
    assert rows[0] == {"id": "file-empty", "severity": "error", "checks": RULES["file-empty"][1],
                       "example": HOWTO["file-empty"][0], "fix": HOWTO["file-empty"][1],
                       "applies_to": "articles"}  # fmt: skip


def test_an_unknown_rule_is_a_usage_error_with_a_hint(run: Run) -> None:
    done = run("rules", "simlar-title", cwd=PROJECT)
    assert done.returncode == 2
    assert "unknown rule 'simlar-title' (did you mean 'similar-title'?)" in done.stderr


def test_sarif_rule_help_is_the_registrys(run: Run) -> None:
    from botbeat_cli.formatters.sarif import log

    rules = json.loads(log([], RULES, command="validate"))["runs"][0]["tool"]["driver"]["rules"]
    similar = next(r for r in rules if r["id"] == "similar-title")
    assert HOWTO["similar-title"][1] in similar["help"]["text"]
