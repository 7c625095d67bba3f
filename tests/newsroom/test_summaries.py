"""The cached summaries of the rest of the newsroom (`newsroom_summaries`, what `validate
FILE` compares the given files with) give what reading every file gives, through edits,
new and removed files and folders, a damaged or locked cache; and the language server's
`Index` answers the same, before and after it is told of changes (`refresh`)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from botbeat_cli.newsroom.summaries import (
    DB_NAME,
    EXACT_UP_TO,
    Index,
    newsroom_summaries,
    summary,
)
from botbeat_cli.rules.article import FileFacts
from botbeat_cli.rules.newsroom import Summary
from botbeat_cli.store import frontmatter
from botbeat_cli.store.newsroom import slug_index
from botbeat_cli.store.problems import ReadProblem
from tests.conftest import TEMPLATE_CONFIG, age, article_text
from tests.depth import scaled

WORDS = "model launches study finds agent safety open weights chip cloud deal".split()


def _write(root: Path, rel: str, rng: random.Random) -> None:
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6))).title()
    url = f"https://example.org/{rng.randint(0, 5)}"  # sources repeat
    _save(root / rel, article_text(Path(rel).stem, title=f"{title} Story", url=url))


def _save(path: Path, text: str) -> None:
    """Saved as botbeat, git, vim, emacs and JetBrains editors save: a new file renamed
    over the old one."""
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def _summary(root: Path, rel: str) -> Summary:
    parsed = frontmatter.parse((root / rel).read_text())
    return summary(FileFacts(rel, parsed.data, parsed.positions, "", 1))


def _agree(root: Path, index: Index) -> None:
    slugs = slug_index(root)
    assert index.slugs == slugs
    every = sorted(rel for rels in slugs.values() for rel in rels)
    for rel in every:
        try:
            given = [_summary(root, rel)]
        except ReadProblem:
            continue  # not a file validate summarises
        assert index.others(given, 0.8) == newsroom_summaries(root, given, 0.8), rel


def test_the_index_is_what_the_disk_says_before_and_after_changes(tmp_path: Path) -> None:
    rng = random.Random(7)
    root = tmp_path / "newsroom"
    root.mkdir()
    shutil.copy(TEMPLATE_CONFIG, root / "botbeat.yaml")
    rels = [f"articles/2026/story-{n}.md" for n in range(40)]
    for rel in rels:
        _write(root, rel, rng)
    index = Index(root)
    _agree(root, index)
    changed = [rels[3], rels[10], "articles/2025/story-5.md", "articles/2026/new-one.md"]
    for rel in changed:  # rewritten, a second file of one slug, a new article
        _write(root, rel, rng)
    (root / rels[20]).unlink()
    lock = root / "articles" / "2026" / ".#story-3.md"  # an editor's lock file: not an article
    lock.symlink_to("nobody@host.1234")
    _save(root / rels[21], "---\ntitle: [unclosed\n---\n")  # no longer readable
    for rel in [*changed, rels[20], rels[21], "articles/2026/.#story-3.md"]:
        index.refresh(rel)
    _agree(root, index)
    assert rels[20] not in index.summaries and rels[21] not in index.summaries
    assert index.slugs["story-5"] == ["articles/2025/story-5.md", "articles/2026/story-5.md"]


def _by_reading(root: Path, given: list[Summary], threshold: float) -> list[Summary]:
    """What `newsroom_summaries` must give, from every other file read now: no cache."""
    from botbeat_cli.newsroom.summaries import _from_entry, _Wanted, summary_entry

    wanted = _Wanted(given, threshold)
    mine = {s.path for s in given}
    rels = sorted(r for paths in slug_index(root).values() for r in paths if r not in mine)
    rows = [(rel, summary_entry(root, str(root / rel))) for rel in rels]
    return [made for made in map(_from_entry, rows) if made and wanted(made)]


def _newsroom(tmp_path: Path, count: int, rng: random.Random) -> tuple[Path, list[str]]:
    root = tmp_path / "newsroom"
    root.mkdir()
    shutil.copy(TEMPLATE_CONFIG, root / "botbeat.yaml")
    rels = [f"articles/2026/story-{n}.md" for n in range(count)]
    for rel in rels:
        _write(root, rel, rng)
    return root, rels


def test_the_cache_gives_what_reading_every_file_gives(tmp_path: Path) -> None:
    """Rounds of edits (titles and sources changed, files added, removed, made unreadable,
    folders made and removed) with runs between: each run's answer, for one, a few and
    many given files and several thresholds, equals reading every file. Between some
    rounds the folders are aged out of the racy window, so both trusting a folder and
    listing it again take their turns."""
    rng = random.Random(11)
    root, rels = _newsroom(tmp_path, 60, rng)
    folders = ["articles/2025", "articles/2025/deep", "articles/2024"]
    for round_ in range(scaled(40, 12)):
        for _ in range(rng.randint(0, 8)):  # an edit round
            rel = rng.choice(
                [*rels, *(f"{rng.choice(folders)}/extra-{rng.randint(0, 9)}.md" for _ in "x")]
            )
            choice = rng.random()
            if choice < 0.6:
                _write(root, rel, rng)
            elif choice < 0.75 and (root / rel).exists():
                (root / rel).unlink()
            elif choice < 0.8:
                shutil.rmtree(root / rng.choice(folders), ignore_errors=True)
            else:
                _save(root / rel, "---\ntitle: [unclosed\n---\n")
        if round_ % 3:
            age(root, files=False)
        every = sorted(r for paths in slug_index(root).values() for r in paths)
        readable = [r for r in every if _readable(root, r)]
        for size in (1, 3, EXACT_UP_TO + 1):
            given = [_summary(root, rel) for rel in rng.sample(readable, min(size, len(readable)))]
            threshold = rng.choice([0.5, 0.8, 1.0])
            expected = _by_reading(root, given, threshold)
            assert newsroom_summaries(root, given, threshold) == expected


def _readable(root: Path, rel: str) -> bool:
    try:
        _summary(root, rel)
    except ReadProblem:
        return False
    return True


def _seen(root: Path) -> dict[str, int]:
    """When the cache last read each file (its own record, read with sqlite)."""
    import sqlite3

    from botbeat_cli.store.cache import cache_dir

    with sqlite3.connect(cache_dir(root) / DB_NAME) as db:
        return dict(db.execute("SELECT rel, seen FROM files"))


def test_a_warm_run_stats_folders_and_reads_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing changed: no file is read and only folders and the given file are statted;
    one file saved: that file alone is read again."""
    import os

    rng = random.Random(3)
    root, rels = _newsroom(tmp_path, 30, rng)
    (root / "articles" / "2025").mkdir()
    _write(root, "articles/2025/old.md", rng)
    age(root)  # saved long ago: out of the racy window
    given = [_summary(root, rels[0])]
    newsroom_summaries(root, given, 0.8)
    first = _seen(root)
    calls: list[str] = []
    real_stat, real_lstat = os.stat, os.lstat

    def counted(real: Any) -> Any:
        def stat(path: Any, *args: Any, **kwargs: Any) -> Any:
            calls.append(os.fspath(path))
            return real(path, *args, **kwargs)

        return stat

    monkeypatch.setattr(os, "stat", counted(real_stat))
    monkeypatch.setattr(os, "lstat", counted(real_lstat))
    got = newsroom_summaries(root, given, 0.8)
    monkeypatch.setattr(os, "stat", real_stat)
    monkeypatch.setattr(os, "lstat", real_lstat)
    assert got == _by_reading(root, given, 0.8)
    statted = {Path(c).relative_to(root).as_posix() for c in calls if c.startswith(f"{root}/")}
    candidates = {s.path for s in got}  # statted before they can make a warning
    assert statted <= {"articles", "articles/2025", "articles/2026", rels[0], *candidates}
    assert len(candidates) < 10
    assert _seen(root) == first
    _write(root, rels[5], rng)
    assert newsroom_summaries(root, given, 0.8) == _by_reading(root, given, 0.8)
    read_again = {rel for rel, seen in _seen(root).items() if seen != first[rel]}
    assert read_again == {rels[5]}


def test_an_edit_in_place_is_seen_where_it_can_matter(tmp_path: Path) -> None:
    """An edit written into the file (its folder untouched, as VS Code saves): a summary it
    made stale is checked by stat before it can make a warning, and a file that became
    alike is found once it has been validated itself, as the hook does on its commit."""
    rng = random.Random(8)
    root, rels = _newsroom(tmp_path, 12, rng)
    target = root / rels[4]
    target.write_text(article_text("story-4", title="Quantum Chip Deal Signed Today"))
    age(root)
    given = [_summary_of(root, "Quantum Chip Deal Signed Today")]
    assert [s.path for s in newsroom_summaries(root, given, 0.8)] == [rels[4]]
    target.write_text(article_text("story-4", title="Nothing Like The Other One At All"))
    assert rels[4] not in [s.path for s in newsroom_summaries(root, given, 0.8)]
    other = root / rels[7]
    other.write_text(article_text("story-7", title="Quantum Chip Deal Signed Today"))
    newsroom_summaries(root, [_summary(root, rels[7])], 0.8)  # its own validation
    assert newsroom_summaries(root, given, 0.8) == _by_reading(root, given, 0.8)
    assert rels[7] in [s.path for s in newsroom_summaries(root, given, 0.8)]


def test_a_damaged_cache_costs_reads_never_a_wrong_answer(tmp_path: Path) -> None:
    import sqlite3

    from botbeat_cli.store.cache import cache_dir

    rng = random.Random(5)
    root, rels = _newsroom(tmp_path, 30, rng)
    given = [_summary(root, rels[0])]
    expected = _by_reading(root, given, 0.5)
    newsroom_summaries(root, given, 0.5)
    path = cache_dir(root) / DB_NAME
    good = path.read_bytes()
    for damage in ("garbage", "half", "rows", "schema"):
        path.write_bytes(good)
        if damage == "garbage":
            path.write_bytes(b"garbage" * 1000)
        elif damage == "half":
            path.write_bytes(good[: len(good) // 2])
        else:
            with sqlite3.connect(path) as db:
                if damage == "rows":
                    db.execute("UPDATE files SET entry = 'not json' WHERE id % 2 = 0")
                else:
                    db.execute("PRAGMA user_version = 7")
        assert newsroom_summaries(root, given, 0.5) == expected, damage
        assert newsroom_summaries(root, given, 0.5) == expected, damage


def test_a_locked_cache_is_said_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from botbeat_cli.errors import CacheUnusable
    from botbeat_cli.store import cache

    rng = random.Random(6)
    root, rels = _newsroom(tmp_path, 10, rng)
    given = [_summary(root, rels[0])]
    newsroom_summaries(root, given, 0.5)
    monkeypatch.setattr(cache, "DB_TIMEOUT", 0.1)
    holder = sqlite3.connect(cache.cache_dir(root) / DB_NAME, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run bringing it up to date
    try:
        with pytest.warns(CacheUnusable, match="locked"):
            assert newsroom_summaries(root, given, 0.5) == _by_reading(root, given, 0.5)
    finally:
        holder.close()
    assert (cache.cache_dir(root) / DB_NAME).exists()  # busy is not damaged: kept


def test_an_edit_in_the_same_tick_as_the_read_is_read(tmp_path: Path) -> None:
    """Same size, mtime put back, written in place: only the racy window tells, as in
    git's index, that the summary matched before and does not now."""
    import os

    rng = random.Random(9)
    root, rels = _newsroom(tmp_path, 10, rng)
    path = root / rels[3]
    given = [_summary(root, rels[3])]
    given = [_summary_of(root, " ".join(sorted(given[0].words)))]
    assert rels[3] in [s.path for s in newsroom_summaries(root, given, 0.8)]
    info = os.stat(path)
    text = path.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    same_size = title[:7] + "".join("x" if c.isalpha() else c for c in title[7:])
    path.write_text(text.replace(title, same_size))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(path).st_size == info.st_size
    got = newsroom_summaries(root, given, 0.8)
    assert got == _by_reading(root, given, 0.8)
    assert rels[3] not in [made.path for made in got]


def test_an_alike_title_without_the_rarest_word_is_found(tmp_path: Path) -> None:
    """The postings are probed for p = n - ceil(t * n) + 1 of the title's words, not only
    its rarest: this title lacks the given one's rarest word and is alike at t = 0.5."""
    root = tmp_path / "newsroom"
    (root / "articles" / "2026").mkdir(parents=True)
    shutil.copy(TEMPLATE_CONFIG, root / "botbeat.yaml")
    titles = {
        "alike": "Beta Gamma Delta Epsilon Zeta",  # 4 of 6 words shared: Jaccard 0.67
        "noise-1": "Beta Gamma Theta Iota Kappa",
        "noise-2": "Delta Epsilon Lambda Mu Nu",
    }
    for slug, title in titles.items():
        (root / f"articles/2026/{slug}.md").write_text(article_text(slug, title=title))
    age(root)
    given = [_summary_of(root, "Alpha Beta Gamma Delta Epsilon")]
    for _ in range(2):  # cold, then from the cache's postings
        found = newsroom_summaries(root, given, 0.5)
        assert [made.path for made in found] == ["articles/2026/alike.md"]


def _summary_of(root: Path, title: str) -> Summary:
    rel = "articles/2026/given.md"
    parsed = frontmatter.parse(article_text("given", title=title))
    return summary(FileFacts(rel, parsed.data, parsed.positions, "", 1))


def test_a_run_stopped_half_way_leaves_what_the_next_run_can_trust(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the cache is filled: nothing half-made is kept, and the next run gives
    what reading gives."""
    import sqlite3

    from botbeat_cli.newsroom import summaries as module
    from botbeat_cli.store.cache import cache_dir

    rng = random.Random(12)
    root, rels = _newsroom(tmp_path, 20, rng)
    given = [_summary(root, rels[0])]
    real, calls = module.summary_entry, [0]

    def interrupted(*args: Any) -> Any:
        calls[0] += 1
        if calls[0] == 10:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(module, "summary_entry", interrupted)
    with pytest.raises(KeyboardInterrupt):
        newsroom_summaries(root, given, 0.5)
    monkeypatch.setattr(module, "summary_entry", real)
    with sqlite3.connect(cache_dir(root) / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone() == (0,)
    assert newsroom_summaries(root, given, 0.5) == _by_reading(root, given, 0.5)
