"""What the newsroom-wide rules (`rules.newsroom`) need of each article, as small
`Summary` records: made from a file `validate` checks, or, for the rest of the newsroom in a
run on a few files, from a cache by content digest trusted by stat (`newsroom_summaries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from botbeat_cli.newsroom import fields
from botbeat_cli.rules import article as article_rules
from botbeat_cli.rules import newsroom as newsroom_rules
from botbeat_cli.store import files, frontmatter
from botbeat_cli.store.problems import ReadProblem
from botbeat_cli.urls import normalise

CACHE_NAME = "validate-summaries-v2.json"  # per file: its stat signature and summary


def newsroom_summaries(
    root: Path, rels: Sequence[str], given: Sequence[newsroom_rules.Summary], threshold: float
) -> list[newsroom_rules.Summary]:
    """The summaries of these articles that can matter to the `given` files' newsroom-wide
    diagnostics: those citing one of their sources, or whose title shares a word with one
    of theirs and has a word count that Jaccard >= `threshold` allows (no other article can
    be a duplicate source or an alike title). For a run on a few files, the pre-commit hook.

    Cached per file with its size, mtime and inode, as git's index does, and trusted while
    they are unchanged (a file changed within RACY_NS of the last save is read again): a
    warm run reads no file, it only stats them. Columns, not a dict per file, so the cache
    loads fast (bench/validate_bench.py, one file).
    """
    import os
    import time

    from botbeat_cli.store import cache

    names = ("rels", "sizes", "mtimes", "inodes", "entries")
    stored = cache.load(root, CACHE_NAME)
    found = [stored.get(name) for name in names]
    saved_ns = stored.get("saved_ns")
    columns: list[list[Any]] = [c for c in found if isinstance(c, list)]
    if len(columns) != len(names) or len({len(c) for c in columns}) != 1:
        columns, saved_ns = [[] for _ in names], 0  # missing, another version: start over
    if not isinstance(saved_ns, int):
        saved_ns = 0
    old_rels, sizes, mtimes, inodes, entries = columns
    where = {rel: i for i, rel in enumerate(old_rels)}
    racy_after = saved_ns - cache.RACY_NS
    base = os.fspath(root)
    stat = os.stat
    kept: list[tuple[str, os.stat_result, Any]] = []
    changed = len(rels) != len(old_rels)
    folder = os.open(base, os.O_RDONLY)
    try:
        for rel in rels:
            try:
                st = stat(rel, dir_fd=folder)
            except OSError:  # unreadable: validate reports it when it checks that file
                changed = True
                continue
            i = where.get(rel)
            if (i is None or sizes[i] != st.st_size or mtimes[i] != st.st_mtime_ns
                    or inodes[i] != st.st_ino or st.st_mtime_ns >= racy_after):  # fmt: skip
                changed = True
                kept.append((rel, st, _summary_entry(root, os.path.join(base, rel))))
            else:
                kept.append((rel, st, entries[i]))
    finally:
        os.close(folder)
    if changed:
        rows = [(rel, st.st_size, st.st_mtime_ns, st.st_ino, entry) for rel, st, entry in kept]
        saved = {name: [row[k] for row in rows] for k, name in enumerate(names)}
        cache.save(root, CACHE_NAME, {"saved_ns": time.time_ns(), **saved})
    sources = {s.source for s in given if s.source}
    words = frozenset().union(*(s.words for s in given))
    sizes_seen = [len(s.words) for s in given if s.words]
    low = threshold * min(sizes_seen, default=0)
    high = max(sizes_seen, default=0) / threshold
    out = []
    for rel, _, entry in kept:
        if not isinstance(entry, list) or len(entry) != 4:
            continue  # not an article that can be read
        day, title, source, title_words = entry
        alike = low <= len(title_words) <= high and not words.isdisjoint(title_words)
        if source not in sources and not alike:
            continue
        slug = rel.rsplit("/", 1)[-1].removesuffix(".md")
        out.append(newsroom_rules.Summary(
            path=rel, slug=slug, order=f"{day} {slug}", title=title or None,
            words=frozenset(title_words), source=source, related=(),
        ))  # fmt: skip
    return out


def _summary_entry(root: Path, path: str) -> list[Any] | None:
    try:
        parsed = frontmatter.parse(files.read_text(path, root))
    except ReadProblem:
        return None
    made = summary(article_rules.FileFacts("x/x.md", parsed.data, parsed.positions, "", 1))
    return [made.order.split(" ")[0], made.title, made.source, sorted(made.words)]


def summary(facts: article_rules.FileFacts) -> newsroom_rules.Summary:
    read = fields.read(facts.data)
    lists = fields.mapping(facts.data.get("related"))
    related = tuple(  # indices into the list as written, for the diagnostics' positions
        (name, i, slug)
        for name in fields.RELATED_LISTS
        for i, slug in enumerate(_items(lists.get(name)))
        if isinstance(slug, str)
    )
    return newsroom_rules.Summary(
        path=facts.path,
        slug=facts.slug,
        order=f"{read.date.isoformat() if read.date else '~'} {facts.slug}",
        title=read.title or None,
        words=newsroom_rules.title_words(read.title),
        source=normalise(read.source_url) if read.source_url.strip() else None,
        related=related,
    )


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
