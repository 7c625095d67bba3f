"""formatters: the JSON every `--format json` writes."""

from __future__ import annotations

import json

from rich.cells import cell_len

from botbeat_cli.formatters import dumps
from botbeat_cli.formatters.table import table_lines

TYPICAL = [
    {
        "path": "articles/2026/café-launch.md",
        "topics": [],
        "suggestions": [{"topic": "ai-safety", "score": 0.3812, "chosen": True, "reasons": []}],
        "line": 12,
        "empty": {},
        "none": None,
        "quote": 'say "hi"\\n\tthen\x01',
    }
]


def test_json_is_what_the_json_module_writes_indented() -> None:
    assert dumps(TYPICAL) == json.dumps(TYPICAL, indent=2, ensure_ascii=False) + "\n"


def test_what_orjson_refuses_is_still_written() -> None:
    assert json.loads(dumps({"big": 2**70})) == {"big": 2**70}
    assert json.loads(dumps({1: "one"})) == {"1": "one"}


def test_characters_a_terminal_acts_on_are_escaped() -> None:
    text = dumps({"title": "a\u202eb\x9bc\u2028d"})
    assert "\u202e" not in text and "\x9b" not in text and "\u2028" not in text
    assert json.loads(text) == {"title": "a\u202eb\x9bc\u2028d"}


def test_the_colour_formatter_writes_only_its_own_escapes() -> None:
    """Untrusted text (a path, a message quoting a title) reaches the terminal visible: the
    only escape sequences are the formatter's colours, and markup stays literal text."""
    import io
    import re

    from botbeat_cli.diagnostics import Diagnostic, Report, Severity
    from botbeat_cli.formatters.text import render

    report = Report()
    report.files_checked = 2
    report.extend(
        [
            Diagnostic("articles/b\x1b[2J.md", 3, 1, Severity.WARNING, "title-length", "[red]x[/]"),
            Diagnostic(
                "articles/a.md", 2, 7, Severity.ERROR, "date-future", "ends \x1b]0;owned\x07"
            ),
        ]
    )
    out = io.StringIO()
    render(report, out, io.StringIO())
    text = out.getvalue()
    bare = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "\x1b" not in bare and "\x07" not in bare
    assert bare.splitlines() == [
        "articles/a.md",
        "  2:7 error[date-future] ends \\x1b]0;owned\\x07",
        "",
        "articles/b\\x1b[2J.md",
        "  3:1 warning[title-length] [red]x[/]",
        "",
        report.summary(),
    ]
    assert "\x1b[1;31merror" in text and "\x1b[1;33mwarning" in text


def test_table_lines_wraps_the_shared_columns_to_the_width() -> None:
    header = ("date", "status", "title", "slug")
    rows = [("2026-03-01", "published", "Beta Research On Bias In Large Models", "a" * 30)]
    natural = table_lines(header, rows, None, shares={2: 3, 3: 2})
    assert natural is not None and len(natural) == 2
    lines = table_lines(header, rows, 50, shares={2: 3, 3: 2})
    assert lines is not None
    assert all(cell_len(line) <= 50 for line in lines)
    assert len(lines) > 2  # the row wrapped
    body = lines[1:]
    title = " ".join(line[23:37].strip() for line in body if line[23:37].strip())
    assert title == "Beta Research On Bias In Large Models"  # broken at spaces, nothing cut
    assert "".join(line[39:].strip() for line in body) == "a" * 30  # a long word folded
    # a column narrower than its share gives the rest to the other
    short = table_lines(header, [(*rows[0][:3], "s")], 50, shares={2: 3, 3: 2})
    assert short is not None and short[1].endswith(" s")
    assert table_lines(header, rows, 30, shares={2: 3, 3: 2}) is None  # too narrow: rich's


def test_table_lines_aligns_right_and_styles_text_not_padding() -> None:
    lines = table_lines(
        ("topic", "n", ""),
        [("chips", "7", ""), ("robots-and-more", "12", "unused")],
        None,
        {},
        right=(1,),
        styles=[("", "", ""), ("", "", "\x1b[33m")],
        header_style="\x1b[1m",
    )
    assert lines == [
        "\x1b[1mtopic\x1b[0m             \x1b[1mn\x1b[0m",
        "chips             7",
        "robots-and-more  12  \x1b[33munused\x1b[0m",
    ]


def test_table_lines_gives_each_line_of_a_cell_a_line_of_its_row() -> None:
    """`sources`' "cited by": an article a line, each wrapped on its own to the width."""
    header = ("outcome", "url", "cited by")
    rows = [("ok", "https://example.org/a", "articles/2026/one.md\narticles/2026/two.md"),
            ("broken", "https://example.org/b", "articles/2026/three.md")]  # fmt: skip
    assert table_lines(header, rows, None, {1: 3, 2: 2}) == [
        "outcome  url                    cited by",
        "ok       https://example.org/a  articles/2026/one.md",
        "                                articles/2026/two.md",
        "broken   https://example.org/b  articles/2026/three.md",
    ]
    narrow = table_lines(header, rows, 40, {1: 3, 2: 2})
    assert narrow is not None and all(cell_len(line) <= 40 for line in narrow)
    cited = "".join(line[28:].strip() for line in narrow[1:])
    assert cited == "articles/2026/one.mdarticles/2026/two.mdarticles/2026/three.md"
