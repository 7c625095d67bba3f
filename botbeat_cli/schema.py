"""`schema`: JSON Schemas for editors' tools, made from the models and this newsroom's
taxonomy, so a YAML-aware editor (or Front Matter CMS, or a script) checks and completes
what `validate` would: kinds, entities and topics as choices with their labels, and the
format's limits.

Library entry points: `article_schema(config)`, `config_schema()`, `write(root, config)`.
What a schema cannot say (a title's year folder, duplicate sources, repeated takeaways in
another case) stays `validate`'s.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from botbeat_cli.model.article import TITLE_MAX, TITLE_MIN, TOPICS_MAX, TOPICS_MIN, Article
from botbeat_cli.model.newsroom import NewsroomConfig

DRAFT = "http://json-schema.org/draft-07/schema#"
FOLDER = Path(".botbeat") / "schema"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_OFFSET = r"([Zz]|[+-]\d{2}:\d{2})$"  # a datetime needs its UTC offset, as validate asks
_MOMENT = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?" + _OFFSET,
}


def _choices(entries: dict[str, Any], label: str) -> dict[str, Any]:
    """One key of a taxonomy section: each key a choice, its label and aliases shown."""
    options = []
    for key, entry in entries.items():
        aliases = f" (also written: {', '.join(entry.aliases)})" if entry.aliases else ""
        options.append({"const": key, "description": f"{getattr(entry, label)}{aliases}"})
    return {"type": "string", "anyOf": options} if options else {"type": "string"}


def article_schema(config: NewsroomConfig) -> dict[str, Any]:
    schema = Article.model_json_schema()
    fields = schema["properties"]
    fields["title"].update(minLength=TITLE_MIN, maxLength=TITLE_MAX, pattern=r"^[^\n]*$")
    fields["date"] = {
        "title": "Date",
        "anyOf": [_DAY, _MOMENT],
        "description": "YYYY-MM-DD, or a datetime with a UTC offset",
    }
    fields["updated"] = {"title": "Updated", "anyOf": [_DAY, _MOMENT, {"type": "null"}]}
    fields["kind"] = {"title": "Kind", **_choices(config.kinds, "label")}
    fields["entity"] = {"title": "Entity", **_choices(config.entities, "name")}
    fields["topics"].update(
        minItems=TOPICS_MIN,
        maxItems=TOPICS_MAX,
        uniqueItems=True,
        items=_choices(config.topics, "label"),
    )
    takeaways = config.rules.takeaways
    fields["takeaways"].update(
        minItems=takeaways.min, maxItems=takeaways.max, items={"type": "string", "minLength": 1}
    )
    source = schema["$defs"]["Source"]["properties"]
    source["url"].update(format="uri", pattern=r"^https?://[^\s/@]+")
    for name in ("pinned", "more_from", "suggested"):
        schema["$defs"]["Related"]["properties"][name]["items"] = {
            "type": "string",
            "pattern": SLUG,
        }
    schema["$schema"] = DRAFT
    schema["title"] = "BotBeat article front matter"
    return schema


def config_schema() -> dict[str, Any]:
    schema = NewsroomConfig.model_json_schema()
    schema["$schema"] = DRAFT
    schema["title"] = "botbeat.yaml"
    for section in ("kinds", "entities", "topics"):
        schema["properties"][section]["propertyNames"] = {"pattern": SLUG}
    return schema


def write(root: Path, config: NewsroomConfig) -> list[Path]:
    """Both schemas under `.botbeat/schema/` (replaced atomically; the folder is the
    newsroom's own, so a pull request that changes the taxonomy changes them too)."""
    from botbeat_cli.store.files import atomic_write, refuse_outside

    written = []
    for name, schema in (
        ("article.schema.json", article_schema(config)),
        ("botbeat.schema.json", config_schema()),
    ):
        path = root / FOLDER / name
        refuse_outside(path, root)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        written.append(path)
    return written
