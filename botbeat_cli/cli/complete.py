"""Shell completion of the newsroom's own names: slugs, topics, entities and kinds, for the
arguments and options that take them. Cheap enough to feel instant on 10,000 articles:
slugs come from file names (`slug_index`, one scandir per folder), names from botbeat.yaml
(the fast reader); nothing else is read. Outside a newsroom, nothing is offered."""

from __future__ import annotations

from pathlib import Path


def _root() -> Path | None:
    from botbeat_cli.store.newsroom import root_or_none

    return root_or_none()


def slugs(incomplete: str) -> list[str]:
    from botbeat_cli.store.newsroom import slug_index

    root = _root()
    return sorted(s for s in slug_index(root) if s.startswith(incomplete)) if root else []


def _keys(section: str, incomplete: str) -> list[tuple[str, str]]:
    from botbeat_cli.config import load_config
    from botbeat_cli.errors import BotbeatError

    root = _root()
    if root is None:
        return []
    try:
        entries = getattr(load_config(root), section)
    except BotbeatError:
        return []
    label = "name" if section == "entities" else "label"
    return [
        (key, getattr(entry, label)) for key, entry in entries.items() if key.startswith(incomplete)
    ]


def topics(incomplete: str) -> list[tuple[str, str]]:
    return _keys("topics", incomplete)


def entities(incomplete: str) -> list[tuple[str, str]]:
    return _keys("entities", incomplete)


def kinds(incomplete: str) -> list[tuple[str, str]]:
    return _keys("kinds", incomplete)
