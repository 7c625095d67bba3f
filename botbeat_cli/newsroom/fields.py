"""The one lenient reading of an article's front matter, for every command that shows or
compares articles.

`validate` judges an article; `list`, `preview`, `related`, `tag` and `sources` must still
work on one that is wrong, so they read its fields through `read` and get an empty value
for anything that is not of the field's type (a list where a name belongs, a number where
a status belongs), never an error and never a stringified list (issue 10: three readers
disagreed). The read model's caches store what this gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

RELATED_LISTS = ("pinned", "more_from", "suggested")
# An article's keys in the format's order (the model's, tests/newsroom/test_fields.py):
# `fmt` writes them so and the language server completes them.
KEYS = (
    "title",
    "date",
    "kind",
    "entity",
    "topics",
    "takeaways",
    "source",
    "status",
    "authors",
    "updated",
    "related",
)


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def day(value: Any) -> date | None:
    """A date (a datetime's own calendar day), or None."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


@dataclass(frozen=True, slots=True)
class Fields:
    """An article's fields as every command shows them; wrong ones are empty."""

    title: str = ""
    date: date | None = None
    kind: str = ""
    entity: str = ""
    status: str = ""
    topics: tuple[str, ...] = ()
    takeaways: tuple[str, ...] = ()
    source_url: str = ""
    source_label: str = ""
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def related_list(self, name: str) -> tuple[str, ...]:
        return self.related.get(name, ())


def read(data: dict[str, Any]) -> Fields:
    source = mapping(data.get("source"))
    related = mapping(data.get("related"))
    return Fields(
        title=text(data.get("title")),
        date=day(data.get("date")),
        kind=text(data.get("kind")),
        entity=text(data.get("entity")),
        status=text(data.get("status")),
        topics=tuple(strings(data.get("topics"))),
        takeaways=tuple(strings(data.get("takeaways"))),
        source_url=text(source.get("url")),
        source_label=text(source.get("label")),
        # only the lists the file has: one stored empty is not one never computed
        related={
            name: tuple(strings(related.get(name))) for name in RELATED_LISTS if name in related
        },
    )
