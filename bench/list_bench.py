"""Benchmark `botbeat list` and `botbeat preview` on a generated newsroom.

    python bench/list_bench.py [--articles 10000] [--runs 5]

Baseline, measured in the same run: python-frontmatter reading every file and sorting by
date (alternative_list.py). Target (issue 3): `list` under 1 s on 10,000 articles.
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
from spawn import as_installed  # noqa: E402
from validate_bench import compare  # noqa: E402


def main() -> None:
    as_installed()  # timed runs meet botbeat's bytecode, as an install has it
    parser = argparse.ArgumentParser(description="Benchmark botbeat list and preview.")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    botbeat = shutil.which("botbeat") or "botbeat"
    with tempfile.TemporaryDirectory(prefix="botbeat-bench-") as tmp:
        root = generate(Path(tmp) / "generated", args.articles)
        slug = sorted((root / "articles").rglob("*.md"))[args.articles // 2].stem
        compare(
            f"[generated, {args.articles} articles] list and preview",
            {
                "botbeat list --limit 20": [botbeat, "list", "--limit", "20"],
                "python-frontmatter, sorted": [
                    sys.executable,
                    str(HERE / "alternative_list.py"),
                    ".",
                ],
                "botbeat list --format json": [botbeat, "list", "--format", "json"],
                "botbeat preview SLUG": [botbeat, "preview", slug, "--width", "100"],
            },
            root,
            args.runs,
        )


if __name__ == "__main__":
    main()
