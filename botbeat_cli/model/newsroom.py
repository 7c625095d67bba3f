"""The model of `botbeat.yaml`: the taxonomy (kinds, entities, topics) and editorial rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from botbeat_cli.model.slugs import SLUG_RULE, is_slug
from botbeat_cli.model.text import Text


def _key(value: str) -> str:
    if not is_slug(value):
        raise PydanticCustomError(
            "taxonomy-key", "{msg}", {"msg": f"key '{value}' must be a slug: {SLUG_RULE}"}
        )
    return value


Key = Annotated[str, AfterValidator(_key)]


@cache
def zone(name: str) -> tzinfo:
    """The IANA time zone `name` (UTC without reading the time-zone database)."""
    if name.upper() in ("UTC", "ETC/UTC", "Z"):
        return UTC
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _timezone(value: str) -> str:
    try:
        zone(value)
    except (ValueError, KeyError, OSError):  # zoneinfo's "no such zone" is a KeyError
        from botbeat_cli.didyoumean import did_you_mean

        try:
            from zoneinfo import available_timezones

            names = available_timezones()
        except (OSError, ValueError):  # pragma: no cover - no database at all
            names = set()
        raise PydanticCustomError(
            "unknown-timezone",
            "{msg}",
            {
                "msg": f"'{value}' is not an IANA time zone{did_you_mean(value, names)}; "
                "write e.g. Europe/Berlin, America/New_York or UTC"
            },
        ) from None
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(_Strict):
    label: Text
    aliases: list[Text] = []


class Entity(_Strict):
    name: Text
    aliases: list[Text] = []


class Topic(_Strict):
    label: Text
    aliases: list[Text] = []
    keywords: list[str] = Field(
        default=[], description="extra words that signal this topic, for `botbeat tag suggest`"
    )


class TakeawayCount(_Strict):
    min: int = Field(default=2, ge=1)
    max: int = Field(default=5, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> TakeawayCount:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is larger than max ({self.max})")
        return self


SEVERITIES = ("error", "warning", "off")


def _severity(value: str) -> str:
    if value in SEVERITIES:
        return value
    from botbeat_cli.didyoumean import did_you_mean

    raise PydanticCustomError(
        "unknown-severity",
        "{msg}",
        {
            "msg": f"'{value}' is not a severity{did_you_mean(value, SEVERITIES)}; "
            f"use {', '.join(SEVERITIES)}"
        },
    )


SeverityName = Annotated[str, AfterValidator(_severity)]


class Rules(_Strict):
    takeaways: TakeawayCount = TakeawayCount()
    required_sections: list[str] = ["Summary", "Editorial Opinion"]
    severity: dict[str, SeverityName] = Field(
        default={}, description="per-rule override: rule id -> error, warning or off"
    )
    similar_titles: float = Field(
        default=0.85,
        ge=0.5,
        le=1.0,
        description="word overlap (Jaccard) at which two titles count as near-identical",
    )


class RelatedWeights(_Strict):
    """How much each signal counts in a related-article score (they are normalised)."""

    text: float = Field(default=0.6, ge=0)
    topics: float = Field(default=0.3, ge=0)
    entity: float = Field(default=0.0, ge=0)
    recency: float = Field(default=0.02, ge=0)


class RelatedConfig(_Strict):
    """`related:` in botbeat.yaml: the knobs of `botbeat related` (docs/related.md)."""

    more_from: int = Field(default=3, ge=0, le=50)
    suggested: int = Field(default=3, ge=0, le=50)
    threshold: float = Field(default=0.1, ge=0, le=1)
    weights: RelatedWeights = RelatedWeights()
    include_newer: bool = False
    topic_cutoff: float = Field(default=0.5, gt=0, le=1)
    recency_days: float = Field(default=30.0, gt=0)


class HostRule(_Strict):
    """Per-host rules for `botbeat sources`, beside the host's label (docs/sources.md)."""

    label: str | None = None
    exclude: bool = False  # never request: the outcome is `skipped`
    accept: list[int] = []  # statuses that count as ok for this host (e.g. [403])
    concurrency: int | None = Field(default=None, ge=1)  # requests at once to this host
    interval: float | None = Field(default=None, ge=0)  # seconds between two requests
    headers: dict[str, str] = {}


class SourceChecks(_Strict):
    """`source_checks:` in botbeat.yaml: newsroom-wide settings of `botbeat sources`."""

    contact: str | None = None  # a URL or address for site owners, sent in the User-Agent
    # outcomes that make `botbeat sources` exit 1; `unreachable-twice`: unreachable in two
    # runs in a row (one failed lookup is often the network, not the source)
    fail_on: list[str] = ["broken", "unreachable-twice"]


class NewsroomConfig(_Strict):
    """`botbeat.yaml`. Lookups by key, alias or label are built once, case-insensitively."""

    kinds: dict[Key, Kind]
    entities: dict[Key, Entity]
    topics: dict[Key, Topic]
    sources: dict[str, str | HostRule] = Field(
        default={}, description="host -> source label, or rules with a label"
    )
    source_checks: SourceChecks = SourceChecks()
    rules: Rules = Rules()
    related: RelatedConfig = RelatedConfig()
    timezone: Annotated[str, AfterValidator(_timezone)] = Field(
        default="UTC",
        description="IANA time zone of the newsroom: what 'today' is for dates (new, validate)",
    )

    _kind_names: dict[str, str] = PrivateAttr(default_factory=dict)
    _entity_names: dict[str, str] = PrivateAttr(default_factory=dict)
    _topic_names: dict[str, str] = PrivateAttr(default_factory=dict)
    _hints: dict[tuple[str, str], str] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        for key, kind in self.kinds.items():
            _index(self._kind_names, key, [kind.label, *kind.aliases])
        for key, entity in self.entities.items():
            _index(self._entity_names, key, [entity.name, *entity.aliases])
        for key, topic in self.topics.items():
            _index(self._topic_names, key, [topic.label, *topic.aliases])

    def today(self, now: datetime) -> date:
        """Today's date in the newsroom's time zone at the instant `now` (aware). Every
        command that asks "is this date in the future?" asks this one function."""
        return now.astimezone(zone(self.timezone)).date()

    def names(self, field: str) -> dict[str, str]:
        """Every name of `kinds`, `entities` or `topics` (key, label or name, aliases) ->
        its key, as written: what a did-you-mean compares a mistyped name with."""
        out: dict[str, str] = {}
        for key, item in getattr(self, field).items():
            out.setdefault(key, key)
            for name in (getattr(item, "label", None) or getattr(item, "name", ""), *item.aliases):
                out.setdefault(name, key)
        return out

    def hint(self, field: str, word: str) -> str:
        """`did_you_mean_name(word, self.names(field))`, worked out once per word: 200
        hostile files naming the same unknown entity in a taxonomy of thousands must not
        compare it thousands of times each (bench/hostile_bench.py)."""
        found = self._hints.get((field, word))
        if found is None:
            from botbeat_cli.didyoumean import did_you_mean_name

            found = self._hints[(field, word)] = did_you_mean_name(word, self.names(field))
        return found

    def kind_key(self, text: str) -> str | None:
        """The kind key for a key, label or alias, any case; None if unknown."""
        return self._kind_names.get(text.strip().lower())

    def entity_key(self, text: str) -> str | None:
        return self._entity_names.get(text.strip().lower())

    def topic_key(self, text: str) -> str | None:
        return self._topic_names.get(text.strip().lower())

    def host_rule(self, host: str) -> HostRule | None:
        """The rules for a host (a subdomain falls back to its parent; `www.` ignored)."""
        host = host.lower().removeprefix("www.")
        while host:
            rule = self.sources.get(host)
            if isinstance(rule, HostRule):
                return rule
            _, _, host = host.partition(".")
        return None

    def source_label(self, host: str) -> str | None:
        """The label for a source host; `www.` and subdomains fall back to the parent host."""
        host = host.lower().removeprefix("www.")
        while host:
            if host in self.sources:
                rule = self.sources[host]
                return rule if isinstance(rule, str) else rule.label
            _, _, host = host.partition(".")
        return None


def _index(names: dict[str, str], key: str, others: list[str]) -> None:
    names[key] = key
    for other in others:
        names.setdefault(other.strip().lower(), key)
