"""`related ARTICLE` without computing the whole newsroom: what the last full computation
(`related.plan`) scored with, kept in the cache as one file of arrays, mapped into memory
and scored for the one article alone by the same `Engine` code (bench/related_bench.py
--article-sizes: the full computation reads and indexes every article, which at 100,000
articles is seconds; this reads a few pages of each array).

What is trusted, and why: the file records the mtime and inode of every folder of
articles/ and the size, mtime and inode of every article, as `plan` found them. It answers
only while every folder is as recorded (a save through a new file and a rename, as botbeat,
git, vim, emacs and JetBrains editors save, changes its folder, and so does a new, moved or
deleted article) and while the article asked about and every article its lists show are as
recorded (each statted); a change within RACY_NS of the recording is not trusted. An edit
written into the same file (VS Code, `>>`) of another article leaves its folder as it was:
until that folder changes, or the next full computation (`--write`, `--check`, which stat
every article), its new words are not in the scores. Anything else (another configuration,
another version of this file, a damaged file, an article without topics whose latent part
was never judged) and the full computation runs, and records the file anew.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from botbeat_cli.newsroom.docs import Doc
from botbeat_cli.parallel import no_gc
from botbeat_cli.related import Engine, Lists, recency_decay
from botbeat_cli.similarity import TextIndex

if TYPE_CHECKING:
    import numpy as np

    from botbeat_cli.model.newsroom import NewsroomConfig

NAME = "related-snapshot-v1.bin"
MAGIC = b"botbeat related snapshot 1\n"  # bump with what the arrays hold
ALIGN = 64  # every array starts at a multiple of this, as mmap'd arrays should
CHUNK_ROWS = 8192  # rows of the matrix scored at once against the article (_Texts.cosine)


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


def save(root: Path, engine: Engine, seen: Seen) -> None:
    """Record what `engine` (the full computation over every readable article) scores
    with, unless the file already holds the same and can be trusted. Best effort, as every
    cache: a file that cannot be written costs the next `related ARTICLE` its speed."""
    import numpy as np
    import orjson

    from botbeat_cli.store import cache

    docs = engine.docs
    key = _key(engine, seen)
    old = _Snapshot.open(root)
    if (
        old is not None
        and old.header.get("key") == key
        and old.trusted(root, seen)
        and max((d.stamp[1] for d in docs), default=0) < old.made_ns - cache.RACY_NS
        and (engine._latent_earns is None or old.header.get("earns") is not None)
    ):
        return  # the same, and trusted: a file that is not is recorded anew, now

    paths = "".join(d.path + "\n" for d in docs).encode()
    # Into one buffer as made: each bytes orjson returns holds a 4 KiB block, which kept
    # for every article was 400 MB at 100,000 (and the collector walking them, a second).
    meta, ends = bytearray(), []
    with no_gc():
        for d in docs:
            meta += orjson.dumps([d.title, d.entity, d.status, list(d.topics), _pinned(d)])
            ends.append(len(meta))
    topics = engine.topics
    by_topic = topics.tocsc()
    matrix = engine.index.matrix
    arrays: dict[str, np.ndarray] = {
        "paths": np.frombuffer(paths, dtype=np.uint8),
        "path_at": _offsets([len(d.path) + 1 for d in docs]),
        "meta": np.frombuffer(meta, dtype=np.uint8),
        "meta_at": np.asarray([0, *ends], dtype=np.int64),
        "stamps": np.asarray([d.stamp for d in docs], dtype=np.int64).reshape(len(docs), 3),
        "days": np.asarray(engine.days, dtype=np.int32),
        "entities": np.asarray(engine.entities, dtype=np.int32),
        "published": np.asarray([d.status == "published" for d in docs], dtype=bool),
        "topic_mass": np.asarray(engine.topic_mass, dtype=np.float32),
        "doc_topics_at": topics.indptr.astype(np.int64),
        "doc_topics": topics.indices.astype(np.int32),
        "topic_docs_at": by_topic.indptr.astype(np.int64),
        "topic_docs": by_topic.indices.astype(np.int32),
        "topic_weights": np.asarray(engine.topic_weights, dtype=np.float64),
        "at": matrix.indptr.astype(np.int64, copy=False),
        "columns": matrix.indices.astype(np.int32, copy=False),
        "values": matrix.data.astype(np.float64, copy=False),
        "terms": np.frombuffer("\n".join(engine.index.terms).encode(), dtype=np.uint8),
    }
    earns = engine._latent_earns
    latent = engine.index.latent() if earns else None
    if latent is not None:
        arrays["latent"] = np.ascontiguousarray(latent, dtype=np.float32)
    header = {
        "key": key,
        "config": _config_key(engine.config),
        "made_ns": seen.made_ns,
        "folders": seen.folders,
        "earns": earns if latent is not None or earns is False else None,
        "docs": len(docs),
        "width": int(matrix.shape[1]),
    }
    try:
        _write(cache.cache_dir(root), header, arrays)
    except OSError as exc:  # a full disk, a read-only cache folder
        cache.unusable(cache.cache_dir(root), exc)


def explained(
    root: Path, config: NewsroomConfig, today: date, name: str
) -> tuple[Engine, int, Lists] | None:
    """The engine, the article's row and its lists, from the snapshot; None where the
    snapshot cannot answer (the module's docstring says when), for the full computation."""
    snap = _Snapshot.open(root)
    if snap is None or snap.header.get("config") != _config_key(config):
        return None
    if not snap.trusted(root):
        return None
    row = snap.find(root, name)
    if row is None or not snap.unchanged(root, [row]):
        return None
    if snap.topic_mass[row] == 0 and snap.header.get("earns") is None:
        return None  # the latent part would have to be judged: only the full run can
    engine = _Warm(snap, config, today)
    lists = engine.lists([row])[row]
    shown = [engine.row.get(p.slug) for p in (*lists.more_from, *lists.suggested)]
    if not snap.unchanged(root, [r for r in shown if r is not None]):
        return None
    return engine, row, lists


def _key(engine: Engine, seen: Seen) -> str:
    """What the snapshot of this engine holds: the configuration, every article's path,
    bytes and stat, and the folders (whether the latent part earns its place follows from
    them; a run that did not judge it keeps the verdict of one that did, `save`)."""
    import hashlib

    key = hashlib.blake2b(MAGIC, digest_size=16)
    key.update(_config_key(engine.config).encode())
    key.update(repr(seen.folders).encode())
    for doc in engine.docs:
        key.update(f"{doc.path}\0{doc.digest}\0{doc.stamp}\n".encode())
    return key.hexdigest()


def _config_key(config: NewsroomConfig) -> str:
    import hashlib

    return hashlib.blake2b(config.model_dump_json().encode(), digest_size=16).hexdigest()


def _pinned(doc: Doc) -> list[str]:
    return list(doc.stored.get("pinned", []))


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


class _Snapshot:
    """A snapshot file mapped into memory: its header and its arrays (read-only views)."""

    def __init__(self, header: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.header = header
        self.arrays = arrays
        self.docs = int(header["docs"])
        self.width = int(header["width"])
        self.made_ns = int(header["made_ns"])
        self.paths = bytes(arrays["paths"])
        self._lines = b"\n" + self.paths  # each path between two newlines
        self.path_at = arrays["path_at"]
        self.days = arrays["days"]
        self.topic_mass = arrays["topic_mass"]
        self._terms: list[str] | None = None

    @classmethod
    def open(cls, root: Path) -> _Snapshot | None:
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

    def _consistent(self) -> bool:
        """Every array the size the header says the newsroom is, and the pointers within
        the arrays they point into: a file that is not, is not used."""
        a, n = self.arrays, self.docs
        per_doc = ("days", "entities", "published", "topic_mass")
        try:
            return (
                all(len(a[k]) == n for k in per_doc)
                and a["stamps"].shape == (n, 3)
                and all(len(a[k]) == n + 1 for k in ("path_at", "meta_at", "at", "doc_topics_at"))
                and int(a["path_at"][-1]) == len(self.paths)
                and int(a["meta_at"][-1]) == len(a["meta"])
                and int(a["at"][-1]) == len(a["columns"]) == len(a["values"])
                and int(a["doc_topics_at"][-1]) == len(a["doc_topics"])
                and int(a["topic_docs_at"][-1]) == len(a["topic_docs"])
                and len(a["topic_docs_at"]) == len(a["topic_weights"]) + 1
                and bool(len(a["columns"]) == 0 or int(a["columns"].max()) < self.width)
                and ("latent" not in a or a["latent"].shape[0] == n)
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
            if found != (mtime, ino) or mtime >= cut:
                return False
        return seen is None or len(now) == len(recorded)

    def unchanged(self, root: Path, rows: Sequence[int]) -> bool:
        """Whether these articles' size, mtime and inode are as recorded, and were so far
        enough before the recording."""
        from botbeat_cli.store import cache

        stamps = self.arrays["stamps"]
        cut = self.made_ns - cache.RACY_NS
        for row in rows:
            try:
                st = os.stat(os.path.join(root, self.path(row)))
            except OSError:
                return False
            recorded = tuple(int(v) for v in stamps[row])
            if (st.st_size, st.st_mtime_ns, st.st_ino) != recorded or st.st_mtime_ns >= cut:
                return False
        return True

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
            at = self._lines.find(f"\n{rel}\n".encode())  # where it starts in `paths`
            return None if at < 0 else self._row_at(at)
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
        title, entity, status, topics, pinned = orjson.loads(
            bytes(meta[int(at[row]) : int(at[row + 1])])
        )
        path = self.path(row)
        return Doc(
            slug=path.rsplit("/", 1)[-1][:-3],
            path=path,
            title=title,
            day=int(self.days[row]),
            entity=entity,
            status=status,
            topics=topics,
            terms={},
            stored={"pinned": pinned},
        )

    def term(self, column: int) -> str:
        if self._terms is None:
            self._terms = bytes(self.arrays["terms"]).decode().split("\n")
        return self._terms[column]


class _Docs(Sequence[Doc]):
    """The snapshot's articles, each made when first asked for."""

    def __init__(self, snap: _Snapshot) -> None:
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


class _Rows(Mapping[str, int]):
    """slug -> row, as `Engine.row`, looked up in the snapshot's paths."""

    def __init__(self, snap: _Snapshot) -> None:
        self._snap = snap
        self._all: dict[str, int] | None = None

    def __getitem__(self, slug: str) -> int:
        row = self._snap.last_of(slug)
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


class _Texts(TextIndex):
    """`TextIndex`'s answers for a few rows (cosines, latent cosines, shared terms), from
    the snapshot's normalised TF-IDF rows: the index itself is never built."""

    def __init__(self, snap: _Snapshot) -> None:  # no TextIndex built: not super()'s
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
        return None if self._latent is None else self._latent[rows] @ self._latent.T

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


class _Warm(Engine):
    """An `Engine` whose arrays are the snapshot's: the same scores, picks and reasons for
    the rows it is asked about, without building the index, the topic matrices or the
    documents of the whole newsroom."""

    def __init__(self, snap: _Snapshot, config: NewsroomConfig, today: date) -> None:
        arrays = snap.arrays
        self.docs = _Docs(snap)
        self.config = config
        self.settings = config.related
        self.index = _Texts(snap)
        self.row = _Rows(snap)
        self.days = snap.days
        self.entities = arrays["entities"]
        self.candidate = arrays["published"] & (snap.days > 0) & (snap.days <= today.toordinal())
        self.topic_mass = snap.topic_mass
        self._latent_earns = snap.header.get("earns")
        self._cache_root = None
        self._decay = recency_decay(self.settings)
        self._snap = snap

    def _topic_overlap(self, rows: np.ndarray) -> np.ndarray:
        import numpy as np

        a = self._snap.arrays
        out = np.zeros((len(rows), self._snap.docs), dtype=np.float64)
        for i, row in enumerate(rows.tolist()):
            for topic in a["doc_topics"][a["doc_topics_at"][row] : a["doc_topics_at"][row + 1]]:
                docs = a["topic_docs"][a["topic_docs_at"][topic] : a["topic_docs_at"][topic + 1]]
                out[i, docs] += a["topic_weights"][topic]
        return out.astype(np.float32)
