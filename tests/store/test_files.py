from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from botbeat_cli.errors import BotbeatError, NotWritten
from botbeat_cli.store.files import (
    CHANGED_MEANWHILE,
    GROWN_READ,
    MAX_FILE_BYTES,
    Original,
    Unreadable,
    atomic_write,
    create_exclusive,
    read_bytes,
    read_original,
    replace_all,
)


def _edits(root: Path, texts: dict[Path, str]) -> list[tuple[Original, str]]:
    return [(read_original(path, root), text) for path, text in texts.items()]


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("old\n")
    os.chmod(target, 0o600)
    assert atomic_write(target, "new\n") is True
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_unchanged_text_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("same\n")
    before = target.stat().st_mtime_ns
    inode = target.stat().st_ino
    assert atomic_write(target, "same\n") is False
    assert target.stat().st_mtime_ns == before
    assert target.stat().st_ino == inode


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("precious\n")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "broken \udcff surrogate")
    assert target.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_replace_all_changes_only_what_differs(tmp_path: Path) -> None:
    same, other = tmp_path / "same.md", tmp_path / "other.md"
    same.write_text("same\n")
    other.write_text("old\n")
    os.chmod(other, 0o640)
    assert replace_all(_edits(tmp_path, {same: "same\n", other: "new\n"})).written == [other]
    assert other.read_text() == "new\n" and other.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.md", "same.md"]


@pytest.mark.parametrize("count", [1, 3, 70])
def test_few_files_are_fsynced_each_and_many_share_one_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """Up to FSYNC_UP_TO files each temp file and each folder is fsynced, and the
    machine-wide `os.sync()`, which waits for every other write, is not called; more files
    share one `os.sync()` and no fsync. Every file is written either way."""
    from botbeat_cli.store import files

    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
    paths = [folders[i % 2] / f"{i}.md" for i in range(count)]
    for path in paths:
        path.write_text("old\n")
    calls: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(files.os, "sync", lambda: calls.append("sync"))
    monkeypatch.setattr(files.os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd)))
    done = replace_all(_edits(tmp_path, {path: f"new {path.name}\n" for path in paths}))
    assert done.written == paths and not done.skipped
    assert [path.read_text() for path in paths] == [f"new {path.name}\n" for path in paths]
    if count <= files.FSYNC_UP_TO:
        assert calls == ["fsync"] * (count + min(count, 2))  # the files, then their folders
    else:
        assert calls == ["sync"]


def test_replace_all_removes_the_temps_an_interrupted_run_left(tmp_path: Path) -> None:
    target = tmp_path / "a.story.md"
    target.write_text("old")
    left = [tmp_path / ".a.story.md.k3j_x9q2.tmp", tmp_path / ".a.story.md.zz0.tmp"]
    kept = [tmp_path / ".other.md.k3j_x9q2.tmp", tmp_path / ".a.story.md.keep", tmp_path / "b.md"]
    for path in left + kept:
        path.write_text("leftover")
    assert replace_all(_edits(tmp_path, {target: "new"})).written == [target]
    assert target.read_text() == "new"
    assert [p for p in left if p.exists()] == []
    assert all(p.exists() for p in kept)


def test_an_editors_save_after_the_read_is_never_overwritten(tmp_path: Path) -> None:
    saved, other = tmp_path / "saved.md", tmp_path / "other.md"
    saved.write_text("as read\n")
    other.write_text("old\n")
    edits = _edits(tmp_path, {saved: "botbeat's edit\n", other: "new\n"})
    saved.write_text("the editor's save\n")  # between botbeat's read and its write
    done = replace_all(edits)
    assert saved.read_text() == "the editor's save\n"
    assert done.skipped == [(saved, CHANGED_MEANWHILE)]
    assert done.written == [other] and other.read_text() == "new\n"
    with pytest.raises(NotWritten, match=r"saved.md: not written: changed on disk"):
        done.check(tmp_path)


def test_a_rewrite_keeps_bom_mode_owner_and_symlink(tmp_path: Path) -> None:
    real, link = tmp_path / "real.md", tmp_path / "link.md"
    real.write_bytes(b"\xef\xbb\xbfold\n")
    os.chmod(real, 0o640)
    if os.geteuid() == 0:
        os.chown(real, 65534, 65534)  # an editor's file, rewritten by root (CI)
    link.symlink_to(real)
    done = replace_all(_edits(tmp_path, {link: "new\n"}))
    assert done.written == [link]
    assert link.is_symlink() and real.read_bytes() == b"\xef\xbb\xbfnew\n"
    info = real.stat()
    assert info.st_mode & 0o777 == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (65534, 65534)


def test_a_hard_link_becomes_a_file_of_its_own(tmp_path: Path) -> None:
    """The rename that makes a write atomic gives the article a new inode: the other name
    keeps the old text (documented in the README; a write in place could be torn)."""
    article, other = tmp_path / "a.md", tmp_path / "elsewhere.md"
    article.write_text("old\n")
    os.link(article, other)
    assert replace_all(_edits(tmp_path, {article: "new\n"})).written == [article]
    assert article.read_text() == "new\n" and other.read_text() == "old\n"
    assert article.stat().st_nlink == 1 and other.stat().st_nlink == 1


def test_a_read_only_file_is_reported_not_replaced(tmp_path: Path) -> None:
    locked, free = tmp_path / "locked.md", tmp_path / "free.md"
    locked.write_text("old\n")
    free.write_text("old\n")
    os.chmod(locked, 0o444)
    done = replace_all(_edits(tmp_path, {locked: "new\n", free: "new\n"}))
    assert locked.read_text() == "old\n" and free.read_text() == "new\n"
    assert [(p, why.split(":")[0]) for p, why in done.skipped] == [(locked, "read-only")]


@pytest.mark.skipif(shutil.which("chattr") is None, reason="needs chattr")
def test_an_immutable_file_is_skipped_and_the_others_written(tmp_path: Path) -> None:
    frozen, free = tmp_path / "frozen.md", tmp_path / "free.md"
    frozen.write_text("old\n")
    free.write_text("old\n")
    if subprocess.run(["chattr", "+i", str(frozen)], capture_output=True).returncode != 0:
        pytest.skip("this file system or user cannot set the immutable flag")
    try:
        done = replace_all(_edits(tmp_path, {frozen: "new\n", free: "new\n"}))
    finally:
        subprocess.run(["chattr", "-i", str(frozen)], check=True)
    assert frozen.read_text() == "old\n" and free.read_text() == "new\n"
    assert done.written == [free]
    assert done.skipped[0][0] == frozen and "Operation not permitted" in done.skipped[0][1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["free.md", "frozen.md"]  # no temp


def test_reads_refuse_what_is_not_a_regular_file_inside(tmp_path: Path) -> None:
    root = tmp_path / "room"
    root.mkdir()
    os.mkfifo(root / "pipe.md")
    (root / "zero.md").symlink_to("/dev/zero")
    (tmp_path / "outside.md").write_text("secret\n")
    (root / "out.md").symlink_to(tmp_path / "outside.md")
    (root / "sub").symlink_to(tmp_path)
    rules = {}
    for name in ("pipe.md", "zero.md", "out.md"):
        with pytest.raises(Unreadable) as caught:
            read_bytes(root / name, root)
        rules[name] = caught.value.rule
    assert rules == {"pipe.md": "file-not-regular", "zero.md": "file-outside",
                     "out.md": "file-outside"}  # fmt: skip
    with pytest.raises(Unreadable, match="symlinked folder outside"):
        read_original(root / "sub" / "outside.md", root)  # read, but never written


@pytest.mark.parametrize(
    "size", [0, 1, 4096, GROWN_READ - 1, GROWN_READ + 1, 3 * GROWN_READ, MAX_FILE_BYTES]
)
def test_a_read_gives_every_byte_up_to_the_cap(tmp_path: Path, size: int) -> None:
    path = tmp_path / "a.md"
    data = os.urandom(size)
    path.write_bytes(data)
    assert read_bytes(path, tmp_path) == data
    path.write_bytes(data + b"x" * (MAX_FILE_BYTES + 1 - size))
    with pytest.raises(Unreadable) as caught:
        read_bytes(path, tmp_path)
    assert caught.value.rule == "file-too-large"


@pytest.mark.skipif(not Path("/proc/self/cmdline").is_file(), reason="Linux's /proc")
def test_a_file_larger_than_its_stat_says_is_read_whole() -> None:
    """A regular file whose size the stat gives as 0 (as /proc's do, or one that grew
    after the stat) is read to its end, not cut at the size seen."""
    path = Path("/proc/self/cmdline")
    assert path.stat().st_size == 0
    assert read_bytes(path) == path.read_bytes() != b""


def test_no_write_lands_outside_through_a_symlinked_folder(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "room", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "articles").symlink_to(elsewhere)
    with pytest.raises(BotbeatError, match="symlink leading outside"):
        create_exclusive(root / "articles" / "2026" / "a.md", "text", root)
    assert list(elsewhere.iterdir()) == []
