"""`botbeat sources`."""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from botbeat_cli.cli.env import resolve_root
from botbeat_cli.cli.options import RootOption
from botbeat_cli.cli.progress import bar
from botbeat_cli.formatters import emit

if TYPE_CHECKING:
    from botbeat_cli.sources.report import Checked


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
    from botbeat_cli.diagnostics import visible
    from botbeat_cli.newsroom.catalog import find_article
    from botbeat_cli.sources.checker import USER_AGENT, Settings
    from botbeat_cli.sources.report import check_sources, exit_status

    newsroom = resolve_root(root)
    config = load_config(newsroom)
    paths: list[Path] = [find_article(newsroom, name) for name in articles or []]
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
    if format is SourcesFormat.json:
        items = [
            {"url": c.result.url, "outcome": c.result.outcome.value, "status": c.result.status,
             "final_url": c.result.final_url,
             "chain": [{"status": h.status, "url": h.url} for h in c.result.chain],
             "permanent": c.result.permanent, "detail": c.result.detail,
             "attempts": c.result.attempts, "cached": c.cached,
             "unreachable_runs": c.unreachable_runs, "articles": list(c.articles),
             "body_articles": list(c.body_articles), "same_source": list(c.same_source)}
            for c in checked
        ]  # fmt: skip
        emit(json.dumps(items, indent=2, ensure_ascii=False) + "\n")
    elif format is SourcesFormat.github:
        _github(newsroom, checked, config.source_checks.fail_on)
    elif sys.stdout.isatty():
        _table(checked)
        _duplicates(checked)
    else:
        for c in checked:
            r = c.result
            status = f" {r.status}" if r.status else ""
            line = f"{r.outcome.value:<13}{status:>4}  {visible(r.url)}"
            if r.chain:
                line += f" -> {visible(r.final_url or '')}"
            if r.detail:
                line += f"  ({visible(r.detail)})"
            typer.echo(line)
            for path in c.articles:
                typer.echo(f"    cited by {path}")
            for path in c.body_articles:
                typer.echo(f"    linked from the body of {path}")
        _duplicates(checked)
    if fix_redirects:
        _fix(newsroom, checked, apply)
    counts = Counter(c.result.outcome.value for c in checked)
    summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    typer.echo(f"{len(checked)} source URL(s): {summary or 'none'}", err=True)
    raise typer.Exit(exit_status(checked, config.source_checks.fail_on))


def _fix(root: Path, checked: list[Checked], apply: bool) -> None:
    import difflib

    from botbeat_cli.diagnostics import visible
    from botbeat_cli.sources.report import plan_fixes
    from botbeat_cli.store.files import replace_all

    fixes = plan_fixes(root, checked)
    for path, (old, new) in sorted(fixes.items()):
        name = str(path.relative_to(root))
        diff = difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"a/{name}", tofile=f"b/{name}", n=1,
        )  # fmt: skip
        for line in diff:
            typer.echo(visible(line.rstrip("\n")))
    if apply:
        written = replace_all({path: new for path, (_, new) in fixes.items()})
        typer.echo(f"{len(written)} file(s) updated", err=True)
    elif fixes:
        typer.echo(f"{len(fixes)} file(s) would change: run with --apply to write", err=True)


def _duplicates(checked: list[Checked]) -> None:
    """Articles that cite the same source (after URL normalisation), once per group."""
    seen: set[tuple[str, ...]] = set()
    for c in checked:
        if c.same_source and c.same_source not in seen:
            seen.add(c.same_source)
            first, *others = c.same_source
            for other in others:
                typer.echo(f"same source: {other} is already covered by {first}")


def _table(checked: list[Checked]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from botbeat_cli.diagnostics import visible

    styles = {"ok": "green", "redirected": "cyan", "broken": "bold red", "unreachable": "red",
              "server-error": "red", "timeout": "yellow", "suspect": "yellow"}  # fmt: skip
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("outcome", "status", "url", "cited by"):
        table.add_column(column, overflow="fold")
    for c in checked:
        r = c.result
        url = visible(r.url) + (f" -> {visible(r.final_url or '')}" if r.chain else "")
        cited = "\n".join([*c.articles, *(f"{p} (body)" for p in c.body_articles)])
        outcome = Text(r.outcome.value, style=styles.get(r.outcome.value, ""))
        table.add_row(outcome, str(r.status or ""), Text(url), Text(cited))
    Console(highlight=False).print(table)


def _github(root: Path, checked: list[Checked], fail_on: list[str]) -> None:
    """Workflow annotations on the lines that cite each URL that is not ok."""
    from botbeat_cli.formatters.github import annotation
    from botbeat_cli.sources.report import fails, position

    for c in checked:
        r = c.result
        if r.outcome.value in ("ok", "skipped"):
            continue
        level = "error" if fails(c, fail_on) else "warning"
        status = f" ({r.status})" if r.status else ""
        for path in [*c.articles, *c.body_articles]:
            line, col = position(root, path, r.url)
            message = f"{r.url} is {r.outcome.value}{status}" + (
                f": {r.detail}" if r.detail else ""
            )
            typer.echo(annotation(level, path, line, col, f"source-{r.outcome.value}", message))
