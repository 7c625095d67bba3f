"""The `validate` path stays light: no rich, slugify or ruamel in a pre-commit run."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import Newsroom

HEAVY = ("rich", "slugify", "ruamel", "ruamel.yaml", "httpx", "aiohttp", "numpy", "sklearn")


def test_validate_one_file_imports_no_heavy_module(newsroom: Newsroom) -> None:
    newsroom.article("light-story")
    code = (
        "import sys\n"
        "from botbeat_cli.cli import main\n"
        "status = main(['validate', 'articles/2026/light-story.md'])\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('HEAVY', heavy, status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=newsroom.root, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.stdout.splitlines()[-1] == "HEAVY [] 0", result.stdout + result.stderr
