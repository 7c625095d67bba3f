"""Bytes in and out: strict UTF-8 decoding and atomic replacement."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from botbeat_cli.errors import BotbeatError, NotWritten, WriteFailed
from botbeat_cli.store.newsroom import relative
from botbeat_cli.store.problems import ReadProblem

BOM = "\ufeff"


class Unreadable(ReadProblem):
    """The file cannot be taken as text; `line`/`col` point at the first bad byte."""


def decode(raw: bytes) -> str:
    """UTF-8 text without its BOM; binary files and bad bytes are `Unreadable`."""
    if not raw.strip():
        raise Unreadable(
            "file-empty", "the file is empty; an article needs front matter and a body"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("file-encoding", "this file is UTF-16; save it as UTF-8")
    if b"\x00" in raw:
        raise Unreadable("file-binary", "this is a binary file, not a Markdown article")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise Unreadable(
            "file-encoding",
            f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            line,
            col,
        ) from None
    return text[1:] if text.startswith(BOM) else text


def read_text(path: str | Path, within: str | Path | None = None, limit: int | None = None) -> str:
    """An article's text through `read_bytes` and `decode`."""
    return decode(read_bytes(path, within, limit))


def read_bytes(
    path: str | Path, within: str | Path | None = None, limit: int | None = None
) -> bytes:
    """A file's bytes, if it is a regular file of at most `limit` (`MAX_FILE_BYTES`).

    Articles come from pull requests, so a FIFO (which would block), a device (`/dev/zero`
    never ends), a folder, or (given the newsroom root as `within`) a symlink to a file
    outside it are reported as `Unreadable`, never followed or read. The checks are on the
    opened descriptor, so the file cannot be swapped between the check and the read.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    cap = MAX_FILE_BYTES if limit is None else limit
    try:
        try:
            fd = os.open(path, flags | (_NOFOLLOW if within is not None else 0))
        except OSError as exc:
            if within is None or exc.errno != errno.ELOOP:
                raise
            _refuse_outside(path, within)  # a symlink: followed only inside the newsroom
            fd = os.open(path, flags)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise Unreadable(
                    "file-not-regular",
                    f"this is a {_kind(info.st_mode)}, not a regular file; botbeat reads only "
                    "regular files: remove it or replace it with the article",
                )
            if info.st_size > cap:
                raise _too_large(info.st_size, cap)
            # The stat's size and a byte more first (growth since is seen), then small
            # reads: asking for the cap at once made every read map and unmap a
            # megabyte, three times the cost of the read (bench/validate_bench.py).
            chunks, size, want = [], 0, min(info.st_size, cap) + 1
            while size <= cap:
                chunk = os.read(fd, min(want, cap + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                want = GROWN_READ
        finally:
            os.close(fd)
    except OSError as exc:
        raise Unreadable(
            "file-unreadable", f"cannot read the file: {exc.strerror or exc}"
        ) from None
    if size > cap:  # it grew after the stat
        raise _too_large(size, cap)
    return b"".join(chunks)


MAX_FILE_BYTES = 1 << 20
GROWN_READ = 1 << 16  # bytes per read after the first (`read_bytes`): a heap block, not a map
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _too_large(size: int, cap: int) -> Unreadable:
    what = "articles" if cap == MAX_FILE_BYTES else "this file"
    return Unreadable(
        "file-too-large",
        f"the file is {size:,} bytes; botbeat reads {what} of up to {cap:,} bytes: move "
        "large data or media out of it",
    )


def _refuse_outside(path: str | Path, within: str | Path) -> None:
    target = os.path.realpath(path)
    base = os.path.realpath(within)
    if os.path.commonpath([target, base]) != base:
        raise Unreadable(
            "file-outside",
            "this is a symlink to a file outside the newsroom, which botbeat does not follow: "
            "replace it with the file itself",
        )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def atomic_write(path: Path, text: str | bytes) -> bool:
    """Replace `path` with `text` (UTF-8) or bytes all at once; returns False (and writes
    nothing) if unchanged.

    A temp file in the same folder is written, flushed, fsynced and renamed over the target,
    so a crash or Ctrl-C leaves either the old file or the new one, never half of either.
    The file's permission bits are kept.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if path.read_bytes() == data:
            return False
        mode: int | None = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    with failing_as(path):
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode if mode is not None else 0o644)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    return True


@contextlib.contextmanager
def failing_as(path: Path | str) -> Iterator[None]:
    """An OSError of a write (disk full, read-only, permission) as `WriteFailed`: a clear
    exit 1 naming the file, not a bug. The callers undo their own temp files first."""
    try:
        yield
    except FileExistsError:  # the callers' own answer: never overwrite
        raise
    except OSError as exc:
        raise WriteFailed(str(path), exc.strerror or str(exc)) from exc


@dataclass(frozen=True, slots=True)
class Original:
    """An article as read before an edit: `replace_all` writes the edit only if these bytes
    are still on disk, so an editor's save made meanwhile is never overwritten."""

    path: Path  # as given (for messages)
    target: Path  # the file written: a symlink inside the newsroom is kept, its target edited
    raw: bytes
    text: str  # decoded, without the BOM (which the edit keeps)

    def encode(self, text: str) -> bytes:
        """`text` as bytes for this file: its BOM kept."""
        data = text.encode("utf-8")
        return BOM.encode("utf-8") + data if self.raw.startswith(_BOM_BYTES) else data


_BOM_BYTES = BOM.encode("utf-8")


def read_original(path: Path, within: Path, base: str | None = None) -> Original:
    """An article to edit, read as `read_bytes` does: never outside `within`, neither by a
    symlink nor through a symlinked folder. `base`: `within`'s real path, if the caller
    has it (one for many files)."""
    raw = read_bytes(path, within)
    target = Path(os.path.realpath(path))
    base = base or os.path.realpath(within)
    if os.path.commonpath([target, base]) != base:
        raise Unreadable(
            "file-outside",
            "this file is reached through a symlinked folder outside the newsroom, and "
            "botbeat does not write there",
        )
    return Original(path, target, raw, decode(raw))


@dataclass(slots=True)
class Replaced:
    """What `replace_all` did: the files written, and those it left alone and why."""

    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    def check(self, root: Path) -> None:
        """`NotWritten` naming every skipped file, once the written ones were reported."""
        if self.skipped:
            lines = [f"{relative(root, path)}: not written: {why}" for path, why in self.skipped]
            raise NotWritten(
                f"{len(self.skipped)} file(s) left as they were:\n  " + "\n  ".join(lines)
            )


FSYNC_UP_TO = 64  # files `replace_all` fsyncs one by one; more share one os.sync()
CHANGED_MEANWHILE = "changed on disk since botbeat read it (an editor's save?); run again"

T = TypeVar("T")
R = TypeVar("R")


def replace_all(edits: Iterable[tuple[Original, str]]) -> Replaced:
    """Atomically replace many files with new texts; returns what was written and skipped.

    Every new text goes to a temp file beside its target first (mode and owner copied),
    then one `os.sync()` makes them all durable, then each is renamed over its target:
    an interruption leaves every file either old or new, and 10,000 files cost one sync
    instead of 10,000 fsyncs. Up to FSYNC_UP_TO files each temp file is fsynced instead,
    and the folders of the renames after them: `os.sync()` also waits for every other
    program's unwritten files (tests/store/test_files.py counts which is called). Just
    before its rename each file is compared with what was read: one that changed
    meanwhile, a read-only one or one whose rename fails (immutable, permissions) is
    skipped with its reason, and the others are still written. A failure while staging (a
    full disk) raises `WriteFailed` with nothing replaced; Ctrl-C stops the work where it
    is (`_ctrl_c_noted`), each file old or new. Either way no temp file is left.
    """
    edits = list(edits)
    each = len(edits) <= FSYNC_UP_TO
    _remove_stale_temps(original.target for original, _ in edits)

    def unstage(made: list[tuple[str | None, str | None]], _: object = None) -> None:
        _unlink(tmp for tmp, _why in made)

    def unrenamed(_: object, left: list[tuple[str, Original]]) -> None:
        _unlink(tmp for tmp, _original in left)

    stop = threading.Event()
    with _ctrl_c_noted(stop) as interrupted:
        prepared = _in_order(lambda edit: _prepare(*edit, durable=each), edits, stop, unstage)
        if not each and not interrupted():
            try:
                os.sync()
            except BaseException:
                unstage(prepared)
                raise
        if interrupted():  # nothing replaced yet: leave every file as it was
            unstage(prepared)
            raise KeyboardInterrupt
        pairs = zip(edits, prepared, strict=True)
        staged = [(tmp, original) for (original, _), (tmp, _) in pairs if tmp is not None]
        reasons = _in_order(lambda one: _replace_if_unchanged(*one), staged, stop, unrenamed)
    done = Replaced()
    renamed = iter(reasons)
    for (original, _), (tmp, why) in zip(edits, prepared, strict=True):
        if tmp is not None:
            why = next(renamed)
            if why is None:
                done.written.append(original.path)
                continue
        if why is not None:
            done.skipped.append((original.path, why))
    if each:
        for folder in sorted({os.path.dirname(original.target) for _, original in staged}):
            _fsync_folder(folder)
    if interrupted():  # every file was renamed before Ctrl-C was seen: the write is whole
        raise KeyboardInterrupt
    return done


def _prepare(original: Original, text: str, durable: bool) -> tuple[str | None, str | None]:
    """(its temp file, None) for a file to replace; (None, why) for one left alone with a
    reason; (None, None) for one whose text is unchanged. A failure to stage (a full disk)
    is `WriteFailed`, naming the file."""
    data = original.encode(text)
    if data == original.raw:
        return None, None
    try:
        try:
            info = os.stat(original.target)
        except FileNotFoundError:
            return None, "deleted since botbeat read it"
        if not info.st_mode & stat.S_IWUSR:
            return None, "read-only: make it writable to let botbeat change it"
        return _stage(original.target, data, info, durable), None
    except OSError as exc:
        raise WriteFailed(
            str(original.path), f"{exc.strerror or exc} (no file was changed)"
        ) from exc


def _unlink(paths: Iterable[str | None]) -> None:
    for path in paths:
        if path is not None:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _in_order(
    work: Callable[[T], R],
    items: Sequence[T],
    stop: threading.Event,
    undo: Callable[[list[R], list[T]], None],
) -> list[R]:
    """`work` on each item in order. If one fails, or `stop` is set (Ctrl-C,
    `_ctrl_c_noted`), nothing more is done, and `undo` gets the results made and the items
    left without one before the failure (or KeyboardInterrupt) is raised."""
    made: list[R] = []
    for index, item in enumerate(items):
        try:
            if stop.is_set():
                raise KeyboardInterrupt
            made.append(work(item))
        except BaseException:
            undo(made, list(items[index:]))
            raise
    return made


@contextmanager
def _ctrl_c_noted(stop: threading.Event) -> Iterator[Callable[[], bool]]:
    """SIGINT sets `stop` instead of raising, until the block ends; yields whether one
    came. Raised at once, Ctrl-C could land after a system call (`os.sync`) just past the
    `try` meant to undo it, and leave temp files behind: the writer checks `stop` where
    it can undo. A second Ctrl-C raises as usual. Only the main thread can set a
    handler: in another, nothing changes."""
    came: list[bool] = []
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return

    def note(signum: int, frame: object) -> None:
        if came:
            raise KeyboardInterrupt
        came.append(True)
        stop.set()

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield lambda: bool(came)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


def _fsync_folder(folder: str) -> None:
    """Make the renames in `folder` durable, where the system allows (best effort: the
    files themselves are already durable, old or new)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _stage(target: Path, data: bytes, info: os.stat_result, durable: bool = False) -> str:
    """A temp file beside `target` with `data` and the target's mode and owner; fsynced
    if `durable`."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, info.st_mode & 0o7777)
        if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp, info.st_uid, info.st_gid)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _replace_if_unchanged(tmp: str, original: Original) -> str | None:
    """Rename `tmp` over the target if it still holds what was read; else why not."""
    try:
        with open(original.target, "rb") as handle:
            unchanged = handle.read(len(original.raw) + 1) == original.raw
    except OSError as exc:
        unchanged, why = False, f"cannot read it again ({exc.strerror or exc})"
    else:
        why = CHANGED_MEANWHILE
    if unchanged:
        try:
            os.replace(tmp, original.target)
            return None
        except OSError as exc:
            why = f"cannot replace it ({exc.strerror or exc})"
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    return why


def _remove_stale_temps(targets: Iterable[Path]) -> None:
    """Delete the temp files (`.NAME.XXXX.tmp`) an interrupted run left beside these targets:
    one listing per folder, not one glob per file (which made a large write quadratic;
    bench/related_bench.py times `related --write`)."""
    by_folder: dict[Path, set[str]] = {}
    for path in targets:
        by_folder.setdefault(path.parent, set()).add(path.name)
    for folder, names in by_folder.items():
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                name = entry.name
                # mkstemp's random part has no dot: strip it and the suffix to get NAME.
                ours = name.startswith(".") and name.endswith(".tmp")
                if ours and name[1:-4].rpartition(".")[0] in names:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def refuse_outside(path: Path, within: Path) -> None:
    """`BotbeatError` (exit 1) if writing `path` would land outside `within` (a symlinked
    folder on the way): botbeat writes only inside the newsroom, whatever a link says."""
    base = os.path.realpath(within)
    if os.path.commonpath([os.path.realpath(path.parent), base]) != base:
        raise BotbeatError(
            f"will not write {path}: a folder on its way is a symlink leading outside "
            f"{within}, and botbeat writes only inside it; nothing was written"
        )


def create_exclusive(path: Path, text: str, within: Path) -> None:
    """Write a new file inside `within`, all at once, failing with FileExistsError rather
    than overwrite anything.

    A temp file is written and synced beside the target, then hard-linked to its name (a
    link fails if the name exists, so two writers cannot both win); on a file system
    without hard links, `os.open(O_EXCL)` claims the name and the text is moved over it.
    """
    refuse_outside(path, within)
    path.parent.mkdir(parents=True, exist_ok=True)
    refuse_outside(path, within)  # a folder made a symlink meanwhile
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".new-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (some network and FAT file systems)
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
