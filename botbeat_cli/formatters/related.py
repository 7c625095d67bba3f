"""`related` output: the lists of one article with each pick's score and reasons, stale
lists (--check) and probable duplicates, as text or JSON. Titles and reasons come from
articles: made visible in text; JSON escapes by its own rules."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from botbeat_cli.diagnostics import visible
from botbeat_cli.formatters import dumps, left_as_they_are

if TYPE_CHECKING:
    from pathlib import Path

    from botbeat_cli.related import Change, Duplicate, Engine, Explained, Lists, Unread
    from botbeat_cli.store.files import Replaced


def duplicates_json(pairs: Sequence[Duplicate]) -> str:
    rows = [
        {
            "first": d.first,
            "second": d.second,
            "similarity": d.similarity,
            "same_source": d.same_source,
        }
        for d in pairs
    ]
    return json.dumps(rows, indent=2) + "\n"


def duplicates_text(pairs: Sequence[Duplicate]) -> str:
    lines = []
    for pair in pairs:
        why = "same source; " if pair.same_source else ""
        lines.append(f"{pair.similarity:.2f}  {pair.first}  {pair.second}  ({why}text)")
    return "".join(visible(line) + "\n" for line in lines)


def changes(
    root: Path, changes: Sequence[Change], format: str, unread: Sequence[Unread] = ()
) -> str:
    """`related --check`: the stale articles as text, JSON or SARIF (there, the articles
    that could not be read too)."""
    if format == "sarif":
        from botbeat_cli.formatters.sarif import log
        from botbeat_cli.related import STALE_RULES, stale_findings

        return log(stale_findings(root, changes, unread), STALE_RULES, command="related")
    return changes_json(changes) if format == "json" else changes_text(changes)


def changes_json(changes: Sequence[Change]) -> str:
    rows = [{"path": c.path, "stored": c.stored, "computed": c.computed} for c in changes]
    return dumps(rows)


def changes_text(changes: Sequence[Change]) -> str:
    return "".join(f"{visible(c.path)}: {visible(c.describe())}\n" for c in changes)


def lists_json(engine: Engine, row: int, lists: Lists) -> str:
    from botbeat_cli.newsroom.docs import LISTS

    out = {}
    for name in LISTS:
        out[name] = [
            {
                "slug": pick.slug,
                "title": _doc(engine, pick.slug, "title"),
                "entity": _doc(engine, pick.slug, "entity"),
                "date": _doc(engine, pick.slug, "date"),
                "score": pick.score,
                "pinned": pick.pinned,
                "reasons": engine.reasons(row, pick),
            }
            for pick in getattr(lists, name)
        ]
    return dumps(out)


def _doc(engine: Engine, slug: str, field: str) -> str | None:
    row = engine.row.get(slug)
    if row is None:
        return None
    doc = engine.docs[row]
    if field == "date":
        return doc.date.isoformat() if doc.date else None
    if field == "entity":
        entity = engine.config.entities.get(doc.entity)
        return entity.name if entity else doc.entity
    value = getattr(doc, field, None)
    return value if isinstance(value, str) else None


def lists_text(engine: Engine, row: int, lists: Lists) -> str:
    doc = engine.docs[row]
    lines: list[str] = []
    entity = engine.config.entities.get(doc.entity)
    headings = {
        "more_from": f"More from {entity.name if entity else doc.entity}",
        "suggested": "Suggested",
    }
    for name, heading in headings.items():
        lines.append(visible(heading))
        picks = getattr(lists, name)
        if not picks:
            lines.append("  (none above the threshold)")
        for pick in picks:
            title = _doc(engine, pick.slug, "title") or pick.slug
            when = _doc(engine, pick.slug, "date") or ""
            who = _doc(engine, pick.slug, "entity") or ""
            lines.append(f"  {pick.score:.2f}  {visible(title)} ({visible(who)}, {when})")
            lines.append(f"        {visible(pick.slug)}: {visible(engine.reasons(row, pick))}")
        lines.append("")
    return "".join(line + "\n" for line in lines)


def written(root: Path, done: Replaced, computed: int, as_json: bool = False) -> str:
    """What `related --write` changed, a file a line, and the count (or all of it as JSON,
    the files it could not write included)."""
    from botbeat_cli.store.newsroom import relative

    if as_json:
        return dumps(
            {
                "written": [relative(root, p) for p in done.written],
                "computed": computed,
                "not_written": left_as_they_are(root, done.skipped),
            }
        )
    lines = [f"updated {relative(root, path)}\n" for path in done.written]
    return "".join(lines) + f"{len(done.written)} file(s) changed, {computed} article(s) computed\n"


def show_duplicates(pairs: Sequence[Duplicate], format: str) -> None:
    """`related --duplicates`: the pairs, then their count on stderr."""
    from botbeat_cli.formatters import emit, say

    emit(duplicates_json(pairs) if format == "json" else duplicates_text(pairs))
    say(f"{len(pairs)} probable duplicate pair(s)")


def show_lists(explained: Explained, format: str) -> None:
    """`related ARTICLE`: its two lists, each pick with its score and reasons."""
    from botbeat_cli.formatters import emit

    show = lists_json if format == "json" else lists_text
    emit(show(explained.engine, explained.row, explained.lists))


def show_stale(
    root: Path, stale: Sequence[Change], format: str, unread: Sequence[Unread] = ()
) -> int:
    """`related --check`: the stale articles and their count, then the articles that could
    not be checked because they cannot be read; the exit status (1 for either)."""
    from botbeat_cli.errors import ExitCode
    from botbeat_cli.formatters import emit, say
    from botbeat_cli.store.newsroom import relative

    emit(changes(root, stale, format, unread))
    say(f"{len(stale)} article(s) with stale related lists")
    for item in unread:
        say(visible(f"{relative(root, item.path)}: not checked: {item.why}"))
    return ExitCode.PROBLEMS if stale or unread else ExitCode.OK
