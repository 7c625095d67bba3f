"""The newsroom's documents as the last full computation over them saw them (`related`,
`tag suggest`), kept in the cache as one file of arrays that is mapped into memory, so a
command about one article (`related ARTICLE`, `tag suggest ARTICLE`) scores it with the
same code without reading or indexing every article (bench/related_bench.py
--article-sizes: at 100,000 articles that read and index is seconds; this reads a few
pages of each array). What it holds: each article's path, stat, title, entity, status,
topics, pins and content digest, its normalised TF-IDF row (`similarity.TextIndex`) and
term counts, the topics' postings, and where `related` judged it, the latent rows.

What is trusted, and why: the file records the mtime and inode of every folder of
articles/ and the size, mtime, inode and digest of every article, as the full computation
found them. It answers only while every folder is as recorded (a save through a new file
and a rename, as botbeat, git, vim, emacs and JetBrains editors save, changes its folder,
and so does a new, moved or deleted article; a folder that changed but lists the same
`*.md` files, each with the same size, mtime and inode, as after `related --write` told
it what it wrote, is as recorded) and while the article asked about and every article
shown are as recorded (each statted; one changed within RACY_NS of the recording, or
since, hashed). An edit written into the same file (VS Code, `>>`) of another article
leaves its folder as it was: until that folder changes, or the next full computation
(`--write`, `--check`, which stat every article), its new words are not in the scores.
Anything else (another configuration, another version of this file, a damaged file) and
the full computation runs, and records the file anew.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from botbeat_cli.newsroom.docs import Doc
from botbeat_cli.parallel import no_gc
from botbeat_cli.similarity import TextIndex, entries_of, fitted_on, topic_idf

if TYPE_CHECKING:
    import numpy as np

    from botbeat_cli.model.newsroom import NewsroomConfig

NAME = "documents-snapshot-v1.bin"
MAGIC = b"botbeat documents snapshot 3\n"  # bump with what the arrays hold
ALIGN = 64  # every array starts at a multiple of this, as mmap'd arrays should
CHUNK_ROWS = 8192  # rows of the matrix scored at once against the article (Texts._cosine)


@dataclass(frozen=True, slots=True)
class Seen:
    """The folders of articles/ as found before `plan` lists and reads them: what a
    snapshot trusts its articles by, and when it was taken."""

    made_ns: int
    folders: list[tuple[str, int, int]]  # (folder, mtime_ns, inode)

    @classmethod
    def now(cls, root: Path) -> Seen:
        """Every folder `slug_index` walks, statted (dot-folders and symlinked ones are not
        walked there, so not here)."""
        import time

        from botbeat_cli.store.newsroom import ARTICLES_DIR

        made = time.time_ns()
        folders: list[tuple[str, int, int]] = []
        stack = [ARTICLES_DIR]
        while stack:
            folder = stack.pop()
            path = os.path.join(root, folder)
            try:
                st = os.stat(path)
                entries = list(os.scandir(path))
            except OSError:
                continue
            folders.append((folder, st.st_mtime_ns, st.st_ino))
            for entry in entries:
                try:
                    if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                        stack.append(f"{folder}/{entry.name}")
                except OSError:
                    continue
        return cls(made, sorted(folders))


def save(
    root: Path,
    config: NewsroomConfig,
    docs: Sequence[Doc],
    index: TextIndex,
    seen: Seen,
    earns: bool | None = None,
    latent: np.ndarray | None = None,
    unread: Sequence[str] = (),
) -> None:
    """Record `docs` (every readable article, as `load_docs` gives them; `unread`: the
    paths of the others) and their `index`, unless the file already holds the same and
    can be trusted. `earns`: `related`'s verdict on the latent part (`Engine.latent_earns`),
    None where it was not judged (a run that did not judge it keeps the verdict of one
    that did), with the `latent` rows where it earns. Best effort, as every cache: a file
    that cannot be written costs the next command about one article its speed."""
    import numpy as np
    import orjson

    from botbeat_cli.store import cache

    key = _key(config, docs, seen, unread)
    old = Snapshot.open(root)
    if (
        old is not None
        and old.header.get("key") == key
        and old.trusted(root, seen)
        and max((d.stamp[1] for d in docs), default=0) < old.made_ns - cache.RACY_NS
        and (earns is None or old.header.get("earns") is not None)
    ):
        return  # the same, and trusted: a file that is not is recorded anew, now

    paths = "".join(d.path + "\n" for d in docs).encode()
    # Into one buffer as made: each bytes orjson returns holds a 4 KiB block, which kept
    # for every article was 400 MB at 100,000 (and the collector walking them, a second).
    meta, ends = bytearray(), []
    topic_ids: dict[str, int] = {}
    entity_ids: dict[str, int] = {}
    owned: list[int] = []  # each article's topic ids, articles concatenated
    with no_gc():
        for d in docs:
            meta += orjson.dumps([d.title, d.entity, d.status, list(d.topics), _lists(d)])
            ends.append(len(meta))
            owned.extend(topic_ids.setdefault(t, len(topic_ids)) for t in sorted(set(d.topics)))
    n = len(docs)
    doc_topics = np.asarray(owned, dtype=np.int32)
    doc_topics_at = _offsets([len(set(d.topics)) for d in docs])
    by_topic = np.argsort(doc_topics, kind="stable")
    owner = np.repeat(np.arange(n, dtype=np.int32), np.diff(doc_topics_at))
    matrix = index.matrix
    contents = [d.content for d in docs]
    arrays: dict[str, np.ndarray] = {
        "paths": np.frombuffer(paths, dtype=np.uint8),
        "path_at": _offsets([len(d.path) + 1 for d in docs]),
        "meta": np.frombuffer(meta, dtype=np.uint8),
        "meta_at": np.asarray([0, *ends], dtype=np.int64),
        "stamps": np.asarray([d.stamp for d in docs], dtype=np.int64).reshape(n, 3),
        "contents": np.asarray(contents if all(contents) else [""] * n, dtype="S32"),
        "digests": np.asarray([d.digest for d in docs], dtype="S32"),
        "unread": np.frombuffer("".join(f"{rel}\n" for rel in unread).encode(), dtype=np.uint8),
        "unread_stamps": np.asarray([_stamp(root, rel) for rel in unread], dtype=np.int64).reshape(
            len(unread), 3
        ),
        "days": np.asarray([d.day for d in docs], dtype=np.int32),
        "entities": np.asarray(
            [entity_ids.setdefault(d.entity, len(entity_ids)) for d in docs], dtype=np.int32
        ),
        "published": np.asarray([d.status == "published" for d in docs], dtype=bool),
        "doc_topics_at": doc_topics_at,
        "doc_topics": doc_topics,
        "topic_docs_at": _offsets(np.bincount(doc_topics, minlength=len(topic_ids)).tolist()),
        "topic_docs": owner[by_topic],
        "at": matrix.indptr.astype(np.int64, copy=False),
        "columns": matrix.indices.astype(np.int32, copy=False),
        "values": matrix.data.astype(np.float64, copy=False),
        "counts": np.asarray(index.counts, dtype=np.int32),
        "terms": np.frombuffer("\n".join(index.terms).encode(), dtype=np.uint8),
    }
    if latent is not None and earns:
        arrays["latent"] = np.ascontiguousarray(latent, dtype=np.float32)
    header = {
        "key": key,
        "config": config_key(config),
        "made_ns": seen.made_ns,
        "folders": seen.folders,
        "earns": earns if "latent" in arrays or earns is False else None,
        "docs": n,
        "width": int(matrix.shape[1]),
        "topics": list(topic_ids),
    }
    try:
        _write(cache.cache_dir(root), header, arrays)
    except OSError as exc:  # a full disk, a read-only cache folder
        cache.unusable(cache.cache_dir(root), exc)


def rewritten(root: Path, rewrites: Sequence[tuple[str, str, str]]) -> None:
    """After `related --write`: the snapshot made to know the files it rewrote, (path, the
    digest of the old bytes, of the new: `store.cache.digest_of`), whose only change is
    their lists. The snapshot keeps the lists as they were read: an answer from it keeps
    those that `--write` kept, and computes again, as `--write` did, those it replaced
    (the same scores: the recording is of that computation); pins `--write` never
    changes. Each one the snapshot recorded with its old bytes gets its new stat
    and digest, so the next `related ARTICLE` is answered from it: the rewritten folders
    are then trusted by their listing (each file's size, mtime and inode), and the
    rewritten files, changed after the recording, by their content."""
    from botbeat_cli.store import cache

    snap = Snapshot.open(root)
    if snap is None or not rewrites:
        return
    stamps = snap.arrays["stamps"].copy()
    digests = snap.arrays["digests"].copy()
    row_of = {rel: row for row, rel in enumerate(snap.paths.decode().split("\n")[:-1])}
    known = 0
    for rel, old, new in rewrites:
        row = row_of.get(rel)  # one search of the paths per file would be quadratic
        if row is None or digests[row].decode() != old:
            continue  # recorded from other bytes: left to be found changed
        try:
            st = os.stat(os.path.join(root, rel))
        except OSError:
            continue
        stamps[row] = (st.st_size, st.st_mtime_ns, st.st_ino)
        digests[row] = new.encode()
        known += 1
    if not known:
        return
    arrays = {**snap.arrays, "stamps": stamps, "digests": digests}
    header = {k: v for k, v in snap.header.items() if k not in ("arrays", "size")}
    try:
        _write(cache.cache_dir(root), header, arrays)
    except OSError as exc:
        cache.unusable(cache.cache_dir(root), exc)


def _stamp(root: Path, rel: str) -> tuple[int, int, int]:
    try:
        st = os.stat(os.path.join(root, rel))
    except OSError:
        return (-1, -1, -1)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _key(config: NewsroomConfig, docs: Sequence[Doc], seen: Seen, unread: Sequence[str]) -> str:
    """What a snapshot of these documents holds: the configuration, every article's path,
    bytes and stat, the others' paths, and the folders."""
    import hashlib

    key = hashlib.blake2b(MAGIC, digest_size=16)
    key.update(config_key(config).encode())
    key.update(repr((seen.folders, list(unread))).encode())
    for doc in docs:
        key.update(f"{doc.path}\0{doc.digest}\0{doc.stamp}\n".encode())
    return key.hexdigest()


def config_key(config: NewsroomConfig) -> str:
    """The configuration a snapshot was made under (a reader made under another does not
    use it: the sections decide the terms, the settings the scores)."""
    import hashlib

    return hashlib.blake2b(config.model_dump_json().encode(), digest_size=16).hexdigest()


def _lists(doc: Doc) -> dict[str, list[str]]:
    """The article's related lists as read: its pins, and the stored lists a computation
    keeps where they are still as good (`related.Engine._kept`)."""
    return {name: list(lists) for name, lists in doc.stored.items()}


def _offsets(lengths: Sequence[int]) -> np.ndarray:
    import numpy as np

    out = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


def _write(folder: Path, header: dict[str, Any], arrays: Mapping[str, np.ndarray]) -> None:
    """The file: MAGIC, the header's length (8 bytes), the header (JSON, with where each
    array lies), then the arrays, each at a multiple of ALIGN; to a temp file renamed over
    the old one, so a reader maps either whole."""
    import contextlib
    import tempfile

    import orjson

    layout: dict[str, list[Any]] = {}
    offset = 0
    for name, array in arrays.items():
        offset = -(-offset // ALIGN) * ALIGN
        layout[name] = [offset, array.dtype.str, list(array.shape)]
        offset += array.nbytes
    text = orjson.dumps({**header, "arrays": layout, "size": offset})
    start = -(-(len(MAGIC) + 8 + len(text)) // ALIGN) * ALIGN
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{NAME}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + len(text).to_bytes(8, "little") + text)
            for name, array in arrays.items():
                handle.seek(start + layout[name][0])
                handle.write(array.data.cast("B") if array.nbytes else b"")
            handle.truncate(start + offset)
        os.replace(tmp, folder / NAME)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Snapshot:
    """A snapshot file mapped into memory: its header and its arrays (read-only views)."""

    def __init__(self, header: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.header = header
        self.arrays = arrays
        self.docs = int(header["docs"])
        self.width = int(header["width"])
        self.made_ns = int(header["made_ns"])
        self.paths = bytes(arrays["paths"])
        self._lines = b"\n" + self.paths  # each path between two newlines
        self.unread = bytes(arrays["unread"]).decode().split("\n")[:-1]
        self._listings: dict[str, tuple[dict[str, tuple[int, int, int]], set[str]]] | None = None
        self.path_at = arrays["path_at"]
        self.days = arrays["days"]
        self.topics: list[str] = list(header["topics"])
        self._terms: list[str] | None = None

    @classmethod
    def open(cls, root: Path) -> Snapshot | None:
        """The snapshot, or None if there is none or it is not one this code wrote whole
        (another version, cut short, hand-made)."""
        import mmap

        import numpy as np
        import orjson

        from botbeat_cli.store import cache

        try:
            with open(cache.cache_dir(root) / NAME, "rb") as handle:
                if handle.read(len(MAGIC)) != MAGIC:
                    return None
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # missing, unreadable, empty
            return None
        try:
            length = int.from_bytes(mapped[len(MAGIC) : len(MAGIC) + 8], "little")
            end = len(MAGIC) + 8 + length
            header = orjson.loads(mapped[len(MAGIC) + 8 : end])
            start = -(-end // ALIGN) * ALIGN
            if start + int(header["size"]) != len(mapped):
                return None
            arrays = {}
            for name, (offset, dtype, shape) in header["arrays"].items():
                kind = np.dtype(dtype)
                count = int(np.prod(shape, dtype=np.int64))
                if count == 0:  # frombuffer refuses an offset at the very end
                    arrays[name] = np.zeros(shape, dtype=kind)
                    continue
                flat = np.frombuffer(mapped, dtype=kind, count=count, offset=start + offset)
                arrays[name] = flat.reshape(shape)
            made = cls(header, arrays)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            return None
        return made if made._consistent() else None

    @classmethod
    def for_article(
        cls, root: Path, config: NewsroomConfig, name: str
    ) -> tuple[Snapshot, int] | None:
        """The snapshot and the row of the article named by path or slug, where it can
        answer for it: made under this configuration, every folder as recorded, the
        article as recorded (the module's docstring says why). None: the full
        computation must."""
        snap = cls.open(root)
        if snap is None or snap.header.get("config") != config_key(config):
            return None
        if not snap.trusted(root):
            return None
        row = snap.find(root, name)
        if row is None or not snap.unchanged(root, [row]):
            return None
        return snap, row

    def _consistent(self) -> bool:
        """Every array the size the header says the newsroom is, and the pointers within
        the arrays they point into: a file that is not, is not used."""
        a, n = self.arrays, self.docs
        per_doc = ("days", "entities", "published", "contents", "digests")
        topics = len(self.header.get("topics", []))
        try:
            return (
                all(len(a[k]) == n for k in per_doc)
                and a["stamps"].shape == (n, 3)
                and all(len(a[k]) == n + 1 for k in ("path_at", "meta_at", "at", "doc_topics_at"))
                and int(a["path_at"][-1]) == len(self.paths)
                and int(a["meta_at"][-1]) == len(a["meta"])
                and int(a["at"][-1]) == len(a["columns"]) == len(a["values"]) == len(a["counts"])
                and int(a["doc_topics_at"][-1]) == len(a["doc_topics"]) == len(a["topic_docs"])
                and len(a["topic_docs_at"]) == topics + 1
                and int(a["topic_docs_at"][-1]) == len(a["topic_docs"])
                and _below(a["columns"], self.width)
                and _below(a["doc_topics"], topics)
                and _below(a["topic_docs"], n)
                and ("latent" not in a or a["latent"].shape[0] == n)
                and a["unread_stamps"].shape == (len(self.unread), 3)
            )
        except KeyError:
            return False

    def trusted(self, root: Path, seen: Seen | None = None) -> bool:
        """Whether every recorded folder is as it was (`seen`: as found by a run about
        to record anew; else statted now), and was so far enough before the recording."""
        from botbeat_cli.store import cache

        recorded = [tuple(f) for f in self.header.get("folders", [])]
        if not recorded:
            return False
        if seen is not None:
            now = {folder: (mtime, ino) for folder, mtime, ino in seen.folders}
        cut = self.made_ns - cache.RACY_NS
        for folder, mtime, ino in recorded:
            if seen is not None:
                found = now.get(folder)
            else:
                try:
                    st = os.stat(os.path.join(root, folder))
                except OSError:
                    return False
                found = (st.st_mtime_ns, st.st_ino)
            if found == (mtime, ino) and mtime < cut:
                continue
            if seen is not None or not self._listed_as_recorded(root, folder):
                return False
        return seen is None or len(now) == len(recorded)

    def _listed_as_recorded(self, root: Path, folder: str) -> bool:
        """Whether a folder that changed since the recording (or too close to it) lists
        what was recorded: the same `*.md` files, each with the same size, mtime and inode
        (statted: an inode alone is not enough, a file system gives a freed one to the next
        file made, as a second save through a rename may be), the same sub-folders
        (`slug_index`'s walk). Costs a stat per file of the folder: only a folder that
        changed pays it (after `--write`, every folder it wrote in)."""
        if self._listings is None:
            self._listings = self._recorded_listings()
        files, folders = self._listings.get(folder, ({}, set()))
        found_files: dict[str, tuple[int, int, int]] = {}
        found_folders: set[str] = set()
        try:
            with os.scandir(os.path.join(root, folder)) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        found_folders.add(entry.name)
                    elif entry.name.endswith(".md"):
                        st = entry.stat()
                        found_files[entry.name] = (st.st_size, st.st_mtime_ns, st.st_ino)
        except OSError:
            return False
        return found_files == files and found_folders == folders

    def _recorded_listings(self) -> dict[str, tuple[dict[str, tuple[int, int, int]], set[str]]]:
        """folder -> ({`*.md` name: (size, mtime, inode)}, {sub-folder name}) as recorded."""
        out: dict[str, tuple[dict[str, tuple[int, int, int]], set[str]]] = {}
        paths = [*self.paths.decode().split("\n")[:-1], *self.unread]
        stamps = [*self.arrays["stamps"].tolist(), *self.arrays["unread_stamps"].tolist()]
        for rel, (size, mtime, inode) in zip(paths, stamps, strict=True):
            folder, name = rel.rsplit("/", 1)
            out.setdefault(folder, ({}, set()))[0][name] = (size, mtime, inode)
        for folder, _, _ in self.header.get("folders", []):
            if "/" in folder:
                parent, name = folder.rsplit("/", 1)
                out.setdefault(parent, ({}, set()))[1].add(name)
        return out

    def unchanged(self, root: Path, rows: Sequence[int]) -> bool:
        """Whether these articles are as recorded: by size, mtime and inode where they
        were so far enough before the recording, else by the digest of their bytes (read:
        there are a few), as git's index does with a racily clean entry."""
        from botbeat_cli.store import cache
        from botbeat_cli.store.files import Unreadable, read_bytes

        stamps = self.arrays["stamps"]
        cut = self.made_ns - cache.RACY_NS
        for row in rows:
            path = os.path.join(root, self.path(row))
            try:
                st = os.stat(path)
            except OSError:
                return False
            recorded = tuple(int(v) for v in stamps[row])
            if (st.st_size, st.st_mtime_ns, st.st_ino) == recorded and st.st_mtime_ns < cut:
                continue
            try:
                raw = read_bytes(path, root)
            except (OSError, Unreadable):
                return False
            if cache.digest_of(raw) != self.arrays["digests"][row].decode():
                return False
        return True

    def row_of(self, rel: str) -> int | None:
        """The row of the article at this path (relative to the newsroom), if recorded."""
        at = self._lines.find(f"\n{rel}\n".encode())  # where it starts in `paths`
        return None if at < 0 else self._row_at(at)

    def path(self, row: int) -> str:
        return self.paths[int(self.path_at[row]) : int(self.path_at[row + 1]) - 1].decode()

    def find(self, root: Path, name: str) -> int | None:
        """The row of the article named by path or slug, as `catalog.find_article` names
        it; None where only the full computation can say (not found, a slug two articles
        share, a path outside the newsroom: it says why)."""
        from botbeat_cli.errors import UsageError
        from botbeat_cli.newsroom.catalog import find_article
        from botbeat_cli.store.newsroom import relative

        if name.endswith(".md") and os.path.lexists(name):
            try:
                rel = relative(root, find_article(root, name))
            except UsageError:
                return None
            return self.row_of(rel)
        slug = name.removesuffix(".md")
        if not slug or "/" in slug or "\n" in slug:
            return None
        first = self.paths.find(f"/{slug}.md\n".encode())
        if first < 0 or first != self.paths.rfind(f"/{slug}.md\n".encode()):
            return None
        return self._row_at(first)

    def last_of(self, slug: str) -> int | None:
        """The last row of this slug (as `Engine.row` maps a slug two articles share)."""
        if "/" in slug or "\n" in slug:
            return None
        at = self.paths.rfind(f"/{slug}.md\n".encode())
        return None if at < 0 else self._row_at(at)

    def _row_at(self, position: int) -> int:
        import numpy as np

        return int(np.searchsorted(self.path_at, position, side="right")) - 1

    def doc(self, row: int) -> Doc:
        import orjson

        meta = self.arrays["meta"]
        at = self.arrays["meta_at"]
        title, entity, status, topics, lists = orjson.loads(
            bytes(meta[int(at[row]) : int(at[row + 1])])
        )
        path = self.path(row)
        digest, content = (self.arrays[k][row].decode() for k in ("digests", "contents"))
        return Doc(
            slug=path.rsplit("/", 1)[-1][:-3],
            path=path,
            title=title,
            day=int(self.days[row]),
            entity=entity,
            status=status,
            topics=topics,
            terms=self.terms_of(row),
            stored=lists,
            digest=digest,
            base="" if content == digest else content,  # as `Doc.content` reads them
        )

    def terms_of(self, row: int) -> dict[str, int]:
        """The article's term counts, as `load_docs` gave them."""
        at, columns, counts = (self.arrays[k] for k in ("at", "columns", "counts"))
        span = slice(int(at[row]), int(at[row + 1]))
        found = zip(columns[span].tolist(), counts[span].tolist(), strict=True)
        return {self.term(column): count for column, count in found}

    def topic_weights(self, cutoff: float) -> np.ndarray:
        """Each topic's weight, as `related.Engine` weighs them (`similarity.topic_idf` of
        the articles its statistics are fitted on, `similarity.fitted_on`)."""
        import numpy as np

        a = self.arrays
        fit = fitted_on(self.days)
        mine = entries_of(fit, a["doc_topics_at"])
        used = np.bincount(a["doc_topics"][mine], minlength=len(a["topic_docs_at"]) - 1)
        return topic_idf(used, len(fit), cutoff)  # type: ignore[no-any-return]

    def topic_mass(self, weights: np.ndarray) -> np.ndarray:
        """Each article's topics' weights, summed, float32."""
        import numpy as np

        a = self.arrays
        owner = np.repeat(np.arange(self.docs), np.diff(a["doc_topics_at"]))
        found = np.bincount(owner, weights=weights[a["doc_topics"]], minlength=self.docs)
        return found.astype(np.float32)

    def tagged(self) -> np.ndarray:
        """The rows of the articles with topics."""
        import numpy as np

        return np.flatnonzero(np.diff(self.arrays["doc_topics_at"]) > 0)

    def term(self, column: int) -> str:
        if self._terms is None:
            self._terms = bytes(self.arrays["terms"]).decode().split("\n")
        return self._terms[column]


def _below(values: np.ndarray, limit: int) -> bool:
    return bool(len(values) == 0 or (int(values.min()) >= 0 and int(values.max()) < limit))


class Docs(Sequence[Doc]):
    """The snapshot's articles, each made when first asked for."""

    def __init__(self, snap: Snapshot) -> None:
        self._snap = snap
        self._made: dict[int, Doc] = {}

    @overload
    def __getitem__(self, index: int) -> Doc: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Doc]: ...
    def __getitem__(self, index: int | slice) -> Doc | Sequence[Doc]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        row = index % len(self)
        if row not in self._made:
            self._made[row] = self._snap.doc(row)
        return self._made[row]

    def __len__(self) -> int:
        return self._snap.docs

    def made(self) -> list[int]:
        """The rows asked for so far: the articles an answer was made from."""
        return list(self._made)


class SlugRows(Mapping[str, int]):
    """slug -> row, as `Engine.row`, looked up in the snapshot's paths."""

    def __init__(self, snap: Snapshot) -> None:
        self._snap = snap
        self._all: dict[str, int] | None = None
        self._found: dict[str, int | None] = {}  # asked for a few dozen times per answer

    def __getitem__(self, slug: str) -> int:
        if slug not in self._found:
            self._found[slug] = self._snap.last_of(slug)
        row = self._found[slug]
        if row is None:
            raise KeyError(slug)
        return row

    def _every(self) -> dict[str, int]:
        if self._all is None:
            names = self._snap.paths.decode().split("\n")[:-1]
            self._all = {p.rsplit("/", 1)[-1][:-3]: i for i, p in enumerate(names)}
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())


class Texts(TextIndex):
    """`TextIndex`'s answers for a few rows (cosines, latent cosines, shared terms), from
    the snapshot's normalised TF-IDF rows: the index itself is never built."""

    def __init__(self, snap: Snapshot) -> None:  # no TextIndex built: not super()'s
        self._snap = snap
        self._latent = snap.arrays.get("latent")

    def cosines(self, rows: Any) -> np.ndarray:
        import numpy as np

        out = np.empty((len(rows), self._snap.docs), dtype=np.float64)
        for i, row in enumerate(np.asarray(rows).tolist()):
            out[i] = self._cosine(row)
        return out

    def _cosine(self, row: int) -> np.ndarray:
        """One row's cosine with every row: its weights looked up for each entry of the
        matrix and summed per row, CHUNK_ROWS rows at a time (a few megabytes each)."""
        import numpy as np

        at, columns, values = (self._snap.arrays[k] for k in ("at", "columns", "values"))
        n = self._snap.docs
        mine = np.zeros(self._snap.width, dtype=np.float64)
        mine[columns[at[row] : at[row + 1]]] = values[at[row] : at[row + 1]]
        out = np.zeros(n, dtype=np.float64)
        for first in range(0, n, CHUNK_ROWS):
            last = min(first + CHUNK_ROWS, n)
            low, high = int(at[first]), int(at[last])
            if high == low:
                continue
            part = np.empty(high - low + 1, dtype=np.float64)
            np.multiply(mine[columns[low:high]], values[low:high], out=part[:-1])
            part[-1] = 0.0  # what an empty last row's start points at
            starts = at[first:last] - low
            sums = np.add.reduceat(part, starts)
            sums[at[first + 1 : last + 1] == at[first:last]] = 0.0  # empty rows
            out[first:last] = sums
        return out

    def latent(self) -> np.ndarray | None:
        return self._latent

    def latent_cosines(self, rows: Any) -> np.ndarray | None:
        """In float64 as the index's (`TextIndex._latent_columns`), CHUNK_ROWS rows of the
        mapped float32 rows at a time rather than a float64 copy of them all."""
        import numpy as np

        latent = self._latent
        if latent is None:
            return None
        mine = latent[rows].astype(np.float64)
        out = np.empty((len(mine), len(latent)), dtype=np.float64)
        for first in range(0, len(latent), CHUNK_ROWS):
            last = min(first + CHUNK_ROWS, len(latent))
            out[:, first:last] = mine @ latent[first:last].astype(np.float64).T
        return out

    def shared_terms(self, a: int, b: int, limit: int = 3) -> list[tuple[str, float]]:
        import numpy as np

        at, columns, values = (self._snap.arrays[k] for k in ("at", "columns", "values"))
        mine, theirs = slice(at[a], at[a + 1]), slice(at[b], at[b + 1])
        common, i, j = np.intersect1d(
            columns[mine], columns[theirs], assume_unique=True, return_indices=True
        )
        product = values[mine][i] * values[theirs][j]
        ranked = sorted(zip(common.tolist(), product.tolist(), strict=True), key=lambda p: -p[1])
        return [(self._snap.term(c), v) for c, v in ranked if v > 0][:limit]
