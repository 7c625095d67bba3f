"""Rules about one article file beyond its schema: name, folder, dates, body sections."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from botbeat_cli.diagnostics import Diagnostic, Severity
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.model.slugs import RESERVED, SLUG_RULE, is_slug
from botbeat_cli.rules import diagnose
from botbeat_cli.store.yamlsafe import Positions

PLACEHOLDER = "TODO"


def skeleton(sections: Sequence[str]) -> str:
    """`new`'s default body: each required section with a placeholder this module flags."""
    return "".join(
        f"\n## {name}\n\n{PLACEHOLDER}: write the {name.lower()}.\n" for name in sections
    )


_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_PLACEHOLDER = re.compile(rf"^\s*(?:[-*]\s+)?{PLACEHOLDER}\b")


@dataclass(slots=True)
class FileFacts:
    """One article as the rules see it: raw data (maybe invalid), positions and body."""

    path: str  # relative to the root, e.g. articles/2026/x.md
    data: dict[str, Any]
    positions: Positions
    body: str
    body_line: int

    @property
    def slug(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")

    @property
    def draft(self) -> bool:
        return self.data.get("status") == "draft"

    def at(self, key: str, rule: str, message: str) -> Diagnostic:
        """`rule` at `key`'s value (at the top of the file for no key)."""
        line, col = self.positions.of_value((key,)) if key else (1, 1)
        return diagnose(rule, self.path, line, col, message)


def check(
    facts: FileFacts, config: NewsroomConfig, now: datetime, today: date
) -> Iterator[Diagnostic]:
    """Every per-file rule; `today` is `config.today(now)`, worked out once per run."""
    yield from check_location(facts)
    yield from check_dates(facts, now, today)
    yield from check_sections(facts, config.rules.required_sections)


def check_location(facts: FileFacts) -> Iterator[Diagnostic]:
    if not is_slug(facts.slug):
        yield facts.at(
            "",
            "slug-format",
            f"file name '{facts.slug}' is not a slug: {SLUG_RULE}",
        )
    elif facts.slug in RESERVED:
        yield facts.at(
            "",
            "slug-reserved",
            f"'{facts.slug}' is a reserved file name on Windows (the file cannot be checked "
            "out there): rename it",
        )
    when = _as_date(facts.data.get("date"))
    parts = facts.path.split("/")
    if when is not None and (len(parts) != 3 or parts[1] != f"{when.year:04d}"):
        yield facts.at(
            "date",
            "year-folder",
            f"dated {when.year}: move the file to articles/{when.year:04d}/{parts[-1]}",
        )


def check_dates(facts: FileFacts, now: datetime, today: date) -> Iterator[Diagnostic]:
    """A date-only value is in the future when it is after `today` (the newsroom's date at
    `now`, `NewsroomConfig.today`); a datetime when it is after `now` itself."""
    published, updated = facts.data.get("date"), facts.data.get("updated")
    if not facts.draft:
        for key, value in (("date", published), ("updated", updated)):
            if _in_future(value, now, today):
                yield facts.at(
                    key,
                    "date-future",
                    f"'{key}' is in the future; set status: draft until then or fix the date",
                )
    if _before(updated, published):
        yield facts.at("updated", "updated-before-date", "'updated' is earlier than 'date'")


def changes_later_today(facts: FileFacts, now: datetime) -> bool:
    """Whether `check_dates` can judge this file otherwise later on the newsroom's same
    date: a published article's date or update given as an instant still after `now`."""
    if facts.draft:
        return False
    values = facts.data.get("date"), facts.data.get("updated")
    return any(isinstance(v, datetime) and v.tzinfo is not None and v > now for v in values)


def _as_date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _in_future(value: Any, now: datetime, today: date) -> bool:
    if isinstance(value, datetime):
        return value.tzinfo is not None and value > now
    return isinstance(value, date) and value > today


def _before(updated: Any, published: Any) -> bool:
    """`updated` earlier than `published`: instants compared as instants, and a date-only
    value on either side compared by calendar day (its own day for a datetime)."""
    if not isinstance(updated, date) or not isinstance(published, date):
        return False
    if isinstance(updated, datetime) and isinstance(published, datetime):
        if updated.tzinfo is None or published.tzinfo is None:
            return False
        return updated < published
    as_day = [v.date() if isinstance(v, datetime) else v for v in (updated, published)]
    return as_day[0] < as_day[1]


def check_sections(facts: FileFacts, required: list[str]) -> Iterator[Diagnostic]:
    """Each required `## Heading` once, in order, with text under it; no placeholders."""
    severity = Severity.WARNING if facts.draft else Severity.ERROR
    body = facts.body
    headings: list[tuple[int, int, int, str]] = []  # (level, line index, offset, name)
    for index, offset, line in _scan(body):
        match = _HEADING.match(line)
        if match:
            headings.append((len(match.group(1)), index, offset, match.group(2).strip()))
        elif _PLACEHOLDER.match(line):
            yield Diagnostic(
                facts.path,
                facts.body_line + index,
                line.index(PLACEHOLDER) + 1,
                severity,
                "placeholder",
                "placeholder text left from `botbeat new`: write this part before publishing",
            )
    wanted = {name.lower(): name for name in required}
    found: dict[str, int] = {}
    last_order = -1
    for position, (level, index, offset, name) in enumerate(headings):
        key = name.lower()
        if level != 2 or key not in wanted:
            continue
        at = facts.body_line + index
        if key in found:
            yield diagnose(
                "section-duplicate",
                facts.path,
                at,
                1,
                f"'## {wanted[key]}' appears twice; merge the two sections",
            )
            continue
        found[key] = index
        order = required.index(wanted[key])
        if order < last_order:
            yield diagnose(
                "section-order",
                facts.path,
                at,
                1,
                f"'## {wanted[key]}' must come before '## {required[last_order]}' "
                f"(order: {', '.join(required)})",
            )
        last_order = max(last_order, order)
        end = next((o for lv, _, o, _ in headings[position + 1 :] if lv <= 2), len(body))
        text_start = body.find("\n", offset)
        if text_start < 0 or not body[text_start:end].strip():
            yield diagnose(
                "section-empty",
                facts.path,
                at,
                1,
                f"'## {wanted[key]}' has no text under it",
            )
    for name in required:
        if name.lower() not in found:
            yield diagnose(
                "section-missing",
                facts.path,
                facts.body_line,
                1,
                f"no '## {name}' section; the body needs {', '.join(required)}, in that order",
            )


def is_format_line(line: str, sections: set[str]) -> bool:
    """A line the format puts in every article: a required section's heading (`sections`
    in lower case) or a placeholder left by `botbeat new`."""
    match = _HEADING.match(line.rstrip("\r"))
    if match:
        return len(match.group(1)) == 2 and match.group(2).strip().lower() in sections
    return bool(_PLACEHOLDER.match(line))


# Each starts with a literal newline, which the regex engine finds with a fast search; the
# body is scanned as "\n" + body so its first line is seen too.
_CANDIDATE = re.compile(
    rf"\n(?: {{0,3}}#|[ \t]*(?:[-*][ \t]+)?{PLACEHOLDER}\b| {{0,3}}(?:```|~~~))"
)


def _scan(body: str) -> Iterator[tuple[int, int, str]]:
    """(line index, offset, line) of the body lines that may be headings or placeholders, outside
    fenced code. One regex pass over the body instead of a Python loop over every line; the
    line index is counted on from the previous candidate (counting from the top each time
    took 12 s on a 1 MB body of 40,000 headings, tests/rules/test_article.py)."""
    text = "\n" + body
    fenced = False
    index, counted = 0, 0  # the newlines in text[:counted]
    for found in _CANDIDATE.finditer(text):
        start = found.start() + 1
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)].rstrip("\r")
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            index += text.count("\n", counted, start - 1)
            counted = start - 1
            yield index, start - 1, line
