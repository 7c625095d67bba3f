"""`botbeat tag ...`: the topic vocabulary and articles' topics."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from botbeat_cli.cli import complete
from botbeat_cli.cli.env import honour_no_color, resolve_root, wants_color
from botbeat_cli.cli.options import (
    ApplyOption,
    ArticleArgument,
    NoColorOption,
    RootOption,
    TableFormat,
    TableFormatOption,
    WrittenFormat,
    WrittenFormatOption,
)

if TYPE_CHECKING:
    from botbeat_cli.model.newsroom import NewsroomConfig
    from botbeat_cli.topics.vocabulary import VocabularyPlan

    Planner = Callable[[Path, NewsroomConfig], VocabularyPlan]

TOPIC = complete.topics
app = typer.Typer(
    help="Manage topics: the vocabulary in botbeat.yaml and the topics of articles.",
    no_args_is_help=True,
)
Topics = Annotated[
    list[str], typer.Argument(help="Keys, aliases or labels, any case.", autocompletion=TOPIC)
]
MERGED = "FROM... INTO: the last one receives."
ONE = "Path or slug (or --all)."
UNTAGGED = "With --all: only articles without topics."
APPLY_SUGGESTED = "Add the confident suggestions (a best guess to an article without topics)."
MIN_SCORE = (
    "Cut-off for a confident suggestion (default: the newsroom's own, calibrated on its tagged "
    "articles; 0.38 with fewer than 100 of them)."
)


@app.command("list")
def list_topics(
    format: TableFormatOption = TableFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Every topic with its label, aliases and article counts; unused topics marked."""
    from botbeat_cli.config import load_config
    from botbeat_cli.formatters import emit
    from botbeat_cli.formatters.topics import print_topics_table, topics_json
    from botbeat_cli.newsroom import catalog
    from botbeat_cli.topics import vocabulary

    newsroom = resolve_root(root)
    rows = vocabulary.topic_rows(catalog.load(newsroom), load_config(newsroom))
    if format is TableFormat.json:
        return emit(topics_json(rows))
    color = wants_color(sys.stdout, no_color)
    print_topics_table(rows, color=color, terminal=sys.stdout.isatty())


@app.command("add")
def add(
    article: ArticleArgument,
    topics: Topics,
    format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Add topics to an article; only its `topics` value changes."""
    _edit(article, topics, [], root, format)


@app.command("remove")
def remove(
    article: ArticleArgument,
    topics: Topics,
    format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Remove topics from an article; only its `topics` value changes."""
    _edit(article, [], topics, root, format)


def _edit(
    article: str, add: list[str], remove: list[str], root: RootOption, format: WrittenFormat
) -> None:
    from botbeat_cli.config import load_config
    from botbeat_cli.formatters.topics import show_edited
    from botbeat_cli.newsroom.catalog import find_article
    from botbeat_cli.topics import vocabulary

    newsroom = resolve_root(root)
    config = load_config(newsroom)
    path = find_article(newsroom, article, readable=True)
    topics, changed = vocabulary.edit_article(newsroom, config, path, add, remove)
    show_edited(str(path.relative_to(newsroom)), topics, changed, format.value)


@app.command("rename")
def rename(
    old: Annotated[str, typer.Argument(help="The topic key to rename.", autocompletion=TOPIC)],
    new: Annotated[str, typer.Argument(help="Its new key (a slug).")],
    apply: ApplyOption = False,
    format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Rename a topic in botbeat.yaml (the old key becomes an alias) and in every article."""
    from botbeat_cli.topics import vocabulary

    plan = lambda room, config: vocabulary.plan_rename(room, config, old, new)  # noqa: E731
    _run_plan(plan, apply, root, format)


@app.command("merge")
def merge(
    topics: Annotated[list[str], typer.Argument(help=MERGED, autocompletion=TOPIC)],
    apply: ApplyOption = False,
    format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Merge topics into the last one: their keys become its aliases, articles follow."""
    from botbeat_cli.errors import UsageError
    from botbeat_cli.topics import vocabulary

    if len(topics) < 2:
        raise UsageError("give at least one topic to merge and the topic to merge into")
    into = topics[-1]
    plan = lambda room, config: vocabulary.plan_merge(room, config, topics[:-1], into)  # noqa: E731
    _run_plan(plan, apply, root, format)


def _run_plan(plan: Planner, apply: bool, root: RootOption, format: WrittenFormat) -> None:
    from botbeat_cli.config import load_config
    from botbeat_cli.formatters.topics import show_plan
    from botbeat_cli.topics import vocabulary

    newsroom = resolve_root(root)
    planned = plan(newsroom, load_config(newsroom))
    done = vocabulary.apply(newsroom, planned) if apply else None
    show_plan(newsroom, planned, done, format.value)
    if done is not None:
        done.check(newsroom)


@app.command("suggest")
def suggest(
    article: Annotated[str | None, typer.Argument(help=ONE, autocompletion=complete.slugs)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every article.")] = False,
    untagged: Annotated[bool, typer.Option("--untagged", help=UNTAGGED)] = False,
    apply: Annotated[bool, typer.Option("--apply", help=APPLY_SUGGESTED)] = False,
    min_score: Annotated[float | None, typer.Option(min=0.0, max=1.0, help=MIN_SCORE)] = None,
    format: TableFormatOption = TableFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Suggest topics for an article (or --all), each with its reasons.

    From the text, the words learnt per topic and similar tagged articles. The learnt
    words are cached in ~/.cache/botbeat ($BOTBEAT_CACHE_DIR)."""
    from botbeat_cli.config import load_config
    from botbeat_cli.errors import ExitCode, UsageError
    from botbeat_cli.formatters import emit, say
    from botbeat_cli.formatters.topics import applied, not_suggested, show_suggestions
    from botbeat_cli.topics import suggestions

    if (article is None) == (not all_):
        raise UsageError("give one ARTICLE, or --all")
    honour_no_color(no_color)
    newsroom = resolve_root(root)
    config = load_config(newsroom)
    if article is not None:
        found = suggestions.suggest_article(newsroom, config, article, untagged, min_score)
    else:
        found = suggestions.suggest(newsroom, config, untagged=untagged, cutoff=min_score)
    show_suggestions(found, format.value, untagged)
    if apply:
        emit(applied(suggestions.apply(newsroom, config, found.articles, found.cutoff)))
    say(not_suggested(found.unreadable))
    if apply and found.unreadable:  # those got no topics: the job is not done
        raise typer.Exit(ExitCode.PROBLEMS)
