"""The pre-commit hook's first run on a fresh machine (issue 13): its time and the size of the
environment it builds, against the same install with every extra, side by side in one run.

    python bench/hook_bench.py [--runs 1]

Each run: a fresh PRE_COMMIT_HOME and a fresh git newsroom with one staged article whose
`.pre-commit-config.yaml` points at a snapshot of this checkout, then the real
`pre-commit run` (it builds the hook's environment with pip, as an editor's first commit
does; pip's own cache stays warm, as on a machine that has installed Python packages).
The baseline builds the environment the hook had before the extras: a fresh venv with
`pip install '<checkout>[all]'`.
Needs `pre-commit` (the test extra) and git. Targets: at most 80 MB and 25 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))

from tests.conftest import TEMPLATE_CONFIG, article_text  # noqa: E402
from tests.test_hook import _snapshot  # noqa: E402


def size_mb(folder: Path) -> float:
    total = sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_symlink())
    return total / 1e6


def lean(folder: Path) -> tuple[float, float]:
    """(seconds, MB) of the hook's first run."""
    root, home, repo = folder / "newsroom", folder / "home", folder / "botbeat"
    rev = _snapshot(repo)
    (root / "articles" / "2026").mkdir(parents=True)
    (root / "botbeat.yaml").write_bytes(TEMPLATE_CONFIG.read_bytes())
    (root / "articles" / "2026" / "one-story.md").write_text(article_text("one-story"))
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: botbeat-validate\n"
    )
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run"],
        cwd=root, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the hook failed:\n{done.stdout}{done.stderr}")
    (venv,) = home.glob("repo*/py_env-*")
    return took, size_mb(venv)


def full(folder: Path) -> tuple[float, float]:
    """(seconds, MB) of a venv with every extra, built the way pre-commit builds one."""
    venv = folder / "venv"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", f"{PROJECT}[all]"],
        check=True, timeout=900, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started, size_mb(venv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    options = parser.parse_args()
    print(f"{'environment':<28} {'first run s':>12} {'size MB':>8}")
    for _ in range(options.runs):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            hook_s, hook_mb = lean(Path(a))
            all_s, all_mb = full(Path(b))
        print(f"{'hook (botbeat, no extras)':<28} {hook_s:>12.1f} {hook_mb:>8.0f}")
        print(f"{'baseline: botbeat[all]':<28} {all_s:>12.1f} {all_mb:>8.0f}")
        print(f"{'ratio':<28} {hook_s / all_s:>12.2f} {hook_mb / all_mb:>8.2f}")


if __name__ == "__main__":
    main()
