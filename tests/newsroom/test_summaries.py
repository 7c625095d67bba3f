"""The language server's `Index` answers what `newsroom_summaries` reads from disk: the
same summaries for every file, and still the same after files are changed, made and
deleted and the index is told (`refresh`)."""

from __future__ import annotations

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
