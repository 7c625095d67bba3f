"""One lenient reading of an article (issue 10, defect 5): the same odd files give the same
values in every command, and no command fails on them."""

from __future__ import annotations

import json

import pytest

from botbeat_cli.cli import main
from botbeat_cli.config import load_config
from botbeat_cli.newsroom import catalog, fields
from botbeat_cli.newsroom.docs import load_docs
from botbeat_cli.preview import gather
from botbeat_cli.store import files, frontmatter
from tests.conftest import Newsroom

ODD = {
    "entity": "[anthropic, openai]",
    "status": "7",
    "kind": "{a: b}",
}


@pytest.fixture
def odd(newsroom: Newsroom) -> Newsroom:
    newsroom.article("odd-story", **ODD)
    newsroom.article("plain-story", date="2026-02-20")
    return newsroom


def test_every_reader_sees_the_same_fields(odd: Newsroom) -> None:
    path = odd.root / "articles/2026/odd-story.md"
    read = fields.read(frontmatter.parse(files.read_text(path)).data)
    assert (read.entity, read.status, read.kind) == ("", "", "")
    entry = next(e for e in catalog.load(odd.root).entries if e.slug == "odd-story")
    doc = next(d for d in load_docs(odd.root)[0] if d.slug == "odd-story")
    page = gather(odd.root, load_config(odd.root), path)
    for seen in (entry, doc, page.entry):
        assert (seen.entity, seen.status, seen.kind if hasattr(seen, "kind") else "") == (
            "", "", ""
        )  # fmt: skip
    assert entry.title == doc.title == page.entry.title == read.title
    assert list(entry.topics) == list(doc.topics) == list(read.topics)


def test_odd_values_in_every_command(odd: Newsroom, capsys: pytest.CaptureFixture[str]) -> None:
    root = ["--root", str(odd.root)]
    assert main(["list", "--format", "json", *root]) == 0
    listed = {item["slug"]: item for item in json.loads(capsys.readouterr().out)}
    assert (listed["odd-story"]["entity"], listed["odd-story"]["status"]) == ("", "")
    assert main(["related", "plain-story", "--format", "json", *root]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert "['anthropic', 'openai']" not in json.dumps(shown)
    for command in (
        ["tag", "list"], ["tag", "suggest", "odd-story"], ["preview", "odd-story", "--width", "80"],
        ["related", "--check"], ["validate"],
    ):  # fmt: skip
        code = main([*command, *root])
        out, err = capsys.readouterr()
        assert code in (0, 1), (command, err)
        assert "unexpected error" not in err and "['anthropic', 'openai']" not in out


def test_the_keys_are_the_models_in_its_order() -> None:
    from botbeat_cli.model.article import Article

    assert tuple(Article.model_fields) == fields.KEYS
