"""Benchmark `botbeat list` and `botbeat preview` on three shapes of newsroom.

    python bench/list_bench.py [--articles 10000] [--runs 5] [--reuters PATH]

Baseline, measured in the same run: python-frontmatter reading every file and sorting by
date (alternative_list.py). Targets (issue 3): `list` under 1 s on 10,000 articles. The
newsrooms: bench/generate.py's, bench/generate_alike.py's (titles sharing most words, short
and long articles) and, if present, Reuters. `botbeat list` alone prints every article as
the table, off a terminal (a pipe: one line a row), which is what an editor's `botbeat
list | grep ...` waits for.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from validate_bench import compare, on_three_shapes  # noqa: E402


def bench(label: str, root: Path, runs: int, tmp: Path) -> None:
    botbeat = shutil.which("botbeat") or "botbeat"
    paths = sorted((root / "articles").rglob("*.md"))
    slug = paths[len(paths) // 2].stem
    compare(
        f"[{label}, {len(paths):,} articles] list and preview",
        {
            "botbeat list --limit 20": [botbeat, "list", "--limit", "20"],
            "python-frontmatter, sorted": [sys.executable, str(HERE / "alternative_list.py"), "."],
            "botbeat list (every row, the table)": [botbeat, "list"],
            "botbeat list --format json": [botbeat, "list", "--format", "json"],
            "botbeat preview SLUG": [botbeat, "preview", slug, "--width", "100"],
        },
        root,
        runs,
        "python-frontmatter, sorted",
    )


if __name__ == "__main__":
    on_three_shapes("Benchmark botbeat list and preview.", bench)
