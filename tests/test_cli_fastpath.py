"""The plain `validate` path (no Typer) and the Typer command must behave the same."""

from __future__ import annotations

import subprocess
import sys

import pytest

from botbeat_cli.cli.validate_run import FLAGS, VALUED, parse_plain
from tests.conftest import Newsroom, Run


def test_fast_path_knows_exactly_the_typer_options() -> None:
    import typer.main

    from botbeat_cli.cli.app import app

    command = typer.main.get_command(app).commands["validate"]  # type: ignore[attr-defined]
    typer_options = {
        name for param in command.params for name in param.opts if name.startswith("-")
    }
    assert typer_options - {"--help", "-h"} == set(FLAGS) | set(VALUED)


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--help"],
        ["validate", "--format", "xml"],
        ["validate", "--jobs", "0"],
        ["validate", "--unknown"],
        ["validate", "--root", "/no/such/folder"],
        ["new", "x"],
    ],
)
def test_anything_unusual_goes_to_typer(args: list[str]) -> None:
    assert parse_plain(args) is None


def test_plain_parse() -> None:
    parsed = parse_plain(["validate", "-f", "json", "--strict", "a.md", "--jobs=2", "--", "-b"])
    assert parsed is not None
    assert (parsed.format, parsed.strict, parsed.jobs) == ("json", True, 2)
    assert [str(p) for p in parsed.paths] == ["a.md", "-b"]


ARGS = [
    [],
    ["--format", "json"],
    ["--format=github", "--strict"],
    ["-f", "text", "--no-color", "articles/2026"],
    ["articles/2026/bad-one.md", "README.md"],
]


@pytest.mark.parametrize("extra", ARGS, ids=[" ".join(a) or "none" for a in ARGS])
def test_same_output_both_ways(extra: list[str], newsroom: Newsroom, run: Run) -> None:
    newsroom.article("bad-one", kind="updat")
    newsroom.article("good-one")
    newsroom.write("README.md", "hi\n")
    fast = run("validate", *extra, cwd=newsroom.root)
    code = (
        "import sys\n"
        "from botbeat_cli.cli.app import app\n"
        f"app(args=['validate', *{extra!r}], prog_name='botbeat')\n"
    )
    typer_path = subprocess.run(
        [sys.executable, "-c", code], cwd=newsroom.root, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        typer_path.returncode,
        typer_path.stdout,
        typer_path.stderr,
    )
    assert fast.returncode == 1
