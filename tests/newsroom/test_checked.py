"""The kept verdicts of `validate` (newsroom.checked): a warm run trusts an article by its
stat, and anything else its verdict depends on (configuration, date, clock) is checked.
A verdict planted in the cache shows which runs took it from there."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from botbeat_cli.newsroom import checked
from botbeat_cli.store import cache
from botbeat_cli.validate import ValidateOptions, validate
from tests.conftest import Newsroom, Run, age, article_text

LONG_AGO = time.time() - 3600  # saved well before the run: not within the racy window
NOON = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _found(root: Path, now: datetime) -> list[str]:
    return [d.plain() for d in validate(root, ValidateOptions(now=now, jobs=1)).sorted()]


def _plant(root: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    """Change what validate kept, as a stale cache would hold it: a run that shows the
    planted verdict took it from the cache, not from the file."""
    path = cache.cache_dir(root) / checked.CACHE_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _planted_verdicts(data: dict[str, Any]) -> None:
    for found in data["found"]:
        for diagnostic in found[0]:
            diagnostic[4] = "planted"


def _save(path: Path, old: str, new: str, when: float | None = None) -> None:
    """An edit written in place, its mtime then set to `when` or kept as it was (as a tool
    that keeps mtimes would): its ctime still moves, once the file system's clock, which
    ticks coarsely, has moved past the file's last change (a bounded wait on it)."""
    last, tick = path.stat().st_ctime_ns, path.with_name(".tick")
    for _ in range(1_000_000):
        tick.touch()
        if tick.stat().st_ctime_ns > last:
            break
    tick.unlink()
    before = path.stat().st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    if when is None:
        os.utime(path, ns=(before, before))
    else:
        os.utime(path, (when, when))


def test_a_warm_run_keeps_verdicts_and_checks_what_was_saved_again(newsroom: Newsroom) -> None:
    newsroom.article("one")
    two = newsroom.article("two", kind="reserch")
    age(newsroom.root)
    cold = _found(newsroom.root, NOON)
    assert [line.split(" ")[1] for line in cold] == ["error[unknown-kind]"]
    _plant(newsroom.root, _planted_verdicts)
    warm = _found(newsroom.root, NOON + timedelta(minutes=1))
    assert warm == ["articles/2026/two.md:4:7: error[unknown-kind] planted"]  # not read
    os.utime(two, (LONG_AGO + 30, LONG_AGO + 30))  # an editor's save: a new mtime
    assert _found(newsroom.root, NOON + timedelta(minutes=2)) == cold
    _plant(newsroom.root, _planted_verdicts)
    _save(two, "kind: reserch", "kind: researc")  # same size and mtime: the ctime tells
    again = _found(newsroom.root, NOON + timedelta(minutes=3))
    assert len(again) == 1 and "'researc'" in again[0]


def test_a_changed_configuration_checks_every_article_again(newsroom: Newsroom) -> None:
    newsroom.article("two", kind="reserch")
    age(newsroom.root)
    assert "'reserch'" in _found(newsroom.root, NOON)[0]
    _plant(newsroom.root, _planted_verdicts)
    config = newsroom.root / "botbeat.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "# a comment changes no verdict\n", encoding="utf-8")
    assert _found(newsroom.root, NOON)[0].endswith("planted")  # the same configuration: kept
    text = text.replace("kinds:\n", "kinds:\n  feature: {label: FEATURE}\n", 1)
    config.write_text(text, encoding="utf-8")
    assert "'reserch'" in _found(newsroom.root, NOON)[0]


def test_a_new_day_and_a_later_hour_are_judged_again(newsroom: Newsroom) -> None:
    newsroom.article("dated", date="2026-03-02")
    newsroom.article("timed", date="2026-03-01T15:00:00Z")
    age(newsroom.root)
    future = ["error[date-future]"] * 2
    assert [line.split(" ")[1] for line in _found(newsroom.root, NOON)] == future
    later = _found(newsroom.root, NOON + timedelta(hours=4))  # 16:00: the instant is past
    assert [line.split(" ")[1] for line in later] == ["error[date-future]"]
    assert "dated.md" in later[0]
    assert _found(newsroom.root, NOON + timedelta(days=1)) == []  # the newsroom's next day


def test_a_clock_set_back_trusts_nothing(newsroom: Newsroom) -> None:
    newsroom.article("timed", date="2026-03-01T15:00:00Z")
    age(newsroom.root)
    assert _found(newsroom.root, NOON + timedelta(hours=4)) == []  # 16:00: past, and kept
    back = _found(newsroom.root, NOON + timedelta(hours=1))  # 13:00: in the future again
    assert [line.split(" ")[1] for line in back] == ["error[date-future]"]


def test_a_kept_inline_disable_still_silences_a_rule_across_articles(
    newsroom: Newsroom, run: Run
) -> None:
    """The rules across articles run on every run; a file's disables are kept with it."""
    newsroom.article("first-story", url="https://example.org/shared")
    follow = article_text("follow-up", date="2026-02-26", url="https://example.org/shared")
    silenced = follow.replace("---\ntitle:", "---\n# botbeat: disable=duplicate-source\ntitle:", 1)
    newsroom.write("articles/2026/follow-up.md", silenced)
    age(newsroom.root)
    for _ in ("cold", "warm"):
        done = run("validate", cwd=newsroom.root)
        assert done.stdout.splitlines() == ["2 files checked: 0 errors, 0 warnings"]


def test_the_rules_across_articles_are_kept_until_an_article_is_saved_added_or_removed(
    newsroom: Newsroom,
) -> None:
    title = "Anthropic Launches A New Model For Agents"
    newsroom.article("first", title=title)
    second = newsroom.article("second", title=title.replace("A New", "The New"), date="2026-02-26")
    age(newsroom.root)
    alike = [line.split(" ")[1] for line in _found(newsroom.root, NOON)]
    assert alike == ["warning[similar-title]"]

    def planted_across(data: dict[str, Any]) -> None:
        for diagnostic in data["across"]:
            diagnostic[5] = "planted"

    _plant(newsroom.root, planted_across)
    assert _found(newsroom.root, NOON)[0].endswith("warning[similar-title] planted")  # kept
    _save(second, "Launches The New", "Opens Its Doors ", LONG_AGO + 60)  # judged again
    assert _found(newsroom.root, NOON) == []
    third = newsroom.article("third", title=title.replace("A New", "An New"), date="2026-02-27")
    os.utime(third, (LONG_AGO, LONG_AGO))  # added, however old its mtime
    assert [line.split(" ")[1] for line in _found(newsroom.root, NOON)] == alike
    (newsroom.root / "articles/2026/first.md").unlink()  # removed
    assert _found(newsroom.root, NOON) == []
