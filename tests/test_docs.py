"""Help and README stay honest: every command is described in both."""

from __future__ import annotations

import re

from botbeat_cli.cli.app import COMMANDS
from tests.conftest import PROJECT, Run


def test_every_command_has_help_and_a_readme_section(run: Run) -> None:
    readme = (PROJECT / "README.md").read_text()
    top = run("--help", cwd=PROJECT)
    assert len(COMMANDS) >= 8  # taken from the app itself, so a new command cannot hide
    for command in COMMANDS:
        assert re.search(rf"^### `botbeat {command}", readme, re.M), command
        assert command in top.stdout
        help_text = run(command, "--help", cwd=PROJECT)
        assert help_text.returncode == 0
        assert "Usage:" in help_text.stdout


def test_help_shows_each_paragraph_unbroken(run: Run) -> None:
    """A docstring wrapped at the source's width showed broken mid-sentence in `--help`
    ("... Exit 0 when" alone on a line): each paragraph that fits the terminal is on one
    line, in the command's page and (its first one) in its group's list."""
    import inspect

    from botbeat_cli.cli.app import app

    def paragraphs(doc: str) -> list[str]:
        return [" ".join(p.split()) for p in inspect.cleandoc(doc).split("\n\n")]

    wide = {"COLUMNS": "200"}
    groups = [([], app), *(([g.name or ""], g.typer_instance) for g in app.registered_groups)]
    for prefix, group in groups:
        listed = run(*prefix, "--help", cwd=PROJECT, env=wide).stdout.splitlines()
        for info in group.registered_commands:
            assert info.callback is not None and info.callback.__doc__
            name = info.name or info.callback.__name__
            first, *rest = paragraphs(info.callback.__doc__)
            assert any(first in line for line in listed), (prefix, name, first)
            page = run(*prefix, name, "--help", cwd=PROJECT, env=wide).stdout.splitlines()
            for paragraph in [first, *rest]:
                if len(paragraph) < 190:
                    assert any(paragraph in line for line in page), (name, paragraph)


def test_readme_quick_start_is_two_commands() -> None:
    readme = (PROJECT / "README.md").read_text()
    block = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip()]
    assert len(commands) == 2
    assert "botbeat validate" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (PROJECT / "README.md").read_text()
    block = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    test_command = [line for line in block.splitlines()[1:] if line.strip()][1]
    assert test_command in (PROJECT / ".ci" / "run").read_text()


def test_version(run: Run) -> None:
    from botbeat_cli import __version__

    assert run("--version", cwd=PROJECT).stdout == f"botbeat {__version__}\n"


def test_every_rule_is_documented() -> None:
    from botbeat_cli.rules import CONFIG_RULES, RULES

    doc = (PROJECT / "docs" / "format.md").read_text()
    for rule in [*RULES, *CONFIG_RULES]:
        assert f"| `{rule}` |" in doc, rule


def test_the_readme_layout_names_every_module() -> None:
    readme = (PROJECT / "README.md").read_text()
    layout = readme.split("Layout (", 1)[1].split("Dependencies point one way", 1)[0]
    package = PROJECT / "botbeat_cli"
    for path in sorted(package.iterdir()):
        name = path.name
        if name.startswith("_") or name in ("py.typed", "templates"):
            continue
        shown = f"{name}/" if path.is_dir() else name
        assert shown in layout, shown
