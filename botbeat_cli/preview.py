"""`preview`: an article laid out as the site shows it, as rich renderables.

Order, as on the seed page: header (entity, kind badge, date, status), title, Key
Takeaways, Source, the body (Summary, Editorial Opinion) as Markdown, topic chips, "More
from <entity>" and "Suggested". Article text is data: every string passes through `visible`
(control characters and escape sequences made visible) and reaches rich as `Text` or as
Markdown source, never as console markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from botbeat_cli.diagnostics import Diagnostic, Severity, visible
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.newsroom import fields
from botbeat_cli.newsroom.catalog import Entry, entry_from, read_article, read_entry
from botbeat_cli.store.newsroom import relative, slug_index
from botbeat_cli.store.problems import ReadProblem

if TYPE_CHECKING:
    from rich.console import RenderableType

BANNER_LIMIT = 5


@dataclass(slots=True)
class Related:
    """A related slug and the article it names, or None when it no longer resolves."""

    slug: str
    entry: Entry | None


@dataclass(slots=True)
class Page:
    """Everything the preview shows, gathered before any rendering."""

    entry: Entry
    source_label: str | None
    source_url: str
    body: str
    more_from: list[Related] = field(default_factory=list)
    suggested: list[Related] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def clean_body(text: str) -> str:
    """A Markdown body, safe for the terminal: line breaks kept, every other control
    character (escape sequences, carriage returns, backspaces, bidi overrides) visible."""
    return "\n".join(visible(line) for line in text.replace("\r\n", "\n").split("\n"))


def gather(
    root: Path, config: NewsroomConfig, path: Path, problems: Sequence[Diagnostic] = ()
) -> Page:
    """Read the article and the articles its `related` lists name; `problems` (what
    `validate` found in it) become the banner's errors."""
    rel = relative(root, path)
    try:
        parsed = read_article(root, path)
    except ReadProblem as exc:
        from botbeat_cli.errors import BotbeatError

        raise BotbeatError(f"{rel}:{exc.line}:{exc.col}: cannot preview: {exc.message}") from None
    read = fields.read(parsed.data)
    entry = entry_from(parsed.data, path.stem, rel)
    url = read.source_url
    label = read.source_label or None
    if label is None and url:
        from urllib.parse import urlsplit

        label = config.source_label(urlsplit(url).hostname or "")
    slugs = slug_index(root)
    page = Page(entry, label, url, parsed.body)
    page.more_from = [_resolve(root, slugs, s) for s in read.related_list("more_from")]
    pinned = list(read.related_list("pinned"))
    suggested = pinned + [s for s in read.related_list("suggested") if s not in pinned]
    page.suggested = [_resolve(root, slugs, s) for s in suggested]
    page.problems = sorted(
        (d for d in problems if d.severity is Severity.ERROR), key=lambda d: d.sort_key
    )
    return page


def _resolve(root: Path, slugs: dict[str, list[str]], slug: str) -> Related:
    paths = slugs.get(slug)
    return Related(slug, read_entry(root, paths[0], slug) if paths else None)


def _when(value: date | None) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat() if value else "(no date)"


def render(page: Page, config: NewsroomConfig) -> list[RenderableType]:
    """The page as renderables, top to bottom; each block is its own function."""
    blocks: list[RenderableType] = []
    if page.problems:
        blocks.append(banner(page.problems))
    blocks += [header(page.entry, config), title(page.entry)]
    if page.entry.takeaways:
        blocks.append(takeaways(page.entry))
    if page.source_url:
        blocks.append(source(page.source_label, page.source_url))
    if page.body.strip():
        blocks.append(body(page.body))
    if page.entry.topics:
        blocks.append(topics(page.entry, config))
    if page.more_from:
        name = _entity_name(page.entry.entity, config)
        blocks.append(related_block(f"More from {name}", page.more_from, config))
    if page.suggested:
        blocks.append(related_block("Suggested", page.suggested, config))
    return blocks


def _entity_name(key: str, config: NewsroomConfig) -> str:
    entity = config.entities.get(key)
    return entity.name if entity else key


def _kind_label(key: str, config: NewsroomConfig) -> str:
    kind = config.kinds.get(key)
    return kind.label if kind else key.upper()


def banner(problems: list[Diagnostic]) -> RenderableType:
    from rich.panel import Panel
    from rich.text import Text

    text = Text()
    for diagnostic in problems[:BANNER_LIMIT]:
        text.append(f"{diagnostic.line}:{diagnostic.col} ", style="bold")
        text.append(f"[{diagnostic.rule}] ", style="red")
        text.append(visible(diagnostic.message) + "\n")
    if len(problems) > BANNER_LIMIT:
        text.append(f"… and {len(problems) - BANNER_LIMIT} more: run botbeat validate\n")
    text.rstrip()
    count = len(problems)
    return Panel(
        text, title=f"{count} validation error{'s' if count != 1 else ''}", border_style="red"
    )


def header(entry: Entry, config: NewsroomConfig) -> RenderableType:
    from rich.text import Text

    text = Text()
    text.append(visible(_entity_name(entry.entity, config)), style="bold")
    text.append("  ")
    text.append(f" {visible(_kind_label(entry.kind, config))} ", style="bold reverse")
    text.append(f"  {_when(entry.date)}", style="dim")
    if entry.status != "published":
        text.append("  ")
        status = visible(entry.status.upper() or "NO STATUS")
        text.append(f" {status} ", style="bold black on yellow")
    return text


def title(entry: Entry) -> RenderableType:
    from rich.text import Text

    return Text("\n" + visible(entry.title or "(no title)") + "\n", style="bold")


def takeaways(entry: Entry) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(width=3, justify="right")  # a hanging indent for wrapped lines
    bullets.add_column()
    for item in entry.takeaways:
        bullets.add_row(Text("▸", style="bold"), Text(visible(item)))
    return Group(Text("Key Takeaways", style="bold underline"), bullets, Text())


def source(label: str | None, url: str) -> RenderableType:
    """The label, then the URL in full, itself a terminal hyperlink (OSC 8) where the
    output is a terminal: terminals without link support show the full URL all the same."""
    from rich.style import Style
    from rich.text import Text

    safe = visible(url)
    text = Text.assemble(("Source: ", "bold"))
    if label:
        text.append(visible(label) + "  ")
    text.append(safe, style=Style(link=safe, underline=True) if safe == url else "")
    text.append("\n")
    return text


def body(markdown: str) -> RenderableType:
    from rich.markdown import Markdown

    return Markdown(clean_body(markdown), hyperlinks=True)


def topics(entry: Entry, config: NewsroomConfig) -> RenderableType:
    """One chip per topic label; a row wraps between chips, never inside one."""
    from rich.columns import Columns
    from rich.console import Group
    from rich.text import Text

    chips = []
    for key in entry.topics:
        topic = config.topics.get(key)
        chip = Text(f" {visible(topic.label if topic else key)} ", style="black on bright_cyan")
        chip.no_wrap = True
        chips.append(chip)
    return Group(Text(), Columns(chips, padding=(0, 1)), Text())


def related_block(heading: str, items: list[Related], config: NewsroomConfig) -> RenderableType:
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    rows: list[RenderableType] = [Text(visible(heading), style="bold underline")]
    for item in items:
        if item.entry is None:
            missing = Text(f"{visible(item.slug)}: missing (no article has this slug)", style="red")
            rows.append(Padding(missing, (0, 0, 1, 2), expand=False))
            continue
        entry = item.entry
        line = Text()
        line.append(visible(_entity_name(entry.entity, config)), style="bold")
        line.append("  ")
        line.append(visible(_kind_label(entry.kind, config)), style="reverse")
        line.append(f"  {_when(entry.date)}", style="dim")
        rows.append(Padding(Group(line, Text(visible(entry.title))), (0, 0, 1, 2), expand=False))
    return Group(*rows)
