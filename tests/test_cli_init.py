from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import PROJECT, Run


def test_init_creates_a_newsroom_that_validates(tmp_path: Path, run: Run) -> None:
    result = run("init", "room", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "created room/botbeat.yaml",
        "created room/.pre-commit-config.yaml",
        "created room/articles/.gitkeep",
        *(
            f"created room/templates/{kind}.md"
            for kind in ("update", "research", "policy-regulation", "industry-report")
        ),
    ]
    assert (tmp_path / "room" / "templates" / "update.md").read_text().startswith(
        "## Summary\n\nTODO: write the summary.\n")  # fmt: skip
    assert result.stderr.splitlines()[0] == (
        "next: cd room && git init && pre-commit install   (the hook checks every commit)"
    )
    config = (tmp_path / "room" / "botbeat.yaml").read_text()
    assert config.startswith("# botbeat.yaml: this newsroom's taxonomy")
    assert "google: {name: Google / Alphabet" in config
    hook = (tmp_path / "room" / ".pre-commit-config.yaml").read_text()
    assert "id: botbeat-validate" in hook
    check = run("validate", cwd=tmp_path / "room")
    assert check.stdout == "0 files checked: 0 errors, 0 warnings\n"


def _validate_patterns(config: Path) -> list[str]:
    hooks = yaml.safe_load(config.read_text())
    hooks = hooks if isinstance(hooks, list) else [h for r in hooks["repos"] for h in r["hooks"]]
    return [hook["files"] for hook in hooks if hook["id"] == "botbeat-validate"]


def test_the_hook_is_handed_every_file_an_editor_meant_as_an_article(
    tmp_path: Path, run: Run
) -> None:
    """The `files:` pattern of the hook, in the manifest and in the config `init` writes,
    as pre-commit applies it (`re.search` on the staged path): a `Story.MD` or an
    `Articles/` story reaches validate, which names it (tests/test_hook.py commits one)."""
    run("init", "room", cwd=tmp_path)
    (manifest,) = _validate_patterns(PROJECT / ".pre-commit-hooks.yaml")
    (written,) = _validate_patterns(tmp_path / "room" / ".pre-commit-config.yaml")
    assert written == manifest
    handed = ["articles/2026/story.md", "botbeat.yaml", "articles/2026/Story.MD",
              "articles/2026/story.markdown", "articles/2026/story.md.txt", "articles/x.mkd",
              "Articles/2026/story.md", "article/2026/story.md"]  # fmt: skip
    passed = ["README.md", "notes/story.md", "articles/2026/chart.png", "src/articles/x.md",
              "articles/2026/story.md~", "botbeat.yaml.bak", "templates/update.md"]  # fmt: skip
    assert [p for p in handed if not re.search(manifest, p)] == []
    assert [p for p in passed if re.search(manifest, p)] == []


def test_init_never_overwrites(tmp_path: Path, run: Run) -> None:
    (tmp_path / "botbeat.yaml").write_text("mine\n")
    result = run("init", cwd=tmp_path)
    assert result.returncode == 1
    assert "exists already; botbeat init never overwrites a file" in result.stderr
    assert (tmp_path / "botbeat.yaml").read_text() == "mine\n"
    assert not (tmp_path / ".pre-commit-config.yaml").exists()


def test_init_writes_nothing_when_a_folder_leads_outside(tmp_path: Path, run: Run) -> None:
    target, elsewhere = tmp_path / "room", tmp_path / "elsewhere"
    target.mkdir()
    elsewhere.mkdir()
    (target / "articles").symlink_to(elsewhere)
    result = run("init", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert "symlink leading outside" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["articles"]
    assert list(elsewhere.iterdir()) == []


THEIRS = """\
# our hooks
default_language_version:
    python: python3.11
repos:
-   repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v4.5.0   # pinned
    hooks:
    -   id: trailing-whitespace

# and then the CI service's settings
ci:
    autofix_prs: false
"""


def test_an_existing_pre_commit_config_gets_the_hook_added(tmp_path: Path, run: Run) -> None:
    """A repository with other hooks is the common case: its config is kept byte for byte
    but for the botbeat entry, at the end of its `repos:` list in its own indentation,
    and the real pre-commit accepts the result."""
    import os
    import subprocess
    import sys

    config = tmp_path / ".pre-commit-config.yaml"
    config.write_bytes(THEIRS.replace("\n", "\r\n").encode())
    config.chmod(0o640)
    result = run("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "created botbeat.yaml"
    assert result.stdout.splitlines()[-1] == "added the botbeat hook to .pre-commit-config.yaml"
    template = (PROJECT / "botbeat_cli" / "templates" / "pre-commit-config.yaml").read_text()
    entry = "".join(line[2:] for line in template.split("repos:\n", 1)[1].splitlines(True))
    assert entry.startswith("- repo: local\n  hooks:\n    - id: botbeat-validate\n")
    wanted = THEIRS.replace("\n\n# and then", "\n" + entry + "\n# and then")
    after = config.read_bytes().decode()
    assert after == wanted.replace("\n", "\r\n")  # above the blank line and the comment
    assert os.stat(config).st_mode & 0o777 == 0o640
    listed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stdout + listed.stderr
    again = run("init", "--format", "json", cwd=tmp_path)  # botbeat.yaml is there now
    assert again.returncode == 1 and config.read_bytes().decode() == after


def test_a_pre_commit_config_botbeat_cannot_add_to_is_left_with_the_entry_shown(
    tmp_path: Path, run: Run
) -> None:
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text("repos: []  # none yet\n")
    result = run("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert config.read_text() == "repos: []  # none yet\n"
    assert "added the botbeat hook" not in result.stdout
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "note: .pre-commit-config.yaml is as it was: its `repos:` is not a block list botbeat "
        "can add to without rewriting it; the botbeat hook, to add under its `repos:` if it "
        "lacks it:"
    )
    assert lines[1:3] == ["      - repo: local", "        hooks:"]
    (tmp_path / "botbeat.yaml").unlink()
    for made in ("articles/.gitkeep", *(f"templates/{k}.md" for k in (
            "update", "research", "policy-regulation", "industry-report"))):  # fmt: skip
        (tmp_path / made).unlink()
    config.write_text("repos:\n  - repo: local\n    hooks:\n      - id: botbeat-validate\n")
    result = run("init", cwd=tmp_path)
    assert result.stderr.splitlines()[0] == (
        "note: .pre-commit-config.yaml is as it was: it has the botbeat hook already"
    )
