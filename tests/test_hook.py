"""The pre-commit hook, installed by the real pre-commit in a real git newsroom.

This checkout (uncommitted changes included) is committed into a repository of its own; a
newsroom's `.pre-commit-config.yaml` points at it by revision, as at a tag, and the real
`pre-commit install` makes git run the hook on every commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT, Newsroom, article_text

# It builds a whole hook environment (a minute or more): CI runs it; skip it locally with
# `python -m pytest -m "not hook"`.
pytestmark = pytest.mark.hook


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    }
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def _snapshot(folder: Path) -> str:
    """This checkout as it is (uncommitted changes included) committed in a repository of
    its own: what a newsroom's `.pre-commit-config.yaml` points at, as a tag would be."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = PROJECT / name
        if source.is_file() and not source.is_symlink():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    _git("init", "-q", cwd=folder)
    _git("add", "-A", cwd=folder)
    assert _git("commit", "-q", "-m", "snapshot", cwd=folder).returncode == 0
    return _git("rev-parse", "HEAD", cwd=folder).stdout.strip()


def test_bad_commit_refused_good_commit_passes(
    newsroom: Newsroom, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None:
        pytest.fail("git is needed for the hook test")
    repo, home = tmp_path / "botbeat", tmp_path / "pre-commit-home"
    rev = _snapshot(repo)
    root = newsroom.root
    _git("init", "-q", cwd=root)
    newsroom.write(
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: botbeat-validate\n"
        "      - id: botbeat-fmt\n",
    )
    monkeypatch.setenv("PRE_COMMIT_HOME", str(home))  # for pre-commit and the git hook
    for foreign in ("PYTHONPATH", "PYTHONHOME"):  # another interpreter's stdlib breaks virtualenv
        monkeypatch.delenv(foreign, raising=False)
    try:
        import ssl  # noqa: F401  pre-commit's virtualenv imports it
    except ImportError as error:  # a CI machine's LD_LIBRARY_PATH once mixed two Pythons
        pytest.fail(f"this Python cannot import ssl ({error}): check LD_LIBRARY_PATH, PYTHONHOME")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=root,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _build_environment(root, home)
    _commits(newsroom, root)

    # The hook's environment is lean (issue 13): validate's libraries only. A command that
    # needs an extra says what to install, from that real environment.
    (python,) = home.glob("repo*/py_env-*/bin/python")
    for module in ("numpy", "scipy", "sklearn", "aiohttp"):
        found = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
        assert found.returncode != 0, f"{module} is in the hook's environment"
    botbeat = python.parent / "botbeat"
    for args, extra in ((["related", "--check"], "related"), (["sources"], "sources")):
        done = subprocess.run([botbeat, *args], cwd=root, capture_output=True, text=True)
        assert done.returncode == 2, done.stderr
        assert f"pip install 'botbeat[{extra}]'" in done.stderr and "Traceback" not in done.stderr


def _build_environment(root: Path, home: Path) -> None:
    """The hook's environment, built before the first commit so that a failure shows
    pre-commit's own log (a CI run once failed here with only "check the log"). One retry:
    the build downloads from the package index, and one dropped connection is not a bug."""
    for attempt in (1, 2):
        built = subprocess.run(
            [sys.executable, "-m", "pre_commit", "install-hooks"], cwd=root,
            capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        if built.returncode == 0:
            return
        log = home / "pre-commit.log"
        said = built.stdout + built.stderr + (log.read_text() if log.exists() else "")
        if attempt == 2:
            pytest.fail(f"the hook's environment was not built:\n{said[-6000:]}")
        log.unlink(missing_ok=True)


def _commits(newsroom: Newsroom, root: Path) -> None:
    """A bad article is refused with its diagnostic, then the fixed one goes in."""
    bad = newsroom.write("articles/2026/bad-story.md", article_text("bad-story", kind="updat"))
    newsroom.write("notes.txt", "not an article\n")
    _git("add", "-A", cwd=root)
    refused = _git("commit", "-q", "-m", "bad", cwd=root)
    assert refused.returncode != 0, refused.stdout + refused.stderr
    output = refused.stdout + refused.stderr
    assert "botbeat validate" in output
    assert "articles/2026/bad-story.md:4:7: error[unknown-kind]" in output
    assert _git("log", "--oneline", cwd=root).returncode != 0  # nothing was committed

    bad.write_text(article_text("bad-story"))
    _git("add", "-A", cwd=root)
    passed = _git("commit", "-q", "-m", "good", cwd=root)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr
    assert _git("log", "--oneline", cwd=root).stdout.count("\n") == 1

    # botbeat-fmt: a valid article written out of order is rewritten and the commit stopped,
    # as pre-commit does for any hook that changes files; added again, it goes in
    tidy = article_text("tidy-story")
    messy = tidy.replace("status: published\n", "").replace(
        "---\ntitle:", "---\nstatus:  published\ntitle:", 1
    )
    story = newsroom.write("articles/2026/tidy-story.md", messy)
    _git("add", "-A", cwd=root)
    stopped = _git("commit", "-q", "-m", "messy", cwd=root)
    said = stopped.stdout + stopped.stderr
    assert stopped.returncode != 0 and "files were modified by this hook" in said
    assert story.read_text() == tidy
    _git("add", "-A", cwd=root)
    assert _git("commit", "-q", "-m", "tidy", cwd=root).returncode == 0

    # A story saved as `Story.MD`, or into `Articles/`, would never be published: the hook's
    # pattern ignores case and takes Markdown's other endings, so the commit stops with the
    # fix (file-extension, articles-folder) instead of passing it over.
    misnamed = newsroom.write("articles/2026/Launch Day.MD", article_text("launch-day"))
    _git("add", "-A", cwd=root)
    refused = _git("commit", "-q", "-m", "misnamed", cwd=root)
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0, said
    assert "error[file-extension] 'Launch Day.MD' is not read as an article" in said
    misnamed.unlink()
    newsroom.write("Articles/2026/other-story.md", article_text("other-story"))
    _git("add", "-A", cwd=root)
    refused = _git("commit", "-q", "-m", "folder", cwd=root)
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0, said
    assert "error[articles-folder] there is Articles/ beside articles/" in said
    assert _git("log", "--oneline", cwd=root).stdout.count("\n") == 2  # neither went in
