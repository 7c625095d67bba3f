"""What the newsroom-wide rules (`rules.newsroom`) need of each article, as small
`Summary` records: made from a file `validate` checks, or, for the rest of the newsroom in a
run on a few files, from a cache by content digest trusted by stat (`newsroom_summaries`).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from botbeat_cli.newsroom import fields
from botbeat_cli.rules import article as article_rules
from botbeat_cli.rules import newsroom as newsroom_rules
from botbeat_cli.store import files, frontmatter
from botbeat_cli.store.problems import ReadProblem
from botbeat_cli.urls import normalise

CACHE_NAME = "validate-summaries-v3.bin"  # every file: stat signature, summary, postings
RECENT_NAME = "validate-summaries-v3-recent.json"  # files read since CACHE_NAME was written
RECENT_UP_TO = 256  # more files read than this: CACHE_NAME is written again, whole
MAGIC = b"botbeat validate-summaries 3\n"
EXACT_UP_TO = 32  # given files for which other titles are judged one by one (_Wanted)


def newsroom_summaries(
    root: Path, rels: Sequence[str], given: Sequence[newsroom_rules.Summary], threshold: float
) -> list[newsroom_rules.Summary]:
    """The summaries of these articles that can matter to the `given` files' newsroom-wide
    diagnostics (`_Wanted`): no other article can be a duplicate source or an alike title.
    For a run on a few files, the pre-commit hook.

    Only the summaries that can matter are decoded: the cache keeps, beside each file's
    summary, which files cite each source and which titles hold each word, and a title
    alike another (word-set Jaccard >= t) holds one of that other's p = n - ceil(t * n) + 1
    rarest words (of its n), so those p words' files are all that is looked at
    (bench/validate_bench.py, one file, flat in the newsroom's size but for one stat per
    file)."""
    wanted = _Wanted(given, threshold)
    known = _Known.read(root, rels)
    if wanted.titles is None:
        rows = [row for row in known.every() if wanted.entry(row[1])]
    else:
        rows = [row for row in known.near(wanted) if wanted.entry(row[1])]
    return [made for made in map(_from_entry, rows) if made]


def stored_entries(root: Path, rels: Sequence[str]) -> list[tuple[str, Any]]:
    """Each readable article's (path, summary entry), in the order of `rels`: a warm run
    reads no file, it only stats them (`_Known`)."""
    return _Known.read(root, rels).every()


class _Known:
    """The summaries cache of these files, brought up to date.

    Each file is trusted by its size, mtime and inode, as git's index does (a file changed
    within RACY_NS of the save that recorded it is read again). Two files: CACHE_NAME holds
    every file's signature and summary, and the postings of words and sources; RECENT_NAME
    the files read since, so that after an edit only that small one is written, until it
    holds more than RECENT_UP_TO files and CACHE_NAME is written again, whole. CACHE_NAME is
    one JSON header (the columns, the words and sources, byte offsets) and two blobs (the
    summaries as one JSON array, the postings), so a run decodes only what it looks at."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.raw = b""
        self.header: dict[str, Any] = {}
        self.body = 0  # where the blobs start in `raw`
        self.where: dict[str, int] = {}  # path -> its row in CACHE_NAME, when trusted
        self.fresh: dict[str, list[Any]] = {}  # path -> [size, mtime, inode, entry]
        self.order: dict[str, int] = {}  # path -> its place in the `rels` asked for

    @classmethod
    def read(cls, root: Path, rels: Sequence[str]) -> _Known:
        known = cls(root)
        known._load()
        known._trust(rels)
        return known

    def _load(self) -> None:
        import orjson

        from botbeat_cli.store import cache

        raw = cache.load_bytes(self.root, CACHE_NAME)
        if not raw.startswith(MAGIC):
            return
        length_end = raw.find(b"\n", len(MAGIC))
        try:
            size = int(raw[len(MAGIC) : length_end])
            header = orjson.loads(raw[length_end + 1 : length_end + 1 + size])
        except ValueError:
            return
        columns = ("rels", "sizes", "mtimes", "inodes", "bounds", "words", "counts", "wbounds")
        if not isinstance(header, dict) or not all(
            isinstance(header.get(name), list) for name in (*columns, "sources", "sbounds")
        ):
            return
        n, words, sources = (len(header[name]) for name in ("rels", "words", "sources"))
        shapes = [len(header[name]) for name in ("sizes", "mtimes", "inodes", "bounds")]
        postings = [len(header[name]) for name in ("counts", "wbounds", "sbounds")]
        if shapes != [n, n, n, n + 1] or postings != [words, words + 1, sources + 1]:
            return  # not what `_save_whole` writes: start over
        if not isinstance(header.get("saved_ns"), int):
            return
        self.raw, self.header, self.body = raw, header, length_end + 1 + size

    def _trust(self, rels: Sequence[str]) -> None:
        import time

        from botbeat_cli.store import cache

        header = self.header
        old = {rel: i for i, rel in enumerate(header.get("rels", ()))}
        sizes, mtimes, inodes = (header.get(name, []) for name in ("sizes", "mtimes", "inodes"))
        base_racy = header.get("saved_ns", 0) - cache.RACY_NS
        recent = cache.load(self.root, RECENT_NAME)
        rows = recent.get("rows")
        same_base = recent.get("base") == header.get("saved_ns")
        if not isinstance(rows, dict) or not isinstance(recent.get("saved_ns"), int):
            rows, same_base = {}, False
        recent_racy = recent.get("saved_ns", 0) - cache.RACY_NS
        base = os.fspath(self.root)
        read_now = False
        folder = os.open(base, os.O_RDONLY)
        try:
            for place, rel in enumerate(rels):
                try:
                    st = os.stat(rel, dir_fd=folder)
                except OSError:  # unreadable: validate reports it when it checks that file
                    continue
                self.order[rel] = place
                size, mtime, inode = st.st_size, st.st_mtime_ns, st.st_ino
                row = rows.get(rel) if same_base else None
                if (
                    isinstance(row, list)
                    and len(row) == 4
                    and row[:3] == [size, mtime, inode]
                    and mtime < recent_racy
                ):
                    self.fresh[rel] = row
                    continue
                i = old.get(rel)
                if (
                    i is not None
                    and sizes[i] == size
                    and mtimes[i] == mtime
                    and inodes[i] == inode
                    and mtime < base_racy
                ):
                    self.where[rel] = i
                    continue
                entry = summary_entry(self.root, os.path.join(base, rel))
                self.fresh[rel] = [size, mtime, inode, entry]
                read_now = True
        finally:
            os.close(folder)
        if not self.header or len(self.fresh) > RECENT_UP_TO:
            self._save_whole()
        elif read_now or len(self.fresh) != len(rows) or not same_base:
            saved = {"saved_ns": time.time_ns(), "base": header["saved_ns"], "rows": self.fresh}
            cache.save(self.root, RECENT_NAME, saved)

    def _entry(self, row: int, rel: str) -> Any:
        """A trusted file's entry, decoded; read from the file again if it cannot be."""
        import orjson

        bounds = self.header["bounds"]
        try:
            return orjson.loads(self.raw[self.body + bounds[row] : self.body + bounds[row + 1] - 1])
        except (ValueError, IndexError):  # a damaged cache costs a read, never a wrong answer
            return summary_entry(self.root, os.path.join(self.root, rel))

    def every(self) -> list[tuple[str, Any]]:
        """Every file's (path, entry), in the order asked for."""
        import orjson

        entries: list[Any] = []
        if self.where:
            try:
                entries = orjson.loads(self.raw[self.body : self.body + self.header["bounds"][-1]])
            except ValueError:
                entries = []
        if len(entries) != len(self.header.get("rels", ())):
            found = [(rel, self._entry(row, rel)) for rel, row in self.where.items()]
        else:
            found = [(rel, entries[row]) for rel, row in self.where.items()]
        found += [(rel, row[3]) for rel, row in self.fresh.items()]
        return sorted(found, key=lambda item: self.order[item[0]])

    def near(self, wanted: _Wanted) -> list[tuple[str, Any]]:
        """The files that can be alike one of `wanted`'s titles or cite one of its sources
        (every file read since CACHE_NAME was written, and those its postings name), in the
        order asked for."""
        rows: set[int] = set()
        for title in wanted.titles or ():
            for word in self._rarest(title, wanted.threshold):
                rows.update(self._postings("words", "wbounds", word))
        for source in wanted.sources:
            rows.update(self._postings("sources", "sbounds", source))
        rels = self.header.get("rels", [])
        found = [(rels[i], self._entry(i, rels[i])) for i in rows if self.where.get(rels[i]) == i]
        found += [(rel, row[3]) for rel, row in self.fresh.items()]
        return sorted(found, key=lambda item: self.order[item[0]])

    def _rarest(self, title: frozenset[str], threshold: float) -> list[str]:
        """The p = n - ceil(t * n) + 1 words of the title held by the fewest files
        (`rules.newsroom.prefix_length`): a title of Jaccard >= t with this one shares at
        least ceil(t * n) of its n words, so it holds at least one of any p of them."""
        import bisect

        words, counts = self.header.get("words", []), self.header.get("counts", [])

        def count(word: str) -> int:
            at = bisect.bisect_left(words, word)
            return counts[at] if at < len(words) and words[at] == word else 0

        p = newsroom_rules.prefix_length(len(title), threshold)
        return sorted(title, key=lambda word: (count(word), word))[:p]

    def _postings(self, keys: str, bounds_name: str, key: str) -> list[int]:
        import bisect

        import orjson

        names, bounds = self.header.get(keys, []), self.header.get(bounds_name, [])
        at = bisect.bisect_left(names, key)
        if at >= len(names) or names[at] != key:
            return []
        start = self.body + self.header["bounds"][-1]
        n = len(self.header["rels"])
        try:
            found = orjson.loads(self.raw[start + bounds[at] : start + bounds[at + 1]])
        except (ValueError, IndexError):  # damaged: every file is looked at
            return list(range(n))
        if not isinstance(found, list):
            return list(range(n))
        return [i for i in found if isinstance(i, int) and 0 <= i < n]

    def _save_whole(self) -> None:
        """CACHE_NAME written again from every file known now; RECENT_NAME emptied."""
        import time

        import orjson

        from botbeat_cli.store import cache

        rows = [(rel, *self.fresh[rel][:3], self.fresh[rel][3]) for rel in self.fresh]
        if self.where:
            header, everything = self.header, self.every()
            entries = dict(everything)
            rows += [
                (rel, header["sizes"][i], header["mtimes"][i], header["inodes"][i], entries[rel])
                for rel, i in self.where.items()
            ]
        rows.sort(key=lambda row: row[0])
        # Streamed into one buffer: orjson gives each small dump a buffer of its own of a
        # few KB, so a list of them held many times the cache's size (bench/validate_bench.py
        # --one-file-sizes, peak memory).
        blob = bytearray(b"[")
        bounds = []  # entry i is blob[bounds[i] : bounds[i + 1] - 1]
        for i, row in enumerate(rows):
            if i:
                blob += b","
            bounds.append(len(blob))
            blob += orjson.dumps(row[4])
        blob += b"]"
        bounds.append(len(blob))
        by_word: dict[str, list[int]] = {}
        by_source: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            entry = row[4]
            if isinstance(entry, list) and len(entry) == 4:
                for word in entry[3]:
                    by_word.setdefault(word, []).append(i)
                if entry[2]:
                    by_source.setdefault(entry[2], []).append(i)
        words, sources = sorted(by_word), sorted(by_source)
        blob_at = len(blob)
        offsets = [0]
        for rows_of in (*(by_word[w] for w in words), *(by_source[s] for s in sources)):
            blob += orjson.dumps(rows_of)
            offsets.append(len(blob) - blob_at)
        saved_ns = time.time_ns()
        header_bytes = orjson.dumps(
            {
                "saved_ns": saved_ns,
                "rels": [row[0] for row in rows],
                "sizes": [row[1] for row in rows],
                "mtimes": [row[2] for row in rows],
                "inodes": [row[3] for row in rows],
                "bounds": bounds,
                "words": words,
                "counts": [len(by_word[w]) for w in words],
                "wbounds": offsets[: len(words) + 1],
                "sources": sources,
                "sbounds": offsets[len(words) :],
            }
        )
        head = MAGIC + str(len(header_bytes)).encode() + b"\n" + header_bytes
        cache.save_bytes(self.root, CACHE_NAME, head + blob)
        cache.save(self.root, RECENT_NAME, {"saved_ns": saved_ns, "base": saved_ns, "rows": {}})
        # This run goes on from what it holds: every file's entry, decoded.
        self.fresh = {row[0]: [row[1], row[2], row[3], row[4]] for row in rows}
        self.where = {}


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
