"""The obvious alternative a Python user would write to tidy front matter: python-frontmatter
reading every article and writing it out again (PyYAML's dumper), counting the files whose
text would change. It keeps no comments and no key order of the format. Used by
fmt_bench.py.

    python bench/alternative_fmt.py NEWSROOM
"""

from __future__ import annotations

import sys
from pathlib import Path

import frontmatter


def main(root: Path) -> int:
    changed = 0
    for path in sorted((root / "articles").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if frontmatter.dumps(frontmatter.loads(text)) + "\n" != text:
            changed += 1
    print(f"{changed} file(s) would change")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
