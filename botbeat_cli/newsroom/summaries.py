"""What the newsroom-wide rules (`rules.newsroom`) need of each article, as small
`Summary` records: made from a file `validate` checks, or, for the rest of the newsroom in a
run on a few files, from a cache by content digest trusted by stat (`newsroom_summaries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from botbeat_cli.newsroom import fields
from botbeat_cli.rules import article as article_rules
from botbeat_cli.rules import newsroom as newsroom_rules
from botbeat_cli.store import files, frontmatter
from botbeat_cli.store.problems import ReadProblem
from botbeat_cli.urls import normalise

SUMMARIES_NAME = "validate-summaries-v1.json"  # digest -> what the newsroom rules need
STATS_NAME = "validate-files-v1.json"  # size, mtime, inode and digest of each file


def newsroom_summaries(root: Path, rels: Sequence[str]) -> list[newsroom_rules.Summary]:
    """What the newsroom-wide rules need of these articles (title words, normalised source,
    date), for a run on a few files: cached by content digest and trusted by stat like the
    read model's other caches (`cache.digests`), so only changed files are read."""
    from botbeat_cli.store import cache

    stored = cache.load(root, SUMMARIES_NAME)
    read, _ = cache.digests(root, rels, STATS_NAME, stored)
    kept: dict[str, Any] = {}
    out = []
    for rel, raw, digest in read:
        entry = stored.get(digest) if raw is None else None
        if entry is None and raw is not None:
            entry = _summary_entry(raw)
        if not isinstance(entry, list) or len(entry) != 4:
            continue  # unreadable: validate reports it when it checks that file
        kept[digest] = entry
        slug = rel.rsplit("/", 1)[-1].removesuffix(".md")
        day, title, source, words = entry
        out.append(newsroom_rules.Summary(
            path=rel, slug=slug, order=f"{day} {slug}", title=title or None,
            words=frozenset(words), source=source, related=(),
        ))  # fmt: skip
    if kept != stored:
        cache.save(root, SUMMARIES_NAME, kept)
    return out


def _summary_entry(raw: bytes) -> list[Any] | None:
    try:
        parsed = frontmatter.parse(files.decode(raw))
    except ReadProblem:
        return None
    made = summary(article_rules.FileFacts("x/x.md", parsed.data, parsed.positions, "", 1))
    return [made.order.split(" ")[0], made.title, made.source, sorted(made.words)]


def summary(facts: article_rules.FileFacts) -> newsroom_rules.Summary:
    read = fields.read(facts.data)
    lists = fields.mapping(facts.data.get("related"))
    related = tuple(  # indices into the list as written, for the diagnostics' positions
        (name, i, slug)
        for name in fields.RELATED_LISTS
        for i, slug in enumerate(_items(lists.get(name)))
        if isinstance(slug, str)
    )
    return newsroom_rules.Summary(
        path=facts.path,
        slug=facts.slug,
        order=f"{read.date.isoformat() if read.date else '~'} {facts.slug}",
        title=read.title or None,
        words=newsroom_rules.title_words(read.title),
        source=normalise(read.source_url) if read.source_url.strip() else None,
        related=related,
    )


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
