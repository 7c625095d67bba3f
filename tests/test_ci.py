"""The GitHub workflow `botbeat init --ci github` writes: its own shell steps, run in a
temporary git newsroom (a clone of a bare origin, on a branch), in the order GitHub would
run them for a pull request and for a push to main. No GitHub needed; the steps that only
GitHub can run (checkout, setup-python, cache, upload) and the install step are skipped:
the botbeat under test is on PATH."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Run, article_text
from tests.test_hook import _git

P = "articles/2026/"


def git(root: Path, *args: str) -> str:
    done = _git(*args, cwd=root)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def steps(workflow: dict[str, Any], job: str, event: str) -> list[dict[str, Any]]:
    """The job's `run` steps GitHub would run for `event` (its `if`s are of two shapes)."""
    pull = event == "pull_request"
    conditions = {"true": True, "always()": True,
                  "github.event_name == 'pull_request'": pull,
                  "github.event_name != 'pull_request'": not pull}  # fmt: skip
    chosen = []
    for step in workflow["jobs"][job]["steps"]:
        wanted = conditions[step.get("if", "true")]
        if wanted and "run" in step and step.get("id") != "install":
            chosen.append(step)
    return chosen


def shell(step: dict[str, Any], cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    command = re.sub(r"\$\{\{ github\.base_ref \}\}", "main", step["run"])
    assert "${{" not in command, command
    env = {**os.environ, "BOTBEAT_CACHE_DIR": str(cache), "NO_COLOR": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}  # fmt: skip
    return subprocess.run(["bash", "-e", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


@pytest.fixture
def newsroom(tmp_path: Path, run: Run) -> Path:
    """`botbeat init --ci github`, three articles, pushed to a bare origin's main."""
    seed = tmp_path / "seed"
    done = run("init", str(seed), "--ci", "github", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "created " + str(seed / ".github" / "workflows" / "botbeat.yml") in done.stdout
    for slug in ("first-story", "second-story", "third-story"):
        (seed / P).mkdir(parents=True, exist_ok=True)
        # sources on loopback: refused by sources' safety rules, so nothing leaves this machine
        (seed / P / f"{slug}.md").write_text(article_text(slug, url=f"http://127.0.0.1:9/{slug}"))
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "newsroom")
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    subprocess.run(["git", "clone", "-q", "--bare", str(seed), str(origin)], check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True)
    return work


def test_init_ci_in_an_existing_newsroom_adds_only_the_workflow(newsroom: Path, run: Run) -> None:
    (newsroom / ".github" / "workflows" / "botbeat.yml").unlink()
    done = run("init", str(newsroom), "--ci", "github", cwd=newsroom)
    assert done.stdout.splitlines() == [f"created {newsroom / '.github/workflows/botbeat.yml'}"]
    again = run("init", str(newsroom), "--ci", "github", cwd=newsroom)
    assert again.returncode == 1 and "never overwrites" in again.stderr


def test_a_pull_request_runs_the_check_steps(newsroom: Path, tmp_path: Path) -> None:
    workflow = yaml.safe_load((newsroom / ".github" / "workflows" / "botbeat.yml").read_text())
    git(newsroom, "checkout", "-q", "-b", "new-story")
    url = "http://127.0.0.1:9/fourth-story"
    (newsroom / P / "fourth-story.md").write_text(
        article_text("fourth-story", kind="updat", url=url)
    )
    cache = tmp_path / "cache"
    said = {}
    for step in steps(workflow, "check", "pull_request"):
        said[step["id"]] = shell(step, newsroom, cache)
    assert list(said) == ["validate-changed", "related-check", "sources"]
    check = said["validate-changed"]
    assert check.returncode == 1
    assert check.stdout.startswith(
        f"::error file={P}fourth-story.md,line=4,col=7,title=unknown-kind::"
    )
    assert "1 article(s) changed against" in check.stdout
    assert said["related-check"].returncode == 1  # the new story's lists: not written yet
    assert said["sources"].returncode == 0  # refused sources do not fail the run by default
    sarif = json.loads((newsroom / "botbeat-sources.sarif").read_text())
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert rules == {"source-refused"}

    (newsroom / P / "fourth-story.md").write_text(article_text("fourth-story", url=url))
    fixed = shell(steps(workflow, "check", "pull_request")[0], newsroom, cache)
    assert fixed.returncode == 0, fixed.stdout


def test_after_a_merge_main_writes_the_related_lists_once(newsroom: Path, tmp_path: Path) -> None:
    workflow = yaml.safe_load((newsroom / ".github" / "workflows" / "botbeat.yml").read_text())
    cache = tmp_path / "cache"
    check = steps(workflow, "check", "push")
    assert [s["id"] for s in check] == ["validate-all", "sources"]
    assert shell(check[0], newsroom, cache).returncode == 0
    before = git(newsroom, "rev-parse", "origin/main")
    for step in steps(workflow, "related-lists", "push"):
        done = shell(step, newsroom, cache)
        assert done.returncode == 0, (step["id"], done.stderr)
    git(newsroom, "fetch", "-q", "origin")
    assert git(newsroom, "rev-parse", "origin/main") != before  # the lists were pushed
    assert git(newsroom, "log", "-1", "--format=%s", "origin/main") == (
        "Related lists, written by botbeat"
    )
    stale = shell({"run": "botbeat related --check"}, newsroom, cache)
    assert stale.returncode == 0, stale.stdout
    # nothing new: the job commits nothing and pushes nothing new
    for step in steps(workflow, "related-lists", "push"):
        assert shell(step, newsroom, cache).returncode == 0
    git(newsroom, "fetch", "-q", "origin")
    assert git(newsroom, "log", "-1", "--format=%s", "origin/main").startswith("Related lists")
    assert git(newsroom, "rev-list", "--count", "origin/main") == "2"
