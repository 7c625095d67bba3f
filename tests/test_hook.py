"""The pre-commit hook, installed by the real pre-commit in a real git newsroom.

`pre-commit try-repo` builds the hook from this checkout (uncommitted changes included) the
way a newsroom's `.pre-commit-config.yaml` would from a tag, and runs it on staged files.
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


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def test_bad_commit_refused_good_commit_passes(newsroom: Newsroom, pre_commit_home: Path) -> None:
    if shutil.which("git") is None:
        pytest.fail("git is needed for the hook test")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    root = newsroom.root
    _git("init", "-q", cwd=root)
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\n"
        f"PRE_COMMIT_HOME='{pre_commit_home}' exec '{pre_commit[0]}' -m pre_commit "
        f"try-repo '{PROJECT}' botbeat-validate\n"
    )
    hook.chmod(0o755)

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

    # The hook's environment is lean (issue 13): validate's libraries only. A command that
    # needs an extra says what to install, from that real environment.
    (python,) = pre_commit_home.glob("repo*/py_env-*/bin/python")
    for module in ("numpy", "scipy", "sklearn", "aiohttp"):
        found = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
        assert found.returncode != 0, f"{module} is in the hook's environment"
    botbeat = python.parent / "botbeat"
    for args, extra in ((["related", "--check"], "related"), (["sources"], "sources")):
        done = subprocess.run([botbeat, *args], cwd=root, capture_output=True, text=True)
        assert done.returncode == 2, done.stderr
        assert f"pip install 'botbeat[{extra}]'" in done.stderr and "Traceback" not in done.stderr
