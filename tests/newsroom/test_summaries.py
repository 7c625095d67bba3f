"""The language server's `Index` answers what `newsroom_summaries` reads from disk: the
same summaries for every file, and still the same after files are changed, made and
deleted and the index is told (`refresh`)."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from botbeat_cli.newsroom.summaries import Index, newsroom_summaries, summary
from botbeat_cli.rules.article import FileFacts
from botbeat_cli.rules.newsroom import Summary
from botbeat_cli.store import frontmatter
from botbeat_cli.store.newsroom import slug_index
from botbeat_cli.store.problems import ReadProblem
from tests.conftest import TEMPLATE_CONFIG, article_text
from tests.depth import scaled

WORDS = "model launches study finds agent safety open weights chip cloud deal".split()


def _write(root: Path, rel: str, rng: random.Random) -> None:
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6))).title()
    url = f"https://example.org/{rng.randint(0, 5)}"  # sources repeat
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(article_text(Path(rel).stem, title=f"{title} Story", url=url))


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
        others = [r for r in every if r != rel]
        assert index.others(given, 0.8) == newsroom_summaries(root, others, given, 0.8), rel


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
    (root / rels[21]).write_text("---\ntitle: [unclosed\n---\n")  # no longer readable
    for rel in [*changed, rels[20], rels[21], "articles/2026/.#story-3.md"]:
        index.refresh(rel)
    _agree(root, index)
    assert rels[20] not in index.summaries and rels[21] not in index.summaries
    assert index.slugs["story-5"] == ["articles/2025/story-5.md", "articles/2026/story-5.md"]


def _by_reading(
    root: Path, rels: list[str], given: list[Summary], threshold: float
) -> list[Summary]:
    """What `newsroom_summaries` must give, from every file read now: no cache at all."""
    from botbeat_cli.newsroom.summaries import _from_entry, _Wanted, summary_entry

    wanted = _Wanted(given, threshold)
    rows = [(rel, summary_entry(root, str(root / rel))) for rel in rels if (root / rel).exists()]
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
    """Rounds of edits (titles and sources changed, files added, removed, made unreadable)
    with runs between: each run's answer, for one, a few and many given files and several
    thresholds, equals reading every file; the small file of recent reads and the whole
    cache's rewrites (RECENT_UP_TO lowered to 5) both take their turns."""
    from botbeat_cli.newsroom import summaries as module

    rng = random.Random(11)
    root, rels = _newsroom(tmp_path, 60, rng)
    old_limit, module.RECENT_UP_TO = module.RECENT_UP_TO, 5
    try:
        for _ in range(scaled(40, 12)):
            for _ in range(rng.randint(0, 8)):  # an edit round
                rel = rng.choice([*rels, f"articles/2025/extra-{rng.randint(0, 9)}.md"])
                choice = rng.random()
                if choice < 0.6:
                    _write(root, rel, rng)
                elif choice < 0.8 and (root / rel).exists():
                    (root / rel).unlink()
                else:
                    (root / rel).parent.mkdir(parents=True, exist_ok=True)
                    (root / rel).write_text("---\ntitle: [unclosed\n---\n")
            every = sorted(r for paths in slug_index(root).values() for r in paths)
            readable = [r for r in every if _readable(root, r)]
            for size in (1, 3, module.EXACT_UP_TO + 1):
                given_rels = rng.sample(readable, min(size, len(readable)))
                given = [_summary(root, rel) for rel in given_rels]
                others = [r for r in every if r not in given_rels]
                threshold = rng.choice([0.5, 0.8, 1.0])
                expected = _by_reading(root, others, given, threshold)
                assert newsroom_summaries(root, others, given, threshold) == expected
    finally:
        module.RECENT_UP_TO = old_limit


def _age(root: Path) -> None:
    import os
    import time

    past = time.time_ns() - 60 * 10**9
    for path in (root / "articles").rglob("*.md"):
        os.utime(path, ns=(past, past))


def _readable(root: Path, rel: str) -> bool:
    try:
        _summary(root, rel)
    except ReadProblem:
        return False
    return True


def test_after_an_edit_only_the_recent_reads_are_written(tmp_path: Path) -> None:
    from botbeat_cli.newsroom.summaries import CACHE_NAME, RECENT_NAME
    from botbeat_cli.store.cache import cache_dir

    rng = random.Random(3)
    root, rels = _newsroom(tmp_path, 30, rng)
    _age(root)  # saved long after: out of the racy window
    given = [_summary(root, rels[0])]
    newsroom_summaries(root, rels[1:], given, 0.8)
    whole = cache_dir(root) / CACHE_NAME
    before = whole.read_bytes()
    _write(root, rels[5], rng)
    assert newsroom_summaries(root, rels[1:], given, 0.8) == _by_reading(root, rels[1:], given, 0.8)
    assert whole.read_bytes() == before  # the whole cache was not written again...
    recent = json.loads((cache_dir(root) / RECENT_NAME).read_text())
    assert list(recent["rows"]) == [rels[5]]  # ...only the file read since


def test_a_damaged_cache_costs_reads_never_a_wrong_answer(tmp_path: Path) -> None:
    from botbeat_cli.newsroom.summaries import CACHE_NAME
    from botbeat_cli.store.cache import cache_dir

    rng = random.Random(5)
    root, rels = _newsroom(tmp_path, 30, rng)
    given = [_summary(root, rels[0])]
    expected = _by_reading(root, rels[1:], given, 0.5)
    newsroom_summaries(root, rels[1:], given, 0.5)
    whole = cache_dir(root) / CACHE_NAME
    good = whole.read_bytes()
    cut = good.index(b"]", len(good) // 2)
    for damaged in (
        b"garbage",
        good[: len(good) // 2],
        good[:cut] + b"}{" + good[cut + 2 :],
        _header_changed(good, counts=[]),  # valid JSON, not what was written
    ):
        whole.write_bytes(damaged)
        assert newsroom_summaries(root, rels[1:], given, 0.5) == expected


def _header_changed(raw: bytes, **changes: object) -> bytes:
    from botbeat_cli.newsroom.summaries import MAGIC

    end = raw.index(b"\n", len(MAGIC))
    size = int(raw[len(MAGIC) : end])
    header = {**json.loads(raw[end + 1 : end + 1 + size]), **changes}
    text = json.dumps(header).encode()
    return MAGIC + str(len(text)).encode() + b"\n" + text + raw[end + 1 + size :]


def test_an_edit_in_the_same_tick_as_the_save_is_read(tmp_path: Path) -> None:
    """Same size, mtime put back: only the racy window tells, as in git's index."""
    import os

    rng = random.Random(9)
    root, rels = _newsroom(tmp_path, 10, rng)
    given = [_summary(root, rels[0])]
    path = root / rels[3]
    newsroom_summaries(root, rels[1:], given, 0.8)
    info = os.stat(path)
    text = path.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    same_size = title[:7] + "".join("x" if c.isalpha() else c for c in title[7:])
    path.write_text(text.replace(title, same_size))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(path).st_size == info.st_size
    now = [_summary(root, rels[3])]  # its own new title: alike itself, unlike the old one
    got = newsroom_summaries(root, rels[1:], now, 0.8)
    assert got == _by_reading(root, rels[1:], now, 0.8)
    assert rels[3] in [made.path for made in got]


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
    _age(root)
    given = [_summary_of(root, "Alpha Beta Gamma Delta Epsilon")]
    rels = sorted(f"articles/2026/{slug}.md" for slug in titles)
    for _ in range(2):  # cold, then from the cache's postings
        found = newsroom_summaries(root, rels, given, 0.5)
        assert [made.path for made in found] == ["articles/2026/alike.md"]


def _summary_of(root: Path, title: str) -> Summary:
    rel = "articles/2026/given.md"
    parsed = frontmatter.parse(article_text("given", title=title))
    return summary(FileFacts(rel, parsed.data, parsed.positions, "", 1))
