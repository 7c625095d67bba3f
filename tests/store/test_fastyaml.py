"""The fast reader answers only where it agrees with libyaml, and answers for most articles."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from botbeat_cli.store.fastyaml import load_fast, parse_simple
from botbeat_cli.store.frontmatter import split
from botbeat_cli.store.yamlsafe import YamlProblem, load
from tests.conftest import PROJECT

REUTERS = PROJECT.parent / "shared" / "corpora" / "reuters-21578" / "newsroom" / "articles"


def _agree(text: str) -> bool:
    """True when the fast reader answered (and then it must equal libyaml, and so must the
    position of each top-level value, which it reads off the text without composing)."""
    fast = parse_simple(text)
    if fast is None:
        return False
    slow = load(text, line_offset=1)
    assert slow.data == fast, text
    quick = load_fast(text, line_offset=1).positions
    for key, value in fast.items():
        assert quick.of_value((key,)) == slow.positions.of_value((key,)), (key, text)
        for inner, items in value.items() if isinstance(value, dict) else ():  # `source.url`
            where: tuple[str | int, ...] = (key, inner)
            assert quick.of_value(where) == slow.positions.of_value(where), (where, text)
            for i in range(len(items) + 1 if isinstance(items, list) else 0):  # `related`
                where = (key, inner, i)
                assert quick.of_value(where) == slow.positions.of_value(where), (where, text)
    return True


def _front_matters(paths: list[Path]) -> list[str]:
    return [split(p.read_text(encoding="utf-8")).front_matter for p in paths]


def test_sample_articles() -> None:
    texts = _front_matters(sorted((PROJECT / "articles").rglob("*.md")))
    assert sum(_agree(t) for t in texts) == len(texts)


def test_generated_articles(tmp_path: Path) -> None:
    sys.path.insert(0, str(PROJECT / "bench"))
    from generate import generate

    root = generate(tmp_path / "gen", 300)
    texts = _front_matters(sorted((root / "articles").rglob("*.md")))
    assert sum(_agree(t) for t in texts) == len(texts)


@pytest.mark.skipif(not REUTERS.is_dir(), reason="the Reuters corpus is not beside the project")
def test_reuters_articles() -> None:
    texts = _front_matters(sorted(REUTERS.rglob("*.md"))[::4])
    answered = sum(_agree(t) for t in texts)
    assert answered > 0  # its quoted takeaways often hold escapes: libyaml reads those


@pytest.mark.parametrize(
    "text",
    [
        "title: yes\n",
        "a: No\n",
        "a: ~\n",
        "a: null\n",
        "a: 012\n",
        "a: 1e3\n",
        "a: .inf\n",
        "a: 2026-02-30\n",
        "a: 2026-02-25T10:00:00+01:00\n",
        "a: C#\n",
        "a: x #c\n",
        "a: 'q'  # c\n",
        "a: [x, y]  # c\n",
        "a:\n  - x\n  - y\n",
        "a:\n- x\n- y\n",
        "a:\n  b: c\n  d: [e]\n",
        "a:\n\n  # c\n  - x\n\n  - y\n# end\n",
        "a:\nb: 1\n",
        "a: [ 2026-01-01 , true ]\n",
        "a: https://x.com/a?b=1#c\n",
        "a: é ü\n",
        # a key under a top-level mapping (`source.url`), read off the text
        "source:\n  label: x\n  url: https://x.com/a\n",
        "source:\n    url: 'https://x.com/a'  # c\n",
        "source:\n  tags:\n  - url\n  url: here\n",
        "source:\n  label: x\nurl: top\nother:\n  url: elsewhere\n",
        "source:\n\n  url: after a blank line\n",
        "source:  # c\n  url: after a comment\n",
        "related:\n  suggested: [a, b-c, g]\n  more: []\n",
        "related:\n  suggested: [ a ,b ]  # c\n",
        "related:\n  suggested:\n  - a\n  - b\n",
    ],
)
def test_subset_cases_agree(text: str) -> None:
    assert _agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 'it''s'\n",
        'a: "q\\"x"\n',
        "a: {b: {c: d}}\n",
        "a: &x y\nb: *x\n",
        "a: !!str 1\n",
        "a: |\n  x\n",
        "a: x\n  y\n",
        "a: b: c\n",
        "a:\n  - x\n   - y\n",
        "a: [b, [c]]\n",
        "a: 1\na: 2\n",
        "a:\n  - x\n  b: c\n",
        "a:x\n",
        "- a\n",
        "a: [x,]\n",
        "a:\n  -\n",
    ],
)
def test_outside_the_subset_falls_back(text: str) -> None:
    assert parse_simple(text) is None


KEYS = ["title", "a", "b-c", "_x", "Key", "a b", "1a", "x.com", "true", "null", "a.", ".a"]
VALUES = [
    "{a: b}",
    "{a: [b, c], d: 'e'}",
    "{a: {b: c}}",
    "{a: b, a: c}",
    "{}",
    "{a:b}",
    "{a: }",
    "yes",
    "No",
    "null",
    "~",
    "12",
    "012",
    "1.5",
    ".inf",
    "-1",
    "+1",
    "1e3",
    "0x10",
    "1_000",
    "2026-02-25",
    "2026-02-30",
    "2026-02-25T10:00:00+01:00",
    "2026-02-25 10:00",
    "a: b",
    "a #b",
    "a#b",
    "'q'",
    "'it''s'",
    '"d\\"q"',
    '"plain"',
    '"x" # c',
    "[a, b]",
    "[a, [b]]",
    "[]",
    "[a,]",
    "[ a ,b ]",
    "{a: 1}",
    "&x y",
    "*x",
    "!!str 1",
    "|",
    ">",
    "-x",
    "- x",
    "C#",
    "x:",
    "https://x.com/a?b=1#c",
    "",
    "  ",
    "# c",
    "é",
    "true",
    "False",
    "TRUE",
    "on",
    "a, b",
    "a]",
    "%x",
    "@x",
    "`x",
    "x  ",
    "?x",
    "? x",
    "x: ",
    "'",
    '"',
    "x'y",
    "[x, 'y']",
]
SHAPES = ["{k}: {v}", "{k}:", "  - {v}", "- {v}", "  {k}: {v}", "    - {v}", "# {v}", "",
          "  # {v}", "   - {v}", "{k}:{v}", "   {k}: {v}", "...", "---"]  # fmt: skip


def test_fuzzed_documents_agree_or_fall_back() -> None:
    rng = random.Random(2026)
    answered = 0
    for _ in range(6000):
        lines = [
            rng.choice(SHAPES).format(k=rng.choice(KEYS), v=rng.choice(VALUES))
            for _ in range(rng.randint(1, 6))
        ]
        text = "\n".join(lines) + "\n"
        fast = parse_simple(text)
        if fast is None:
            continue
        try:
            slow = load(text).data
        except YamlProblem as exc:
            pytest.fail(f"fast reader accepted what libyaml refuses ({exc.message}):\n{text}")
        assert slow == fast, text
        assert _agree(text)
        answered += 1
    assert answered > 100  # the fuzzer does reach the fast path


@pytest.mark.parametrize(
    "text",
    [
        "a: {name: Anthropic}\n",
        "a: {name: Google / Alphabet, aliases: [Google, Alphabet, Google DeepMind]}\n",
        'a: {name: "Company AA"}\nb: {label: UPDATE}  # c\n',
        "a: {}\n",
        "a: {x: 1, y: 2026-01-01, z: yes}\n",
    ],
)
def test_flow_mappings_agree(text: str) -> None:
    assert _agree(text)


@pytest.mark.parametrize(
    "text",
    ["a: {x: {y: 1}}\n", 'a: {x: "a, b"}\n', "a: {x: 1, x: 2}\n", "a: {x:1}\n", "a: {x: }\n"],
)
def test_flow_mappings_outside_the_subset(text: str) -> None:
    assert parse_simple(text) is None


def test_config_files_agree() -> None:
    config = (PROJECT / "botbeat.yaml").read_text()
    template = (PROJECT / "botbeat_cli" / "templates" / "botbeat.yaml").read_text()
    assert _agree(config) and _agree(template)
    if (REUTERS.parent / "botbeat.yaml").is_file():
        assert _agree((REUTERS.parent / "botbeat.yaml").read_text())
