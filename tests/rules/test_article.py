"""The body scan of `rules/article.py` (headings, placeholders, fences): where it puts each
line, on bodies of every shape and on one of 30,000 headings."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from botbeat_cli.rules.article import _CANDIDATE, _FENCE, _scan
from botbeat_cli.validate import validate
from tests.conftest import Newsroom, article_text
from tests.depth import examples


def _counted_from_the_top(body: str) -> Iterator[tuple[int, int, str]]:
    """The scan as it was before the running count: each line index counted from the top."""
    text = "\n" + body
    fenced = False
    for found in _CANDIDATE.finditer(text):
        start = found.start() + 1
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)].rstrip("\r")
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            yield text.count("\n", 0, start - 1), start - 1, line


LINES = st.sampled_from([
    "## Summary", "### Detail", "#hashtag", "   # indented", "    # code", "TODO", "- TODO",
    "* TODO: later", "```", "~~~", "  ```python", "text", "", "\r", "## Editorial Opinion\r",
])  # fmt: skip


@settings(max_examples=examples(600), deadline=None)
@given(st.lists(LINES, max_size=40), st.booleans())
def test_every_line_is_where_it_was_counted_from_the_top(lines: list[str], end: bool) -> None:
    body = "\n".join(lines) + ("\n" if end else "")
    assert list(_scan(body)) == list(_counted_from_the_top(body))


def test_a_body_of_30000_headings_is_placed_to_its_last_line(newsroom: Newsroom) -> None:
    """Counting each line from the top took 12 s on a 1 MB body of 40,000 headings; this
    one is under the 1 MiB an article may have (the time is bench material, the positions
    are checked here)."""
    text = article_text("many-headings")
    many = "".join(f"\n### Part {i}\n\nText.\n" for i in range(30_000))
    path = newsroom.write(
        "articles/2026/many-headings.md", text + many + "\n## Summary\n\nAgain.\n"
    )
    line = path.read_text().count("\n") - 2
    found = validate(newsroom.root).diagnostics
    assert [(d.rule, d.line) for d in found] == [("section-duplicate", line)]
