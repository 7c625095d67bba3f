"""`newsroom.docs`' cache: what a run parsed or `related --write` rewrote is a journal line,
not a rewrite of the whole cache, and what is loaded from entries, term store and journal
is what a parse of every file gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from botbeat_cli.newsroom import docs as docs_module
from botbeat_cli.newsroom.docs import Doc, cache_names, journal_name, load_docs
from botbeat_cli.store.cache import cache_dir
from tests.conftest import Newsroom

SECTIONS = ["Summary", "Editorial Opinion"]  # the template's required sections


def files(root: Path) -> list[Path]:
    """The entries, the term store and the journal."""
    entries, terms = (cache_dir(root) / name for name in cache_names(SECTIONS))
    return [entries, terms, entries.with_name(journal_name(entries.name))]


def stamps(root: Path) -> list[int | None]:
    return [os.stat(p).st_mtime_ns if p.exists() else None for p in files(root)]


def seen(docs: list[Doc]) -> list[tuple[object, ...]]:
    """Everything a document holds but its stat, terms as a plain dict."""
    return [
        (
            d.path,
            d.slug,
            d.title,
            d.day,
            d.entity,
            d.status,
            list(d.topics),
            dict(d.terms),
            d.stored,
            d.source,
            d.digest,
        )
        for d in docs
    ]


@pytest.fixture
def room(newsroom: Newsroom) -> Newsroom:
    for n in range(12):
        newsroom.article(f"story-{n}", date=f"2026-03-{n + 1:02d}")
    load_docs(newsroom.root)
    return newsroom


def test_a_new_article_is_a_journal_line_and_loads_as_a_parse_would(room: Newsroom) -> None:
    before = stamps(room.root)
    assert before[2] is None  # saved whole: no journal
    room.article("story-wafer", date="2026-03-20")
    room.write("articles/2026/broken.md", "---\ntitle: [unclosed\n---\n")
    first, unread = load_docs(room.root)
    after = stamps(room.root)
    assert after[:2] == before[:2] and after[2] is not None  # entries and store untouched
    lines = [json.loads(line) for line in files(room.root)[2].read_text().splitlines()]
    assert [line["entry"] is None for line in lines] == [False, True]  # the new, the broken
    assert "wafer" in lines[0]["terms"]
    again, unread_again = load_docs(room.root)
    assert stamps(room.root) == after  # nothing parsed again
    fresh, unread_fresh = load_docs(room.root, use_cache=False)
    assert seen(first) == seen(again) == seen(fresh)
    assert unread == unread_again == unread_fresh == ["articles/2026/broken.md"]


def test_a_rewrite_by_related_write_is_a_journal_line_too(room: Newsroom) -> None:
    from botbeat_cli.store.cache import digest_of
    from botbeat_cli.store.rewrite import set_values

    path = room.root / "articles" / "2026" / "story-3.md"
    old = path.read_bytes()
    lists = {"more_from": ["story-1"], "suggested": ["story-2"]}
    text = set_values(old.decode(), [(("related", k), v) for k, v in lists.items()])
    path.write_text(text)
    before = stamps(room.root)
    rel = "articles/2026/story-3.md"
    rewrite = (digest_of(old), digest_of(text.encode()), lists)
    assert docs_module.remember_rewrites(room.root, SECTIONS, [rewrite]) == 1
    assert stamps(room.root)[:2] == before[:2]
    loaded, _ = load_docs(room.root)
    assert stamps(room.root)[:2] == before[:2]  # not parsed: the journal said what it holds
    (doc,) = [d for d in loaded if d.path == rel]
    assert doc.stored == lists and doc.base == digest_of(old)
    fresh = load_docs(room.root, use_cache=False)[0]
    assert [row[:-1] for row in seen(loaded)] == [row[:-1] for row in seen(fresh)]


def test_a_journal_line_cut_short_or_read_twice_changes_nothing(room: Newsroom) -> None:
    room.article("story-lithography", date="2026-03-20")
    load_docs(room.root)
    journal = files(room.root)[2]
    line = journal.read_bytes()
    journal.write_bytes(line + line + line[: len(line) // 2])  # twice, then half of it
    loaded, _ = load_docs(room.root)
    assert seen(loaded) == seen(load_docs(room.root, use_cache=False)[0])


def test_a_full_journal_or_many_unused_rows_save_the_cache_whole(
    room: Newsroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docs_module, "JOURNAL_BYTES", 10)
    room.article("story-over", date="2026-03-20")
    before = stamps(room.root)
    loaded, _ = load_docs(room.root)
    after = stamps(room.root)
    assert after[0] != before[0] and after[1] != before[1] and after[2] is None
    assert seen(loaded) == seen(load_docs(room.root, use_cache=False)[0])
    monkeypatch.setattr(docs_module, "JOURNAL_BYTES", 2**20)
    for n in range(12):  # every article edited: the store's rows no longer used
        path = room.root / "articles" / "2026" / f"story-{n}.md"
        path.write_text(path.read_text().replace("Summary text about", "Edited summary of"))
        os.utime(path, ns=(0, 0))  # not within the racy window
    loaded, _ = load_docs(room.root)
    assert stamps(room.root)[2] is None  # saved whole, the unused rows dropped
    assert seen(loaded) == seen(load_docs(room.root, use_cache=False)[0])
