"""Split an article into front matter and body, and parse the front matter with positions.

Like python-frontmatter's `loads`, but nothing is stripped or re-dumped: the body is kept
exactly, and every position is in file coordinates (1-based line and column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from botbeat_cli.store.fastyaml import load_fast
from botbeat_cli.store.files import Unreadable
from botbeat_cli.store.places import place
from botbeat_cli.store.yamlsafe import Positions

_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)

# An article's fields fit in a few kilobytes; tens of thousands of keys or takeaways make
# every command slow to parse and position them (bench/hostile_bench.py): not read.
FRONT_MATTER_LIMIT = 64 * 1024


@dataclass(slots=True)
class Split:
    """The parts of an article's text; `fm_line` is the file line of the first YAML line."""

    front_matter: str
    body: str
    fm_line: int
    body_line: int
    fm_start: int
    fm_end: int
    newline: str


@dataclass(slots=True)
class ParsedArticle:
    data: dict[str, Any]
    positions: Positions
    body: str
    body_line: int


def split(text: str) -> Split:
    """Find the two `---` fences; `Unreadable` when they are missing or unclosed."""
    first = _FENCE.match(text)
    if first is None and "\r" in text[:200] and "\n" not in text[:200]:
        raise Unreadable(
            "front-matter-missing",
            "the file has CR-only line endings (classic Mac OS); save it with LF or CRLF",
        )
    if first is None:
        raise Unreadable("front-matter-missing", _why_missing(text))
    start = first.end() + 1  # past the fence's newline
    closing = _FENCE.search(text, start) if start <= len(text) else None
    if closing is None:
        raise Unreadable(
            "front-matter-unclosed",
            "the front matter is not closed: add a '---' line after the YAML",
        )
    newline = "\r\n" if first.group().endswith("\r") else "\n"
    fm_end = closing.start()
    body_start = min(closing.end() + 1, len(text))
    return Split(
        front_matter=text[start:fm_end],
        body=text[body_start:],
        fm_line=2,
        body_line=text.count("\n", 0, body_start) + 1,
        fm_start=start,
        fm_end=fm_end,
        newline=newline,
    )


_KEY_NEXT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:(?:[ \t]|\r?$)", re.M)


def _why_missing(text: str) -> str:
    """What stands where the opening `---` should: Hugo's TOML fences, or a `---` further
    down (a blank line or a comment above it), else no front matter at all."""
    if re.match(r"\+\+\+[ \t]*\r?$", text[:8], re.M):
        return (
            "this is TOML front matter between '+++' lines (as Hugo writes it); botbeat reads "
            "YAML between '---' lines: write the fields as YAML"
        )
    later = _FENCE.search(text, 0, 4096)
    if later is not None and _KEY_NEXT.match(text, later.end() + 1):  # not a Markdown rule
        line, _ = place(text, later.start())
        blank = not text[: later.start()].strip()
        above = ("a blank line" if line == 2 else "blank lines") if blank else "text"
        return (
            f"the front matter's '---' is on line {line}, with {above} above it: the file must "
            "start with the '---' line; delete what is above it"
        )
    return "no front matter: the file must start with a '---' line, then YAML, then '---'"


def parse(text: str) -> ParsedArticle:
    """Front matter as plain data with positions; raises `Unreadable` or `YamlProblem`."""
    parts = split(text)
    if len(parts.front_matter) > FRONT_MATTER_LIMIT:
        raise Unreadable(
            "file-too-large",
            f"the front matter is {len(parts.front_matter):,} characters; botbeat reads front "
            f"matter of up to {FRONT_MATTER_LIMIT:,}: keep the article's fields there and "
            "move other data out",
        )
    loaded = load_fast(parts.front_matter, line_offset=parts.fm_line - 1)
    if loaded.data is None:
        raise Unreadable("front-matter-empty", "the front matter is empty; add the article fields")
    if not isinstance(loaded.data, dict):
        raise Unreadable(
            "front-matter-not-mapping",
            "the front matter must be a mapping of fields (key: value), not a list or text",
            parts.fm_line,
            1,
        )
    return ParsedArticle(loaded.data, loaded.positions, parts.body, parts.body_line)
