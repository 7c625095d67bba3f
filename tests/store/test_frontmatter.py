from __future__ import annotations

import pytest

from botbeat_cli.store.files import Unreadable, decode
from botbeat_cli.store.frontmatter import parse, split


def test_split_keeps_body_exactly_and_counts_lines() -> None:
    text = "---\ntitle: T\n---\n\n## Summary\n\nText  \n"
    parts = split(text)
    assert parts.front_matter == "title: T\n"
    assert parts.body == "\n## Summary\n\nText  \n"
    assert parts.body_line == 4
    assert text[: parts.fm_start] + parts.front_matter + text[parts.fm_end :] == text


def test_crlf_fences_and_newline_style() -> None:
    parts = split("---\r\ntitle: T\r\n---\r\nBody\r\n")
    assert parts.newline == "\r\n"
    assert parts.front_matter == "title: T\r\n"
    assert parts.body == "Body\r\n"


def test_fence_with_trailing_spaces_and_body_without_newline() -> None:
    parts = split("---  \na: 1\n---")
    assert parts.front_matter == "a: 1\n"
    assert parts.body == ""


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("title: T\n", "front-matter-missing"),
        ("---\ntitle: T\n", "front-matter-unclosed"),
        ("----\ntitle: T\n----\n", "front-matter-missing"),
        ("---", "front-matter-unclosed"),
    ],
)
def test_bad_fences(text: str, rule: str) -> None:
    with pytest.raises(Unreadable) as caught:
        split(text)
    assert caught.value.rule == rule


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("\n---\ntitle: T\n---\n", "the front matter's '---' is on line 2, with a blank line "
         "above it: the file must start with the '---' line; delete what is above it"),
        ("\r\n \r\n---\r\ntitle: T\r\n---\r\n", "the front matter's '---' is on line 3, "
         "with blank lines above it"),
        ("<!-- draft -->\n---\ntitle: T\n---\n", "on line 2, with text above it"),
        ("+++\ntitle = 'T'\n+++\n", "this is TOML front matter between '+++' lines (as Hugo "
         "writes it); botbeat reads YAML between '---' lines: write the fields as YAML"),
        ("# A story\n\n---\n\nA Markdown rule, no front matter.\n", "no front matter: the "
         "file must start with a '---' line, then YAML, then '---'"),
    ],
)  # fmt: skip
def test_what_stands_where_the_front_matter_should_is_named(text: str, said: str) -> None:
    with pytest.raises(Unreadable) as caught:
        split(text)
    assert caught.value.diagnostic("x.md").rule == "front-matter-missing"
    assert said in caught.value.diagnostic("x.md").message


def test_parse_gives_data_and_file_positions() -> None:
    parsed = parse("---\ntitle: T\nkind: update\n---\nBody\n")
    assert parsed.data == {"title": "T", "kind": "update"}
    assert parsed.positions.of_value(("kind",)) == (3, 7)
    assert parsed.body_line == 5


def test_decode_strips_bom_and_rejects_bad_bytes() -> None:
    assert decode("\ufeff---\n".encode()) == "---\n"
    with pytest.raises(Unreadable) as caught:
        decode(b"---\nok\nbad \xff here\n")
    assert (caught.value.rule, caught.value.line, caught.value.col) == ("file-encoding", 3, 5)
    with pytest.raises(Unreadable) as caught:
        decode(b"   \n")
    assert caught.value.rule == "file-empty"


def test_front_matter_over_the_cap_is_not_parsed() -> None:
    from botbeat_cli.store.frontmatter import FRONT_MATTER_LIMIT

    fields = "title: T\n" + "".join(f"k{i}: v\n" for i in range(FRONT_MATTER_LIMIT // 8))
    fitting = fields[: fields.rfind("\n", 0, FRONT_MATTER_LIMIT) + 1]
    assert parse("---\n" + fitting + "---\nbody\n").data["title"] == "T"
    with pytest.raises(Unreadable) as caught:
        parse("---\n" + fields + "---\nbody\n")
    assert caught.value.rule == "file-too-large"
    assert caught.value.message.startswith(f"the front matter is {len(fields):,} characters")
