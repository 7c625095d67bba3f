"""The exit-status contract at the one boundary (issue 10, defect 4): 0, 1, 2, 3, 130, 141
and --debug, on the boundary itself and through real processes where a real process
matters (a Ctrl-C at a prompt, a full or read-only disk)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from botbeat_cli.cli import guarded, main
from botbeat_cli.errors import BotbeatError, ExitCode, NewsroomError, UsageError
from tests.conftest import Newsroom, botbeat_command


def raising(exc: BaseException) -> Callable[[], int]:
    def call() -> int:
        raise exc

    return call


@pytest.mark.parametrize(
    ("exc", "code", "message"),
    [
        (SystemExit(0), 0, ""),
        (SystemExit(2), 2, ""),
        (BotbeatError("the slug is taken"), 1, "botbeat: the slug is taken\n"),
        (UsageError("give one ARTICLE"), 2, "botbeat: give one ARTICLE\n"),
        (OSError(errno.ENOSPC, "No space left on device", "articles/2026/x.md"), 1,
         "botbeat: No space left on device: articles/2026/x.md; nothing more was done\n"),
        (PermissionError(errno.EACCES, "Permission denied"), 1,
         "botbeat: Permission denied; nothing more was done\n"),
        (OSError(errno.EROFS, "Read-only file system"), 1,
         "botbeat: Read-only file system; nothing more was done\n"),
        (KeyError("x"), 3, "botbeat: unexpected error (KeyError: 'x'); this is a bug: rerun "
         "with --debug and report the traceback\n"),
        (KeyboardInterrupt(), 130, "\nbotbeat: interrupted\n"),
    ],
)  # fmt: skip
def test_each_exception_gets_its_exit(
    exc: BaseException, code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guarded(raising(exc)) == code
    assert capsys.readouterr().err == message


def test_ctrl_c_turned_into_a_native_panic_is_still_an_interrupt(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """PyO3 (pydantic-core) raises its PanicException, a BaseException, when Ctrl-C lands
    while it builds a schema; it must exit 130 like any Ctrl-C, not 1 with a traceback.
    Any other panic is still raised."""

    class PanicException(BaseException):  # pyo3_runtime's, which cannot be imported
        pass

    def interrupted() -> int:
        raise PanicException("Error building schema validator:\n  KeyboardInterrupt: ")

    assert guarded(interrupted) == 130
    assert "interrupted" in capsys.readouterr().err

    def other() -> int:
        raise PanicException("index out of bounds")

    with pytest.raises(PanicException):
        guarded(other)


def test_debug_reraises_bugs_and_user_errors_alike() -> None:
    for exc in (KeyError("x"), BotbeatError("no"), NewsroomError("broken")):
        with pytest.raises(type(exc)):
            guarded(raising(exc), debug=True)


def test_a_newsroom_error_prints_its_diagnostics(capsys: pytest.CaptureFixture[str]) -> None:
    from botbeat_cli.diagnostics import Diagnostic, Severity

    diagnostic = Diagnostic("botbeat.yaml", 3, 5, Severity.ERROR, "unknown-rule", "no such rule")
    assert guarded(raising(NewsroomError("broken", [diagnostic]))) == 1
    assert capsys.readouterr().err == (
        "botbeat.yaml:3:5: error[unknown-rule] no such rule\nbotbeat: broken\n"
    )


def test_exit_codes_are_one_enum() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 130, 141]


def test_main_twice_in_one_process(newsroom: Newsroom, capsys: pytest.CaptureFixture[str]) -> None:
    """cli/list.py once shadowed the builtin `list` in cli/__init__.py: a second main()
    in a process raised TypeError."""
    newsroom.article("one-story")
    for _ in range(2):
        assert main(["list", "--format", "json", "--root", str(newsroom.root)]) == 0
    assert capsys.readouterr().out.count('"slug": "one-story"') == 2


def test_usage_errors_exit_2(newsroom: Newsroom, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--no-such-option", "--root", str(newsroom.root)]) == 2
    assert main(["related", "--root", str(newsroom.root)]) == 2
    assert "give one ARTICLE" in capsys.readouterr().err


# Run in the child, in a session of its own (start_new_session): make the pty its controlling
# terminal, so that the pty turns ^C into SIGINT for it as an editor's terminal does, with
# SIGINT as a shell leaves it; then become botbeat. (A preexec_fn would do this in the
# forked child of a threaded test worker, which can deadlock.)
OWN_TERMINAL = """
import fcntl, os, signal, sys, termios
fcntl.ioctl(0, termios.TIOCSCTTY, 0)
signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
os.execvp(sys.argv[1], sys.argv[1:])
"""


def test_ctrl_c_at_a_prompt_exits_130_and_writes_nothing(newsroom: Newsroom) -> None:
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", OWN_TERMINAL, *botbeat_command(), "new",
         "An Interrupted Story About Agents"],
        cwd=newsroom.root, stdin=follower, stdout=follower, stderr=follower, close_fds=True,
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"}, start_new_session=True,
    )  # fmt: skip
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 60
    while b"Entity:" not in seen and time.monotonic() < deadline and process.poll() is None:
        try:
            seen += os.read(leader, 4096)
        except OSError:
            break
    # Press ^C as an editor would, while the prompt waits: a SIGINT that lands between the
    # prompt's last bytecode and its blocking read is only acted on once the read returns
    # (CPython's input()), so a key pressed that very instant needs a second press.
    time.sleep(0.5)
    try:
        for wait in (10, 30):
            os.write(leader, b"\x03")  # the terminal turns ^C into SIGINT for its group
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        os.close(leader)
    assert b"Entity:" in seen
    assert process.returncode == 130
    assert not list((newsroom.root / "articles").rglob("*.md"))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs of our own (root only, as CI runs), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def newsroom_on(disk: Path) -> Newsroom:
    from tests.conftest import TEMPLATE_CONFIG

    root = disk / "newsroom"
    (root / "articles").mkdir(parents=True)
    (root / "botbeat.yaml").write_bytes(TEMPLATE_CONFIG.read_bytes())
    return Newsroom(root)


def fill(disk: Path) -> None:
    with open(disk / "filler", "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_full_disk_is_reported_and_loses_nothing(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    room = newsroom_on(small_disk)
    room.article("full-story", topics="[large-language-models]")
    fill(small_disk)
    before = files_under(room.root)
    root = ["--root", str(room.root)]
    assert main(["tag", "add", "full-story", "ethics-bias", *root]) == 1
    assert main(["new", "A Story That Does Not Fit", "--entity", "anthropic", "--kind",
                 "update", "--topic", "ethics-bias", "--takeaway", "One.", "--takeaway",
                 "Two.", "--source-url", "https://example.org/x", *root]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "No space left on device" in err and "unexpected error" not in err
    assert files_under(room.root) == before  # old bytes, and no temp file left


def test_a_full_disk_under_a_many_file_write_loses_nothing(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """More files than FSYNC_UP_TO (one os.sync() for all): the disk fills after some temp
    files are staged; every temp file goes, and no file is replaced."""
    from botbeat_cli.store import files
    from tests.store.test_killed_writes import build

    root = small_disk / "newsroom"
    build(root, files.FSYNC_UP_TO + 40)  # articles whose lists are long
    fill(small_disk)
    filler = small_disk / "filler"
    os.truncate(filler, filler.stat().st_size - 30 * 4096)  # room for some temp files
    before = files_under(root)
    code = main(["related", "--write", "--root", str(root)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "No space left on device" in err and "no file was changed" in err, err
    assert "unexpected error" not in err
    assert files_under(root) == before  # old bytes, and no temp file left


def test_a_full_cache_disk_is_one_warning_and_the_command_does_its_job(
    small_disk: Path,
    newsroom: Newsroom,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`related` writes several cache files: each fails on the full disk, and the editor
    reads one line about the folder, not one per file."""
    monkeypatch.setenv("BOTBEAT_CACHE_DIR", str(small_disk / "cache"))
    (small_disk / "cache").mkdir()
    fill(small_disk)
    newsroom.article("first-story")
    newsroom.article("second-story", entity="openai")
    assert main(["related", "--write", "--root", str(newsroom.root)]) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("botbeat: warning:")]
    assert len(warnings) == 1 and "No space left on device" in warnings[0], err
    assert "second-story" in (newsroom.root / "articles/2026/first-story.md").read_text()


def test_a_read_only_disk_is_reported(small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    room = newsroom_on(small_disk)
    room.article("fixed-story", topics="[large-language-models]")
    before = files_under(room.root)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    assert main(["tag", "add", "fixed-story", "ethics-bias", "--root", str(room.root)]) == 1
    err = capsys.readouterr().err
    assert "Read-only file system" in err and "unexpected error" not in err
    assert files_under(room.root) == before


def test_a_closed_pipe_exits_141(newsroom: Newsroom) -> None:
    for index in range(1500):  # ~200 KB of CSV: more than a pipe buffer holds
        newsroom.article(f"piped-story-{index:04d}")
    process = subprocess.Popen(
        [*botbeat_command(), "list", "--format", "csv"], cwd=newsroom.root,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # the reader is done, as `| head -1` would be
    process.wait(timeout=60)
    assert process.returncode == 141
    assert b"Traceback" not in process.stderr.read()
