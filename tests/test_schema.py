"""`botbeat schema`: every sample article's front matter passes the exported schema (with the
jsonschema package, as the YAML language server would see it: dates as strings), broken
ones fail it, and botbeat.yaml passes its own."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from botbeat_cli.store.fastyaml import load_fast
from botbeat_cli.store.frontmatter import parse
from tests.conftest import PROJECT, Newsroom, Run, article_text


def as_yaml_ls_sees_it(value: Any) -> Any:
    """YAML 1.2's core schema, as editors' YAML servers read it: a date is a string."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_yaml_ls_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_yaml_ls_sees_it(v) for v in value]
    return value


def checker(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def test_every_sample_article_passes_the_exported_schema(run: Run) -> None:
    done = run("schema", cwd=PROJECT)
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    paths = sorted((PROJECT / "articles").rglob("*.md"))
    assert len(paths) >= 10
    clean = [p for p in paths if run("validate", str(p), cwd=PROJECT).returncode == 0]
    for path in clean:
        data = as_yaml_ls_sees_it(parse(path.read_text()).data)
        checker(schema).validate(data)
    topics = schema["properties"]["topics"]["items"]["anyOf"]
    assert {
        "const": "ai-agents",
        "description": "AI Agents (also written: agents, agentic AI)",
    } in topics


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"kind": "updat"}, "kind"),
        ({"topics": "[agents-ai]"}, "topics"),
        ({"title": "Short"}, "title"),
        ({"date": "25/02/2026"}, "date"),
        ({"url": "example.org/x"}, "source"),
        ({"status": "publishd"}, "status"),
    ],
)
def test_a_broken_front_matter_is_rejected_where_validate_rejects_it(
    newsroom: Newsroom, run: Run, fields: dict[str, str], where: str
) -> None:
    schema = json.loads(run("schema", cwd=newsroom.root).stdout)
    data = as_yaml_ls_sees_it(parse(article_text("broken-story", **fields)).data)
    errors = list(checker(schema).iter_errors(data))
    assert errors and errors[0].absolute_path[0] == where, [e.message for e in errors]
    newsroom.write("articles/2026/broken-story.md", article_text("broken-story", **fields))
    assert run("validate", cwd=newsroom.root).returncode == 1  # validate agrees


def test_write_stores_both_and_the_config_passes_its_own(newsroom: Newsroom, run: Run) -> None:
    done = run("schema", "--write", cwd=newsroom.root)
    assert done.stdout.splitlines() == ["wrote .botbeat/schema/article.schema.json",
                                        "wrote .botbeat/schema/botbeat.schema.json"]  # fmt: skip
    folder: Path = newsroom.root / ".botbeat" / "schema"
    config_schema = json.loads((folder / "botbeat.schema.json").read_text())
    config = load_fast((newsroom.root / "botbeat.yaml").read_text()).data
    checker(config_schema).validate(as_yaml_ls_sees_it(config))
    bad = {**config, "kinds": {"Not A Slug": {"label": "X"}}}
    assert list(checker(config_schema).iter_errors(bad))
