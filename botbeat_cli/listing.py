"""`list`: the newsroom's articles (the read model's catalog) filtered and sorted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from botbeat_cli.didyoumean import TOPICS_HINT, known, unknown
from botbeat_cli.errors import UsageError
from botbeat_cli.model.article import STATUSES
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.newsroom.catalog import Catalog, Entry


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


def resolve_filters(filters: Filters, config: NewsroomConfig) -> Filters:
    """Filter values as keys: aliases and labels accepted, unknown names a usage error."""
    return Filters(
        entity=_key(
            "entity",
            filters.entity,
            config.entity_key,
            config.names("entities"),
            known(config.entities),
        ),
        topic=_key("topic", filters.topic, config.topic_key, config.names("topics"), TOPICS_HINT),
        kind=_key(
            "kind", filters.kind, config.kind_key, config.names("kinds"), known(config.kinds)
        ),
        status=_key(
            "status",
            filters.status,
            lambda s: s if s in STATUSES else None,
            STATUSES,
            known(STATUSES),
        ),
        since=filters.since,
        until=filters.until,
        search=filters.search,
        sort=filters.sort,
        limit=filters.limit,
    )


def _key(
    what: str,
    name: str | None,
    lookup: Any,
    names: Iterable[str] | Mapping[str, str],
    where: str,
) -> str | None:
    """The key `name` stands for; unknown, a usage error with the closest name and where
    the choices are, as `botbeat new` and `tag add` say it (an editor's first typo should
    not need botbeat.yaml open)."""
    if name is None:
        return None
    key: str | None = lookup(name)
    if key is None:
        raise UsageError(f"--{what}: {unknown(what, name, names)}; {where}")
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
