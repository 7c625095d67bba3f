"""The model of an article's front matter (ARTICLE-FORMAT.md, "Front matter fields").

Field rules that need the taxonomy read it from the validation context (`Context`), so the
same model checks shape alone (no context) or membership too. Errors raised here carry the
rule id as their pydantic error type; `ctx["index"]` points a list-level error at one item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PlainValidator,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from botbeat_cli.model import days
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.model.text import Text, plain_text

STATUSES = ("draft", "review", "published")
TITLE_MIN, TITLE_MAX = 10, 120
TOPICS_MIN, TOPICS_MAX = 1, 6
_SPACE = re.compile(r"\s")
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?:[/?#]\S*)?")


@dataclass(frozen=True, slots=True)
class Context:
    """What field rules need beyond the value: the newsroom's taxonomy and rules."""

    config: NewsroomConfig


def fail(rule: str, message: str, **ctx: Any) -> PydanticCustomError:
    """An error whose pydantic type is our rule id (the message is passed through verbatim)."""
    return PydanticCustomError(rule, "{msg}", {"msg": message, **ctx})


def _config(info: ValidationInfo) -> NewsroomConfig | None:
    context = info.context
    return context.config if isinstance(context, Context) else None


def _when(value: Any) -> date:
    """A date, or a datetime with a UTC offset; ISO strings are accepted too."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = days.day(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError as exc:
            reason = str(exc) if len(text) == 10 else f"'{value}' is not a date: write YYYY-MM-DD"
            raise fail("date-format", reason) from None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise fail(
                "date-format",
                f"{value.isoformat()} has no UTC offset: add one (e.g. +00:00) "
                "or write the date alone",
            )
        return value
    if isinstance(value, date):
        return value
    raise fail("date-format", f"{value!r} is not a date: write YYYY-MM-DD")


When = Annotated[date, PlainValidator(_when)]


def _title(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise fail("title-line-break", "the title must be one line: remove the line break")
    length = len(value.strip())
    if not TITLE_MIN <= length <= TITLE_MAX:
        raise fail(
            "title-length",
            f"the title has {length} characters; it needs {TITLE_MIN} to {TITLE_MAX}",
        )
    return value


def _membership(
    noun: str, field: str, alias_rule: str, alias_word: str, list_keys: bool
) -> Callable[[str, ValidationInfo], str]:
    """A validator: the value must be a key of `field` in botbeat.yaml. A label or alias
    gets the key to use; anything else the closest key, and the keys when they are few."""

    def check(value: str, info: ValidationInfo) -> str:
        config = _config(info)
        if config is None:
            return value
        keys: dict[str, object] = getattr(config, field)
        if value in keys:
            return value
        key = getattr(config, f"{noun}_key")(value)
        if key is not None:
            raise fail(alias_rule, f"'{value}' is a {alias_word}: use the key '{key}'")
        hint = (
            f"botbeat.yaml has no {field} yet: add them there"
            if not keys
            else f"{field} are: {', '.join(keys)}"
            if list_keys
            else f"add it to '{field}' in botbeat.yaml or pick an existing one"
        )
        raise fail(
            f"unknown-{noun}",
            f"unknown {noun} '{value}'{config.hint(field, value)}; {hint}",
        )

    return check


_kind = _membership("kind", "kinds", "unknown-kind", "label or alias", list_keys=True)
_entity = _membership("entity", "entities", "unknown-entity", "name or alias", list_keys=False)
_topic = _membership("topic", "topics", "topic-alias", "label or alias", list_keys=False)


def _first_repeat(items: list[str], fold: bool = False) -> int | None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        key = " ".join(item.split()).lower() if fold else item
        if key in seen:
            return index
        seen.add(key)
    return None


def _topics(value: list[str]) -> list[str]:
    if not TOPICS_MIN <= len(value) <= TOPICS_MAX:
        raise fail(
            "topics-count", f"{len(value)} topics; an article has {TOPICS_MIN} to {TOPICS_MAX}"
        )
    repeat = _first_repeat(value)
    if repeat is not None:
        raise fail("topics-repeat", f"topic '{value[repeat]}' is listed twice", index=repeat)
    return value


def _takeaway(value: str) -> str:
    if not value.strip():
        raise fail("takeaway-empty", "this takeaway is empty: write it or remove the item")
    return value


def _takeaways(value: list[str], info: ValidationInfo) -> list[str]:
    config = _config(info)
    if config is not None:
        low, high = config.rules.takeaways.min, config.rules.takeaways.max
        if not low <= len(value) <= high:
            raise fail(
                "takeaways-count", f"{len(value)} takeaways; this newsroom wants {low} to {high}"
            )
    repeat = _first_repeat(value, fold=True)
    if repeat is not None:
        raise fail("takeaway-repeat", "this takeaway repeats an earlier one", index=repeat)
    return value


def check_source_url(value: str) -> str:
    """Absolute http(s) URL with a host and no credentials (also used by `new`)."""
    if _PLAIN_URL.fullmatch(value):  # the common case, without urlsplit's work
        return value
    if _SPACE.search(value):
        raise fail("source-url", "the URL contains spaces: remove them")
    try:
        parts = urlsplit(value)
        host = parts.hostname
        _ = parts.port
    except ValueError as exc:
        raise fail("source-url", f"the URL cannot be parsed ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise fail("source-url", "the URL must start with https:// or http://")
    if not host:
        raise fail("source-url", "the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise fail("source-url", "the URL carries credentials (user:password@): remove them")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Source(_Strict):
    label: Text | None = None
    url: Annotated[str, AfterValidator(plain_text), AfterValidator(check_source_url)]


class Related(_Strict):
    pinned: list[str] = []
    more_from: list[str] = []
    suggested: list[str] = []


class Article(_Strict):
    """An article's front matter. Keys may come in any order; any other key is an error."""

    title: Annotated[str, AfterValidator(plain_text), AfterValidator(_title)]
    date: When
    kind: Annotated[str, AfterValidator(_kind)]
    entity: Annotated[str, AfterValidator(_entity)]
    topics: Annotated[list[Annotated[str, AfterValidator(_topic)]], AfterValidator(_topics)]
    takeaways: Annotated[
        list[Annotated[str, AfterValidator(plain_text), AfterValidator(_takeaway)]],
        AfterValidator(_takeaways),
    ]
    source: Source
    status: Literal["draft", "review", "published"]
    authors: list[Text] | None = None
    updated: When | None = None
    related: Related | None = None

    def source_label(self, config: NewsroomConfig) -> str | None:
        """The stored label, else the one `botbeat.yaml` gives the URL's host."""
        if self.source.label:
            return self.source.label
        host = urlsplit(self.source.url).hostname or ""
        return config.source_label(host)
