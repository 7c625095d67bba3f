"""The `validate` path stays light: no rich, slugify or ruamel in a pre-commit run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT, Newsroom

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


# The rooms of the package (issue 11): cli -> capabilities -> read model and rules ->
# model and store. A capability reads the newsroom through `newsroom/` and never imports
# another capability (or the CLI, or a formatter: rendering is the CLI's to call).
CAPABILITIES = ("validate", "new_article", "init_newsroom", "listing", "preview", "related",
                "topics", "sources", "doctor", "schema", "fmt")  # fmt: skip
LOWER = ("newsroom", "rules", "model", "store", "config", "similarity", "markdown", "urls",
         "didyoumean", "parallel", "diagnostics", "errors", "extras")  # fmt: skip


def _imports(path: Path) -> set[str]:
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "botbeat_cli":
                found.update(f"botbeat_cli.{alias.name}" for alias in node.names)
            elif node.module.startswith("botbeat_cli."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("botbeat_cli."))
    return found


def _room(module: str) -> str:
    return module.split(".")[1]


def test_capabilities_do_not_import_each_other() -> None:
    package = PROJECT / "botbeat_cli"
    wrong = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).with_suffix("").parts
        room = parts[0]
        imported = {_room(m) for m in _imports(path)} - {room, "__version__"}
        if room in CAPABILITIES:
            wrong += [f"{path.relative_to(PROJECT)} imports {m}" for m in sorted(imported)
                      if m not in LOWER]  # fmt: skip
        elif room in LOWER:
            wrong += [f"{path.relative_to(PROJECT)} imports {m}" for m in sorted(imported)
                      if m in CAPABILITIES or m in ("cli", "formatters")]  # fmt: skip
    assert wrong == []
