"""The obvious alternative for `botbeat list`: python-frontmatter over every file, sorted.

python bench/alternative_list.py NEWSROOM
"""

from __future__ import annotations

import sys
from pathlib import Path

import frontmatter


def main(root: Path) -> None:
    posts = [(p, frontmatter.load(p).metadata) for p in (root / "articles").rglob("*.md")]
    posts.sort(key=lambda item: str(item[1].get("date", "")), reverse=True)
    for path, meta in posts[:20]:
        print(meta.get("date"), meta.get("entity"), meta.get("title"), path.stem)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
