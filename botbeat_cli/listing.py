"""The newsroom's articles as a list of front-matter records, read fast.

`list` filters and sorts them; `preview` resolves related slugs through them. Only the
front matter is parsed, by the fast reader, and no model validation runs: a catalog shows
what is there, `validate` judges it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from botbeat_cli.didyoumean import did_you_mean, unknown
from botbeat_cli.errors import UsageError
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.newsroom import fields
from botbeat_cli.parallel import no_gc
from botbeat_cli.store import files, frontmatter, yamlsafe
from botbeat_cli.store.newsroom import ARTICLES_DIR, slug_index


@dataclass(frozen=True, slots=True)
class Entry:
    """One article as lists show it; fields an article lacks are empty, never missing."""

    slug: str
    path: str  # relative to the root
    title: str
    date: date | None
    kind: str
    entity: str
    status: str
    topics: tuple[str, ...] = ()
    takeaways: tuple[str, ...] = ()
    source: str = ""  # the source URL as written

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "path": self.path,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "kind": self.kind,
            "entity": self.entity,
            "status": self.status,
            "topics": list(self.topics),
            "takeaways": list(self.takeaways),
        }


@dataclass(slots=True)
class Catalog:
    entries: list[Entry] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def by_slug(self) -> dict[str, Entry]:
        return {entry.slug: entry for entry in self.entries}


def load(root: Path) -> Catalog:
    """Every article's front matter; unreadable files are listed apart, not raised."""
    catalog = Catalog()
    with no_gc():
        for slug, paths in slug_index(root).items():
            for rel in paths:
                entry = read_entry(root, rel, slug)
                if entry is None:
                    catalog.unreadable.append(rel)
                else:
                    catalog.entries.append(entry)
    return catalog


def read_entry(root: Path, rel: str, slug: str) -> Entry | None:
    try:
        data = frontmatter.parse(files.read_text(os.path.join(root, rel))).data
    except (files.Unreadable, yamlsafe.YamlProblem, OSError):
        return None
    return entry_from(data, slug, rel)


def entry_from(data: dict[str, Any], slug: str, rel: str) -> Entry:
    read = fields.read(data)
    return Entry(
        slug=slug, path=rel, title=read.title, date=read.date, kind=read.kind,
        entity=read.entity, status=read.status, topics=read.topics, takeaways=read.takeaways,
        source=read.source_url,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Filters:
    entity: str | None = None
    topic: str | None = None
    kind: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    search: str | None = None
    sort: str = "date"  # date (newest first), title, entity
    limit: int | None = None


SORTS = ("date", "title", "entity")
STATUSES = ("draft", "review", "published")


def resolve_filters(filters: Filters, config: NewsroomConfig) -> Filters:
    """Filter values as keys: aliases and labels accepted, unknown names a usage error."""
    return Filters(
        entity=_key("--entity", filters.entity, config.entity_key, config.names("entities")),
        topic=_key("--topic", filters.topic, config.topic_key, config.names("topics")),
        kind=_key("--kind", filters.kind, config.kind_key, config.names("kinds")),
        status=_key("--status", filters.status, lambda s: s if s in STATUSES else None, STATUSES),
        since=filters.since,
        until=filters.until,
        search=filters.search,
        sort=filters.sort,
        limit=filters.limit,
    )


def _key(
    option: str, name: str | None, lookup: Any, keys: Iterable[str] | Mapping[str, str]
) -> str | None:
    if name is None:
        return None
    key: str | None = lookup(name)
    if key is None:
        raise UsageError(f"{option}: {unknown('value', name, keys)}")
    return key


def select(catalog: Catalog, filters: Filters) -> list[Entry]:
    """The entries that pass every filter, sorted (ties by date, then slug), limited."""
    needle = filters.search.casefold() if filters.search else None
    chosen = [
        entry
        for entry in catalog.entries
        if (filters.entity is None or entry.entity == filters.entity)
        and (filters.topic is None or filters.topic in entry.topics)
        and (filters.kind is None or entry.kind == filters.kind)
        and (filters.status is None or entry.status == filters.status)
        and (filters.since is None or (entry.date is not None and entry.date >= filters.since))
        and (filters.until is None or (entry.date is not None and entry.date <= filters.until))
        and (needle is None or _matches(entry, needle))
    ]
    chosen.sort(key=lambda e: e.slug)
    chosen.sort(key=lambda e: e.date or date.min, reverse=True)
    if filters.sort == "title":
        chosen.sort(key=lambda e: e.title.casefold())
    elif filters.sort == "entity":
        chosen.sort(key=lambda e: e.entity)
    return chosen[: filters.limit] if filters.limit is not None else chosen


def _matches(entry: Entry, needle: str) -> bool:
    return needle in entry.title.casefold() or any(
        needle in takeaway.casefold() for takeaway in entry.takeaways
    )


def find_article(root: Path, name: str) -> Path:
    """An article by path or slug; a clear usage error for anything else."""
    as_path = Path(name)
    if as_path.suffix == ".md" and as_path.is_file():
        return as_path.resolve()
    slugs = slug_index(root)
    paths = slugs.get(name.removesuffix(".md"))
    if paths:
        return root / paths[0]
    raise UsageError(
        f"{name}: no such article file or slug{did_you_mean(name, slugs)} in {root / ARTICLES_DIR}"
    )


def look_alikes(catalog: Catalog, title: str, source_url: str, threshold: float) -> list[str]:
    """Warnings for articles that look like the same story as a new one: the same source
    after URL normalisation, or a near-identical title (the `similar-title` measure)."""
    from botbeat_cli.rules.newsroom import title_words, titles_alike
    from botbeat_cli.urls import normalise

    words, source = title_words(title), normalise(source_url)
    warnings = []
    for entry in catalog.entries:
        if source and entry.source and normalise(entry.source) == source:
            warnings.append(f"{entry.path} cites the same source")
        elif entry.title and titles_alike(words, title_words(entry.title), threshold):
            warnings.append(f"{entry.path} has a near-identical title")
    return warnings
