"""One set of option names on every command: `--format text` (and json where a command
reports or writes), `--no-color` everywhere, `--status` a fixed choice; every command that
writes files can say what it wrote as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer.main

from botbeat_cli.cli.app import app
from botbeat_cli.cli.options import Status
from botbeat_cli.model.article import STATUSES
from tests.conftest import PROJECT, Newsroom, Run

P = "articles/2026/"


def _commands() -> list[str]:
    root = typer.main.get_command(app)
    found = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        found += [f"{name} {sub}" for sub in subs] if subs else [name]
    return found


def test_every_command_takes_no_color_and_reports_in_text_or_json(run: Run) -> None:
    for name in _commands():
        shown = run(*name.split(), "--help", cwd=PROJECT, env={"COLUMNS": "200"}).stdout
        assert "--no-color" in shown, name
        if name not in ("preview", "lsp"):  # preview renders (or --export); lsp speaks LSP
            assert re.search(r"--format +-f +[<\[]text\|json[|>\]]", shown), (name, shown)


def test_status_is_a_fixed_choice(newsroom: Newsroom, run: Run) -> None:
    assert tuple(Status) == STATUSES
    newsroom.article("one-story")
    done = run("list", "--status", "publishd", cwd=newsroom.root)
    assert done.returncode == 2 and "publishd" in done.stderr
    assert "one-story" in run("list", "--status", "published", cwd=newsroom.root).stdout
    table = run("list", "--format", "table", cwd=newsroom.root).stdout  # the old name works
    assert table == run("list", "--format", "text", cwd=newsroom.root).stdout


def test_writers_say_what_they_wrote_as_json(newsroom: Newsroom, run: Run, tmp_path: Path) -> None:
    root = newsroom.root
    newsroom.article("first-story")
    newsroom.article("second-story", topics="[ethics-bias]")
    added = json.loads(
        run("tag", "add", "first-story", "ethics-bias", "-f", "json", cwd=root).stdout
    )
    topics = ["large-language-models", "ai-safety-alignment", "ethics-bias"]
    assert added == {"path": P + "first-story.md", "changed": True, "topics": topics}
    dry = json.loads(run("tag", "rename", "ethics-bias", "ethics", "-f", "json", cwd=root).stdout)
    files = ["botbeat.yaml", P + "first-story.md", P + "second-story.md"]
    change = "rename ethics-bias -> ethics"
    assert dry == {"change": change, "dry_run": True, "not_written": [], "files": files}
    applied = run("tag", "rename", "ethics-bias", "ethics", "--apply", "-f", "json", cwd=root)
    assert json.loads(applied.stdout)["dry_run"] is False
    assert set(json.loads(applied.stdout)["files"]) == set(dry["files"])
    written = json.loads(run("related", "--write", "-f", "json", cwd=root).stdout)
    assert sorted(written["written"]) == [P + "first-story.md", P + "second-story.md"]
    assert written["computed"] == 2 and written["not_written"] == []
    created = run("new", "A Headline Long Enough To Pass", "--entity", "anthropic", "--kind",
                  "update", "--topic", "ethics", "--takeaway", "One.", "--takeaway", "Two.",
                  "--source-url", "https://example.org/new", "-f", "json", cwd=root)  # fmt: skip
    assert json.loads(created.stdout)["created"].endswith("a-headline-long-enough-to-pass.md")
    made = json.loads(run("init", str(tmp_path / "fresh"), "-f", "json", cwd=tmp_path).stdout)
    assert len(made["created"]) == 7  # config, hook config, .gitkeep, four kind templates


def test_a_date_option_says_what_is_wrong_with_the_date(newsroom: Newsroom, run: Run) -> None:
    """Typer's own date type answered a day that does not exist with "'2026-02-30' does not
    match the formats '%Y-%m-%d'", which it does: each date option now says which it is."""
    newsroom.article("late-winter", date="2026-02-25")
    newsroom.article("early-spring", date="2026-03-02")
    new = ["new", "A headline long enough to be one", "--entity", "anthropic", "--kind",
           "update", "--topic", "llm", "--takeaway", "One.", "--takeaway", "Two.",
           "--source-url", "https://example.org/a"]  # fmt: skip
    wide = {"COLUMNS": "200"}
    for args, said in (
        ([*new, "--date", "2026-02-30"], "'2026-02-30' is not a day of the calendar"),
        ([*new, "--date", "2026/03/01"], "'2026/03/01' is not a date: write YYYY-MM-DD"),
        (["list", "--since", "20260301"], "'20260301' is not a date: write YYYY-MM-DD"),
        (["list", "--until", "2026-13-01"], "'2026-13-01' is not a day of the calendar"),
        (
            ["list", "--until", "\uff12\uff10\uff12\uff16-01-01"],  # full-width digits
            "'\uff12\uff10\uff12\uff16-01-01' is not a date: write YYYY-MM-DD",
        ),
    ):
        done = run(*args, cwd=newsroom.root, env=wide)
        assert done.returncode == 2 and said in done.stderr, (args, done.stderr)
    assert not list((newsroom.root / "articles").rglob("a-headline*"))
    since = run("list", "--since", "2026-03-01", "--format", "json", cwd=newsroom.root)
    assert [item["slug"] for item in json.loads(since.stdout)] == ["early-spring"]
    made = run(*new, "--date", "2026-02-28", cwd=newsroom.root)
    assert made.returncode == 0, made.stderr
    assert "date: 2026-02-28\n" in (newsroom.root / made.stdout.strip()).read_text()


def test_one_command_alone_behaves_as_in_the_whole_app(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that names a command gets a Typer app of that command alone (boundary's
    `CommandRecorder._narrowed`, for start-up): its help and its usage errors are the whole
    app's, word for word, for every command; unknown commands and the app's own help still
    see every command."""
    from botbeat_cli.cli.app import RECORDER

    asked = [
        [*name.split(), *extra]
        for name in _commands()
        for extra in (["--help"], ["--bogus"], ["-f", "nope"])
    ] + [["--help"], ["bogus"], ["tag", "bogus"], []]
    env = {"COLUMNS": "120"}
    alone = [run(*args, cwd=PROJECT, env=env) for args in asked]
    monkeypatch.setattr(RECORDER, "_named", lambda args: "")
    whole = [run(*args, cwd=PROJECT, env=env) for args in asked]
    for args, one, every in zip(asked, alone, whole, strict=True):
        assert (one.returncode, one.stdout, one.stderr) == (
            every.returncode,
            every.stdout,
            every.stderr,
        ), args
    assert "sources" in whole[-4].stdout and whole[-3].returncode == 2
