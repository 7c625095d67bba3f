"""`botbeat sources`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from botbeat_cli.cli.env import resolve_root
from botbeat_cli.cli.options import RootOption
from botbeat_cli.cli.progress import bar
from botbeat_cli.formatters import emit

if TYPE_CHECKING:
    from botbeat_cli.store.files import Original


class SourcesFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def sources(
    articles: Annotated[
        list[str] | None, typer.Argument(help="Articles to check (default: all).")
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Also check hosts on loopback and private addresses (refused by default).",
        ),
    ] = False,
    concurrency: Annotated[int, typer.Option(min=1, help="Requests at once in all.")] = 64,
    per_host: Annotated[int, typer.Option(min=1, help="Requests at once to one host.")] = 4,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for an answer.")] = 10.0,
    with_body_links: Annotated[
        bool, typer.Option("--body-links", help="Also check the links in article bodies.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Check every URL again and leave the cache as it is (neither read nor written).",
        ),
    ] = False,
    refresh: Annotated[
        bool,
        typer.Option("--refresh", help="Check every URL again and store the answers in the cache."),
    ] = False,
    max_age: Annotated[
        float | None,
        typer.Option("--max-age", min=0, help="Hours a cached answer stays good (at most)."),
    ] = None,
    fix_redirects: Annotated[
        bool,
        typer.Option(
            "--fix-redirects",
            help="Show (or with --apply write) source.url moved to the end of a permanent "
            "redirect chain.",
        ),
    ] = False,
    apply: Annotated[bool, typer.Option("--apply", help="With --fix-redirects: write.")] = False,
    format: Annotated[SourcesFormat, typer.Option("--format", "-f")] = SourcesFormat.text,
    root: RootOption = None,
) -> None:
    """Check the source URL of every article: ok, redirected, broken, unreachable...

    Each distinct URL is requested once. Exit 1 when a source is broken (404, 410).
    """
    from botbeat_cli.config import load_config
    from botbeat_cli.newsroom.catalog import find_article
    from botbeat_cli.sources.checker import USER_AGENT, Settings
    from botbeat_cli.sources.report import (
        check_sources,
        exit_status,
        github_annotations,
        plan_fixes,
    )

    newsroom = resolve_root(root)
    config = load_config(newsroom)
    paths: list[Path] = [find_article(newsroom, name, readable=True) for name in articles or []]
    contact = config.source_checks.contact
    settings = Settings(
        allow_private=allow_private, concurrency=concurrency, per_host=per_host,
        read_timeout=timeout, connect_timeout=min(timeout, 5.0), rules=config.host_rule,
        user_agent=USER_AGENT + (f"; +{contact}" if contact else ""),
    )  # fmt: skip
    with bar("checking sources") as progress:
        checked = check_sources(
            newsroom, settings, paths,
            cache_mode="off" if no_cache else "refresh" if refresh else "use",
            max_age=max_age * 3600 if max_age is not None else None,
            with_body_links=with_body_links, progress=progress,
        )  # fmt: skip
    from botbeat_cli.formatters import sources as show

    if format is SourcesFormat.json:
        emit(show.as_json(checked))
    elif format is SourcesFormat.github:
        emit(show.github(github_annotations(newsroom, checked, config.source_checks.fail_on)))
    else:
        show.print_table(checked) if sys.stdout.isatty() else emit(show.plain(checked))
        emit(show.duplicates(checked))
    if fix_redirects:
        fixes = plan_fixes(newsroom, checked)
        emit(show.fix_diff(newsroom, fixes))
        _fixed(newsroom, fixes, apply)
    typer.echo(show.summary(checked), err=True, nl=False)
    raise typer.Exit(exit_status(checked, config.source_checks.fail_on))


def _fixed(root: Path, fixes: dict[Path, tuple[Original, str]], apply: bool) -> None:
    from botbeat_cli.store.files import replace_all

    if apply:
        done = replace_all(fixes.values())
        typer.echo(f"{len(done.written)} file(s) updated", err=True)
        done.check(root)
    elif fixes:
        typer.echo(f"{len(fixes)} file(s) would change: run with --apply to write", err=True)
