"""What the newsroom-wide rules (`rules.newsroom`) need of each article, as small
`Summary` records: made from a file `validate` checks, or, for the rest of the newsroom in a
run on a few files, from a cache by content digest trusted by stat (`newsroom_summaries`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from botbeat_cli.newsroom import fields
from botbeat_cli.rules import article as article_rules
from botbeat_cli.rules import newsroom as newsroom_rules
from botbeat_cli.store import files, frontmatter
from botbeat_cli.store.problems import ReadProblem
from botbeat_cli.urls import normalise

CACHE_NAME = "validate-summaries-v2.json"  # per file: its stat signature and summary
EXACT_UP_TO = 32  # given files for which other titles are judged one by one (_Wanted)


def newsroom_summaries(
    root: Path, rels: Sequence[str], given: Sequence[newsroom_rules.Summary], threshold: float
) -> list[newsroom_rules.Summary]:
    """The summaries of these articles that can matter to the `given` files' newsroom-wide
    diagnostics (`_Wanted`): no other article can be a duplicate source or an alike title.
    For a run on a few files, the pre-commit hook.
    """
    wanted = _Wanted(given, threshold)
    rows = [row for row in stored_entries(root, rels) if wanted.entry(row[1])]
    return [made for made in map(_from_entry, rows) if made]


def stored_entries(root: Path, rels: Sequence[str]) -> list[tuple[str, Any]]:
    """Each readable article's (path, summary entry), from a cache per file with its size,
    mtime and inode, as git's index does, trusted while they are unchanged (a file changed
    within RACY_NS of the last save is read again): a warm run reads no file, it only stats
    them. Columns, not a dict per file, so the cache loads fast (bench/validate_bench.py,
    one file)."""
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
            if (
                i is None
                or sizes[i] != st.st_size
                or mtimes[i] != st.st_mtime_ns
                or inodes[i] != st.st_ino
                or st.st_mtime_ns >= racy_after
            ):
                changed = True
                kept.append((rel, st, summary_entry(root, os.path.join(base, rel))))
            else:
                kept.append((rel, st, entries[i]))
    finally:
        os.close(folder)
    if changed:
        rows = [(rel, st.st_size, st.st_mtime_ns, st.st_ino, entry) for rel, st, entry in kept]
        saved = {name: [row[k] for row in rows] for k, name in enumerate(names)}
        cache.save(root, CACHE_NAME, {"saved_ns": time.time_ns(), **saved})
    return [(rel, entry) for rel, _, entry in kept]


class _Wanted:
    """Whether another article's summary can matter to the `given` files' diagnostics: it
    cites one of their sources, or its title is alike one of theirs (word-set Jaccard >=
    `threshold`, the rule's own test; for many given files, a looser one: it shares a word
    and has a word count that Jaccard >= `threshold` allows). O(others x given titles)."""

    def __init__(self, given: Sequence[newsroom_rules.Summary], threshold: float) -> None:
        self.sources = {s.source for s in given if s.source}
        self.words: frozenset[str] = frozenset().union(*(s.words for s in given))
        sizes_seen = [len(s.words) for s in given if s.words]
        self.low = threshold * min(sizes_seen, default=0)
        self.high = max(sizes_seen, default=0) / threshold
        self.threshold = threshold
        # A few given titles (a commit's): each other title is judged by the rule itself;
        # on a newsroom whose titles share common words, sharing a word rules out little.
        exact = len(given) <= EXACT_UP_TO
        self.titles = [s.words for s in given if s.words] if exact else None

    def __call__(self, other: newsroom_rules.Summary) -> bool:
        return self._keeps(other.source, other.words)

    def entry(self, entry: Any) -> bool:
        """The same question of a cached entry (`summary_entry`), before a Summary is made
        of it: most of the newsroom is ruled out without building one (bench/validate_bench.py,
        one file)."""
        if not isinstance(entry, list) or len(entry) != 4:
            return False
        return self._keeps(entry[2], entry[3])

    def _keeps(self, source: str | None, words: Collection[str]) -> bool:
        if source is not None and source in self.sources:
            return True
        if not self.low <= len(words) <= self.high:
            return False
        if self.titles is None:
            return not self.words.isdisjoint(words)
        return any(_alike(title, words, self.threshold) for title in self.titles)


def _alike(title: frozenset[str], words: Collection[str], threshold: float) -> bool:
    """`rules.newsroom.titles_alike` of a title and another's distinct words (a cached
    entry's list or a Summary's set)."""
    if not threshold * len(title) <= len(words) <= len(title) / threshold:
        return False
    common = len(title.intersection(words))
    return common > 0 and common >= threshold * (len(title) + len(words) - common)


def _from_entry(row: tuple[str, Any]) -> newsroom_rules.Summary | None:
    rel, entry = row
    if not isinstance(entry, list) or len(entry) != 4:
        return None  # not an article that can be read
    day, title, source, title_words = entry
    slug = rel.rsplit("/", 1)[-1].removesuffix(".md")
    return newsroom_rules.Summary(
        path=rel,
        slug=slug,
        order=f"{day} {slug}",
        title=title or None,
        words=frozenset(title_words),
        source=source,
        related=(),
    )


class Index:
    """The newsroom as its newsroom-wide rules see it, held by a process that lives on (the
    language server): the slug index and every article's summary, read once through the
    cache and kept current by `refresh` as files change on disk, so checking an editor's
    buffer reads nothing else (bench/lsp_bench.py). Words and sources are indexed, so the
    summaries that can matter to one file are found without visiting the others."""

    def __init__(self, root: Path) -> None:
        from botbeat_cli.store.newsroom import slug_index

        self.root = root
        self.slugs = slug_index(root)
        rels = sorted(rel for paths in self.slugs.values() for rel in paths)
        self.summaries: dict[str, newsroom_rules.Summary] = {}
        self._by_word: dict[str, set[str]] = {}
        self._by_source: dict[str, set[str]] = {}
        for row in stored_entries(root, rels):
            self._add(_from_entry(row))

    def refresh(self, rel: str) -> None:
        """Read the article at `rel` again (or forget it, when it is gone). A name the
        slug index does not list (hidden, such as an editor's `.#story.md` lock) is not
        an article."""
        import os

        if any(part.startswith(".") for part in rel.split("/")) or not rel.endswith(".md"):
            return
        self._drop(rel)
        slug = rel.rsplit("/", 1)[-1].removesuffix(".md")
        paths = [p for p in self.slugs.pop(slug, []) if p != rel]
        if os.path.lexists(os.path.join(self.root, rel)):
            paths = sorted([*paths, rel])
            self._add(_from_entry((rel, summary_entry(self.root, os.path.join(self.root, rel)))))
        if paths:
            self.slugs[slug] = paths

    def others(
        self, given: Sequence[newsroom_rules.Summary], threshold: float
    ) -> list[newsroom_rules.Summary]:
        """What `newsroom_summaries` gives for every article but the `given` ones."""
        wanted = _Wanted(given, threshold)
        near = set().union(
            *(self._by_word.get(w, ()) for w in wanted.words),
            *(self._by_source.get(s, ()) for s in wanted.sources),
        )
        near.difference_update(s.path for s in given)
        return [self.summaries[rel] for rel in sorted(near) if wanted(self.summaries[rel])]

    def _add(self, made: newsroom_rules.Summary | None) -> None:
        if made is None:
            return
        self.summaries[made.path] = made
        for word in made.words:
            self._by_word.setdefault(word, set()).add(made.path)
        if made.source:
            self._by_source.setdefault(made.source, set()).add(made.path)

    def _drop(self, rel: str) -> None:
        old = self.summaries.pop(rel, None)
        if old is None:
            return
        for word in old.words:
            self._by_word.get(word, set()).discard(rel)
        if old.source:
            self._by_source.get(old.source, set()).discard(rel)


def summary_entry(root: Path, path: str) -> list[Any] | None:
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
