"""`botbeat new`. The only command that asks questions, and only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from botbeat_cli.cli import complete
from botbeat_cli.cli.env import honour_no_color, resolve_root
from botbeat_cli.cli.options import (
    NoColorOption,
    RootOption,
    Status,
    WrittenFormat,
    WrittenFormatOption,
)
from botbeat_cli.formatters import dumps, emit

if TYPE_CHECKING:
    from botbeat_cli.model.newsroom import NewsroomConfig
    from botbeat_cli.new_article import Draft

DAY = ["%Y-%m-%d"]
ENTITY = "Entity key, name or alias (who the story is filed under)."
TOPIC = "Topic key, label or alias; repeat for more."
TAKEAWAY = "A key takeaway; repeat for each one."
SOURCE_LABEL = "Source label (default: from botbeat.yaml `sources`)."
DATE = "Publication date (default: today)."
AUTO_TOPICS = "Without --topic: store the suggested topics (tag suggest)."


def new(
    title: Annotated[str, typer.Argument(help="The headline, 10 to 120 characters.")],
    entity: Annotated[
        str | None, typer.Option(help=ENTITY, autocompletion=complete.entities)
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help="Kind key or label (update, research, ...).", autocompletion=complete.kinds
        ),
    ] = None,
    topic: Annotated[
        list[str] | None, typer.Option(help=TOPIC, autocompletion=complete.topics)
    ] = None,
    takeaway: Annotated[list[str] | None, typer.Option(help=TAKEAWAY)] = None,
    source_url: Annotated[str | None, typer.Option(help="The source's http(s) URL.")] = None,
    source_label: Annotated[str | None, typer.Option(help=SOURCE_LABEL)] = None,
    date_: Annotated[datetime | None, typer.Option("--date", formats=DAY, help=DATE)] = None,
    status: Annotated[
        Status | None, typer.Option(help="draft (default), review or published.")
    ] = None,
    slug: Annotated[str | None, typer.Option(help="Slug (default: made from the title).")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Open the new file in $EDITOR.")] = False,
    auto_topics: Annotated[bool, typer.Option("--auto-topics", help=AUTO_TOPICS)] = False,
    format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Create an article from a title, with a correct slug, path and front matter.

    Missing values are asked for on a terminal; elsewhere they are an error (exit 2) that
    names them. Prints the path written.
    """
    from botbeat_cli import new_article
    from botbeat_cli.config import load_config
    from botbeat_cli.extras import installed

    honour_no_color(no_color)
    newsroom = resolve_root(root)
    config = load_config(newsroom)
    draft = new_article.Draft(
        title=title, entity=entity, kind=kind, topics=list(topic or []),
        takeaways=list(takeaway or []), source_url=source_url, source_label=source_label,
        date=date_.date() if date_ else None, status=status.value if status else "draft",
        slug=slug,
    )  # fmt: skip
    today = config.today(datetime.now(UTC))
    if auto_topics and not draft.topics:
        draft.topics = _suggested(newsroom, config, draft)
    if draft.missing() and sys.stdin.isatty():  # on a terminal: asked, each answer checked
        offer = installed("related")  # without the extra: the topics are just asked
        suggest = (lambda d: _suggested(newsroom, config, d)) if offer else None
        _ask(draft, config, today, status is None, suggest)
    planned = new_article.plan(newsroom, config, draft, today)
    path = new_article.write(planned)
    if format is WrittenFormat.json:
        emit(dumps({"created": _shown(path), "warnings": list(planned.look_alikes)}))
    else:
        typer.echo(_shown(path))
        for warning in planned.look_alikes:
            typer.echo(f"warning: this may be a story already covered: {warning}", err=True)
    if edit:
        _open_editor(path)


def _suggested(newsroom: Path, config: NewsroomConfig, draft: Draft) -> list[str]:
    from botbeat_cli.topics import suggestions

    found = suggestions.suggest_new(newsroom, config, draft.title, draft.takeaways)
    return [s.topic for s in suggestions.chosen(found)]


def _valid(question: str, field: str, config: NewsroomConfig, default: str | None = None) -> str:
    """Ask until the answer can be used; each refusal says why (new_article.answer_problem)."""
    from botbeat_cli.new_article import answer_problem

    while True:
        answer: str = typer.prompt(question, default=default)
        problem = answer_problem(field, answer.strip(), config)
        if not problem:
            return answer.strip()
        typer.echo(f"  {problem}")


def _ask(draft: Draft, config: NewsroomConfig, today: date, ask_status: bool,
         suggest: Callable[[Draft], list[str]] | None) -> None:  # fmt: skip
    """Prompt for each missing value, with the taxonomy's choices, checking each answer as
    it comes; then the optional ones (source label, date, status) with their defaults."""
    if not draft.entity:
        typer.echo("Entities: " + ", ".join(f"{k} ({e.name})" for k, e in config.entities.items()))
        draft.entity = _valid("Entity", "entity", config)
    if not draft.kind:
        typer.echo("Kinds: " + ", ".join(f"{k} ({v.label})" for k, v in config.kinds.items()))
        draft.kind = _valid("Kind", "kind", config)
    if not draft.topics:
        offered = ", ".join(suggest(draft)) if suggest else ""
        typer.echo("Topics: " + ", ".join(f"{k} ({t.label})" for k, t in config.topics.items()))
        answer = _valid("Topics (comma-separated)", "topics", config, offered or None)
        draft.topics = [t.strip() for t in answer.split(",") if t.strip()]
    if not draft.takeaways:
        low = config.rules.takeaways.min
        typer.echo(f"Key takeaways: at least {low}; an empty line ends the list.")
        while True:
            line: str = typer.prompt(f"Takeaway {len(draft.takeaways) + 1}", default="")
            if not line.strip():
                if len(draft.takeaways) >= low:
                    break
                continue
            draft.takeaways.append(line)
    if not draft.source_url:
        draft.source_url = _valid("Source URL", "source_url", config)
    if draft.source_label is None:
        label: str = typer.prompt("Source label (empty: botbeat.yaml's for the host)", default="",
                                  show_default=False)  # fmt: skip
        draft.source_label = label.strip() or None
    if draft.date is None:
        draft.date = date.fromisoformat(_valid("Date", "date", config, today.isoformat()))
    if ask_status:
        draft.status = _valid("Status (draft, review, published)", "status", config, "draft")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _open_editor(path: Path) -> None:
    import os
    import shlex
    import subprocess

    from botbeat_cli.errors import BotbeatError

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise BotbeatError(f"set $EDITOR to open {path}; the article was written")
    subprocess.run([*shlex.split(editor), str(path)], check=False)
