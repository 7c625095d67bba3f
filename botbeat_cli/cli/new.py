"""`botbeat new`. The only command that asks questions, and only on a terminal."""

from __future__ import annotations

import sys
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
    day_option,
)

if TYPE_CHECKING:
    from botbeat_cli.model.newsroom import NewsroomConfig
    from botbeat_cli.new_article import Draft, Interview

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
    date_: Annotated[date | None, day_option(DATE, "--date")] = None,
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
    from botbeat_cli.formatters.written import created

    honour_no_color(no_color)
    newsroom = resolve_root(root)
    config = load_config(newsroom)
    draft = new_article.Draft(
        title=title,
        entity=entity,
        kind=kind,
        topics=list(topic or []),
        takeaways=list(takeaway or []),
        source_url=source_url,
        source_label=source_label,
        date=date_,
        status=status.value if status else "draft",
        slug=slug,
    )
    if auto_topics and not draft.topics:
        draft.topics = _suggested(newsroom, config, draft)
    today = config.today(datetime.now(UTC))
    if draft.missing() and sys.stdin.isatty():  # on a terminal: asked, each answer checked
        _interview(newsroom, config, ask_status=status is None).fill(draft, config, today)
    planned = new_article.plan(newsroom, config, draft, today)
    path = new_article.write(planned)
    created(path, planned.look_alikes, format.value)
    if edit:
        new_article.open_in_editor(path)


def _interview(newsroom: Path, config: NewsroomConfig, ask_status: bool) -> Interview:
    from botbeat_cli.extras import installed
    from botbeat_cli.new_article import Interview

    offer = installed("related")  # without the extra: the topics are just asked
    return Interview(
        ask=lambda question, default, show: typer.prompt(question, default, show_default=show),
        tell=typer.echo,
        ask_status=ask_status,
        suggest=(lambda d: _suggested(newsroom, config, d)) if offer else None,
    )


def _suggested(newsroom: Path, config: NewsroomConfig, draft: Draft) -> list[str]:
    from botbeat_cli.topics import suggestions

    found = suggestions.suggest_new(newsroom, config, draft.title, draft.takeaways)
    return [s.topic for s in found]
