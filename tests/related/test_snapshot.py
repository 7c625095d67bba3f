"""`related ARTICLE` from the snapshot of the last full computation: the same answers as
the full computation, and the full computation whenever the snapshot cannot be trusted."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Run, age, path_of, snapshot_file


def warm(root: Path, name: str) -> bool:
    """Whether the snapshot answers for `name` now (a path: relative to the newsroom)."""
    from botbeat_cli.config import load_config
    from botbeat_cli.related import snapshot as related_snapshot

    saved = os.getcwd()
    os.chdir(root)
    try:
        found = related_snapshot.explained(root, load_config(root), date(2026, 12, 1), name)
    finally:
        os.chdir(saved)
    return found is not None


@pytest.fixture
def room(aged_topical: Path) -> Path:
    return aged_topical


TAGGED, UNTAGGED = ["story-00100", "story-00300", "story-00598"], ["story-00301", "story-00599"]


def both(run: Run, root: Path, name: str) -> tuple[str, str]:
    """`related NAME` as text and as JSON."""
    text = run("related", name, cwd=root)
    data = run("related", name, "--format", "json", cwd=root)
    assert text.returncode == data.returncode == 0, text.stderr + data.stderr
    return text.stdout, data.stdout


def test_the_snapshot_answers_as_the_full_computation(
    room: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botbeat_cli.related import snapshot as related_snapshot

    names = [*TAGGED, *UNTAGGED, path_of(room, TAGGED[0]).relative_to(room).as_posix()]
    with monkeypatch.context() as patched:  # the full computation each time
        patched.setattr(related_snapshot, "explained", lambda *args: None)
        full = {name: both(run, room, name) for name in names}
    assert snapshot_file(room).is_file()
    for name in names:
        assert warm(room, name), name
        assert both(run, room, name) == full[name], name
    picks = json.loads(full[UNTAGGED[0]][1])
    reasons = [p["reasons"] for name in ("more_from", "suggested") for p in picks[name]]
    assert reasons and all("related vocabulary" in r for r in reasons)  # the latent part


def test_a_changed_folder_target_or_pick_falls_back_and_a_full_run_records_anew(
    room: Path, run: Run
) -> None:
    target = TAGGED[1]
    text, data = both(run, room, target)
    assert warm(room, target)
    folder = path_of(room, target).parent

    # A save through a new file and a rename changes the folder: not trusted.
    other = next(p for p in sorted(folder.glob("*.md")) if p.stem != target)
    saved = folder / ".story-00010.md.tmp"
    saved.write_bytes(other.read_bytes())
    os.replace(saved, other)
    assert not warm(room, target)
    age(room)  # as if it had been saved an hour ago: then the full run records it
    assert both(run, room, target) == (text, data)
    assert warm(room, target)

    # An edit written into the article asked about, or into one its lists show, is seen.
    path = folder / f"{target}.md"
    original = path.read_bytes()
    path.write_bytes(original.replace(b"\n## ", b"\nA line written in place.\n\n## ", 1))
    assert not warm(room, target)
    path.write_bytes(original)
    age(room)
    both(run, room, target)
    pick = json.loads(data)["suggested"][0]["slug"]
    with open(path_of(room, pick), "ab") as handle:
        handle.write(b"\nMore words.\n")
    assert not warm(room, target)


def test_an_edit_in_place_elsewhere_is_trusted_until_a_full_run(room: Path, run: Run) -> None:
    """The documented trade-off: an article edited in place (its folder unchanged) that
    the lists do not show is not read again by `related ARTICLE`; a full run reads it."""
    target = TAGGED[0]
    picks = json.loads(both(run, room, target)[1])
    shown = {p["slug"] for name in ("more_from", "suggested") for p in picks[name]}
    elsewhere = next(
        p for p in sorted((room / "articles").rglob("*.md")) if p.stem not in shown | {target}
    )
    recorded = snapshot_file(room).read_bytes()
    with open(elsewhere, "ab") as handle:
        handle.write(b"\nMore words.\n")
    assert warm(room, target)
    assert snapshot_file(room).read_bytes() == recorded
    assert run("related", "--check", cwd=room).returncode == 1  # reads every file: none stored
    assert snapshot_file(room).read_bytes() != recorded  # recorded anew, with the edit
    assert warm(room, target)


def test_another_configuration_or_a_damaged_snapshot_falls_back(room: Path, run: Run) -> None:
    target = TAGGED[0]
    text, _ = both(run, room, target)
    assert warm(room, target)
    config = room / "botbeat.yaml"
    config.write_text(config.read_text() + "related:\n  threshold: 0.3\n")
    assert not warm(room, target)
    changed, _ = both(run, room, target)
    assert changed != text  # the new threshold, not the snapshot's lists
    assert warm(room, target)

    snapshot = snapshot_file(room)
    whole = snapshot.read_bytes()
    for damaged in (
        whole[: len(whole) // 2],  # cut short
        b"",
        b"not a snapshot at all",
        whole[:29] + b"\xff" * 8 + whole[37:],  # a header length that lies (after MAGIC)
        whole.replace(b'"docs":600', b'"docs":601', 1),  # arrays of the wrong size
    ):
        snapshot.write_bytes(damaged)
        assert not warm(room, target)
        assert both(run, room, target)[0] == changed  # the full computation, recorded anew
        assert snapshot.read_bytes() != damaged


def test_a_slug_two_articles_share_or_an_unjudged_latent_part_falls_back(
    room: Path, run: Run
) -> None:
    (room / "articles" / "2024").mkdir()
    twin = room / "articles" / "2024" / f"{TAGGED[0]}.md"
    twin.write_bytes(path_of(room, TAGGED[0]).read_bytes())
    age(room)
    both(run, room, TAGGED[1])  # a tagged article: the latent part is not judged
    assert warm(room, TAGGED[1])
    assert not warm(room, TAGGED[0])  # which of the two? the full run says
    assert not warm(room, UNTAGGED[0])  # the latent part was never judged
    both(run, room, UNTAGGED[0])
    assert warm(room, UNTAGGED[0]) and warm(room, TAGGED[1])
    assert warm(room, "articles/2024/" + twin.name)  # by path, the twin is one article


def test_after_write_the_snapshot_still_answers_and_a_later_save_is_still_seen(
    room: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--write` rewrites every article's lists: their folders change and each file is
    new. The snapshot learns the files it wrote (`snapshot.rewritten`): each folder then
    lists as recorded (names and inodes) and each rewritten file reads as recorded."""
    from botbeat_cli.related import snapshot as related_snapshot

    target = TAGGED[1]
    both(run, room, target)
    written = run("related", "--write", cwd=room)
    assert written.returncode == 0 and "600 article(s) computed" in written.stdout
    assert warm(room, target)
    answered = both(run, room, target)
    with monkeypatch.context() as patched:
        patched.setattr(related_snapshot, "explained", lambda *args: None)
        assert both(run, room, target) == answered  # what the full computation says

    folder = path_of(room, target).parent
    other, third = [p for p in sorted(folder.glob("*.md")) if p.stem != target][:2]
    # A folder that changed is trusted file by file (size, mtime, inode): an edit written
    # in place there is seen, whatever the lists show.
    original, recorded = third.read_bytes(), written_stamp(room, third)
    third.write_bytes(original + b"\nMore words.\n")
    assert not warm(room, target)
    third.write_bytes(original)
    os.utime(third, ns=(recorded, recorded))  # as recorded: size, mtime and inode
    assert warm(room, target)
    saved = folder / f".{other.name}.tmp"
    saved.write_bytes(other.read_bytes())
    os.replace(saved, other)  # the same bytes, through a rename: a new inode
    assert not warm(room, target)


def written_stamp(root: Path, path: Path) -> int:
    """The mtime the snapshot recorded for a file."""
    from botbeat_cli.newsroom.snapshot import Snapshot

    snap = Snapshot.open(root)
    assert snap is not None
    row = snap.row_of(path.relative_to(root).as_posix())
    assert row is not None
    return int(snap.arrays["stamps"][row][1])


def test_an_unknown_name_is_a_usage_error_with_the_snapshot_there(room: Path, run: Run) -> None:
    both(run, room, TAGGED[0])
    assert warm(room, TAGGED[0])
    for name in ("story-0010", "articles/2026/nowhere.md", "../outside.md"):
        result = run("related", name, cwd=room)
        assert result.returncode == 2, (name, result.stderr)
        assert name in result.stderr and "Traceback" not in result.stderr
    assert "did you mean" in run("related", "story-0010", cwd=room).stderr.lower()


def test_a_recording_stopped_half_way_leaves_the_old_snapshot_and_no_temp_file(
    room: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botbeat_cli.newsroom import snapshot

    both(run, room, TAGGED[0])
    recorded = snapshot_file(room).read_bytes()
    config = room / "botbeat.yaml"
    config.write_text(config.read_text() + "related:\n  threshold: 0.3\n")  # to record anew

    real = os.replace

    def interrupted(source: str, target: str | Path) -> None:
        if Path(target).name == snapshot.NAME:  # Ctrl-C just before the rename
            raise KeyboardInterrupt
        real(source, target)

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", interrupted)
        assert run("related", TAGGED[0], cwd=room).returncode == 130
    assert snapshot_file(room).read_bytes() == recorded
    assert [p.name for p in snapshot_file(room).parent.iterdir() if p.name.endswith(".tmp")] == []
