"""The newsroom's articles as front-matter records, read fast, and finding one by path or
slug: what `list`, `tag`, `preview` and `sources` read. Only the front matter is parsed, by
the fast reader, and no model validation runs: a catalog shows what is there, `validate`
judges it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from botbeat_cli.didyoumean import did_you_mean
from botbeat_cli.errors import NewsroomError, UsageError
from botbeat_cli.newsroom import fields
from botbeat_cli.parallel import no_gc
from botbeat_cli.store import files, frontmatter
from botbeat_cli.store.newsroom import ARTICLES_DIR, relative, slug_index
from botbeat_cli.store.problems import ReadProblem


@dataclass(frozen=True, slots=True)
class Entry:
    """One article as lists show it; fields an article lacks are empty, never missing."""

    slug: str
    path: str  # relative to the root
    title: str
    date: date | None
    kind: str
    entity: str
    status: str
    topics: tuple[str, ...] = ()
    takeaways: tuple[str, ...] = ()
    source: str = ""  # the source URL as written

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "path": self.path,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "kind": self.kind,
            "entity": self.entity,
            "status": self.status,
            "topics": list(self.topics),
            "takeaways": list(self.takeaways),
        }


@dataclass(slots=True)
class Catalog:
    entries: list[Entry] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def load(root: Path) -> Catalog:
    """Every article's front matter; unreadable files are listed apart, not raised."""
    catalog = Catalog()
    with no_gc():
        for rel, read in read_all(root):
            if read is None:
                catalog.unreadable.append(rel)
            else:
                catalog.entries.append(read[0])
    return catalog


def read_all(
    root: Path,
) -> Iterator[tuple[str, tuple[Entry, frontmatter.ParsedArticle] | None]]:
    """Every article in slug order, each read once as it is reached: its path, and its
    entry with the whole parse (body too), or None for a file that cannot be read. A
    caller may act on each before the next is read (`sources` requests its URLs)."""
    for slug, paths in slug_index(root).items():
        for rel in paths:
            try:
                article = read_article(root, rel)
            except (ReadProblem, OSError):
                yield rel, None
                continue
            yield rel, (entry_from(article.data, slug, rel), article)


def read_article(root: Path, path: str | Path) -> frontmatter.ParsedArticle:
    """One article whole (front matter with positions, and body), read within the newsroom:
    the one way a command reads an article's text. Raises the store's `ReadProblem`."""
    return frontmatter.parse(files.read_text(os.path.join(root, path), root))


def read_entry(root: Path, rel: str, slug: str) -> Entry | None:
    try:
        data = read_article(root, rel).data
    except (ReadProblem, OSError):
        return None
    return entry_from(data, slug, rel)


def entry_from(data: dict[str, Any], slug: str, rel: str) -> Entry:
    read = fields.read(data)
    return Entry(
        slug=slug,
        path=rel,
        title=read.title,
        date=read.date,
        kind=read.kind,
        entity=read.entity,
        status=read.status,
        topics=read.topics,
        takeaways=read.takeaways,
        source=read.source_url,
    )


def find_article(root: Path, name: str, readable: bool = False) -> Path:
    """An article by path or slug; a clear usage error for anything else. A path is taken
    as written (a symlink is not resolved: the read decides whether it may be followed)
    and must lie in the newsroom's `articles/`. `readable`: an article that cannot be read
    is an error (exit 1) naming its problem, for commands about that one article."""
    path = _find(root, name)
    if readable:
        try:
            read_article(root, path)
        except ReadProblem as problem:
            where = relative(root, path)
            raise NewsroomError(f"{where} cannot be read", [problem.diagnostic(where)]) from None
    return path


def _find(root: Path, name: str) -> Path:
    as_path = Path(name)
    if as_path.suffix == ".md" and os.path.lexists(as_path):  # a FIFO too: the read says why
        path = Path(os.path.realpath(as_path.absolute().parent), as_path.name)
        base = Path(os.path.realpath(root / ARTICLES_DIR))
        if base not in path.parents:
            raise UsageError(f"{name}: not an article of this newsroom (not in {base})")
        return path
    slugs = slug_index(root)
    paths = slugs.get(name.removesuffix(".md"))
    if paths:
        return root / paths[0]
    raise UsageError(
        f"{name}: no such article file or slug{did_you_mean(name, slugs)} in {root / ARTICLES_DIR}"
    )
