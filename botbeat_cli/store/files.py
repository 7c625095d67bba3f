"""Bytes in and out: strict UTF-8 decoding and atomic replacement."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from botbeat_cli.errors import WriteFailed
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


def read_text(path: str | Path) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise Unreadable("file-unreadable", f"cannot read the file: {exc.strerror}") from None
    return decode(raw)


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


def replace_all(texts: dict[Path, str]) -> list[Path]:
    """Atomically replace many files; returns those that changed.

    Every new text goes to a temp file beside its target first, then one `os.sync()` makes
    them all durable, then each is renamed over its target: an interruption leaves every
    file either old or new, and 10,000 files cost one sync instead of 10,000 fsyncs.
    """
    _remove_stale_temps(texts)
    staged: list[tuple[str, Path]] = []
    current: Path | None = None
    try:
        for path, text in texts.items():
            current = path
            data = text.encode("utf-8")
            try:
                if path.read_bytes() == data:
                    continue
                mode = path.stat().st_mode & 0o7777
            except FileNotFoundError:
                mode = 0o644
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode)
        os.sync()
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
    except BaseException as exc:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError) and current is not None:
            done = sum(not os.path.exists(tmp) for tmp, _ in staged)
            raise WriteFailed(
                str(current), f"{exc.strerror or exc} ({done} file(s) before it were written)"
            ) from exc
        raise
    return [path for _, path in staged]


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


def create_exclusive(path: Path, text: str) -> None:
    """Write a new file, all at once, failing with FileExistsError rather than overwrite
    anything.

    A temp file is written and synced beside the target, then hard-linked to its name (a
    link fails if the name exists, so two writers cannot both win); on a file system
    without hard links, `os.open(O_EXCL)` claims the name and the text is moved over it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
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
