"""A per-newsroom cache folder outside the repository, safe to delete at any time.

Where: `$BOTBEAT_CACHE_DIR`, else `$XDG_CACHE_HOME/botbeat`, else `~/.cache/botbeat`, then
one sub-folder per newsroom (a hash of its absolute path). Never inside the repository: a
pull request cannot plant a cache that CI would trust. Entries are JSON, or numpy arrays
(.npz) for numbers too many for JSON, read with pickle refused; written atomically; a file
that cannot be read is treated as an empty cache.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Container, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botbeat_cli.errors import BotbeatError
from botbeat_cli.store.files import Unreadable, atomic_write, read_bytes

if TYPE_CHECKING:
    import sqlite3

    import numpy as np


def cache_dir(root: Path) -> Path:
    base = os.environ.get("BOTBEAT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "botbeat"
    )
    digest = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]
    return Path(base) / digest


def load(root: Path, name: str) -> dict[str, Any]:
    import orjson

    try:
        data = orjson.loads(load_bytes(root, name))
    except ValueError:  # missing or unreadable (b""), or not JSON
        return {}
    return data if isinstance(data, dict) else {}


def load_bytes(root: Path, name: str) -> bytes:
    """A cache file's bytes, or b"" when it is missing or unreadable."""
    try:
        with open(cache_dir(root) / name, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def save_bytes(root: Path, name: str, data: bytes) -> None:
    """Best effort, atomic: a cache that cannot be written only costs time next run."""
    folder = cache_dir(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / name, data)
    except (OSError, BotbeatError) as exc:  # WriteFailed is a BotbeatError
        unusable(folder, exc)


def append_bytes(root: Path, name: str, data: bytes) -> None:
    """`data` added at the end of a cache file in one write (O_APPEND: two runs appending
    at once do not interleave their writes), not synced: a line lost to a crash costs the
    next run its parse, and a reader skips a line cut short. Best effort."""
    folder = cache_dir(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        unusable(folder, exc)


DB_TIMEOUT = 10.0  # seconds a run waits for another to finish bringing a database up to date


def connect(root: Path, name: str, schema: Sequence[str]) -> sqlite3.Connection:
    """A cache database (sqlite, in the standard library; `name` ":memory:" for one held in
    memory), for a cache that a run asks a few
    keys of and changes a few rows in, whatever the newsroom's size (the summaries of
    `validate FILE`). Best effort as every cache: a file that is not such a database is made
    again, and a folder that cannot hold one gives a database in memory for this run (one
    warning). `schema`'s statements make the tables of a new database. Autocommit: callers
    open their own transactions."""
    import sqlite3

    if name == ":memory:":
        return _open(name, schema)
    folder = cache_dir(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            return _open(str(folder / name), schema)
        except sqlite3.Error as exc:
            if not damaged(exc):
                raise
            discard(root, name)  # damaged or not ours: made again
            return _open(str(folder / name), schema)
    except (OSError, sqlite3.Error) as exc:
        unusable(folder, exc)
    return _open(":memory:", schema)


def damaged(exc: BaseException) -> bool:
    """Whether a sqlite error says the file is damaged or not a database (so made again),
    not that it is busy, read-only or on a full disk (so left alone)."""
    import sqlite3

    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    return False


def discard(root: Path, name: str) -> None:
    """A cache file removed (one found damaged), with the journal sqlite may have left."""
    import contextlib

    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(cache_dir(root) / f"{name}{suffix}")


def _open(path: str, schema: Sequence[str]) -> sqlite3.Connection:
    import sqlite3

    db = sqlite3.connect(path, timeout=DB_TIMEOUT, isolation_level=None)
    try:
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version == 0:
            db.execute("BEGIN IMMEDIATE")
            (version,) = db.execute("PRAGMA user_version").fetchone()
            if version == 0:  # not made meanwhile by another run
                for statement in schema:
                    db.execute(statement)
                db.execute("PRAGMA user_version = 1")
            db.execute("COMMIT")
        elif version != 1:  # not ours: made again
            error = sqlite3.DatabaseError(f"cache schema {version}, not 1")
            error.sqlite_errorcode = sqlite3.SQLITE_NOTADB
            raise error
        db.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        db.close()
        raise
    return db


def unusable(folder: Path, exc: BaseException) -> None:
    """Say once (a `CacheUnusable` warning, which the CLI prints) that the cache folder
    cannot be used; the command goes on without it and is only slower."""
    import warnings

    from botbeat_cli.errors import CacheUnusable

    reason = getattr(exc, "strerror", None) or str(exc)
    warnings.warn(
        CacheUnusable(
            f"the cache folder {folder} cannot be used ({reason}); going on without it",
            str(folder),
        ),
        stacklevel=2,
    )


def save(root: Path, name: str, data: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written only costs time next run."""
    import orjson

    save_bytes(root, name, orjson.dumps(data))


def load_arrays(root: Path, name: str) -> dict[str, np.ndarray]:
    """Named arrays saved by `save_arrays`; empty if missing or unreadable."""
    import zipfile

    import numpy as np

    try:
        with np.load(cache_dir(root) / name, allow_pickle=False) as archive:
            return {key: archive[key] for key in archive.files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return {}


def save_arrays(root: Path, name: str, arrays: dict[str, np.ndarray]) -> None:
    """Best effort, atomic, like `save`."""
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    save_bytes(root, name, buffer.getvalue())


def digest_of(raw: bytes) -> str:
    """The content key of a file's bytes, as `digests` gives it."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


RACY_NS = 2_000_000_000  # a file changed this close to the last save is hashed again


def digests(
    root: Path, rels: Sequence[str], name: str, wanted: Container[str] | None
) -> tuple[list[tuple[str, bytes | None, str, tuple[int, int, int]]], list[str]]:
    """(path, bytes, digest, (size, mtime, inode) seen before the read) for each readable
    file, and the paths that could not be read.

    As git's index does, a file whose size, mtime and inode are those seen last run keeps its
    digest unread (bytes None), which saves reading 10,000 files; unless its digest is not
    in `wanted` (None: no cache at all), or it was written within RACY_NS of that run's
    save (an edit in the same clock tick would not show in the mtime).
    """
    import time

    stored = load(root, name) if wanted is not None else {}
    seen = stored.get("files")
    saved_ns = stored.get("saved_ns")
    if not isinstance(seen, dict) or not isinstance(saved_ns, int):  # not ours: start over
        seen, saved_ns = {}, 0
    racy_after = saved_ns - RACY_NS
    out: list[tuple[str, bytes | None, str, tuple[int, int, int]]] = []
    unreadable: list[str] = []
    files: dict[str, list[Any]] = {}
    racy = False
    for rel in rels:
        path = os.path.join(root, rel)
        try:
            stat = os.stat(path)
            signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
            old = seen.get(rel)
            if (
                isinstance(old, list)
                and len(old) == 4
                and old[:3] == signature
                and stat.st_mtime_ns < racy_after
                and wanted is not None
                and old[3] in wanted
            ):
                out.append((rel, None, old[3], (old[0], old[1], old[2])))
                files[rel] = old
                continue
            raw = read_bytes(path, root)
        except (OSError, Unreadable):
            unreadable.append(rel)
            continue
        digest = digest_of(raw)
        racy = racy or (isinstance(old, list) and old[:3] == signature)
        out.append((rel, raw, digest, (signature[0], signature[1], signature[2])))
        files[rel] = [*signature, digest]
    if wanted is not None and (files != seen or racy):
        save(root, name, {"saved_ns": time.time_ns(), "files": files})
    return out, unreadable
