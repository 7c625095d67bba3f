"""`validate` where many articles share one title or one source, beside the same newsroom
without them, in one run.

    python bench/recurring_bench.py [--articles 10000] [--runs 3] [--reuters PATH]

A newsroom runs the same headline every week ("Weekly AI roundup"), cites one page again
and again, and deletes an article many others list as related: every copy is a
`similar-title` or `duplicate-source` warning, or a `related-unknown` error. On each
shape of newsroom (bench/generate.py, bench/generate_alike.py and, if present, Reuters),
every second article gets one recurring title, or one source URL, or two related slugs of
no article; each is validated with an empty cache folder (every article read, as in CI)
and its median time is printed as a ratio of the same newsroom as it came. The
diagnostics are the cost that stays: each is placed at its line in its file.
"""

from __future__ import annotations

import argparse
import re
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from generate_alike import generate_alike  # noqa: E402
from spawn import as_installed  # noqa: E402
from validate_bench import REUTERS, Command, compare  # noqa: E402

TITLE = "title: Weekly AI roundup, the stories of the week"
SOURCE = "  url: https://openai.com/blog"
GONE = "related:\n  suggested: [gone-story, another-gone]\nstatus: published"


def recurring(root: Path, copy: Path, pattern: str, line: str) -> Path:
    """A copy of the newsroom at `root` with every second article's `pattern` line set to
    `line` (the copy writable: the shared Reuters newsroom is read-only)."""
    shutil.copytree(root, copy)
    for path in [copy, *copy.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    for index, path in enumerate(sorted((copy / "articles").rglob("*.md"))):
        if index % 2 == 0:
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(pattern, line, text, count=1, flags=re.M), encoding="utf-8")
    return copy


def bench_shape(label: str, plain: Path, workdir: Path, runs: int) -> None:
    """The newsroom at `plain` as it came, beside its three recurring copies."""
    copies = workdir / ("copies of " + label.split(",")[0])
    copies.mkdir()
    rooms = {
        "as it came": plain,
        "every second: one title": recurring(plain, copies / "titles", "^title: .*$", TITLE),
        "every second: one source": recurring(plain, copies / "sources", "^  url: .*$", SOURCE),
        "every second: 2 gone related": recurring(
            plain, copies / "gone", "^status: published$", GONE
        ),
    }
    botbeat = shutil.which("botbeat") or "botbeat"

    def cold(root: Path) -> Command:
        def command() -> list[str]:  # an empty cache folder each run
            cache = tempfile.mkdtemp(dir=workdir)
            return ["env", f"BOTBEAT_CACHE_DIR={cache}", botbeat, "validate", "--root",
                    str(root)]  # fmt: skip

        return command

    compare(
        f"botbeat validate (empty cache), {label}",
        {name: cold(root) for name, root in rooms.items()},
        workdir,
        runs,
        "as it came",
    )


def main() -> None:
    as_installed()  # timed runs meet botbeat's bytecode, as an install has it
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="botbeat-recurring-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        plain = generate(workdir / "generated", args.articles)
        print(f"{args.articles} articles, made in {time.perf_counter() - started:.1f} s")
        bench_shape(f"generated, {args.articles} articles", plain, workdir, args.runs)
        alike = generate_alike(workdir / "alike", args.articles)
        bench_shape(f"alike, {args.articles} articles", alike, workdir, args.runs)
        if (args.reuters / "botbeat.yaml").is_file():
            count = sum(1 for _ in (args.reuters / "articles").rglob("*.md"))
            bench_shape(f"Reuters, {count} articles", args.reuters, workdir, args.runs)
        else:
            print(f"\n(no Reuters newsroom at {args.reuters}: skipped)")


if __name__ == "__main__":
    main()
