"""What botbeat writes reads back as the same strings under YAML 1.1 (PyYAML, as
python-frontmatter and many site generators read it) and YAML 1.2 (ruamel) (issue 10,
defect 8)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from botbeat_cli.cli import main
from botbeat_cli.new_article import render
from botbeat_cli.store.frontmatter import split
from botbeat_cli.store.quoting import ambiguous
from botbeat_cli.store.rewrite import set_in_yaml, set_value
from tests.conftest import Newsroom, article_text
from tests.depth import examples

TRICKY = [
    "No", "no", "NO", "nO", "Yes", "yEs", "y", "Y", "n", "N", "on", "Off", "true", "False",
    "~", "null", "Null", "NULL", "0777", "0o17", "0x1F", "0b101", "1_000", "12:30", "1:02:03",
    "2026-01-01", "2026-01-01 10:00:00", "3.5", "1e3", ".inf", "-.Inf", ".nan", "+1", "-7",
    "123", "2026", "=", "<<", "Claude 3", "plain-words",
]  # fmt: skip


def both_readings(text: str) -> tuple[Any, Any]:
    return yaml.safe_load(text), YAML(typ="safe", pure=True).load(io.StringIO(text))


def front_matter(article: str) -> str:
    return split(article).front_matter


@pytest.mark.parametrize("value", TRICKY)
def test_new_writes_every_string_so_both_readers_agree(value: str) -> None:
    text = render(
        f"A title about {value}", date(2026, 2, 25), value, value, [value, "ai-agents"],
        [value, "Second takeaway."], value, "https://example.org/a", "draft", ["Summary"],
    )  # fmt: skip
    for data in both_readings(front_matter(text)):
        assert data["takeaways"][0] == value
        assert data["topics"][0] == value
        assert data["kind"] == value and data["entity"] == value
        assert data["source"]["label"] == value


@pytest.mark.parametrize("value", TRICKY)
def test_rewrites_quote_like_new(value: str) -> None:
    text = article_text("some-story")
    text = set_value(text, ("topics",), [value, "ai-agents"])  # a flow list
    text = set_value(text, ("takeaways",), [value, "Other."])  # a block list
    text = set_value(text, ("source", "label"), value)  # a new scalar
    text = set_value(text, ("status",), value)  # a plain scalar replaced
    for data in both_readings(front_matter(text)):
        assert data["topics"] == [value, "ai-agents"]
        assert data["takeaways"] == [value, "Other."]
        assert data["source"]["label"] == value and data["status"] == value


@settings(max_examples=examples(2000), deadline=None)
@given(st.text(alphabet="0123456789:._-~+ eEoOxXyYnNabfl", min_size=1, max_size=12))
def test_any_short_string_reads_back_the_same(value: str) -> None:
    if value != value.strip() or value.startswith(("-", "~ ", ": ")):
        value = value.strip() or "x"
    config = set_in_yaml(
        "topics:\n  a-key: {label: A, aliases: []}\n", ("topics", "a-key", "aliases"), [value]
    )
    text = set_value(article_text("some-story"), ("takeaways",), [value, "Other."])
    for data in both_readings(front_matter(text)):
        assert data["takeaways"][0] == value
    for data in both_readings(config):
        assert data["topics"]["a-key"]["aliases"] == [value]


def test_the_quoting_rule() -> None:
    # YAML 1.2's own (0o17, 1e3) are ruamel's to quote, and it does
    assert [t for t in TRICKY if not ambiguous(t)] == ["0o17", "1e3", "Claude 3", "plain-words"]


def test_new_and_tag_through_the_cli(newsroom: Newsroom) -> None:
    root = ["--root", str(newsroom.root)]
    assert main(["new", "No Means No For The Agents", "--entity", "anthropic", "--kind",
                 "update", "--topic", "product-launch", "--takeaway", "No", "--takeaway", "12:30",
                 "--source-url", "https://example.org/no", *root]) == 0  # fmt: skip
    path = next((newsroom.root / "articles").rglob("*.md"))
    data = yaml.safe_load(front_matter(path.read_text()))
    assert data["takeaways"] == ["No", "12:30"]
    assert main(["tag", "rename", "product-launch", "launches", "--apply", *root]) == 0
    config = yaml.safe_load((newsroom.root / "botbeat.yaml").read_text())
    assert "product-launch" in config["topics"]["launches"]["aliases"]
    assert yaml.safe_load(front_matter(path.read_text()))["topics"] == ["launches"]
