"""`related.remembered`: the lists of the last computation, each under what decides it. A
warm run scores only the articles whose key changed, and its lists are those of a full
computation (`plan(..., scored=True)`) in every case."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from botbeat_cli import related
from botbeat_cli.config import load_config
from tests.conftest import Run, age, path_of

TODAY = date.today()


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The slugs of the rows each plan scored (the engine's own `slugs`, observed)."""
    seen: list[str] = []
    slugs = related.Engine.slugs

    def observed(self: related.Engine, rows: list[int]) -> dict[int, tuple[list[str], list[str]]]:
        rows = list(rows)
        seen.extend(self.docs[row].slug for row in rows)
        return slugs(self, rows)

    monkeypatch.setattr(related.Engine, "slugs", observed)
    yield seen


def planned(root: Path, full: bool = False) -> dict[str, dict[str, list[str]]]:
    """Each article's lists as `plan` computes them now: from the cache where it can
    (`full`: scoring every article, the cache left out)."""
    config = load_config(root)
    plan = related.plan(root, config, TODAY, scored=full)
    changed = {change.slug: change.computed for change in plan.changes}
    return {doc.slug: changed.get(doc.slug, _stored(doc.stored)) for doc in plan.docs}


def _stored(stored: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: stored.get(name, []) for name in related.LISTS}


def written(run: Run, root: Path) -> None:
    assert run("related", "--write", cwd=root).returncode == 0
    age(root)


def add_today(root: Path, model: str, name: str) -> Path:
    """A follow-up of `model` dated yesterday (today in every time zone), no lists stored."""
    text = path_of(root, model).read_text()
    text = re.sub(r"^date: .*$", f"date: {TODAY - timedelta(days=1)}", text, count=1, flags=re.M)
    text = re.sub(r"^related:\n(?:  .*\n)+", "", text, count=1, flags=re.M)
    path = path_of(root, model).with_name(f"{name}.md")
    path.write_text(text.replace("\ntitle: ", "\ntitle: Follow-up, ", 1))
    return path


def test_a_warm_check_scores_nothing_and_agrees_with_a_full_computation(
    aged_topical: Path, run: Run, scored: list[str]
) -> None:
    written(run, aged_topical)
    scored.clear()
    plan = related.plan(aged_topical, load_config(aged_topical), TODAY)
    assert plan.engine is None and plan.changes == [] and scored == []
    assert planned(aged_topical, full=True) == planned(aged_topical)
    assert run("related", "--check", cwd=aged_topical).returncode == 0


def test_one_article_dated_today_is_scored_with_those_of_its_day_alone(
    aged_topical: Path, run: Run, scored: list[str]
) -> None:
    """Two articles added today: only they are scored (no older list may take them,
    include_newer being off; each may take the other); the lists are a full
    computation's, and after the next `--write` stores them nothing is scored."""
    written(run, aged_topical)
    add_today(aged_topical, "story-00037", "follow-up-a")
    add_today(aged_topical, "story-00420", "follow-up-b")
    scored.clear()
    warm = planned(aged_topical)
    assert sorted(scored) == ["follow-up-a", "follow-up-b"]
    assert warm == planned(aged_topical, full=True)
    written(run, aged_topical)
    scored.clear()
    assert planned(aged_topical) == warm and scored == []


def test_an_edited_article_rescores_those_that_may_take_it_and_no_older_one(
    aged_topical: Path, run: Run, scored: list[str]
) -> None:
    """story-00550's text edited (one article a day; not one of the oldest 512 that the
    statistics are fitted on): the 50 articles from its day on are scored again (any may
    take it now), none before; the lists are a full computation's. Its lists edited by
    hand: the same 50 (the file changed), and again a full computation's lists."""
    written(run, aged_topical)
    edited = path_of(aged_topical, "story-00550")
    edited.write_text(edited.read_text().replace("\n---\n", "\n---\nA new first line.\n", 1))
    later = [f"story-{n:05d}" for n in range(550, 600)]
    scored.clear()
    warm = planned(aged_topical)
    assert sorted(scored) == later
    assert warm == planned(aged_topical, full=True)
    written(run, aged_topical)
    text = edited.read_text()
    edited.write_text(re.sub(r"^  suggested: .*$", "  suggested: []", text, count=1, flags=re.M))
    scored.clear()
    assert planned(aged_topical) == planned(aged_topical, full=True)
    assert sorted(scored[:50]) == later and len(scored) == 650  # then the full one


def test_an_edit_of_an_article_the_statistics_are_fitted_on_rescores_everything(
    aged_topical: Path, run: Run, scored: list[str]
) -> None:
    written(run, aged_topical)
    edited = path_of(aged_topical, "story-00500")
    edited.write_text(edited.read_text().replace("\n---\n", "\n---\nA new first line.\n", 1))
    scored.clear()
    assert planned(aged_topical) == planned(aged_topical, full=True)
    assert len(scored) == 1200


def test_another_setting_include_newer_or_a_damaged_cache_scores_everything(
    aged_topical: Path, run: Run, scored: list[str]
) -> None:
    from botbeat_cli.related.remembered import NAME
    from botbeat_cli.store.cache import cache_dir

    written(run, aged_topical)
    (cache_dir(aged_topical) / NAME).write_bytes(b"{not json")
    scored.clear()
    assert planned(aged_topical) == planned(aged_topical, full=True)
    assert len(scored) == 1200  # this plan, then the full one
    scored.clear()
    planned(aged_topical)
    assert scored == []  # cached again
    config = aged_topical / "botbeat.yaml"
    text = config.read_text()
    assert "\nrelated:" not in text
    config.write_text(text + "related:\n  threshold: 0.2\n")
    scored.clear()
    assert planned(aged_topical) == planned(aged_topical, full=True)
    assert len(scored) == 1200  # this plan, then the full one
    config.write_text(text + "related:\n  include_newer: true\n")
    written(run, aged_topical)
    add_today(aged_topical, "story-00037", "follow-up")
    scored.clear()
    assert planned(aged_topical) == planned(aged_topical, full=True)
    assert len(scored) == 2 * 601  # any list may take an article of today


def test_a_slug_two_articles_share_leaves_the_cache_out(
    aged_topical: Path, run: Run, scored: list[str]
) -> None:
    written(run, aged_topical)
    twin = aged_topical / "articles" / "twin"
    twin.mkdir()
    (twin / "story-00010.md").write_text(path_of(aged_topical, "story-00011").read_text())
    scored.clear()
    related.plan(aged_topical, load_config(aged_topical), TODAY)
    related.plan(aged_topical, load_config(aged_topical), TODAY)
    assert len(scored) == 2 * 601


def test_other_scoring_code_of_the_same_version_scores_everything(
    aged_topical: Path, run: Run, scored: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key holds a hash of the modules that decide a list (`remembered.CODE`): a
    botbeat of another commit with the same version number takes no list of this one."""
    from botbeat_cli.related import remembered

    assert len(remembered._code()) == 32
    written(run, aged_topical)
    scored.clear()
    planned(aged_topical)
    assert scored == []
    monkeypatch.setattr(remembered, "_code", lambda: "another commit")
    planned(aged_topical)
    assert len(scored) == 600
