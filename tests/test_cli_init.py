from __future__ import annotations

from pathlib import Path

from tests.conftest import Run


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
