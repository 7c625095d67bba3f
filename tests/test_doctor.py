"""`botbeat doctor`: what it finds in real folders and a real git repository, and the fix it
names for each problem."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT, Newsroom, Run
from tests.test_hook import _git


def test_outside_a_newsroom_it_says_how_to_make_one(tmp_path: Path, run: Run) -> None:
    done = run("doctor", cwd=tmp_path)
    assert done.returncode == 1
    assert "!! newsroom: none found" in done.stdout
    assert "   fix: botbeat init DIR" in done.stdout.splitlines()


def test_a_newsroom_in_git_with_its_hook_installed_is_fine(newsroom: Newsroom, run: Run) -> None:
    root = newsroom.root
    assert "!! git: not a repository" in run("doctor", cwd=root).stdout
    _git("init", "-q", cwd=root)
    newsroom.write(".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks:\n"
                   "      - id: botbeat-validate\n")  # fmt: skip
    said = run("doctor", cwd=root).stdout
    assert "!! pre-commit: configured, not installed in this clone" in said
    assert "   fix: pre-commit install" in said.splitlines()
    newsroom.write(".git/hooks/pre-commit", "#!/bin/sh\n")
    done = run("doctor", "--format", "json", cwd=root)
    assert done.returncode == 0, done.stdout
    report = json.loads(done.stdout)
    assert [f["problem"] for f in report["findings"]] == [None] * len(report["findings"])
    config = report["config"]  # every default filled in
    assert config["timezone"] == "UTC" and config["rules"]["takeaways"] == {"min": 2, "max": 5}
    assert config["related"]["include_newer"] is False
    assert report["libraries"]["pydantic"] not in ("", "missing")
    assert "pytest" not in report["libraries"]  # the tools of the test extra are not listed


def test_a_hook_pattern_that_passes_over_misnamed_stories_is_named(
    newsroom: Newsroom, run: Run
) -> None:
    """A `.pre-commit-config.yaml` written by an older `botbeat init` has a case-sensitive,
    `.md`-only pattern: a `Story.MD` or an `Articles/` story is committed unchecked. The
    fix is init's pattern; with it, or with the manifest's (no `files:`), nothing is said."""
    root = newsroom.root
    _git("init", "-q", cwd=root)
    newsroom.write(".git/hooks/pre-commit", "#!/bin/sh\n")
    hook = "repos:\n  - repo: local\n    hooks:\n      - id: botbeat-validate\n"
    newsroom.write(
        ".pre-commit-config.yaml", hook + "        files: ^(articles/.*\\.md|botbeat\\.yaml)$\n"
    )
    said = run("doctor", cwd=root)
    lines = said.stdout.splitlines()
    at = lines.index(
        "!! pre-commit: botbeat-validate's files: pattern passes over articles/2026/Story.MD "
        "and Articles/2026/story.md"
    )
    assert (
        lines[at + 1]
        == "   problem: such a file is committed unchecked, and the site never publishes it"
    )
    assert lines[at + 2].startswith("   fix: set the hook's files: to (?i)^(articles?/")
    assert said.returncode == 1
    template = PROJECT / "botbeat_cli" / "templates" / "pre-commit-config.yaml"
    shutil.copy(template, root / ".pre-commit-config.yaml")  # init's config of today
    assert run("doctor", cwd=root).returncode == 0
    newsroom.write(".pre-commit-config.yaml", hook)  # the manifest's pattern
    assert run("doctor", cwd=root).returncode == 0
    # a newsroom in a folder of its repository: the paths pre-commit matches start there
    (root / "news").mkdir()
    for name in ("botbeat.yaml", "articles"):
        (root / name).rename(root / "news" / name)
    shutil.copy(template, root / ".pre-commit-config.yaml")
    said = run("doctor", cwd=root / "news").stdout.splitlines()
    fix = next(line for line in said if line.startswith("   fix: set the hook's files: to "))
    pattern = fix.removeprefix("   fix: set the hook's files: to ").removesuffix(
        " (botbeat init's)"
    )
    assert pattern.startswith("(?i)^news/(articles?/")
    assert all(re.search(pattern, "news/" + path) for path in ("articles/2026/Story.MD",
               "Articles/2026/story.md", "articles/2026/story.md", "botbeat.yaml"))  # fmt: skip
    assert not re.search(pattern, "articles/2026/story.md")  # another newsroom's


def test_a_broken_config_is_named_with_its_line(newsroom: Newsroom, run: Run) -> None:
    newsroom.write("botbeat.yaml", "kinds: [\n")
    done = run("doctor", cwd=newsroom.root)
    assert done.returncode == 1
    assert "!! botbeat.yaml: broken" in done.stdout
    assert "botbeat.yaml:2:1: error[yaml-syntax]" in done.stdout


def test_missing_extras_are_named_with_what_to_install(
    newsroom: Newsroom, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)
    said = run("doctor", cwd=newsroom.root).stdout
    assert "!! extras: not installed: sources" in said
    assert "   fix: pip install 'botbeat[sources]'" in said.splitlines()


def test_articles_not_read_are_named_with_the_fix(newsroom: Newsroom, run: Run) -> None:
    """Files and folders botbeat passes over (`Story.MD`, `Articles/`) are a problem here."""
    newsroom.article("first-story")
    said = run("doctor", cwd=newsroom.root).stdout
    assert "ok articles: 1 in articles/" in said.splitlines()
    newsroom.write("articles/2026/Draft.MD", "---\n")
    said = run("doctor", cwd=newsroom.root).stdout.splitlines()
    assert "!! articles: 1 in articles/" in said
    assert ("   problem: 1 Markdown file(s) not named *.md, so not read as articles "
            "(articles/2026/Draft.MD)") in said  # fmt: skip
    (newsroom.root / "articles").rename(newsroom.root / "Articles")
    if (newsroom.root / "articles").exists():
        return  # a case-insensitive file system: Articles/ is articles/ here
    done = run("doctor", cwd=newsroom.root)
    assert done.returncode == 1
    assert "!! articles: no articles/, but Articles/" in done.stdout.splitlines()
    assert "   fix: rename the folder to articles/ (git mv Articles articles)" in (
        done.stdout.splitlines()
    )
    newsroom.article("second-story")
    said = run("doctor", cwd=newsroom.root).stdout.splitlines()
    assert "!! articles: 1 in articles/, and Articles/" in said
    assert "   fix: move its articles into articles/<YYYY>/" in said
