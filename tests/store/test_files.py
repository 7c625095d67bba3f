from __future__ import annotations

import os
from pathlib import Path

import pytest

from botbeat_cli.store.files import Original, atomic_write, read_original, replace_all


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
