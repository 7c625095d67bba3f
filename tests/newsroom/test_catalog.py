"""The catalog: an article read whole through the one reader, and found by path or slug."""

from __future__ import annotations

import os

import pytest

from botbeat_cli.errors import NewsroomError, UsageError
from botbeat_cli.newsroom import catalog
from botbeat_cli.store.problems import ReadProblem
from tests.conftest import Newsroom


def test_read_article_gives_fields_positions_and_body(newsroom: Newsroom) -> None:
    newsroom.article("first-story", title="First story of the day at the lab")
    parsed = catalog.read_article(newsroom.root, "articles/2026/first-story.md")
    assert parsed.data["title"] == "First story of the day at the lab"
    assert parsed.positions.of_key(("title",)) == (2, 1)
    assert parsed.body.startswith("\n## Summary") or "## Summary" in parsed.body
    assert parsed.body_line > 2


def test_read_article_names_the_line_of_a_broken_front_matter(newsroom: Newsroom) -> None:
    newsroom.write("articles/2026/broken.md", "---\ntitle: [unclosed\n---\nBody.\n")
    with pytest.raises(ReadProblem) as caught:
        catalog.read_article(newsroom.root, "articles/2026/broken.md")
    assert caught.value.line >= 2


def test_read_article_does_not_follow_a_link_out_of_the_newsroom(newsroom: Newsroom) -> None:
    outside = newsroom.root.parent / "secret.md"
    outside.write_text("---\ntitle: not the newsroom's\n---\n", encoding="utf-8")
    os.symlink(outside, newsroom.root / "articles/escape.md")
    with pytest.raises(ReadProblem):
        catalog.read_article(newsroom.root, "articles/escape.md")


def test_find_article_by_slug_and_the_unreadable_named(newsroom: Newsroom) -> None:
    path = newsroom.article("found-story")
    assert catalog.find_article(newsroom.root, "found-story") == path
    newsroom.write("articles/2026/broken.md", "no fences at all\n")
    with pytest.raises(NewsroomError) as caught:
        catalog.find_article(newsroom.root, "broken", readable=True)
    assert "articles/2026/broken.md cannot be read" in str(caught.value)
    with pytest.raises(UsageError, match="found-story"):
        catalog.find_article(newsroom.root, "found-stroy")
