"""The obvious alternative a Python user would write: python-frontmatter + the same model.

It checks the schema only (no positions, no editorial rules). Used by validate_bench.py.

    python bench/alternative_validate.py NEWSROOM
"""

from __future__ import annotations

import sys
from pathlib import Path

import frontmatter
from pydantic import ValidationError

from botbeat_cli.config import load_config
from botbeat_cli.model.article import Article, Context


def main(root: Path) -> int:
    context = Context(load_config(root))
    bad = 0
    for path in sorted((root / "articles").rglob("*.md")):
        post = frontmatter.load(path)
        try:
            Article.model_validate(post.metadata, context=context)
        except ValidationError as exc:
            bad += 1
            print(f"{path}: {exc.error_count()} errors")
    print(f"{bad} invalid")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
