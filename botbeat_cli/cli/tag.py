"""`botbeat tag ...`: the topic vocabulary and articles' topics."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from botbeat_cli.cli import complete
from botbeat_cli.cli.env import honour_no_color, resolve_root, wants_color
from botbeat_cli.cli.options import NoColorOption, RootOption, WrittenFormat, WrittenFormatOption
from botbeat_cli.formatters import dumps, emit

if TYPE_CHECKING:
    from botbeat_cli.topics.vocabulary import VocabularyPlan

app = typer.Typer(
    help="Manage topics: the vocabulary in botbeat.yaml and the topics of articles.",
    no_args_is_help=True,
)


class TagFormat(StrEnum):
    text = "text"
    json = "json"
    table = "table"  # the old name of text


@app.command("list")
def list_topics(
    format: Annotated[TagFormat, typer.Option("--format", "-f")] = TagFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Every topic with its label, aliases and article counts; unused topics marked."""
    from botbeat_cli.config import load_config
    from botbeat_cli.formatters.topics import print_topics_table, topics_json
    from botbeat_cli.newsroom import catalog
    from botbeat_cli.topics import vocabulary

    newsroom = resolve_root(root)
    rows = vocabulary.topic_rows(catalog.load(newsroom), load_config(newsroom))
    if format is TagFormat.json:
        emit(topics_json(rows))
    else:
        color = wants_color(sys.stdout, no_color)
        print_topics_table(rows, color=color, terminal=sys.stdout.isatty())


def _edit(
    article: str, add: list[str], remove: list[str], root: RootOption, format: WrittenFormat
) -> None:
    from botbeat_cli.config import load_config
    from botbeat_cli.formatters.topics import edited
    from botbeat_cli.newsroom.catalog import find_article
    from botbeat_cli.topics import vocabulary

    newsroom = resolve_root(root)
    config = load_config(newsroom)
    path = find_article(newsroom, article, readable=True)
    topics, changed = vocabulary.edit_article(newsroom, config, path, add, remove)
    name = str(path.relative_to(newsroom))
    if format is WrittenFormat.json:
        return emit(dumps({"path": name, "topics": topics, "changed": changed}))
    emit(edited(name, topics, changed))


Article = Annotated[str, typer.Argument(help="Path or slug.", autocompletion=complete.slugs)]
Topics = Annotated[
    list[str],
    typer.Argument(help="Keys, aliases or labels, any case.", autocompletion=complete.topics),
]


@app.command("add")
def add(
    article: Article, topics: Topics, format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False, root: RootOption = None,
) -> None:  # fmt: skip
    """Add topics to an article; only its `topics` value changes."""
    _edit(article, topics, [], root, format)


@app.command("remove")
def remove(
    article: Article, topics: Topics, format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False, root: RootOption = None,
) -> None:  # fmt: skip
    """Remove topics from an article; only its `topics` value changes."""
    _edit(article, [], topics, root, format)


UNTAGGED = "With --all: only articles without topics."
APPLY_SUGGESTED = "Add the suggestions at or above --min-score."
MIN_SCORE = "Cut-off (default 0.38)."
ApplyOption = Annotated[
    bool, typer.Option("--apply", help="Write the changes (default: a dry run that lists them).")
]


def _run_plan(plan: VocabularyPlan, apply: bool, root: Path, format: WrittenFormat) -> None:
    from botbeat_cli.formatters.topics import plan_json, plan_text
    from botbeat_cli.topics import vocabulary

    done = vocabulary.apply(root, plan) if apply else None
    emit((plan_json if format is WrittenFormat.json else plan_text)(root, plan, done))
    if done is not None:
        done.check(root)


@app.command("rename")
def rename(
    old: Annotated[
        str, typer.Argument(help="The topic key to rename.", autocompletion=complete.topics)
    ],
    new: Annotated[str, typer.Argument(help="Its new key (a slug).")],
    apply: ApplyOption = False,
    format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Rename a topic in botbeat.yaml (the old key becomes an alias) and in every article."""
    from botbeat_cli.config import load_config
    from botbeat_cli.topics import vocabulary

    newsroom = resolve_root(root)
    plan = vocabulary.plan_rename(newsroom, load_config(newsroom), old, new)
    _run_plan(plan, apply, newsroom, format)


@app.command("merge")
def merge(
    topics: Annotated[
        list[str],
        typer.Argument(help="FROM... INTO: the last one receives.", autocompletion=complete.topics),
    ],
    apply: ApplyOption = False,
    format: WrittenFormatOption = WrittenFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Merge topics into the last one: their keys become its aliases, articles follow."""
    from botbeat_cli.config import load_config
    from botbeat_cli.errors import UsageError
    from botbeat_cli.topics import vocabulary

    if len(topics) < 2:
        raise UsageError("give at least one topic to merge and the topic to merge into")
    newsroom = resolve_root(root)
    plan = vocabulary.plan_merge(newsroom, load_config(newsroom), topics[:-1], topics[-1])
    _run_plan(plan, apply, newsroom, format)


@app.command("suggest")
def suggest(
    article: Annotated[
        str | None, typer.Argument(help="Path or slug (or --all).", autocompletion=complete.slugs)
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every article.")] = False,
    untagged: Annotated[bool, typer.Option("--untagged", help=UNTAGGED)] = False,
    apply: Annotated[bool, typer.Option("--apply", help=APPLY_SUGGESTED)] = False,
    min_score: Annotated[float | None, typer.Option(min=0.0, max=1.0, help=MIN_SCORE)] = None,
    format: Annotated[TagFormat, typer.Option("--format", "-f")] = TagFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Suggest topics from the text, the words learnt per topic and similar tagged articles,
    with reasons. The learnt words are cached in ~/.cache/botbeat ($BOTBEAT_CACHE_DIR)."""
    from botbeat_cli.config import load_config
    from botbeat_cli.errors import UsageError
    from botbeat_cli.formatters.topics import suggestions_json, suggestions_text
    from botbeat_cli.newsroom.catalog import find_article
    from botbeat_cli.topics import suggestions

    if (article is None) == (not all_):
        raise UsageError("give one ARTICLE, or --all")
    honour_no_color(no_color)
    newsroom = resolve_root(root)
    config = load_config(newsroom)
    paths = [find_article(newsroom, article, readable=True)] if article else []
    cutoff = suggestions.CUTOFF if min_score is None else min_score
    results = suggestions.suggest(newsroom, config, paths, untagged=untagged)
    render = suggestions_json if format is TagFormat.json else suggestions_text
    emit(render(results, cutoff))
    if not results:
        typer.echo("no article to suggest topics for" + (" (none untagged)" if untagged else ""),
                   err=True)  # fmt: skip
    for path, topics in suggestions.apply(newsroom, config, results, cutoff) if apply else []:
        typer.echo(f"updated {path}: topics [{', '.join(topics)}]")
