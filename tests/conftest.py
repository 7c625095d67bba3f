"""Shared fixtures: real newsrooms in temp folders and the installed `botbeat` as a process."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

PROJECT = Path(__file__).resolve().parent.parent

# No property test is a timed test (speed is measured in bench/): Hypothesis' default 200 ms
# deadline failed one as Flaky on CI's first, cold call. Each test's own settings still apply.
settings.register_profile("botbeat", deadline=None)
settings.load_profile("botbeat")
TEMPLATE_CONFIG = PROJECT / "botbeat_cli" / "templates" / "botbeat.yaml"


def article_text(slug: str, **fields: str) -> str:
    """A valid article whose line numbers the rule tests rely on (see the table below).

    1 ---                    8   - First ...          15 ## Summary
    2 title: ...             9   - Second ...         16
    3 date: 2026-02-25      10 source:                17 Summary text ...
    4 kind: update          11   url: ...             18
    5 entity: anthropic     12 status: published      19 ## Editorial Opinion
    6 topics: [...]         13 ---                    20
    7 takeaways:            14                        21 Opinion text ...
    """
    values = {
        "title": f"Story {sum(map(ord, slug))} On {slug.replace('-', ' ').title()}",
        "date": "2026-02-25",
        "kind": "update",
        "entity": "anthropic",
        "topics": "[large-language-models, ai-safety-alignment]",
        "url": f"https://example.org/{slug}",
        "status": "published",
    }
    values.update(fields)
    return (
        "---\n"
        f"title: {values['title']}\n"
        f"date: {values['date']}\n"
        f"kind: {values['kind']}\n"
        f"entity: {values['entity']}\n"
        f"topics: {values['topics']}\n"
        "takeaways:\n"
        f"  - First takeaway about {slug}.\n"
        f"  - Second takeaway about {slug}.\n"
        "source:\n"
        f"  url: {values['url']}\n"
        f"status: {values['status']}\n"
        "---\n"
        "\n"
        "## Summary\n"
        "\n"
        f"Summary text about {slug}.\n"
        "\n"
        "## Editorial Opinion\n"
        "\n"
        f"Opinion text about {slug}.\n"
    )


@dataclass
class Newsroom:
    root: Path

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    def article(self, slug: str, year: str = "2026", **fields: str) -> Path:
        return self.write(f"articles/{year}/{slug}.md", article_text(slug, **fields))


@pytest.fixture
def newsroom(tmp_path: Path) -> Newsroom:
    root = tmp_path / "newsroom"
    (root / "articles").mkdir(parents=True)
    shutil.copy(TEMPLATE_CONFIG, root / "botbeat.yaml")
    return Newsroom(root)


@pytest.fixture(autouse=True)
def quiet_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No colour, no editor, no pager from the developer's own shell; a private cache."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("BOTBEAT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    for name in ("EDITOR", "VISUAL", "PAGER", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def botbeat_command() -> list[str]:
    """The installed console script, or the module when tests run from a source tree."""
    script = shutil.which("botbeat", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "botbeat_cli"]


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run() -> Run:
    """`botbeat ARGS` in this process, through `main(argv)`, with its own cwd, environment
    and streams (as httpie's MockEnvironment and sqlite-utils' CliRunner): what a process
    would print and return, without a process start per call (13 ms, not 850)."""
    import io

    from botbeat_cli.cli import main

    def _run(
        *args: str, cwd: Path, input: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        saved_env, saved_cwd = dict(os.environ), os.getcwd()
        saved_streams = sys.stdin, sys.stdout, sys.stderr
        out, err = io.StringIO(), io.StringIO()
        try:
            os.environ.update({"NO_COLOR": "1", **(env or {})})
            os.chdir(cwd)
            sys.stdin, sys.stdout, sys.stderr = io.StringIO(input or ""), out, err
            code = main(list(args))
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved_streams
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)
        return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())

    return _run


@pytest.fixture
def process() -> Run:
    """`botbeat ARGS` as a real process: where the process itself matters (start-up
    imports, the fast path, exit flushing, signals)."""

    def _run(
        *args: str, cwd: Path, input: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
        return subprocess.run(
            [*botbeat_command(), *args],
            cwd=cwd,
            input=input,
            capture_output=True,
            text=True,
            env=full_env,
            timeout=120,
        )

    return _run


def pty_run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run the installed botbeat on a pseudo-terminal; everything it printed, as text."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*botbeat_command(), *args], cwd=cwd, stdin=follower, stdout=follower,
        stderr=follower, env=env, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def age(root: Path, files: bool = True) -> None:
    """Every article (unless not `files`) and folder last changed an hour ago: outside any
    racy window (a snapshot of the documents trusts nothing changed within two seconds of
    it, a cached folder listing nothing changed within the second it was listed). The
    time is taken at each call, so that aging again after a change is a change too."""
    past = time.time_ns() - 3600 * 10**9
    for folder, _, names in os.walk(root / "articles"):
        for name in names if files else ():
            os.utime(os.path.join(folder, name), ns=(past, past))
        os.utime(folder, ns=(past, past))


def path_of(root: Path, slug: str) -> Path:
    (path,) = (root / "articles").rglob(f"{slug}.md")
    return path


def snapshot_file(root: Path) -> Path:
    from botbeat_cli.newsroom import snapshot
    from botbeat_cli.store.cache import cache_dir

    return cache_dir(root) / snapshot.NAME


@pytest.fixture(scope="session")
def topical_600(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 short multi-topic articles (bench/generate_topical.py), every other one
    without topics (so `related` judges and uses its latent part), made once per worker:
    tests copy it (`aged_topical`)."""
    from tests.test_related import _topical

    root, _ = _topical(tmp_path_factory.mktemp("made"), 600)
    return root


@pytest.fixture
def aged_topical(topical_600: Path, tmp_path: Path) -> Path:
    """A copy of `topical_600`, every file an hour old."""
    root = tmp_path / "topical"
    shutil.copytree(topical_600, root)
    age(root)
    return root
