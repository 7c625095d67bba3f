from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest

from botbeat_cli.store.yamlsafe import YamlProblem, load


def test_plain_data_with_yaml_1_2_scalars() -> None:
    loaded = load(
        "a: yes\nb: No\nc: true\nd: 12\ne: 1.5\nf: ~\ng: 2026-02-25\n"
        "h: 2026-02-25T10:00:00+02:00\ni: '12'\nj: 0x1F\nk: 1_000\n"
    )
    assert loaded.data == {
        "a": "yes",
        "b": "No",
        "c": True,
        "d": 12,
        "e": 1.5,
        "f": None,
        "g": date(2026, 2, 25),
        "h": datetime(2026, 2, 25, 8, 0, tzinfo=UTC),
        "i": "12",
        "j": "0x1F",
        "k": "1_000",
    }


def test_positions_of_keys_values_and_items_with_offset() -> None:
    loaded = load("title: X\nsource:\n  url: https://a.b\ntopics: [a, bb]\n", line_offset=1)
    p = loaded.positions
    assert p.of_key(("source",)) == (3, 1)
    assert p.of_value(("source", "url")) == (4, 8)
    assert p.of_key(("source", "url")) == (4, 3)
    assert p.of_value(("topics", 1)) == (5, 13)
    # a path that does not exist falls back to the closest enclosing value
    assert p.of_value(("topics", 9)) == (5, 9)
    assert p.of_value(("nope", "deeper")) == (2, 1)


@pytest.mark.parametrize(
    ("text", "rule", "line", "col"),
    [
        ("a: 1\na: 2\n", "yaml-duplicate-key", 2, 1),
        ("a: !!python/object/apply:os.system [ls]\n", "yaml-tag", 1, 4),
        ("a: !custom x\n", "yaml-tag", 1, 4),
        ("a: !!set {x, y}\n", "yaml-tag", 1, 4),
        ("? [a, b]\n: c\n", "yaml-syntax", 1, 3),
        ("a: [\n", "yaml-syntax", 2, 1),
        ("a: 1\n---\nb: 2\n", "yaml-syntax", 2, 1),
    ],
)
def test_problems_are_positioned(text: str, rule: str, line: int, col: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        load(text)
    assert (caught.value.rule, caught.value.line, caught.value.col) == (rule, line, col)


def test_alias_bomb_ends_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        load("\n".join(lines) + "\n")
    assert caught.value.rule == "yaml-too-large"
    assert time.perf_counter() - started < 5  # 10**10 values if expanded: it must stop early


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlProblem) as caught:
        load("a: &a [*a]\n")
    assert caught.value.rule in {"yaml-too-large", "yaml-syntax"}


def test_empty_document_is_none() -> None:
    assert load("# only a comment\n").data is None


def test_an_aliased_value_is_placed_at_its_alias() -> None:
    loaded = load("topics: &t [a, b]\nother: 1\nrelated: {suggested: *t}\n")
    assert loaded.positions.of_value(("related", "suggested", 1)) == (3, 22)
    assert loaded.positions.of_value(("topics", 1)) == (1, 16)


def test_a_large_list_is_not_called_an_alias_bomb() -> None:
    with pytest.raises(YamlProblem) as caught:
        load("authors: [" + ", ".join(f'"a{i}"' for i in range(60_000)) + "]\n")
    assert caught.value.message == (
        "the YAML has more than 50,000 values: far more than front matter needs"
    )


def test_raw_control_characters_are_placed_at_their_line_and_column() -> None:
    with pytest.raises(YamlProblem) as caught:
        load('title: ok\nkind: "up\x1bdate"\n', line_offset=1)
    assert (caught.value.rule, caught.value.line, caught.value.col) == (
        "yaml-control-character", 3, 10,
    )  # fmt: skip


DEEP = 1100  # beyond recent libyaml's own limit (1,000), which would otherwise answer first


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("".join(" " * i + "k:\n" for i in range(DEEP)) + " " * DEEP + "v", 66, 66),
        ("a:\n" + "".join(" " * i + "- \n" for i in range(1, DEEP)), 66, 66),
        ("a: " + "[" * DEEP + "]" * DEEP, 1, 68),
        ("a: " + "{k: " * DEEP + "}" * DEEP, 1, 260),
        ("[" * DEEP + "]" * DEEP, 1, 66),
    ],
    ids=["block-map", "block-seq", "flow-seq", "flow-map", "root-seq"],
)
def test_deep_nesting_is_placed_at_our_limit_on_every_pyyaml(
    text: str, line: int, col: int
) -> None:
    """Same message, same place, whether libyaml has a nesting limit or not (CI runs the
    suite on the lowest PyYAML too)."""
    with pytest.raises(YamlProblem) as caught:
        load(text)
    problem = caught.value
    assert (problem.rule, problem.line, problem.col) == ("yaml-too-large", line, col)
    assert problem.message == "the YAML nests values more than 64 levels deep"
