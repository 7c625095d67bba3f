"""What the newsroom-wide rules (`rules.newsroom`) need of each article, as small
`Summary` records: made from a file `validate` checks, or, for the rest of the newsroom in a
run on a few files, from a cache by content digest trusted by stat (`newsroom_summaries`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from botbeat_cli.newsroom import fields
from botbeat_cli.rules import article as article_rules
from botbeat_cli.rules import newsroom as newsroom_rules
from botbeat_cli.store import files, frontmatter
from botbeat_cli.store.problems import ReadProblem
from botbeat_cli.urls import normalise

DB_NAME = "validate-summaries-v4.sqlite"
EXACT_UP_TO = 32  # given files for which other titles are judged one by one (_Wanted)
CHUNK = 500  # ids per `IN (...)`: under every sqlite's limit on parameters
SIGNED = "id, rel, ino, size, mtime, seen"  # a file's row as `_stale` takes it
COLUMNS = f"{SIGNED}, entry"  # and as `_current` does
SCHEMA = (
    # A folder's listing, trusted while its mtime and inode stay what they were when listed.
    "CREATE TABLE dirs (dir TEXT PRIMARY KEY, parent TEXT, mtime INTEGER, ino INTEGER,"
    " listed INTEGER) WITHOUT ROWID",
    # A listed `*.md` file: its inode when listed; its stat and summary entry when read.
    "CREATE TABLE files (id INTEGER PRIMARY KEY, rel TEXT UNIQUE NOT NULL, dir TEXT NOT NULL,"
    " slug TEXT NOT NULL, ino INTEGER, size INTEGER, mtime INTEGER, seen INTEGER, entry TEXT)",
    "CREATE INDEX files_dir ON files (dir)",
    "CREATE INDEX files_slug ON files (slug)",
    "CREATE TABLE words (word TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (word, id))"
    " WITHOUT ROWID",
    "CREATE TABLE sources (source TEXT NOT NULL, id INTEGER NOT NULL,"
    " PRIMARY KEY (source, id)) WITHOUT ROWID",
)


class Others:
    """The rest of the newsroom as a run on a few files sees it (the pre-commit hook): its
    slugs, and the summaries that can matter to the given files' diagnostics, with the
    interface of the language server's `Index`. From a cache that is looked up, never read
    whole, so the cost does not grow with the newsroom (bench/validate_bench.py
    --one-file-sizes); `_Store` says what it trusts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.slugs: Mapping[str, list[str]] = _Slugs(root, {})

    def others(
        self, given: Sequence[newsroom_rules.Summary], threshold: float
    ) -> list[newsroom_rules.Summary]:
        """The summaries of every other article that can matter to the `given` files
        (`_Wanted`); `slugs` then answers for their slugs and related slugs."""
        wanted = _Wanted(given, threshold)
        asked = {s.slug for s in given} | {slug for s in given for _, _, slug in s.related}
        paths = {s.path for s in given}

        def look(store: _Store) -> list[tuple[str, Any]]:
            rows = store.others(wanted, paths)
            self.slugs = _Slugs(self.root, store.slugs(asked))
            return rows

        return [made for made in map(_from_entry, _using(self.root, look)) if made]


def newsroom_summaries(
    root: Path, given: Sequence[newsroom_rules.Summary], threshold: float
) -> list[newsroom_rules.Summary]:
    """What `Others.others` gives: for a caller that needs no slugs."""
    return Others(root).others(given, threshold)


def stored_entries(root: Path) -> list[tuple[str, Any]]:
    """Every listed article's (path, summary entry or None), by path: a warm run reads no
    file and stats only folders (`_Store`)."""
    return _using(root, _Store.every)


T = TypeVar("T")


def _using(root: Path, use: Callable[[_Store], T]) -> T:
    """`use` of the cache brought up to date: a damaged one is made again; one that cannot
    be used (locked past its timeout, a full disk, read-only) is said once and this run
    goes on from a database in memory, every file read."""
    import sqlite3

    from botbeat_cli.store import cache

    for memory in (False, True):
        try:
            store = _Store(root, memory)
            try:
                answer = use(store)
            except BaseException:
                store.close(keep=False)
                raise
            store.close(keep=True)
            return answer
        except sqlite3.Error as exc:
            if memory:
                raise
            if cache.damaged(exc):
                cache.discard(root, DB_NAME)  # the next run makes it again
            else:
                cache.unusable(cache.cache_dir(root), exc)
    raise AssertionError("unreachable")  # pragma: no cover


class _Slugs(Mapping[str, list[str]]):
    """slug -> paths for the slugs looked up in the cache (`found`; an empty list: no such
    article); any other question, such as a did-you-mean over every slug, lists the
    folders (`slug_index`)."""

    def __init__(self, root: Path, found: dict[str, list[str]]) -> None:
        self._root = root
        self._found = found
        self._every: dict[str, list[str]] | None = None

    def __getitem__(self, slug: str) -> list[str]:
        if slug in self._found:
            if self._found[slug]:
                return self._found[slug]
            raise KeyError(slug)
        return self._all()[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def _all(self) -> dict[str, list[str]]:
        if self._every is None:
            from botbeat_cli.store.newsroom import slug_index

            self._every = slug_index(self._root)
        return self._every


class _Store:
    """The summaries cache (sqlite: `cache.connect`), brought up to date as it is opened.

    What is trusted, and why: a folder whose mtime and inode are those seen when it was
    listed is not listed again, nor are its files statted; a folder that changed is listed
    and each of its files trusted by size, mtime and inode as git's index does (a change
    within RACY_NS of the read is read again). Saving through a new file and a rename, as
    botbeat, git, vim, emacs and JetBrains editors do, changes the folder's mtime, so one
    stat per folder, not per file, finds what changed (bench/validate_bench.py
    --one-file-sizes). An edit written into the same file (VS Code, `>>`) leaves its folder
    as it was: such a file is read again when it is itself validated, when its folder
    changes, and whenever a lookup finds its summary can matter to the given files (then it
    is statted), so a stale summary never makes a warning, and the whole-newsroom run, which
    reads every changed file, always sees it."""

    def __init__(self, root: Path, memory: bool = False) -> None:
        from botbeat_cli.store import cache

        self.root = root
        self.base = os.fspath(root)
        self.db = cache.connect(root, ":memory:" if memory else DB_NAME, SCHEMA)
        try:
            self.db.execute("BEGIN IMMEDIATE")  # one run at a time brings it up to date
            self._refresh()
        except BaseException:
            self.db.close()
            raise

    def close(self, keep: bool) -> None:
        """What this run learnt committed (`keep`), or all of it rolled back: a run stopped
        half-way (Ctrl-C) must not leave a file's row without its postings."""
        import sqlite3

        from botbeat_cli.store import cache

        try:
            if keep and self.db.in_transaction:
                self.db.execute("COMMIT")
        except sqlite3.Error as exc:  # a full disk: learnt again next run
            cache.unusable(cache.cache_dir(self.root), exc)
        finally:
            self.db.close()  # rolls back what was not committed

    def _refresh(self) -> None:
        """Every folder under articles/ statted; the ones changed since listed, listed again."""
        import stat
        import time

        from botbeat_cli.store import cache
        from botbeat_cli.store.newsroom import ARTICLES_DIR

        now = time.time_ns()
        known: dict[str, tuple[int, int, int]] = {}
        children: dict[str, list[str]] = {}
        for folder, parent, mtime, ino, listed in self.db.execute("SELECT * FROM dirs"):
            known[folder] = (mtime, ino, listed)
            children.setdefault(parent, []).append(folder)
        seen: set[str] = set()
        stack = [ARTICLES_DIR]
        while stack:
            folder = stack.pop()
            try:
                st = os.stat(os.path.join(self.base, folder))
            except OSError:
                continue
            if not stat.S_ISDIR(st.st_mode) or folder in seen:
                continue
            seen.add(folder)
            mtime, ino, listed = known.get(folder, (-1, -1, 0))
            if (mtime, ino) == (st.st_mtime_ns, st.st_ino) and mtime < listed - cache.RACY_NS:
                stack.extend(children.get(folder, ()))
            else:
                stack.extend(self._list(folder, st, now))
        for folder in known.keys() - seen:
            for (file_id,) in self.db.execute("SELECT id FROM files WHERE dir = ?", (folder,)):
                self._forget(file_id)
            self.db.execute("DELETE FROM dirs WHERE dir = ?", (folder,))

    def _list(self, folder: str, st: os.stat_result, now: int) -> list[str]:
        """The folder listed again: files new or changed (`_stale`'s test, inlined: this
        loop runs once per file of a folder that changed) read, gone ones forgotten; its
        sub-folders returned. The listing is what `slug_index` lists."""
        from botbeat_cli.store import cache

        query = f"SELECT {SIGNED} FROM files WHERE dir = ?"
        start = len(folder) + 1
        old = {row[1][start:]: row for row in self.db.execute(query, (folder,)).fetchall()}
        subfolders: list[str] = []
        racy = cache.RACY_NS
        try:
            handle = os.open(os.path.join(self.base, folder), os.O_RDONLY)
        except OSError:
            handle = -1
        try:
            entries = list(os.scandir(handle)) if handle >= 0 else []
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)  # a symlinked folder may loop
                except OSError:
                    continue
                if is_dir:
                    subfolders.append(f"{folder}/{name}")
                    continue
                if not name.endswith(".md"):
                    continue
                row = old.pop(name, None)
                if row is not None:  # a rename over it may leave the same inode: stat
                    try:
                        now_st = os.stat(name, dir_fd=handle, follow_symlinks=False)
                    except OSError:
                        now_st = None
                    if (
                        now_st is not None
                        and (now_st.st_ino, now_st.st_size, now_st.st_mtime_ns) == row[2:5]
                        and now_st.st_mtime_ns < row[5] - racy
                    ):
                        continue
                self._read(f"{folder}/{name}", None if row is None else row[0])
        except OSError:
            pass  # a folder that cannot be listed lists nothing, as in `slug_index`
        finally:
            if handle >= 0:
                os.close(handle)
        for row in old.values():
            self._forget(row[0])
        parent = folder.rsplit("/", 1)[0] if "/" in folder else ""
        self.db.execute(
            "INSERT OR REPLACE INTO dirs VALUES (?, ?, ?, ?, ?)",
            (folder, parent, st.st_mtime_ns, st.st_ino, now),
        )
        return subfolders

    def _read(self, rel: str, file_id: int | None) -> Any:
        """The file read again and its row (and postings) made anew; its entry."""
        import time

        import orjson

        path = os.path.join(self.base, rel)
        seen = time.time_ns()
        size = mtime = ino = None
        try:  # the stat before the read: a write between shows as a change next time
            st = os.lstat(path)  # a symlink's own: the read refuses to follow it
            size, mtime, ino = st.st_size, st.st_mtime_ns, st.st_ino
        except OSError:
            pass
        entry = summary_entry(self.root, path)
        if file_id is not None:
            self._forget(file_id)
        folder, name = rel.rsplit("/", 1)
        cursor = self.db.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (file_id, rel, folder, name[:-3], ino, size, mtime, seen, orjson.dumps(entry)),
        )
        if entry is not None:
            new_id = cursor.lastrowid
            self.db.executemany(
                "INSERT OR IGNORE INTO words VALUES (?, ?)", [(w, new_id) for w in entry[3]]
            )
            if entry[2]:
                self.db.execute("INSERT OR IGNORE INTO sources VALUES (?, ?)", (entry[2], new_id))
        return entry

    def _forget(self, file_id: int) -> None:
        import orjson

        found = self.db.execute("SELECT entry FROM files WHERE id = ?", (file_id,)).fetchone()
        entry = _decoded(orjson, found[0]) if found else None
        if entry is not None:
            self.db.executemany(
                "DELETE FROM words WHERE word = ? AND id = ?", [(w, file_id) for w in entry[3]]
            )
            if entry[2]:
                self.db.execute(
                    "DELETE FROM sources WHERE source = ? AND id = ?", (entry[2], file_id)
                )
        self.db.execute("DELETE FROM files WHERE id = ?", (file_id,))

    def _stale(self, row: tuple[Any, ...]) -> bool:
        """Whether a file's stat says it may have changed since its row was read (`SIGNED`
        first): as git's index, by size, mtime and inode, and within RACY_NS of the read."""
        from botbeat_cli.store import cache

        try:
            st = os.lstat(os.path.join(self.base, row[1]))
        except OSError:
            return True
        if (st.st_ino, st.st_size, st.st_mtime_ns) != row[2:5]:
            return True
        return bool(st.st_mtime_ns >= row[5] - cache.RACY_NS)

    def _current(self, row: tuple[Any, ...]) -> Any:
        """A row's entry (`COLUMNS`), read again if the file may have changed since."""
        import orjson

        if self._stale(row):
            return self._read(row[1], row[0])
        return _decoded(orjson, row[6])

    def others(self, wanted: _Wanted, given: Collection[str]) -> list[tuple[str, Any]]:
        """(path, entry) of the other files that can matter to `wanted`, each entry checked
        against its file's stat, by path. The given files' own rows are brought up to date
        on the way: they were just read, and are the likeliest to change next."""
        import orjson

        for rel in given:
            row = self.db.execute(f"SELECT {COLUMNS} FROM files WHERE rel = ?", (rel,)).fetchone()
            if row is not None:
                self._current(row)
        if wanted.titles is None:  # many given files: every row is looked at
            rows = list(self.db.execute(f"SELECT {COLUMNS} FROM files"))
        else:
            ids: set[int] = set()
            for title in wanted.titles:
                for word in self._rarest(title, wanted.threshold):
                    ids.update(i for (i,) in self.db.execute(_IDS["words"], (word,)))
            for source in wanted.sources:
                ids.update(i for (i,) in self.db.execute(_IDS["sources"], (source,)))
            chosen = sorted(ids)
            rows = []
            for at in range(0, len(chosen), CHUNK):
                part = chosen[at : at + CHUNK]
                marks = ",".join("?" * len(part))
                query = f"SELECT {COLUMNS} FROM files WHERE id IN ({marks})"
                rows += self.db.execute(query, part).fetchall()
        found = []
        for row in rows:
            if row[1] in given or not wanted.entry(_decoded(orjson, row[6])):
                continue
            entry = self._current(row)
            if wanted.entry(entry):
                found.append((row[1], entry))
        return sorted(found, key=lambda item: item[0])

    def _rarest(self, title: frozenset[str], threshold: float) -> list[str]:
        """The p = n - ceil(t * n) + 1 words of the title held by the fewest files
        (`rules.newsroom.prefix_length`): a title of Jaccard >= t with this one shares at
        least ceil(t * n) of its n words, so it holds at least one of any p of them."""
        query = "SELECT count(*) FROM words WHERE word = ?"
        counts = {word: self.db.execute(query, (word,)).fetchone()[0] for word in title}
        p = newsroom_rules.prefix_length(len(title), threshold)
        return sorted(title, key=lambda word: (counts[word], word))[:p]

    def slugs(self, asked: Collection[str]) -> dict[str, list[str]]:
        """slug -> paths of each asked slug (an empty list: none)."""
        query = "SELECT rel FROM files WHERE slug = ? ORDER BY rel"
        return {slug: [rel for (rel,) in self.db.execute(query, (slug,))] for slug in asked}

    def every(self) -> list[tuple[str, Any]]:
        import orjson

        rows = self.db.execute("SELECT rel, entry FROM files ORDER BY rel")
        return [(rel, _decoded(orjson, entry)) for rel, entry in rows]


_IDS = {
    "words": "SELECT id FROM words WHERE word = ?",
    "sources": "SELECT id FROM sources WHERE source = ?",
}


def _decoded(orjson: Any, raw: Any) -> Any:
    """A stored entry, or None when it is not one (a damaged row costs a read elsewhere)."""
    try:
        entry = orjson.loads(raw)
    except (ValueError, TypeError):
        return None
    ok = isinstance(entry, list) and len(entry) == 4 and isinstance(entry[3], list)
    return entry if ok else None


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
        return any(
            newsroom_rules.titles_alike(title, words, self.threshold) for title in self.titles
        )


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
        self.summaries: dict[str, newsroom_rules.Summary] = {}
        self._by_word: dict[str, set[str]] = {}
        self._by_source: dict[str, set[str]] = {}
        for row in stored_entries(root):
            self._add(_from_entry(row))

    def refresh(self, rel: str) -> None:
        """Read the article at `rel` again (or forget it, when it is gone). A name the
        slug index does not list (hidden, such as an editor's `.#story.md` lock) is not
        an article."""
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
