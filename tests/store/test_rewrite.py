"""Round-trip edits: only the value the command means to change moves, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from botbeat_cli.errors import BotbeatError
from botbeat_cli.store.frontmatter import parse
from botbeat_cli.store.rewrite import set_value, set_values
from tests.conftest import PROJECT
from tests.depth import examples

COMMENTED = """\
---
# a comment at the top
title: "Quoted Title Stays Quoted"   # trailing comment
date: 2026-02-25
topics: [large-language-models,   ethics-bias]  # odd spacing kept
takeaways:
    - One     # deep indent
    - Two
source: {url: https://example.org/a}
related:
  pinned: [keep-me]
  more_from:
    - old-one
    # a comment between items goes with the value
    - old-two
  # a comment after the list stays
  suggested: []
status: published
---

## Summary

Body   with  spaces\t
"""


def test_block_list_replaced_in_place() -> None:
    out = set_value(COMMENTED, ("related", "more_from"), ["new-one", "new-two", "new-three"])
    assert out == COMMENTED.replace(
        "    - old-one\n    # a comment between items goes with the value\n    - old-two\n",
        "    - new-one\n    - new-two\n    - new-three\n",
    )


def test_flow_list_stays_flow_and_trailing_comment_stays() -> None:
    out = set_value(COMMENTED, ("topics",), ["ai-safety-alignment"])
    assert out == COMMENTED.replace(
        "[large-language-models,   ethics-bias]", "[ai-safety-alignment]"
    )


def test_quoted_scalar_keeps_its_quotes() -> None:
    out = set_value(COMMENTED, ("title",), "A New Title")
    assert out == COMMENTED.replace('"Quoted Title Stays Quoted"', '"A New Title"')


def test_value_inside_flow_mapping() -> None:
    out = set_value(COMMENTED, ("source", "url"), "https://x.com/a")
    assert out == COMMENTED.replace("{url: https://example.org/a}", "{url: https://x.com/a}")


def test_missing_key_is_added_at_the_end_of_its_mapping() -> None:
    text = "---\ntitle: T\nstatus: draft\n---\nBody\n"
    assert set_value(text, ("related", "suggested"), ["a-b"]) == (
        "---\ntitle: T\nstatus: draft\nrelated:\n  suggested: [a-b]\n---\nBody\n"
    )
    assert set_value(text, ("authors",), ["Ann"]) == (
        "---\ntitle: T\nstatus: draft\nauthors: [Ann]\n---\nBody\n"
    )


def test_scalar_needing_quotes_gets_them() -> None:
    text = "---\ntitle: Plain\n---\n"
    assert set_value(text, ("title",), "Colon: inside # and hash") == (
        "---\ntitle: 'Colon: inside # and hash'\n---\n"
    )


def test_crlf_file_stays_crlf() -> None:
    text = "---\r\ntitle: T\r\ntopics: [a]\r\n---\r\nBody\r\n"
    assert set_value(text, ("topics",), ["b", "c"]) == (
        "---\r\ntitle: T\r\ntopics: [b, c]\r\n---\r\nBody\r\n"
    )


def test_editing_into_a_scalar_is_refused() -> None:
    with pytest.raises(BotbeatError):
        set_value("---\nsource: plain\n---\n", ("source", "url"), "https://a.b")


SAMPLES = sorted((PROJECT / "articles").rglob("*.md"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_setting_each_value_to_itself_changes_no_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = parse(text).data
    for key in ("title", "kind", "entity", "topics", "status"):
        assert set_value(text, (key,), data[key]) == text, key
    assert set_value(text, ("source", "url"), data["source"]["url"]) == text


def test_flow_items_that_need_quotes_get_them() -> None:
    from botbeat_cli.store.frontmatter import parse

    text = "---\ntopics: [a]\n---\n"
    out = set_value(text, ("topics",), ["A, B", "x: y", "&anchor", "plain words", "#tag"])
    assert out == '---\ntopics: ["A, B", "x: y", "&anchor", plain words, "#tag"]\n---\n'
    assert parse(out).data["topics"] == ["A, B", "x: y", "&anchor", "plain words", "#tag"]


def test_yaml_documents_rename_delete_and_flow_insert() -> None:
    from botbeat_cli.store.rewrite import delete_key, rename_key, set_in_yaml

    text = "# vocabulary\ntopics:\n  old-key: {label: Old}   # keep me\n  other: {label: O}\n"
    renamed = rename_key(text, ("topics", "old-key"), "new-key")
    assert renamed == text.replace("old-key:", "new-key:")
    aliased = set_in_yaml(renamed, ("topics", "new-key", "aliases"), ["old-key"])
    assert "  new-key: {label: Old, aliases: [old-key]}   # keep me\n" in aliased
    assert delete_key(aliased, ("topics", "other")) == aliased.replace("  other: {label: O}\n", "")
    assert delete_key("a: {x: 1, y: 2}\n", ("a", "x")) == "a: {y: 2}\n"
    assert delete_key("a: {x: 1, y: 2}\n", ("a", "y")) == "a: {x: 1}\n"


def test_a_block_list_edit_keeps_the_items_comments_and_quotes() -> None:
    text = (
        "---\ntopics:\n  - large-language-models   # the main one\n  # why the next\n"
        "  - \"ethics-bias\"\n  - 'privacy'  # last\nstatus: draft\n---\nbody\n"
    )
    renamed = set_value(text, ("topics",), ["large-language-models", "ethics", "privacy"])
    assert renamed == text.replace('"ethics-bias"', '"ethics"')
    added = set_value(text, ("topics",), ["large-language-models", "ethics-bias", "privacy", "x"])
    assert added == text.replace("# last\n", "# last\n  - x\n")
    removed = set_value(text, ("topics",), ["large-language-models", "privacy"])
    assert removed == text.replace('  - "ethics-bias"\n', "")


@pytest.mark.parametrize(
    ("front", "path"),
    [
        ("topics: &t [a, b]\nrelated: {suggested: *t}\n", ("topics",)),
        ("topics: &t [a, b]\nrelated: {suggested: *t}\n", ("related", "suggested")),
        ("base: &b {more_from: [x]}\nrelated: *b\n", ("related", "more_from")),
        ("topics: [&one a, b]\nother: *one\n", ("topics",)),
    ],
)
def test_anchors_and_aliases_are_refused_not_half_edited(front: str, path: tuple[str, ...]) -> None:
    with pytest.raises(BotbeatError, match=r"YAML (alias|anchor)"):
        set_value(f"---\n{front}---\nbody\n", path, ["c"])


def test_mixed_line_endings_stay_mixed() -> None:
    text = "---\r\ntitle: A\r\ntopics: [a]\nstatus: draft\r\n---\nbody\r\n"
    edited = set_value(text, ("topics",), ["b"])
    assert edited == text.replace("[a]", "[b]")


def test_an_empty_related_gets_its_lists() -> None:
    text = "---\ntitle: A\nrelated:   # the tool's\nstatus: draft\n---\n"
    edited = set_value(text, ("related", "more_from"), ["x"])
    assert (
        edited == "---\ntitle: A\nrelated:\n  more_from: [x]   # the tool's\nstatus: draft\n---\n"
    )
    assert parse(edited + "\n").data["related"] == {"more_from": ["x"]}


SLUGS = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)


@settings(max_examples=examples(1500), deadline=None)
@given(
    st.lists(SLUGS, min_size=1, max_size=6, unique=True),
    st.lists(SLUGS, min_size=1, max_size=6, unique=True),
    st.booleans(),
    st.sampled_from(["\n", "\r\n"]),
)  # fmt: skip
def test_a_list_edit_reads_back_and_touches_only_its_lines(
    before: list[str], after: list[str], block: bool, newline: str
) -> None:
    """For any topic lists before and after, in block or flow style and with LF or CRLF:
    the edited file reads back with exactly the new list, every other key is unchanged,
    setting the same list again changes no byte, and the lines outside the list are the
    same bytes as before."""
    listed = (
        "topics:\n" + "".join(f"  - {t}   # c{i}\n" for i, t in enumerate(before))
        if block else f"topics: [{', '.join(before)}]  # flow\n"
    )  # fmt: skip
    text = "---\ntitle: 'A Title: With A Colon'\n" + listed + "status: draft\n---\n\nBody\n"
    text = text.replace("\n", newline)
    edited = set_value(text, ("topics",), after)
    data = parse(edited).data
    assert data == {"title": "A Title: With A Colon", "topics": after, "status": "draft"}
    assert set_value(edited, ("topics",), after) == edited
    head, tail = text.split("topics:")[0], text.split(f"status: draft{newline}")[1]
    assert edited.startswith(head) and edited.endswith(f"status: draft{newline}" + tail)


RELATED_FORMS = [
    "",  # no related mapping: both keys added with it
    "related:\n",  # null: the mapping is written there
    "related:   # kept\n  pinned: [keep-me]\n",
    "related: {pinned: [a]}\n",
    "related:\n  more_from: [a, b]\n",
    "related:\n  suggested:\n    - a   # c\n    - b\n",
    "related:\n  more_from:\n    - a\n  # between\n  suggested: []\n",
    "related:\n  suggested: [x]\n  more_from: [y]  # flow\n",
    "related: {more_from: [a], suggested: [b]}\n",
]


@settings(max_examples=examples(600), deadline=None)
@given(
    st.sampled_from(RELATED_FORMS),
    st.lists(SLUGS, max_size=4, unique=True),
    st.lists(SLUGS, max_size=4, unique=True),
    st.booleans(),
    st.sampled_from(["\n", "\r\n"]),
)  # fmt: skip
def test_several_edits_at_once_are_the_edits_one_after_another(
    related: str, more_from: list[str], suggested: list[str], last: bool, newline: str
) -> None:
    """`set_values` (one composition, what `related --write` uses) writes the same bytes as
    `set_value` twice, wherever `related` is and whatever shape it has."""
    body = f"title: A\nstatus: draft\n{related}" if last else f"title: A\n{related}status: draft\n"
    text = f"---\n{body}---\n\nBody\n".replace("\n", newline)
    edits = [(("related", "more_from"), more_from), (("related", "suggested"), suggested)]
    one_by_one = text
    for path, value in edits:
        one_by_one = set_value(one_by_one, path, value)
    assert set_values(text, edits) == one_by_one
    lists = parse(one_by_one).data["related"]
    assert (lists["more_from"], lists["suggested"]) == (more_from, suggested)


@pytest.mark.parametrize(
    "edits",
    [
        [(("a", "b", "c"), 1), (("a", "d"), [2, 3]), (("title",), "B")],
        [(("a", "b"), 1), (("a",), "flat")],  # the parent set after: it wins, as in turn
        [(("a",), {"x": 1}), (("a", "b"), 2)],  # the parent set first, then nested under
        [(("a", "b"), {"x": 1}), (("a", "b", "c"), 2), (("a", "d"), 3)],  # under a value
        [(("a", "b"), 1), (("a", "b"), 2)],  # one path twice: the last wins
    ],
)
def test_edits_under_a_missing_mapping_are_the_edits_one_after_another(
    edits: list[tuple[tuple[str, ...], object]],
) -> None:
    """Edits under one missing key are merged into one insert: the same bytes as in turn."""
    text = "---\ntitle: A  # kept\nstatus: draft\n---\n\nBody\n"
    one_by_one = text
    for path, value in edits:
        one_by_one = set_value(one_by_one, path, value)
    assert set_values(text, edits) == one_by_one
