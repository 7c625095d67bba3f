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

import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from validate_bench import compare, on_three_shapes  # noqa: E402

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


def bench(label: str, root: Path, runs: int, tmp: Path) -> None:
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


if __name__ == "__main__":
    on_three_shapes("Benchmark botbeat new.", bench, writable=True)
