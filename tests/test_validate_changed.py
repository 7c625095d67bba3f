"""`validate --changed [--base REF]` in real git repositories: a newsroom on a branch of a
clone, its `origin` a bare repository whose default branch is `main`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import TEMPLATE_CONFIG, Run, article_text
from tests.test_hook import _git

P = "articles/2026/"


def git(root: Path, *args: str) -> str:
    done = _git(*args, cwd=root)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """main holds three good articles and is pushed; the clone works on a branch."""
    seed, origin, work = tmp_path / "seed", tmp_path / "origin.git", tmp_path / "work"
    (seed / P).mkdir(parents=True)
    (seed / "botbeat.yaml").write_bytes(TEMPLATE_CONFIG.read_bytes())
    for slug in ("first-story", "second-story", "third-story"):
        (seed / P / f"{slug}.md").write_text(article_text(slug))
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "seed")
    subprocess.run(["git", "clone", "-q", "--bare", str(seed), str(origin)], check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True)
    git(work, "checkout", "-q", "-b", "new-stories")
    return work


def test_only_changed_and_new_articles_against_origins_default_branch(
    clone: Path, run: Run
) -> None:
    (clone / P / "first-story.md").write_text(article_text("first-story", kind="updat"))
    git(clone, "commit", "-q", "-am", "edit")  # committed on the branch
    (clone / P / "fourth-story.md").write_text(article_text("fourth-story"))  # untracked
    # the same source as an unchanged article: the rule across articles still sees it
    (clone / P / "fifth-story.md").write_text(
        article_text("fifth-story", date="2026-02-26", url="https://example.org/second-story")
    )
    git(clone, "add", P + "fifth-story.md")  # staged
    done = run("validate", "--changed", cwd=clone)
    base = git(clone, "merge-base", "HEAD", "origin/main")[:12]
    assert done.stdout.splitlines() == [
        P + "fifth-story.md:11:8: warning[duplicate-source] this source is already covered "
        f"in {P}second-story.md",
        P + "first-story.md:4:7: error[unknown-kind] unknown kind 'updat' (did you mean "
        "'update'?); kinds are: update, research, policy-regulation, industry-report",
        f"3 files checked: 1 error, 1 warning; 3 article(s) changed against {base}",
    ], done.stdout
    assert done.returncode == 1


def test_a_new_markdown_file_misnamed_is_named_in_the_pull_request(clone: Path, run: Run) -> None:
    """`Story.MD` added on the branch is no article validate reads, and the pull request's
    check names it rather than passing over it (rule file-extension)."""
    (clone / P / "Fourth Story.MD").write_text(article_text("fourth-story"))
    (clone / P / "fourth-story.md~").write_text(article_text("fourth-story"))  # a backup
    done = run("validate", "--changed", cwd=clone)
    base = git(clone, "merge-base", "HEAD", "origin/main")[:12]
    assert done.stdout.splitlines() == [
        P + "Fourth Story.MD:1:1: error[file-extension] 'Fourth Story.MD' is not read as an "
        "article: an article's file name ends in '.md', in lower case; rename it to "
        "fourth-story.md",
        f"0 files checked: 1 error, 0 warnings; 1 article(s) changed against {base}",
    ], done.stdout
    assert done.returncode == 1


def test_nothing_changed_checks_nothing_and_says_so(clone: Path, run: Run) -> None:
    (clone / P / "second-story.md").write_text("---\nbroken: [\n---\n")
    git(clone, "checkout", "-q", "--", P + "second-story.md")  # back as committed
    done = run("validate", "--changed", cwd=clone)
    assert done.returncode == 0
    assert done.stdout.strip().endswith("0 files checked: 0 errors, 0 warnings; "
                                        f"0 article(s) changed against "
                                        f"{git(clone, 'rev-parse', 'HEAD')[:12]}")  # fmt: skip


def test_config_change_or_deletion_checks_the_whole_newsroom(clone: Path, run: Run) -> None:
    config = clone / "botbeat.yaml"
    config.write_text(config.read_text().replace("  update: {label: UPDATE}\n", ""))
    done = run("validate", "--changed", cwd=clone)
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1].startswith(
        "3 files checked: 3 errors, 0 warnings; the whole newsroom, since botbeat.yaml changed"
    )
    git(clone, "checkout", "-q", "--", "botbeat.yaml")
    (clone / P / "third-story.md").unlink()
    done = run("validate", "--changed", cwd=clone)
    assert "the whole newsroom, since articles/2026/third-story.md was deleted" in done.stdout


def test_base_ref_and_bad_uses(clone: Path, run: Run, tmp_path: Path) -> None:
    (clone / P / "first-story.md").write_text(article_text("first-story", kind="updat"))
    git(clone, "commit", "-q", "-am", "edit")
    assert "0 article(s) changed against HEAD" in run(
        "validate", "--changed", "--base", "HEAD", cwd=clone).stdout  # fmt: skip
    assert "1 article(s) changed against HEAD~1" in run(
        "validate", "--changed", "--base", "HEAD~1", cwd=clone).stdout  # fmt: skip
    for args, said in (
        (["--changed", "--base", "no-such-branch"], "--base no-such-branch: no such commit"),
        (["--base", "HEAD"], "add --changed"),
        (["--changed", P + "first-story.md"], "not both"),
    ):
        done = run("validate", *args, cwd=clone)
        assert done.returncode == 2 and said in done.stderr, (args, done.stderr)
    plain = tmp_path / "plain"
    (plain / "articles").mkdir(parents=True)
    (plain / "botbeat.yaml").write_bytes(TEMPLATE_CONFIG.read_bytes())
    done = run("validate", "--changed", cwd=plain)
    assert done.returncode == 2 and "is not in a git repository" in done.stderr


def test_related_check_changed_reports_what_the_change_made_stale(clone: Path, run: Run) -> None:
    assert run("related", "--write", cwd=clone).returncode == 0
    git(clone, "commit", "-q", "-am", "lists")
    git(clone, "push", "-q", "origin", "HEAD:main")  # the lists are on main now
    git(clone, "fetch", "-q", "origin")
    # a list left stale on main before this branch: not this change's to fix
    third = clone / P / "third-story.md"
    text = third.read_text()
    start, end = text.index("related:"), text.index("---", text.index("related:"))
    third.write_text(text[:start] + "related:\n  more_from: []\n  suggested: []\n" + text[end:])
    git(clone, "commit", "-q", "-am", "stale on purpose")
    git(clone, "push", "-q", "origin", "HEAD:main")
    git(clone, "fetch", "-q", "origin")
    assert run("related", "--check", cwd=clone).returncode == 1  # stale, from before
    quiet = run("related", "--check", "--changed", cwd=clone)
    assert (quiet.returncode, quiet.stdout) == (0, "")
    (clone / P / "fourth-story.md").write_text(article_text("fourth-story"))
    done = run("related", "--check", "--changed", "--format", "json", cwd=clone)
    import json

    reported = {row["path"] for row in json.loads(done.stdout)}
    assert done.returncode == 1 and P + "fourth-story.md" in reported
    full = {row["path"] for row in json.loads(
        run("related", "--check", "--format", "json", cwd=clone).stdout)}  # fmt: skip
    assert reported <= full
