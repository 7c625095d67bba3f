"""`botbeat fmt`: the format page's layout, the same data always, idempotent on every
sample article, on Reuters and on hostile files; checks and diffs write nothing."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from botbeat_cli.fmt import ORDER, NotFormatted, format_text, plan
from botbeat_cli.store.frontmatter import parse
from tests.conftest import PROJECT, Newsroom, Run
from tests.depth import examples

P = "articles/2026/"
REUTERS = PROJECT.parent / "shared" / "corpora" / "reuters-21578" / "newsroom"

MESSY = """---
status:   published
title: A headline that is long enough{SPACES}
# who the story is filed under
entity: anthropic
topics:
  - ai-agents
  - ethics-bias
kind: update
date: 2026-02-25
takeaways:
  - One.
  - no
source:
  url: https://example.org/x
---
## Summary

Text.""".replace("{SPACES}", "   ")  # trailing spaces, spelt out

TIDY = """---
title: A headline that is long enough
date: 2026-02-25
kind: update
# who the story is filed under
entity: anthropic
topics: [ai-agents, ethics-bias]
takeaways:
  - One.
  - 'no'
source:
  url: https://example.org/x
status: published
---

## Summary

Text.
"""


def test_the_format_pages_layout() -> None:
    assert format_text(MESSY) == TIDY
    assert format_text(TIDY) == TIDY
    assert parse(TIDY).data == parse(MESSY).data | {"takeaways": ["One.", "no"]}


def test_crlf_front_matter_stays_crlf_and_the_body_is_untouched() -> None:
    crlf = MESSY.replace("\n", "\r\n") + "\r\n"
    out = format_text(crlf)
    assert out.startswith("---\r\ntitle: A headline that is long enough\r\n")
    assert out.endswith("## Summary\r\n\r\nText.\r\n")


def test_broken_yaml_is_left_as_it_is() -> None:
    try:
        format_text("---\ntitle: [unclosed\n---\nbody\n")
    except NotFormatted as exc:
        assert "run botbeat validate" in exc.reason
    else:
        raise AssertionError("formatted a broken file")


def test_nothing_to_do_on_the_sample_newsroom_and_on_reuters() -> None:
    for root in (PROJECT, REUTERS):
        if not root.is_dir():
            continue
        paths = sorted((root / "articles").rglob("*.md"))
        done = plan(root, paths)
        assert (done.edits, done.left) == ([], []), root
        assert done.unchanged == len(paths)


def test_check_diff_and_write(newsroom: Newsroom, run: Run) -> None:
    path = newsroom.write(P + "messy-one.md", MESSY)
    check = run("fmt", "--check", cwd=newsroom.root)
    assert check.returncode == 1 and path.read_text() == MESSY
    assert check.stdout.splitlines() == [f"would reformat {P}messy-one.md",
                                         "1 file(s) would reformat, 0 unchanged"]  # fmt: skip
    diff = run("fmt", "--diff", cwd=newsroom.root)
    assert f"--- a/{P}messy-one.md" in diff.stdout and "+topics: [ai-agents, ethics-bias]" in (
        diff.stdout) and path.read_text() == MESSY  # fmt: skip
    found = run("validate", "--format", "json", cwd=newsroom.root).stdout
    done = run("fmt", P + "messy-one.md", cwd=newsroom.root)
    assert done.returncode == 0 and path.read_text() == TIDY
    assert run("fmt", "--check", cwd=newsroom.root).returncode == 0
    after = run("validate", "--format", "json", cwd=newsroom.root).stdout
    rules = [[d["rule"], d["message"]] for d in json.loads(found)]
    assert [[d["rule"], d["message"]] for d in json.loads(after)] == rules  # the same problems


def test_hostile_files_are_left_or_formatted_meaning_the_same(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "newsroom"
    shutil.copytree(PROJECT / "tests" / "hostile" / "newsroom", root, symlinks=True)
    before = {p: p.read_bytes() for p in (root / "articles").rglob("*.md") if p.is_file()}
    done = run("fmt", cwd=root)
    assert done.returncode == 1 and "unexpected error" not in done.stderr
    assert "left as it is" in done.stdout
    for path, old in before.items():
        new = path.read_bytes()
        if new != old:
            assert parse(new.decode("utf-8-sig")).data == parse(old.decode("utf-8-sig")).data
    again = run("fmt", "--check", cwd=root)
    assert "0 file(s) would reformat" in again.stdout


def test_a_newsroom_shared_out_to_workers_formats_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large newsroom is formatted on every core (`fmt.PARALLEL_FROM`): the hostile
    newsroom and messy articles, each slice in a forked worker, give the plan of one
    process, edit for edit and in the same order."""
    import botbeat_cli.fmt as formatter

    root = tmp_path / "newsroom"
    shutil.copytree(PROJECT / "tests" / "hostile" / "newsroom", root, symlinks=True)
    for index in range(12):
        (root / P / f"messy-{index}.md").write_text(MESSY)
    paths = sorted((root / "articles").rglob("*.md"))
    alone = plan(root, paths)
    monkeypatch.setattr(formatter, "PARALLEL_FROM", 2)
    shared = plan(root, paths)
    assert len(alone.edits) >= 12 and alone.left
    for made in (alone, shared):
        assert made.unchanged + len(made.edits) + len(made.left) == len(paths)
    assert [(o.path, o.raw, text) for o, text in shared.edits] == [
        (o.path, o.raw, text) for o, text in alone.edits
    ]
    assert (shared.unchanged, shared.left) == (alone.unchanged, alone.left)


FIELDS = {
    "title": "title: A headline that is long enough",
    "date": "date: 2026-02-25",
    "kind": "kind: update",
    "entity": "entity: anthropic",
    "takeaways": "takeaways:\n  - First point.\n  - on",
    "source": "source:\n  url: https://example.org/story\n  label: Example",
    "status": "status: draft",
    "authors": "authors: [Jane Doe, 'O''Brien']",
    "related": "related:\n  suggested: [other-story]",
    "extra": "extra: kept",
}


@settings(max_examples=examples(300), deadline=None)
@given(seed=st.integers(0, 10**9), spaces=st.integers(1, 3), trailing=st.booleans(),
       block_topics=st.booleans(), comments=st.booleans())  # fmt: skip
def test_any_order_and_spacing_formats_to_the_same_data_once(
    seed: int, spaces: int, trailing: bool, block_topics: bool, comments: bool
) -> None:
    rng = random.Random(seed)
    fields = dict(FIELDS)
    fields["topics"] = ("topics:\n  - ai-agents\n  - ethics-bias" if block_topics
                        else "topics: [ai-agents, ethics-bias]")  # fmt: skip
    names = list(fields)
    rng.shuffle(names)
    lines = []
    for name in names:
        if comments and rng.random() < 0.3:
            lines.append(f"# about {name}")
        for line in fields[name].split("\n"):
            line = line.replace(": ", ":" + " " * spaces, 1) if not line.startswith(" ") else line
            lines.append(line + ("  " if trailing else ""))
    text = "---\n" + "\n".join(lines) + "\n---\nThe body, as it was.\n"
    out = format_text(text)
    assert parse(out).data == parse(text).data
    assert format_text(out) == out
    keys = [k for k in parse(out).data if k in ORDER]
    assert keys == [k for k in ORDER if k in keys]
    assert out.endswith("---\n\nThe body, as it was.\n")
    for line in lines:
        if line.startswith("#"):
            assert line in out.split("\n")
