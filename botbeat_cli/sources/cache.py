"""Results of `botbeat sources`, remembered between runs (SQLite in the cache folder).

Good answers are kept for a while (a time to live per outcome); transient failures
(timeouts, unreachable hosts, 5xx, 429) are never served from the cache, so the next run
checks them again, but the cache counts how many runs in a row a URL was unreachable.
Safe to delete; `--no-cache` ignores it, `--max-age` shortens every time to live.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from botbeat_cli.sources.outcome import Hop, Outcome, Result

DAY = 86_400.0
TTL = {
    Outcome.OK: 7 * DAY,
    Outcome.REDIRECTED: 7 * DAY,
    Outcome.BROKEN: 1 * DAY,
    Outcome.BLOCKED: 3 * DAY,
    Outcome.UNVERIFIABLE: 7 * DAY,
    Outcome.SUSPECT: 1 * DAY,
}  # anything else (errors, 429, skipped, refused) is always checked again
NAME = "sources-v1.sqlite"


class ResultCache:
    """Entries are per safety mode: an answer fetched with `--allow-private` is never served
    to a run without it (the cache must not open a way around the address rules)."""

    def __init__(self, root: Path, allow_private: bool = False, read: bool = True) -> None:
        """`read` False: nothing is served from the cache, but fresh results are stored
        (`--refresh`). A folder or database that cannot be used is warned about once and
        the run goes on without a cache, like every other cache (issue 10)."""
        from botbeat_cli.store.cache import cache_dir

        self.mode = "private-allowed|" if allow_private else "public|"
        self.read = read
        self.folder = cache_dir(root)
        self.db: sqlite3.Connection | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.folder / NAME)
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS results (url TEXT PRIMARY KEY, outcome TEXT, "
                "status INTEGER, final_url TEXT, chain TEXT, detail TEXT, permanent INTEGER, "
                "checked REAL, unreachable_runs INTEGER)"
            )
        except (OSError, sqlite3.Error) as exc:
            self._broken(exc)

    def _broken(self, exc: BaseException) -> None:
        from botbeat_cli.store.cache import unusable

        unusable(self.folder, exc)
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None

    def _query(self, sql: str, values: tuple[object, ...]) -> tuple[Any, ...] | None:
        if self.db is None:
            return None
        try:
            row: tuple[Any, ...] | None = self.db.execute(sql, values).fetchone()
        except sqlite3.Error as exc:
            self._broken(exc)
            return None
        return row

    def get(
        self, url: str, max_age: float | None = None, now: float | None = None
    ) -> Result | None:
        if not self.read:
            return None
        row = self._query(
            "SELECT outcome, status, final_url, chain, detail, permanent, checked "
            "FROM results WHERE url = ?",
            (self.mode + url,),
        )
        if row is None or row[0] not in Outcome.__members__.values():
            return None
        outcome = Outcome(row[0])
        ttl = min(TTL.get(outcome, 0.0), max_age if max_age is not None else float("inf"))
        if (now or time.time()) - row[6] >= ttl:
            return None
        chain = tuple(Hop(h["status"], h["url"]) for h in json.loads(row[3]))
        return Result(
            url, outcome, row[1], row[2], chain, row[4], bool(row[5]), extra={"cached": "yes"}
        )

    def unreachable_runs(self, url: str) -> int:
        row = self._query("SELECT unreachable_runs FROM results WHERE url = ?", (self.mode + url,))
        return int(row[0]) if row else 0

    def put(self, result: Result, now: float | None = None) -> int:
        """Store a fresh result; returns how many runs in a row the URL was unreachable."""
        runs = self.unreachable_runs(result.url) + 1 if result.outcome is Outcome.UNREACHABLE else 0
        chain = json.dumps([{"status": h.status, "url": h.url} for h in result.chain])
        self._query(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.mode + result.url,
                result.outcome.value,
                result.status,
                result.final_url,
                chain,
                result.detail,
                int(result.permanent),
                now or time.time(),
                runs,
            ),
        )
        return runs

    def close(self) -> None:
        if self.db is None:
            return
        try:
            self.db.commit()
        except sqlite3.Error as exc:  # a full disk at the end: the results are shown anyway
            self._broken(exc)
        else:
            self.db.close()
