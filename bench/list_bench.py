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

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from generate_alike import generate_alike  # noqa: E402
from spawn import as_installed  # noqa: E402
from validate_bench import REUTERS, compare  # noqa: E402


def bench(label: str, root: Path, runs: int) -> None:
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


def main() -> None:
    as_installed()  # timed runs meet botbeat's bytecode, as an install has it
    parser = argparse.ArgumentParser(description="Benchmark botbeat list and preview.")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="botbeat-bench-") as tmp:
        bench("generated", generate(Path(tmp) / "generated", args.articles), args.runs)
        bench("alike", generate_alike(Path(tmp) / "alike", args.articles), args.runs)
        if (args.reuters / "botbeat.yaml").is_file():
            bench("Reuters", args.reuters, args.runs)  # read, never written: the original
        else:
            print(f"\n(Reuters newsroom not found at {args.reuters}: skipped)")


if __name__ == "__main__":
    main()
