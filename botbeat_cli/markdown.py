"""Article bodies as Markdown tokens: the links a reader can follow.

The parser is markdown-it-py configured as rich's `Markdown` configures it (CommonMark,
strikethrough, tables), so `sources --body-links` checks exactly the links `preview`
renders: inline and reference-style links and `<autolinks>`, URLs with parentheses kept
whole, nothing inside code spans or code blocks (issue 10).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt().enable("strikethrough").enable("table")
    # Keep each URL as the editor wrote it (no percent-encoding, no punycode), so the
    # link can be found in the file again for its line and column.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


def links(body: str) -> list[str]:
    """The http(s) link targets of a Markdown body, each once, in order of appearance."""
    found = (
        str(token.attrs.get("href", ""))
        for token in _inline(parser().parse(body))
        if token.type == "link_open"
    )
    return list(
        dict.fromkeys(url for url in found if url.lower().startswith(("http://", "https://")))
    )


def _inline(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        if token.children:
            yield from token.children
