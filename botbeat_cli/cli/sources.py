"""`botbeat sources`."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from botbeat_cli.cli.env import honour_no_color, resolve_root, wants_color
from botbeat_cli.cli.options import NoColorOption, RootOption
from botbeat_cli.formatters import say
from botbeat_cli.formatters.progress import tally

ARTICLES = "Articles to check (default: all)."
PRIVATE = "Also check hosts on loopback and private addresses (refused by default)."
BODY_LINKS = "Also check the links in article bodies."
NO_CACHE = "Check every URL again and leave the cache as it is (neither read nor written)."
REFRESH = "Check every URL again and store the answers in the cache."
MAX_AGE = "Hours a cached answer stays good (at most)."
FIX = "Show (or with --apply write) source.url moved to the end of a permanent redirect chain."


class SourcesFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def sources(
    articles: Annotated[list[str] | None, typer.Argument(help=ARTICLES)] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help=PRIVATE)] = False,
    concurrency: Annotated[int, typer.Option(min=1, help="Requests at once in all.")] = 64,
    per_host: Annotated[int, typer.Option(min=1, help="Requests at once to one host.")] = 4,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for an answer.")] = 10.0,
    with_body_links: Annotated[bool, typer.Option("--body-links", help=BODY_LINKS)] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help=NO_CACHE)] = False,
    refresh: Annotated[bool, typer.Option("--refresh", help=REFRESH)] = False,
    max_age: Annotated[float | None, typer.Option(min=0, help=MAX_AGE)] = None,
    fix_redirects: Annotated[bool, typer.Option("--fix-redirects", help=FIX)] = False,
    apply: Annotated[bool, typer.Option("--apply", help="With --fix-redirects: write.")] = False,
    format: Annotated[
        SourcesFormat,
        typer.Option(
            "--format", "-f", help="text (default: a table on a terminal), json, github or sarif."
        ),
    ] = SourcesFormat.text,
    no_color: NoColorOption = False,
    root: RootOption = None,
) -> None:
    """Check the source URL of every article: ok, redirected, broken, unreachable...

    Each distinct URL is requested once. Exit 1 when a source is broken (404, 410).
    """
    from botbeat_cli.config import load_config
    from botbeat_cli.formatters import sources as show
    from botbeat_cli.newsroom.catalog import find_article
    from botbeat_cli.sources import report
    from botbeat_cli.sources.checker import Settings

    honour_no_color(no_color)
    newsroom = resolve_root(root)
    config = load_config(newsroom)
    paths = [find_article(newsroom, name, readable=True) for name in articles or []]
    settings = Settings.of(
        config, timeout, allow_private=allow_private, concurrency=concurrency, per_host=per_host
    )
    with tally("checking sources") as progress:
        checked = report.check_sources(
            newsroom,
            settings,
            paths,
            "off" if no_cache else "refresh" if refresh else "use",
            max_age * 3600 if max_age is not None else None,
            with_body_links,
            progress,
        )
    color = wants_color(sys.stdout, no_color)
    show.show(newsroom, checked, format.value, config.source_checks.fail_on, color=color)
    if fix_redirects:
        fixes, done = report.fix_redirects(newsroom, checked, apply)
        show.show_fixes(newsroom, fixes, done)
        if done:
            done.check(newsroom)
    say(show.summary(checked))
    raise typer.Exit(report.exit_status(checked, config.source_checks.fail_on))
