"""`--format sarif` of validate, related --check and sources: valid SARIF 2.1.0 (checked
against the OASIS schema shipped in tests/sarif/), each finding at its line and column, and
fingerprints that follow a finding when the lines above it change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Newsroom, Run
from tests.test_sources import Server

P = "articles/2026/"
DOCS = "https://github.com/botbeat/botbeat/blob/main/docs"  # pyproject.toml's Documentation
SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json").read_text())
SECTIONS = (Path(__file__).parents[1] / "docs" / "rules.md").read_text().splitlines()


def valid(text: str) -> dict[str, Any]:
    import jsonschema

    log: dict[str, Any] = json.loads(text)
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    return log


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:  # each rule's help is its own section of docs/rules.md
        assert rule["helpUri"] == f"{DOCS}/rules.md#{rule['id']}"
        assert f"### {rule['id']}" in SECTIONS
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    return list(run["results"])


def region(result: dict[str, Any]) -> tuple[str, int, int]:
    location = result["locations"][0]["physicalLocation"]
    where = location["region"]
    return location["artifactLocation"]["uri"], where["startLine"], where["startColumn"]


def test_validate_sarif_is_valid_and_placed(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("good-story")
    bad = newsroom.article("bad-story", kind="updat")
    done = run("validate", "--format", "sarif", cwd=newsroom.root)
    assert done.returncode == 1
    log = valid(done.stdout)
    (found,) = results(log)
    assert found["ruleId"] == "unknown-kind" and found["level"] == "error"
    assert region(found) == (P + "bad-story.md", 4, 7)
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["similar-title"]["defaultConfiguration"]["level"] == "warning"
    assert rules["unknown-kind"]["shortDescription"]["text"].startswith("Kind is not a key")
    assert done.stderr == "2 files checked: 1 error, 0 warnings\n"

    # a line added above the finding moves it, and code scanning still knows it
    bad.write_text(bad.read_text().replace("date:", "authors: [Editor]\ndate:"))
    (moved,) = results(valid(run("validate", "--format", "sarif", cwd=newsroom.root).stdout))
    assert region(moved) == (P + "bad-story.md", 5, 7)
    assert moved["partialFingerprints"] == found["partialFingerprints"]


def test_validate_sarif_on_the_plain_fast_path(newsroom: Newsroom) -> None:
    """pre-commit's plain call skips Typer: sarif is one of its formats too (a process)."""
    import subprocess

    from tests.conftest import botbeat_command

    newsroom.article("bad-story", kind="updat")
    done = subprocess.run([*botbeat_command(), "validate", "-f", "sarif"], cwd=newsroom.root,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert [r["ruleId"] for r in results(valid(done.stdout))] == ["unknown-kind"]


def test_related_check_sarif(newsroom: Newsroom, run: Run) -> None:
    slugs = ("first-story", "second-story", "third-story")
    for slug in slugs:
        newsroom.article(slug)
    done = run("related", "--check", "--format", "sarif", cwd=newsroom.root)
    assert done.returncode == 1
    found = results(valid(done.stdout))
    assert {r["ruleId"] for r in found} == {"related-stale"}
    assert {region(r)[0] for r in found} == {P + f"{slug}.md" for slug in slugs}
    assert all(region(r)[1:] == (2, 1) for r in found)  # no related: key yet: the first key
    assert run("related", "--write", cwd=newsroom.root).returncode == 0
    clean = run("related", "--check", "--format", "sarif", cwd=newsroom.root)
    assert clean.returncode == 0 and results(valid(clean.stdout)) == []
    newsroom.write(P + "broken-merge.md", "---\ntitle: [a broken merge\n---\n")
    unread = run("related", "--check", "--format", "sarif", cwd=newsroom.root)
    assert unread.returncode == 1  # nothing stale, but one article could not be checked
    found = results(valid(unread.stdout))
    assert [(r["ruleId"], region(r)) for r in found] == [
        ("related-unread", (P + "broken-merge.md", 3, 1))
    ]
    misuse = run("related", "--format", "sarif", "first-story", cwd=newsroom.root)
    assert misuse.returncode == 2 and "are for --check" in misuse.stderr


@pytest.fixture
def server() -> Any:
    s = Server()
    yield s
    s.close()


def test_sources_sarif(newsroom: Newsroom, run: Run, server: Server) -> None:
    newsroom.article("fine-story", url=f"{server.base}/ok")
    newsroom.article("gone-story", url=f"{server.base}/missing")
    done = run("sources", "--allow-private", "--format", "sarif", cwd=newsroom.root)
    assert done.returncode == 1
    log = valid(done.stdout)
    (found,) = results(log)
    assert found["ruleId"] == "source-broken" and found["level"] == "error"
    assert region(found) == (P + "gone-story.md", 11, 8)
    assert f"{server.base}/missing is broken (404)" in found["message"]["text"]
    rules = {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {"source-broken", "source-timeout", "source-refused"} <= rules
