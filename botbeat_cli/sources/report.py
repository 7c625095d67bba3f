"""`sources`: which articles cite which URLs, checked once each, in outcome order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from botbeat_cli.sources.checker import Settings, run
from botbeat_cli.sources.outcome import Outcome, Result

ORDER = [
    Outcome.BROKEN, Outcome.UNREACHABLE, Outcome.SERVER_ERROR, Outcome.TIMEOUT,
    Outcome.SUSPECT, Outcome.REFUSED, Outcome.RATE_LIMITED, Outcome.BLOCKED,
    Outcome.REDIRECTED, Outcome.UNVERIFIABLE, Outcome.SKIPPED, Outcome.OK,
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Checked:
    result: Result
    articles: tuple[str, ...]  # paths of the articles that cite the URL


def check_sources(root: Path, settings: Settings, paths: Sequence[Path] = ()) -> list[Checked]:
    """Every article's `source.url` (or the given articles'), each distinct URL once."""
    from botbeat_cli.catalog import load
    from botbeat_cli.store.newsroom import relative

    wanted = {relative(root, p) for p in paths}
    citing: dict[str, list[str]] = {}
    for entry in load(root).entries:
        if entry.source and (not wanted or entry.path in wanted):
            citing.setdefault(entry.source, []).append(entry.path)
    results = run(citing, settings)
    checked = [Checked(results[url], tuple(sorted(citing[url]))) for url in citing]
    return sorted(checked, key=lambda c: (ORDER.index(c.result.outcome), c.result.url))


def exit_status(checked: Sequence[Checked], fail_on: Sequence[str] = ("broken",)) -> int:
    """1 when any URL has an outcome the newsroom counts as a failure (`fail_on`)."""
    return 1 if any(c.result.outcome.value in fail_on for c in checked) else 0
