"""Benchmark `botbeat fmt` on three shapes of newsroom, beside a baseline in the same run.

    python bench/fmt_bench.py [--articles 10000] [--runs 3] [--reuters PATH]

Baseline: python-frontmatter reading every article and writing it out again
(alternative_fmt.py: PyYAML's dumper, no comments kept, nothing written). Timed, each as
a fresh process: `botbeat fmt --check` on the newsroom as generated (tidy: each file read
once), on a copy with every front matter out of the format's order (each file formatted
and read back to check its data), and `botbeat fmt` writing that copy (made afresh before
each run). The newsrooms: bench/generate.py's, bench/generate_alike.py's and, if present,
Reuters (its copy in a temporary folder; the original is only read).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from validate_bench import compare, on_three_shapes, writable_copy  # noqa: E402


def untidy(root: Path, to: Path) -> Path:
    """A writable copy of the newsroom whose every front matter has its `status:` first."""
    writable_copy(root, to)
    for path in (to / "articles").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        head, sep, rest = text.partition("\nstatus: ")
        if sep and head.startswith("---\n"):
            value, _, after = rest.partition("\n")
            path.write_text(f"---\nstatus: {value}\n{head[4:]}\n{after}", encoding="utf-8")
    return to


def afresh(source: Path, to: Path, command: list[str]) -> Callable[[], Sequence[str]]:
    """`command` on a new copy of `source` at `to` (a write changes what it runs on)."""

    def run() -> Sequence[str]:
        shutil.rmtree(to, ignore_errors=True)
        shutil.copytree(source, to)
        return command

    return run


def bench(label: str, root: Path, runs: int, tmp: Path) -> None:
    botbeat = shutil.which("botbeat") or "botbeat"
    messy = untidy(root, tmp / f"{label}-untidy")
    written = tmp / f"{label}-written"
    count = sum(1 for _ in (root / "articles").rglob("*.md"))
    compare(
        f"[{label}, {count:,} articles] fmt",
        {
            "python-frontmatter, load and dump": [
                sys.executable, str(HERE / "alternative_fmt.py"), str(root)
            ],
            "botbeat fmt --check (tidy)": [botbeat, "fmt", "--check", "--root", str(root)],
            "botbeat fmt --check (out of order)": [
                botbeat, "fmt", "--check", "--root", str(messy)
            ],
            "botbeat fmt (writes every file)": afresh(
                messy, written, [botbeat, "fmt", "--root", str(written)]
            ),
        },
        tmp,
        runs,
        "python-frontmatter, load and dump",
    )  # fmt: skip


if __name__ == "__main__":
    on_three_shapes("Benchmark botbeat fmt.", bench, runs=3)
