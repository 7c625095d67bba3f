"""What `validate` found in each article on a past run, kept while the article, the
newsroom's configuration, botbeat's own code and the newsroom's date are unchanged, so a
warm whole-newsroom run reads no article it checked before (bench/validate_bench.py).

A file is trusted by its size, mtime, ctime and inode, as git's index does (a `chmod` moves
the ctime alone; a file changed within RACY_NS of the last save is checked again). Not
kept: a file that could not be read, and one whose verdict can change later the same day
(`rules.article.changes_later_today`). Nothing is trusted when the clock stands before the
last save's: a date in the past then may be in the future now.

What the rules across articles found is kept too, and used when every article's verdict
was (none saved, added or removed since): they would find the same again.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from botbeat_cli.diagnostics import Diagnostic, Severity
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.rules import disables
from botbeat_cli.rules import newsroom as newsroom_rules

CACHE_NAME = "validate-results-v2.json"
_COLUMNS = ("rels", "sizes", "mtimes", "ctimes", "inodes", "found")
Row = tuple[int, int, int, int, Any]  # size, mtime, ctime, inode, what was found


@dataclass(slots=True)
class FileResult:
    """One article's diagnostics, its summary (None: it could not be read) and its inline
    disables; `timed`: its verdict can change later today, so it is not kept."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    summary: newsroom_rules.Summary | None = None
    disables: list[disables.Disable] = field(default_factory=list)
    timed: bool = False


class Results:
    """The kept results of a newsroom: `get` one file's, `put` what a run found, `save`."""

    def __init__(self, root: Path, config: NewsroomConfig, now: datetime) -> None:
        from botbeat_cli.store import cache

        self.root = root
        self.now_ns = int(now.timestamp() * 1e9)
        self.key = _key(config, now)
        stored = cache.load(root, CACHE_NAME)
        columns = [stored.get(name) for name in _COLUMNS]
        saved_ns, then_ns = stored.get("saved_ns"), stored.get("now_ns")
        usable = (
            stored.get("key") == self.key
            and all(isinstance(c, list) for c in columns)
            and len({len(c) for c in columns if isinstance(c, list)}) == 1
            and isinstance(saved_ns, int)
            and isinstance(then_ns, int)
            and then_ns <= self.now_ns
        )
        self.rows: dict[str, Row] = {}
        self.racy_after = 0
        self.stored_across = stored.get("across") if usable else None
        alike = stored.get("alike") if usable else None
        self.alike: dict[str, str] | None = alike if isinstance(alike, dict) else None
        self.found_across: list[Diagnostic] | None = None
        self.found_alike: dict[str, str] = {}
        if usable:
            rels, *values = columns
            assert isinstance(saved_ns, int) and rels is not None  # for mypy: checked above
            self.racy_after = saved_ns - cache.RACY_NS
            self.rows = dict(zip(rels, zip(*values, strict=True), strict=True))
        self.kept: dict[str, Row] = {}
        self.seen: dict[str, os.stat_result] = {}  # the files checked afresh, at their stat
        self.changed = not usable

    def get(self, rel: str) -> FileResult | None:
        """The file's kept result if its stat is the one it was checked at."""
        try:
            st = os.stat(os.path.join(self.root, rel))
        except OSError:
            self.changed = True
            return None
        row = self.rows.get(rel)
        if row is not None and row[:4] == _signature(st) and st.st_mtime_ns < self.racy_after:
            result = _result(rel, row[4])
            if result is not None:
                self.kept[rel] = row
                return result
        self.changed = True
        self.seen[rel] = st
        return None

    def put(self, rel: str, result: FileResult) -> None:
        """Keep what a run found in a file it checked afresh, if it can be kept."""
        st = self.seen.get(rel)
        if st is None or result.summary is None or result.timed:
            return
        self.kept[rel] = (*_signature(st), _entry(result))

    def across(self) -> list[Diagnostic] | None:
        """What the rules across articles found last run, if every article's verdict was
        kept this run (none added, removed or saved since): they would find it again."""
        if self.changed or len(self.kept) != len(self.rows):
            return None
        rows = self.stored_across
        if not isinstance(rows, list):
            return None
        try:
            return [
                Diagnostic(path, line, col, Severity(severity), rule, message)
                for path, line, col, severity, rule, message in rows
            ]
        except (TypeError, ValueError):  # not a list of diagnostics: found again
            return None

    def known_alike(self) -> newsroom_rules.KnownAlike:
        """The similar titles of the last run and the articles read afresh since (saved,
        added, or within the racy window: judged again either way), for `alike_since`;
        nothing is known when the last run's results could not be used."""
        alike = self.alike
        if not self.rows or alike is None or not all(isinstance(v, str) for v in alike.values()):
            return newsroom_rules.KnownAlike()
        return newsroom_rules.KnownAlike(alike, set(self.seen))

    def keep_across(self, found: list[Diagnostic], alike: dict[str, str]) -> None:
        self.found_across, self.found_alike = found, alike

    def save(self) -> None:
        from botbeat_cli.store import cache

        if self.found_across is None and not self.changed and len(self.kept) == len(self.rows):
            return
        rows = sorted(self.kept.items())
        data: dict[str, Any] = {"key": self.key, "saved_ns": time.time_ns(), "now_ns": self.now_ns}
        if self.found_across is not None:
            data["across"] = [
                [d.path, d.line, d.col, d.severity.value, d.rule, d.message]
                for d in self.found_across
            ]
            data["alike"] = self.found_alike
        data["rels"] = [rel for rel, _ in rows]
        for k, name in enumerate(_COLUMNS[1:]):
            data[name] = [row[k] for _, row in rows]
        cache.save(self.root, CACHE_NAME, data)


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _key(config: NewsroomConfig, now: datetime) -> str:
    """What every kept result depends on besides its file: the configuration, the
    newsroom's date, botbeat's own code (its modules' sizes and mtimes: a change to a rule
    in a development checkout is a change) and the Python, Pydantic and PyYAML that ran."""
    import sys

    import pydantic
    import yaml

    import botbeat_cli

    digest = hashlib.blake2b(digest_size=16)
    digest.update(config.model_dump_json().encode())
    digest.update(config.today(now).isoformat().encode())
    for version in (botbeat_cli.__version__, sys.version, pydantic.VERSION, yaml.__version__):
        digest.update(f"{version};".encode())
    package = os.path.dirname(botbeat_cli.__file__)
    for folder, dirs, names in os.walk(package):
        dirs.sort()
        for name in sorted(n for n in names if n.endswith(".py")):
            st = os.stat(os.path.join(folder, name))
            digest.update(
                f"{folder[len(package) :]}/{name}:{st.st_size}:{st.st_mtime_ns};".encode()
            )
    return digest.hexdigest()


def _entry(result: FileResult) -> list[Any]:
    made = result.summary
    assert made is not None
    found = [[d.line, d.col, d.severity.value, d.rule, d.message] for d in result.diagnostics]
    related = [list(item) for item in made.related]
    summary = [made.slug, made.order, made.title, sorted(made.words), made.source, related]
    off = [[d.line, d.col, d.rule, d.whole_file] for d in result.disables]
    return [found, summary, off]


def _result(rel: str, entry: Any) -> FileResult | None:
    """The kept entry as a result; None if it is not one (then the file is checked)."""
    try:
        found, (slug, order, title, words, source, related), off = entry
        diagnostics = [
            Diagnostic(rel, line, col, Severity(severity), rule, message)
            for line, col, severity, rule, message in found
        ]
        links = tuple((name, index, target) for name, index, target in related)
        made = newsroom_rules.Summary(rel, slug, order, title, frozenset(words), source, links)
        kept = [disables.Disable(rel, line, col, rule, whole) for line, col, rule, whole in off]
    except (TypeError, ValueError):
        return None
    return FileResult(diagnostics, made, kept)


def grouped(
    rels: Sequence[str],
    diagnostics: Sequence[Diagnostic],
    summaries: Sequence[newsroom_rules.Summary],
    found_disables: Sequence[disables.Disable],
    timed: Sequence[str],
) -> dict[str, FileResult]:
    """A run's findings, file by file, in the order of `rels`."""
    out = {rel: FileResult() for rel in rels}
    for d in diagnostics:
        out.setdefault(d.path, FileResult()).diagnostics.append(d)
    for made in summaries:
        out.setdefault(made.path, FileResult()).summary = made
    for off in found_disables:
        out.setdefault(off.path, FileResult()).disables.append(off)
    for rel in timed:
        out.setdefault(rel, FileResult()).timed = True
    return out
