"""store.cache: JSON and array entries, and file digests that skip unchanged files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from botbeat_cli.store import cache

HOUR_AGO = time.time() - 3600


def write_old(path: Path, text: str) -> None:
    """A file last changed an hour ago: outside the racy window of any save made now."""
    path.write_text(text)
    os.utime(path, (HOUR_AGO, HOUR_AGO))


def test_digests_trust_an_unchanged_stat_and_reread_a_changed_one(tmp_path: Path) -> None:
    write_old(tmp_path / "a.md", "alpha")
    write_old(tmp_path / "b.md", "bravo")
    first, unreadable = cache.digests(tmp_path, ["a.md", "b.md", "gone.md"], "files.json", {})
    assert unreadable == ["gone.md"]
    assert all(raw is not None for _, raw, _, _ in first)
    digests = {rel: digest for rel, _, digest, _ in first}
    st = os.stat(tmp_path / "a.md")  # the stat each was read with, for callers that keep it
    assert first[0][3] == (st.st_size, st.st_mtime_ns, st.st_ino)

    # Same size, same mtime, same inode: the digest is trusted without reading the file,
    # which the changed bytes prove (as git's index would, outside the racy window).
    with open(tmp_path / "a.md", "r+") as handle:
        handle.write("ALPHA")
    os.utime(tmp_path / "a.md", (HOUR_AGO, HOUR_AGO))
    # A real edit moves the mtime: read again.
    (tmp_path / "b.md").write_text("bravo, edited")
    second, _ = cache.digests(tmp_path, ["a.md", "b.md"], "files.json", set(digests.values()))
    by_rel = {rel: (raw, digest) for rel, raw, digest, _ in second}
    assert second[0][3] == (st.st_size, st.st_mtime_ns, st.st_ino)  # trusted: as stored
    assert by_rel["a.md"] == (None, digests["a.md"])
    assert by_rel["b.md"][0] == b"bravo, edited"
    assert by_rel["b.md"][1] != digests["b.md"]


def test_digests_reread_racy_files_and_unknown_digests(tmp_path: Path) -> None:
    (tmp_path / "new.md").write_text("written just now")
    write_old(tmp_path / "old.md", "old")
    first, _ = cache.digests(tmp_path, ["new.md", "old.md"], "files.json", {})
    known = {digest for _, _, digest, _ in first}
    again, _ = cache.digests(tmp_path, ["new.md", "old.md"], "files.json", known)
    raws = {rel: raw for rel, raw, _, _ in again}
    assert raws["new.md"] == b"written just now"  # within RACY_NS of the save: read again
    assert raws["old.md"] is None
    # A digest the caller no longer has an entry for is read again.
    wanted = {digest for rel, _, digest, _ in again if rel == "new.md"}
    third, _ = cache.digests(tmp_path, ["new.md", "old.md"], "files.json", wanted)
    assert {rel: raw for rel, raw, _, _ in third}["old.md"] == b"old"


def test_digests_without_a_cache_read_everything_and_save_nothing(tmp_path: Path) -> None:
    write_old(tmp_path / "a.md", "alpha")
    for _ in range(2):
        found, _ = cache.digests(tmp_path, ["a.md"], "files.json", None)
        assert found[0][1] == b"alpha"
    assert not (cache.cache_dir(tmp_path) / "files.json").exists()


def test_arrays_round_trip_and_a_broken_entry_reads_as_empty(tmp_path: Path) -> None:
    arrays = {"words": np.array(["gpu", "wafer"]), "weights": np.eye(2, dtype=np.float32)}
    cache.save_arrays(tmp_path, "model.npz", arrays)
    loaded = cache.load_arrays(tmp_path, "model.npz")
    assert loaded["words"].tolist() == ["gpu", "wafer"]
    assert np.array_equal(loaded["weights"], arrays["weights"])
    (cache.cache_dir(tmp_path) / "model.npz").write_bytes(b"PK\x03\x04 not a zip")
    assert cache.load_arrays(tmp_path, "model.npz") == {}
    assert cache.load_arrays(tmp_path, "missing.npz") == {}


def test_digests_start_over_from_a_foreign_stats_entry(tmp_path: Path) -> None:
    write_old(tmp_path / "a.md", "alpha")
    stat = os.stat(tmp_path / "a.md")
    signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]  # matches, but no digest
    now = time.time_ns()
    for junk in (
        {"files": {"a.md": signature}, "saved_ns": now},
        {"files": {"a.md": 7}, "saved_ns": now},
        {"files": [], "saved_ns": "x"},
    ):
        cache.save(tmp_path, "files.json", junk)
        found, unreadable = cache.digests(tmp_path, ["a.md"], "files.json", {"whatever"})
        assert unreadable == [] and found[0][1] == b"alpha"
