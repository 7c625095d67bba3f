"""Benchmark `botbeat new` on three shapes of newsroom, beside a baseline in the same run.

    python bench/new_bench.py [--articles 10000] [--runs 5] [--reuters PATH]

`botbeat new` with every field given (no question, no topic suggestion), as a fresh
process, the article it made removed before the next run: it resolves the names, checks the
fields and warns of a story already covered (the same source, a near-identical title)
through the cached index the hook's `validate FILE` looks up. Baseline, in the same run:
python-frontmatter reading every article (alternative_list.py), what finding those
look-alikes costs without an index. The newsrooms: bench/generate.py's,
bench/generate_alike.py's and, if present, a writable copy of Reuters.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from generate_alike import generate_alike  # noqa: E402
from spawn import as_installed  # noqa: E402
from validate_bench import REUTERS, compare, writable_copy  # noqa: E402

TITLE = "A New Model Beats The Benchmarks Again, Researchers Say"


def afresh(root: Path, command: list[str]) -> Callable[[], Sequence[str]]:
    """`command`, once the article an earlier run of it made is gone."""

    def run() -> Sequence[str]:
        for made in (root / "articles").glob("*/a-new-model-beats-the-benchmarks-*.md"):
            made.unlink()
        return command

    return run


def first_key(root: Path, section: str) -> str:
    """The first key of a section of botbeat.yaml (`entities:`, `kinds:`, `topics:`)."""
    lines = (root / "botbeat.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"{section}:")
    return lines[start + 1].strip().split(":")[0]


def bench(label: str, root: Path, runs: int) -> None:
    botbeat = shutil.which("botbeat") or "botbeat"
    count = sum(1 for _ in (root / "articles").rglob("*.md"))
    fields = [
        "--entity", first_key(root, "entities"), "--kind", first_key(root, "kinds"),
        "--topic", first_key(root, "topics"), "--takeaway", "One finding.",
        "--takeaway", "Another finding.", "--source-url", "https://example.org/new-story",
    ]  # fmt: skip
    try:
        compare(
            f"[{label}, {count:,} articles] new",
            {
                "python-frontmatter, every article read": [
                    sys.executable, str(HERE / "alternative_list.py"), str(root)
                ],
                "botbeat new (every field given)": afresh(
                    root, [botbeat, "new", TITLE, *fields, "--root", str(root)]
                ),
            },
            root,
            runs,
            "python-frontmatter, every article read",
        )  # fmt: skip
    finally:
        afresh(root, [])()


def main() -> None:
    as_installed()  # timed runs meet botbeat's bytecode, as an install has it
    parser = argparse.ArgumentParser(description="Benchmark botbeat new.")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="botbeat-bench-") as name:
        tmp = Path(name)
        bench("generated", generate(tmp / "generated", args.articles), args.runs)
        bench("alike", generate_alike(tmp / "alike", args.articles), args.runs)
        if (args.reuters / "botbeat.yaml").is_file():
            bench("Reuters", writable_copy(args.reuters, tmp / "reuters"), args.runs)
        else:
            print(f"\n(Reuters newsroom not found at {args.reuters}: skipped)")


if __name__ == "__main__":
    main()
