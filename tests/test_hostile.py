"""Every command over the hostile newsroom (tests/hostile/): no traceback, no hang, no exit
but 0/1/2, no raw control character in any output format, memory bounded, and `validate`
saying exactly what `tests/hostile/expected.txt` holds about each file.

The corpus is what an editor, a bad merge or an attacker could commit (build.py writes
it); what git cannot hold (a FIFO, a device, symlinks out and in loops, huge files) is made
here.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from botbeat_cli.diagnostics import MAX_PER_FILE
from tests.conftest import Run, botbeat_command
from tests.hostile.build import article

HOSTILE = Path(__file__).resolve().parent / "hostile"

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
P = "articles/2026/"


def _make(root: Path) -> None:
    """The cases git cannot hold."""
    made = root / P
    os.mkfifo(made / "made-fifo.md")
    (made / "made-dev-zero.md").symlink_to("/dev/zero")
    outside = root.parent / "outside-secret.md"
    outside.write_text(article("outside-secret"))
    (made / "made-outside.md").symlink_to(outside)
    (made / "made-loop").symlink_to(root / "articles")
    (made / "made-dangling.md").symlink_to(root / "nowhere.md")
    (made / "made-huge-body.md").write_text(article("made-huge-body") + "word " * 2_000_000)
    many_keys = "".join(f"k{i}: v\n" for i in range(6000)).rstrip()  # under the 64 KiB cap
    (made / "made-many-keys.md").write_text(
        article("made-many-keys", status="status: published\n" + many_keys)
    )
    slugs = ", ".join(f"no-such-slug-{i}" for i in range(3000))
    (made / "made-many-related.md").write_text(
        article("made-many-related", status=f"status: published\nrelated: {{suggested: [{slugs}]}}")
    )
    takeaways = "".join(f"  - Takeaway number {i}.\n" for i in range(30_000)).rstrip()
    (made / "made-many-takeaways.md").write_text(
        article("made-many-takeaways", takeaways="takeaways:\n" + takeaways)
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "newsroom"
    shutil.copytree(HOSTILE / "newsroom", root, symlinks=True)
    _make(root)
    return root


def _copy(hostile: Path, tmp_path: Path) -> Path:
    root = tmp_path / "newsroom"
    fifo = "made-fifo.md"
    shutil.copytree(hostile, root, symlinks=True, ignore=lambda _, names: [fifo] * (fifo in names))
    os.mkfifo(root / P / fifo)
    return root


# Runs botbeat and reports the peak memory of it and the workers it forks. A fresh small
# process measures it: a child forked straight from this (large) test process would carry
# the test process's size in its ru_maxrss.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'\\n@peak {peak}\\n')\n"
    "sys.exit(code)\n"
)


def _botbeat(
    args: list[str], root: Path, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """A real process with bounds: a hang is a failure (killed at `timeout`), and its peak
    memory (with the workers it forks) must stay under 300 MB."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    command = [sys.executable, "-c", _MEASURE, *botbeat_command(), *args]
    process = subprocess.Popen(command, cwd=root, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)  # fmt: skip
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # botbeat and its workers too
        process.communicate()
        pytest.fail(f"{args}: still running after {timeout} s")
    err, _, peak = err.rpartition(b"\n@peak ")
    peak_mb = int(peak) / 1024
    assert peak_mb < 300, f"{args}: {peak_mb:.0f} MB"
    return subprocess.CompletedProcess(args, process.returncode, out, err)


def _sane(done: subprocess.CompletedProcess[bytes]) -> None:
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode in (0, 1, 2), (done.args, done.returncode, err[-2000:])
    assert "Traceback" not in err and "unexpected error" not in err, err[-2000:]
    for name, text in (("stdout", out), ("stderr", err)):
        found = RAW.search(text)
        assert found is None, (done.args, name, text[max(0, found.start() - 80) : found.end()])


def test_validate_says_what_expected_txt_holds(hostile: Path) -> None:
    done = _botbeat(["validate"], hostile)
    _sane(done)
    assert done.returncode == 1
    expected = (HOSTILE / "expected.txt").read_text(encoding="utf-8").splitlines()
    lines = done.stdout.decode("utf-8").splitlines()
    made = [line for line in lines if line.startswith(P + "made-")]
    assert [line for line in lines[:-1] if not line.startswith(P + "made-")] == expected
    assert lines[-1] == "115 files checked: 209 errors, 4 warnings"  # the ones shown
    rules = {line.split(":")[0]: re.findall(r"\[([a-z-]+)\]", line)[0] for line in made}
    assert rules[P + "made-fifo.md"] == "file-not-regular"
    assert rules[P + "made-dev-zero.md"] == "file-outside"
    assert rules[P + "made-outside.md"] == "file-outside"
    assert rules[P + "made-dangling.md"] == "file-unreadable"
    assert rules[P + "made-huge-body.md"] == "file-too-large"
    assert rules[P + "made-many-takeaways.md"] == "file-too-large"  # 800 KB of front matter
    for crowded in ("made-many-keys.md", "made-many-related.md"):  # 6,000 and 3,000 problems
        said = [line for line in made if line.startswith(P + crowded)]
        assert len(said) == MAX_PER_FILE + 1, crowded
        assert sum("[too-many-problems]" in line for line in said) == 1
    assert not any("made-loop" in line for line in lines)  # not walked


READERS = [
    ["validate", "--format", "json"], ["validate", "--format", "github"], ["validate", "--strict"],
    ["list"], ["list", "--format", "json"], ["list", "--format", "csv"], ["list", "--search", "a"],
    ["tag", "list"], ["tag", "list", "--format", "json"], ["tag", "suggest", "--all"],
    ["tag", "suggest", "--all", "--format", "json"], ["related", "--check"],
    ["related", "--check", "--format", "json"], ["related", "--duplicates"],
    ["related", "--duplicates", "--format", "json"],
]  # fmt: skip


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_every_reading_command_survives(hostile: Path, args: list[str]) -> None:
    _sane(_botbeat(args, hostile))


def test_every_writing_command_survives_and_writes_only_articles(
    hostile: Path, tmp_path: Path
) -> None:
    root = _copy(hostile, tmp_path)
    for args in (["related", "--write"], ["tag", "rename", "cybersecurity", "security-news",
                 "--apply"], ["tag", "merge", "ai-safety-alignment", "large-language-models",
                 "--apply"], ["tag", "suggest", "--all", "--apply"]):  # fmt: skip
        _sane(_botbeat(args, root))
    assert (hostile.parent / "outside-secret.md").read_text() == article("outside-secret")
    again = _botbeat(["related", "--check"], root)
    _sane(again)


def _files(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root)) for p in (root / "articles").rglob("*.md")
        if "made-loop" not in p.parts and p.name.endswith(".md")
    )  # fmt: skip


ONE_ARTICLE = [["validate"], ["preview"], ["related"], ["tag", "suggest"]]


@pytest.mark.parametrize("command", ONE_ARTICLE, ids=" ".join)
def test_one_article_commands_on_every_file(
    hostile: Path, run: Run, tmp_path: Path, command: list[str]
) -> None:
    """Each file given alone to each command about one article, in this process (each
    command its own test, so the suite's workers share them)."""
    names = [n for n in _files(hostile) if "made-fifo" not in n]  # a FIFO: its own test
    for name in names:
        args = [*command, name]
        done = run(*args, cwd=hostile)
        assert done.returncode in (0, 1, 2), (args, done.returncode, done.stderr[-500:])
        assert "unexpected error" not in done.stderr, (args, done.stderr)
        for text in (done.stdout, done.stderr):
            found = RAW.search(text)
            assert found is None, (args, text[max(0, found.start() - 80) : found.end()])


def test_tag_add_on_every_file(hostile: Path, run: Run, tmp_path: Path) -> None:
    root = _copy(hostile, tmp_path)
    for name in [n for n in _files(root) if "made-fifo" not in n]:
        done = run("tag", "add", name, "cybersecurity", cwd=root)
        assert done.returncode in (0, 1, 2), (name, done.returncode, done.stderr[-500:])
        assert "unexpected error" not in done.stderr, (name, done.stderr)
        assert RAW.search(done.stdout + done.stderr) is None, name


def test_a_fifo_given_by_name_is_refused_not_opened(hostile: Path) -> None:
    for args in (["validate", P + "made-fifo.md"], ["preview", P + "made-fifo.md"],
                 ["tag", "add", P + "made-fifo.md", "cybersecurity"]):  # fmt: skip
        done = _botbeat(args, hostile, timeout=30)
        _sane(done)
        assert done.returncode == 1
        assert b"file-not-regular" in done.stdout + done.stderr or b"FIFO" in done.stderr


class _Hostile(BaseHTTPRequestHandler):
    """Answers with escape sequences in the reason and headers, redirects to a URL with a
    space, and plain pages otherwise."""

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        slug = self.path.rsplit("/", 1)[-1]
        if slug.startswith("ctrl") or slug.startswith("name"):
            self.send_response(404, "Not \x1b[31mFound\x07")
            self.send_header("X-Evil", "\x1b]0;title\x07")
        elif slug.startswith("endings"):
            self.send_response(301)
            self.send_header("Location", "/moved here/with spaces")
        else:
            self.send_response(200)
        body = b"<html><title>Fine</title><h1>Fine</h1></html>"
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)


@pytest.fixture
def loopback_newsroom(hostile: Path, tmp_path: Path) -> Iterator[Path]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = _copy(hostile, tmp_path)
    base = f"http://127.0.0.1:{server.server_address[1]}/".encode()
    for path in (root / "articles").rglob("*.md"):
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 1_000_000:
            raw = path.read_bytes()
            path.write_bytes(raw.replace(b"https://example.org/", base))
    try:
        yield root
    finally:
        server.shutdown()
        server.server_close()


def test_sources_over_the_hostile_newsroom(loopback_newsroom: Path) -> None:
    root = loopback_newsroom
    for fmt in ("text", "json", "github"):
        done = _botbeat(["sources", "--allow-private", "--timeout", "2", "--format", fmt,
                         "--no-cache"], root, timeout=120)  # fmt: skip
        _sane(done)
    fixed = _botbeat(["sources", "--allow-private", "--fix-redirects", "--apply", "--no-cache"],
                     root, timeout=120)  # fmt: skip
    _sane(fixed)
    assert b"with spaces" not in b"".join(p.read_bytes() for p in (root / P).glob("endings*"))


def test_the_corpus_is_what_build_py_writes_and_large_enough() -> None:
    from tests.hostile.build import CONFIG, cases

    made = cases()
    on_disk = {
        str(p.relative_to(HOSTILE / "newsroom")): p.read_bytes()
        for p in (HOSTILE / "newsroom" / "articles").rglob("*") if p.is_file()
        and p.name != ".gitkeep"
    }  # fmt: skip
    assert on_disk == {k: v if isinstance(v, bytes) else v.encode() for k, v in made.items()}
    assert (HOSTILE / "newsroom" / "botbeat.yaml").read_text() == CONFIG
    assert len(made) + 9 >= 80  # and the nine cases made in this module


CONFIGS = sorted((HOSTILE / "configs").glob("*.yaml"))
ON_A_BAD_CONFIG = [
    ["validate"], ["validate", "--format", "github"], ["list"], ["list", "--format", "csv"],
    ["tag", "list"], ["tag", "suggest", "--all"], ["tag", "add", "valid-control-article",
    "security"], ["tag", "rename", "cybersecurity", "security-news", "--apply"],
    ["related", "--check"], ["related", "valid-control-article"], ["preview",
    "valid-control-article"], ["sources", "--format", "json"],
    ["new", "A Headline Long Enough To Pass", "--entity", "anthropic", "--kind", "update",
     "--topic", "cybersecurity", "--takeaway", "One.", "--takeaway", "Two.", "--source-url",
     "https://example.org/new"],
]  # fmt: skip


def _config_room(tmp_path: Path, config: bytes | None) -> Path:
    root = tmp_path / "newsroom"
    (root / P).mkdir(parents=True)
    shutil.copy(HOSTILE / "newsroom" / P / "valid-control-article.md", root / P)
    if config is not None:
        (root / "botbeat.yaml").write_bytes(config)
    return root


def _huge_config() -> bytes:
    """20,000 topics, each with an alias: a hundred times a large real taxonomy."""
    head = (HOSTILE / "newsroom" / "botbeat.yaml").read_text()
    topics = "".join(
        f"  topic-number-{i}: {{label: Topic Number {i}, aliases: [alias {i}]}}\n"
        for i in range(20_000)
    )
    return head.replace("topics:\n", "topics:\n" + topics).encode()


@pytest.mark.parametrize("config", [*CONFIGS, "huge", "fifo"], ids=lambda c: getattr(c, "stem", c))
def test_every_command_on_a_bad_config(config: Path | str, tmp_path: Path, run: Run) -> None:
    """Each says what is wrong with botbeat.yaml (with its line) and exits 1 or 2; the
    valid but odd ones (an empty or a huge taxonomy) work or report the articles."""
    if config == "fifo":
        root = _config_room(tmp_path, None)
        os.mkfifo(root / "botbeat.yaml")
    else:
        content = _huge_config() if isinstance(config, str) else config.read_bytes()
        root = _config_room(tmp_path, content)
    valid = config in ("huge", HOSTILE / "configs" / "empty-taxonomy.yaml")
    # sources stays on this machine: nothing is checked when the config is broken, and the
    # valid ones exclude every host
    for args in ON_A_BAD_CONFIG:
        if args[0] == "sources" and valid:
            continue
        done = run(*args, cwd=root)
        assert done.returncode in ((0, 1, 2) if valid else (1, 2)), (args, done.stderr[-800:])
        assert "unexpected error" not in done.stderr, (args, done.stderr)
        assert RAW.search(done.stdout + done.stderr) is None, args
        if not valid:
            assert "botbeat.yaml" in done.stdout + done.stderr, (args, done.stderr)
