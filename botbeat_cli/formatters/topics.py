"""`tag list` and `tag suggest` output: a table or plain lines for people, JSON for scripts.
Text from botbeat.yaml and articles is made terminal-safe; JSON escapes by its own rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from botbeat_cli.diagnostics import visible
from botbeat_cli.formatters import dumps

if TYPE_CHECKING:
    from botbeat_cli.topics.suggestions import ArticleSuggestions
    from botbeat_cli.topics.vocabulary import TopicRow


def topics_json(rows: Sequence[TopicRow]) -> str:
    items = [
        {"key": r.key, "label": r.label, "aliases": list(r.aliases),
         "published": r.published, "articles": r.total, "unused": r.total == 0}
        for r in rows
    ]  # fmt: skip
    return dumps(items)


def print_topics_table(rows: Sequence[TopicRow], *, color: bool, terminal: bool) -> None:
    """A rich table; off a terminal every row is one line at the table's natural width."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("topic", "label", "aliases", "published", "articles", ""):
        table.add_column(column, justify="right" if column in ("published", "articles") else "left")
    for r in rows:
        unused = Text("unused", style="yellow") if not r.total else ""
        aliases = Text(visible(", ".join(r.aliases)))
        table.add_row(Text(r.key), Text(visible(r.label)), aliases, str(r.published),
                      str(r.total), unused)  # fmt: skip
    console = Console(no_color=not color, width=None if terminal else 10_000, highlight=False)
    console.print(table)


def suggestions_json(results: Sequence[ArticleSuggestions], cutoff: float) -> str:
    from botbeat_cli.topics.suggestions import SHOWN, chosen

    items = []
    for r in results:
        picked = chosen(r.suggestions, cutoff)
        shown = [{"topic": s.topic, "score": s.score, "reasons": list(s.reasons),
                  "chosen": s in picked} for s in r.suggestions[:SHOWN]]  # fmt: skip
        items.append({"path": r.path, "topics": list(r.current), "suggestions": shown})
    return dumps(items)


def suggestions_text(results: Sequence[ArticleSuggestions], cutoff: float) -> str:
    """Each article, then its suggestions with score and reasons; `*` marks the chosen."""
    from botbeat_cli.topics.suggestions import SHOWN, chosen

    lines = []
    for r in results:
        picked = chosen(r.suggestions, cutoff)
        current = visible(", ".join(r.current)) or "none"
        lines.append(f"{visible(r.path)}  (topics: {current})")
        for s in r.suggestions[:SHOWN]:
            mark = "*" if s in picked else " "
            lines.append(f"  {mark} {s.score:.2f}  {s.topic}: {visible('; '.join(s.reasons))}")
    return "".join(line + "\n" for line in lines)
