"""`validate`: check articles against the format and the editorial rules.

Library entry point: `validate(root, options) -> Report`. It never prints.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from botbeat_cli.diagnostics import Diagnostic, Report, Severity
from botbeat_cli.errors import NewsroomError
from botbeat_cli.model.article import Article, Context
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.rules import article as article_rules
from botbeat_cli.rules import newsroom as newsroom_rules
from botbeat_cli.rules.schema import diagnostics_from_validation
from botbeat_cli.store import files, frontmatter, yamlsafe
from botbeat_cli.store.newsroom import (
    CONFIG_NAME,
    article_paths,
    load_config,
    relative,
    select_articles,
    slug_index,
)
from botbeat_cli.urls import normalise

PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True, slots=True)
class ValidateOptions:
    paths: Sequence[Path] = ()
    strict: bool = False
    jobs: int | None = None  # worker processes; None = one per core for large runs
    now: datetime | None = None


@dataclass(slots=True)
class FileResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summary: newsroom_rules.Summary | None = None


def validate(root: Path, options: ValidateOptions = ValidateOptions()) -> Report:
    report = Report(strict=options.strict)
    try:
        config = load_config(root)
    except NewsroomError as exc:
        report.extend(exc.diagnostics)
        return report
    whole = not options.paths or any(Path(p).resolve() == root / CONFIG_NAME for p in options.paths)
    paths = article_paths(root) if whole else select_articles(root, options.paths)
    slugs = _slugs(root, paths) if whole else slug_index(root)
    now = options.now or datetime.now(UTC)
    results = _check_files(root, paths, config, now, options.jobs)
    summaries = [r.summary for r in results if r.summary is not None]
    found: list[Diagnostic] = [d for r in results for d in r.diagnostics]
    locate = partial(_locate, root)
    found.extend(newsroom_rules.check(summaries, slugs, config.rules.similar_titles, locate))
    report.files_checked = len(paths)
    report.extend(_with_overrides(found, config.rules.severity))
    return report


def _locate(root: Path, path: str, keys: tuple[str | int, ...]) -> tuple[int, int]:
    """Where a value stands in a file, for the newsroom-wide rules' few diagnostics."""
    try:
        return frontmatter.parse(files.read_text(root / path)).positions.of_value(keys)
    except (files.Unreadable, yamlsafe.YamlProblem):
        return (1, 1)


def _slugs(root: Path, paths: Iterable[Path]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for path in paths:
        index.setdefault(path.stem, []).append(relative(root, path))
    return index


def _with_overrides(found: list[Diagnostic], overrides: Mapping[str, str]) -> list[Diagnostic]:
    if not overrides:
        return found
    out = []
    for diagnostic in found:
        wanted = overrides.get(diagnostic.rule)
        if wanted == "off":
            continue
        if wanted is not None and wanted != diagnostic.severity.value:
            diagnostic = Diagnostic(
                diagnostic.path, diagnostic.line, diagnostic.col, Severity(wanted),
                diagnostic.rule, diagnostic.message,
            )  # fmt: skip
        out.append(diagnostic)
    return out


def _check_files(
    root: Path, paths: list[Path], config: NewsroomConfig, now: datetime, jobs: int | None
) -> list[FileResult]:
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or (jobs is None and len(paths) < PARALLEL_FROM):
        with _no_gc():
            return [check_file(root, path, config, now) for path in paths]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    chunk = max(1, min(256, len(paths) // (workers * 8)))
    with context.Pool(workers, initializer=_init_worker, initargs=(root, config, now)) as pool:
        return pool.map(_check_in_worker, paths, chunksize=chunk)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Reading articles makes many small objects and no reference cycles; the cyclic
    collector would only rescan them (about a tenth of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_worker_state: tuple[Path, NewsroomConfig, datetime] | None = None


def _init_worker(root: Path, config: NewsroomConfig, now: datetime) -> None:
    global _worker_state
    _worker_state = (root, config, now)
    gc.disable()  # see _no_gc; a worker lives only for this run


def _check_in_worker(path: Path) -> FileResult:
    assert _worker_state is not None
    return check_file(_worker_state[0], path, *_worker_state[1:])


def check_file(root: Path, path: Path, config: NewsroomConfig, now: datetime) -> FileResult:
    """Every per-file rule on one article, plus the summary the newsroom-wide rules need."""
    rel = relative(root, path)
    result = FileResult()
    try:
        parsed = frontmatter.parse(files.read_text(path))
    except (files.Unreadable, yamlsafe.YamlProblem) as exc:
        result.diagnostics.append(
            Diagnostic(rel, exc.line, exc.col, Severity.ERROR, exc.rule, exc.message)
        )
        return result
    facts = article_rules.FileFacts(
        rel, parsed.data, parsed.positions, parsed.body, parsed.body_line
    )
    try:
        Article.model_validate(parsed.data, context=Context(config))
    except ValidationError as exc:
        result.diagnostics.extend(diagnostics_from_validation(exc, parsed.positions, rel, Article))
    result.diagnostics.extend(article_rules.check(facts, config, now))
    result.summary = _summary(facts)
    return result


def _summary(facts: article_rules.FileFacts) -> newsroom_rules.Summary:
    data = facts.data
    when = data.get("date")
    title = data.get("title")
    source = data.get("source")
    url = source.get("url") if isinstance(source, dict) else None
    related: list[tuple[str, int, str]] = []
    lists = data.get("related")
    if isinstance(lists, dict):
        for name in ("pinned", "more_from", "suggested"):
            items: Any = lists.get(name)
            if isinstance(items, list):
                related.extend(
                    (name, i, slug) for i, slug in enumerate(items) if isinstance(slug, str)
                )
    return newsroom_rules.Summary(
        path=facts.path,
        slug=facts.slug,
        order=f"{when.isoformat() if isinstance(when, date) else '~'} {facts.slug}",
        title=title if isinstance(title, str) else None,
        words=newsroom_rules.title_words(title) if isinstance(title, str) else frozenset(),
        source=normalise(url) if isinstance(url, str) and url.strip() else None,
        related=tuple(related),
    )
