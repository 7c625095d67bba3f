"""Resource bounds with hostile files (issue 12): `validate` and `related --write` on the
Reuters newsroom as it is and with 200 hostile files mixed in, side by side in one run.

    python bench/hostile_bench.py [--runs 3] [--reuters PATH]

The 200 files are the committed hostile cases (tests/hostile/newsroom) cycled with new
slugs, plus the cases made at run time (a FIFO, /dev/zero, symlinks out, a folder loop, a
10 MB body, 6,000 keys, 3,000 related slugs, 30,000 takeaways). Prints the median wall
time and peak memory of each, and the ratio with hostile files against without (target:
at most 1.5, peak under 300 MB).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from validate_bench import REUTERS, measure  # noqa: E402

from tests.hostile.build import cases  # noqa: E402
from tests.test_hostile import _make  # noqa: E402


def mix(root: Path, count: int = 200) -> None:
    """`count` hostile files into the newsroom at `root`, under articles/2026/."""
    made = root / "articles" / "2026"
    made.mkdir(parents=True, exist_ok=True)
    _make(root)
    hostile = [(rel, data) for rel, data in cases().items() if rel.endswith(".md")]
    extra = 9  # made by _make
    for index in range(count - extra):
        rel, data = hostile[index % len(hostile)]
        name = rel.rsplit("/", 1)[-1].removesuffix(".md")
        raw = data if isinstance(data, bytes) else data.encode()
        (made / f"{name}-h{index}.md").write_bytes(raw)


def median_run(command: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak, _ = measure(command, cwd)
        walls.append(wall)
        peaks.append(peak)
    walls.sort()
    return walls[len(walls) // 2], max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    options = parser.parse_args()
    botbeat = shutil.which("botbeat") or "botbeat"
    with tempfile.TemporaryDirectory() as folder:
        clean, dirty = Path(folder) / "clean", Path(folder) / "dirty"
        shutil.copytree(options.reuters, clean)
        shutil.copytree(options.reuters, dirty)
        mix(dirty)
        print(f"{'command':<22} {'clean s':>8} {'hostile s':>10} {'ratio':>6} {'peak MB':>8}")
        for args in (["validate"], ["related", "--write"]):
            for room in (clean, dirty):  # warm caches (related: the lists written once)
                measure([botbeat, *args], room)
            clean_s, clean_mb = median_run([botbeat, *args], clean, options.runs)
            dirty_s, dirty_mb = median_run([botbeat, *args], dirty, options.runs)
            print(f"{' '.join(args):<22} {clean_s:>8.2f} {dirty_s:>10.2f} "
                  f"{dirty_s / clean_s:>6.2f} {max(clean_mb, dirty_mb):>8.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
