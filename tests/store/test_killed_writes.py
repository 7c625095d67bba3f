"""Multi-file writes killed with SIGKILL at random moments: every file is its old or its
new version and parses, no temp file is left once a rerun completes, and the rerun reaches
exactly what an uninterrupted run writes. CI runs a few hundred articles and five moments
per command (a local run fewer, tests/depth.py); `bench/kill_bench.py` runs the same trials
on thousands.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from botbeat_cli.store.frontmatter import parse
from tests.conftest import TEMPLATE_CONFIG, article_text, botbeat_command
from tests.depth import scaled

WORDS = ["model", "chip", "policy", "agent", "safety", "data", "vision", "speech", "law"]
TOPICS = ["large-language-models", "ethics-bias", "ai-safety-alignment", "product-launch"]


def build(root: Path, count: int, source_base: str = "https://example.org/") -> None:
    (root / "articles" / "2026").mkdir(parents=True)
    (root / "botbeat.yaml").write_bytes(TEMPLATE_CONFIG.read_bytes())
    for index in range(count):
        slug = f"story-{index:05d}"
        rng = random.Random(index)
        body = " ".join(rng.choices(WORDS, k=40))
        topics = f"[{', '.join(rng.sample(TOPICS, 2))}]"
        text = article_text(slug, topics=topics, url=f"{source_base}{slug}")
        text = text.replace(f"Summary text about {slug}.", body)
        (root / "articles" / "2026" / f"{slug}.md").write_text(text)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "articles" / "2026").iterdir())}


def run_botbeat(root: Path, args: list[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen([*botbeat_command(), *args], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip


@dataclass
class Trials:
    killed_mid_write: int = 0  # kills that left some files new and some old
    kills: int = 0


def uninterrupted(
    work: Path, template: Path, args: list[str]
) -> tuple[dict[str, bytes], dict[str, bytes], float]:
    """The files before and after `botbeat ARGS` runs whole on a copy, and how long it took."""
    reference = work / "reference"
    shutil.copytree(template, reference)
    started = time.monotonic()
    full = run_botbeat(reference, args)
    _, err = full.communicate(timeout=300)
    duration = time.monotonic() - started
    assert full.returncode == 0, err.decode()
    return snapshot(template), snapshot(reference), duration


def kill_trials(work: Path, template: Path, args: list[str], moments: int, seed: int = 1) -> Trials:
    """Kill `botbeat ARGS` at `moments` random times over its run on copies of `template`."""
    old, new, duration = uninterrupted(work, template, args)
    changed = {name for name in new if new[name] != old[name]}
    assert changed, "the command changed nothing: no write to interrupt"
    trials, rng = Trials(), random.Random(seed)
    for trial in range(moments):
        room = work / f"trial-{trial}"
        shutil.copytree(template, room)
        process = run_botbeat(room, args)
        time.sleep(rng.uniform(0.2, 1.0) * duration)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        after = snapshot(room)
        trials.kills += 1
        real = {n: b for n, b in after.items() if n.endswith(".md")}
        assert set(real) == set(old)
        for name, data in real.items():
            assert data in (old[name], new[name]), name
            parse(data.decode("utf-8"))
        mixed = {name for name in changed if after[name] == new[name]}
        trials.killed_mid_write += 0 < len(mixed) < len(changed)
        rerun = run_botbeat(room, args)
        _, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, err.decode()
        assert snapshot(room) == new  # the job finished, and no temp file is left
        shutil.rmtree(room)
    return trials


def interrupt_trials(work: Path, template: Path, args: list[str], moments: int) -> int:
    """Ctrl-C (SIGINT to the process group, as a terminal sends it) into `botbeat ARGS` at
    `moments` random times: exit 130 (or 0 if it was done), every file old or new, and no
    temp file left, without a rerun. Returns how many interrupts left some files new."""
    old, new, duration = uninterrupted(work, template, args)
    mid_write, rng = 0, random.Random(2)
    for trial in range(moments):
        room = work / f"interrupted-{trial}"
        shutil.copytree(template, room)
        process = run_botbeat(room, args)
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
        assert process.returncode in (130, 0), err.decode()
        after = snapshot(room)
        assert set(after) == set(old), "a temp file was left"
        assert all(data in (old[name], new[name]) for name, data in after.items())
        mid_write += 0 < sum(after[n] != old[n] for n in after) < len(after)
        shutil.rmtree(room)
    return mid_write


COUNT, MOMENTS = scaled(400, 200), scaled(5, 3)  # tests/depth.py


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kill") / "newsroom"
    build(root, COUNT)
    return root


@pytest.mark.parametrize(
    "args",
    [
        ["related", "--write"],
        ["tag", "rename", "ethics-bias", "ethics-and-bias", "--apply"],
        ["tag", "merge", "product-launch", "ai-safety-alignment", "--apply"],
    ],
    ids=" ".join,
)
def test_a_killed_write_leaves_each_file_old_or_new(
    template: Path, tmp_path: Path, args: list[str]
) -> None:
    trials = kill_trials(tmp_path, template, args, MOMENTS)
    assert trials.kills == MOMENTS


def test_ctrl_c_in_a_write_leaves_each_file_old_or_new_and_no_temp(
    template: Path, tmp_path: Path
) -> None:
    interrupt_trials(tmp_path, template, ["related", "--write"], MOMENTS)


class _Moved(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        if self.path.startswith("/final/"):
            self.send_response(200)
        else:
            self.send_response(301)
            self.send_header("Location", "/final" + self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


@pytest.fixture
def moved_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Moved)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_killed_fix_redirects_leaves_each_file_old_or_new(
    tmp_path: Path, moved_server: str
) -> None:
    template = tmp_path / "template"
    build(template, COUNT // 2, source_base=moved_server)  # each run requests every URL
    args = ["sources", "--allow-private", "--fix-redirects", "--apply", "--no-cache"]
    trials = kill_trials(tmp_path / "work", template, args, MOMENTS)
    assert trials.kills == MOMENTS
