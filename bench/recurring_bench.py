"""`validate` where many articles share one title or one source, beside the same newsroom
without them, in one run.

    python bench/recurring_bench.py [--articles 10000] [--runs 3]

A newsroom runs the same headline every week ("Weekly AI roundup"), cites one page again
and again, and deletes an article many others list as related: every copy is a
`similar-title` or `duplicate-source` warning, or a `related-unknown` error. On a
generated newsroom (bench/generate.py), every second article gets one recurring title, or
one source URL, or two related slugs of no article; each is validated with an empty cache
folder (every article read, as in CI) and its median time is printed as a ratio of the
newsroom as generated. The diagnostics are the cost that stays: each is placed at its line
in its file.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from validate_bench import Command, compare  # noqa: E402

TITLE = "title: Weekly AI roundup, the stories of the week"
SOURCE = "  url: https://openai.com/blog"
GONE = "related:\n  suggested: [gone-story, another-gone]\nstatus: published"


def recurring(root: Path, copy: Path, pattern: str, line: str) -> Path:
    """A copy of the newsroom at `root` with every second article's `pattern` line set to
    `line`."""
    shutil.copytree(root, copy)
    for index, path in enumerate(sorted((copy / "articles").rglob("*.md"))):
        if index % 2 == 0:
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(pattern, line, text, count=1, flags=re.M), encoding="utf-8")
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    botbeat = shutil.which("botbeat") or "botbeat"
    with tempfile.TemporaryDirectory(prefix="botbeat-recurring-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        plain = generate(workdir / "generated", args.articles)
        rooms = {
            "as generated": plain,
            "every second: one title": recurring(plain, workdir / "titles", "^title: .*$", TITLE),
            "every second: one source": recurring(
                plain, workdir / "sources", "^  url: .*$", SOURCE
            ),
            "every second: 2 gone related": recurring(
                plain, workdir / "gone", "^status: published$", GONE
            ),
        }
        print(f"{args.articles} articles, made in {time.perf_counter() - started:.1f} s")

        def cold(root: Path) -> Command:
            def command() -> list[str]:  # an empty cache folder each run
                cache = tempfile.mkdtemp(dir=workdir)
                return ["env", f"BOTBEAT_CACHE_DIR={cache}", botbeat, "validate", "--root",
                        str(root)]  # fmt: skip

            return command

        compare(
            "botbeat validate (empty cache)",
            {name: cold(root) for name, root in rooms.items()},
            workdir,
            args.runs,
            "as generated",
        )


if __name__ == "__main__":
    main()
