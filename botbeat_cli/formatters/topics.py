"""`tag list` and `tag suggest` output: a table or plain lines for people, JSON for scripts.
Text from botbeat.yaml and articles is made terminal-safe; JSON escapes by its own rules."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from botbeat_cli.diagnostics import visible
from botbeat_cli.formatters import BOLD, YELLOW, dumps, left_as_they_are
from botbeat_cli.formatters.table import rich_table, table_lines

if TYPE_CHECKING:
    from pathlib import Path

    from botbeat_cli.store.files import Replaced
    from botbeat_cli.topics.suggestions import Suggested
    from botbeat_cli.topics.vocabulary import TopicRow, VocabularyPlan


def topics_json(rows: Sequence[TopicRow]) -> str:
    items = [
        {
            "key": r.key,
            "label": r.label,
            "aliases": list(r.aliases),
            "published": r.published,
            "articles": r.total,
            "unused": r.total == 0,
        }
        for r in rows
    ]
    return dumps(items)


COLUMNS = ("topic", "label", "aliases", "published", "articles", "")


def _cells(rows: Sequence[TopicRow]) -> list[list[str]]:
    return [
        [
            r.key,
            visible(r.label),
            visible(", ".join(r.aliases)),
            str(r.published),
            str(r.total),
            "" if r.total else "unused",
        ]
        for r in rows
    ]


NUMBERS = (3, 4)  # the counts, aligned right
SHARES = {1: 1, 2: 1}  # on a narrow terminal, label and aliases share what is left


def topics_plain(rows: Sequence[TopicRow]) -> str:
    """Off a terminal: the table at its natural width, one line a row (`table_lines`)."""
    lines = table_lines(COLUMNS, _cells(rows), None, SHARES, right=NUMBERS)
    assert lines is not None  # no width: nothing to fit
    return "".join(line + "\n" for line in lines)


def print_topics_table(rows: Sequence[TopicRow], *, color: bool, terminal: bool) -> None:
    """On a terminal, the table fitted to its width (labels and aliases wrap), "unused" in
    yellow when colour is on; elsewhere `topics_plain`."""
    from botbeat_cli.formatters import emit

    if not terminal:
        emit(topics_plain(rows))
        return
    import shutil

    cells = _cells(rows)
    styles = None
    if color:
        unused = ("",) * (len(COLUMNS) - 1) + (YELLOW,)
        styles = [unused if not r.total else ("",) * len(COLUMNS) for r in rows]
    width = shutil.get_terminal_size().columns
    header = BOLD if color else ""
    lines = table_lines(COLUMNS, cells, width, SHARES, NUMBERS, styles, header)
    if lines is None:  # too narrow: rich folds every column
        rich_table(COLUMNS, cells, color=color, right=NUMBERS, column_styles={5: "yellow"})
        return
    emit("".join(line + "\n" for line in lines))


def suggestions_json(found: Suggested) -> str:
    """`chosen`: what --apply adds; `confident`: at or above the cut-off (the `*`)."""
    from botbeat_cli.topics.suggestions import SHOWN, chosen

    items = []
    for r in found.articles:
        picked = chosen(r.suggestions, found.cutoff, bool(r.current))
        shown = [
            {
                "topic": s.topic,
                "score": s.score,
                "reasons": list(s.reasons),
                "chosen": s in picked,
                "confident": s.score >= found.cutoff,
            }
            for s in r.suggestions[:SHOWN]
        ]
        items.append({"path": r.path, "topics": list(r.current), "suggestions": shown})
    return dumps(items)


def suggestions_text(found: Suggested) -> str:
    """Each article, then its suggestions with score and reasons; `*` marks the confident,
    `?` the best guess given to an article without topics when none is."""
    from botbeat_cli.topics.suggestions import LISTED, SHOWN, chosen

    lines = []
    for r in found.articles:
        picked = chosen(r.suggestions, found.cutoff, bool(r.current))
        current = visible(", ".join(r.current)) or "none"
        lines.append(f"{visible(r.path)}  (topics: {current})")
        for s in r.suggestions[:SHOWN]:
            mark = "*" if s.score >= found.cutoff else "?" if s in picked else " "
            lines.append(f"  {mark} {s.score:.2f}  {s.topic}: {visible('; '.join(s.reasons))}")
        if not r.suggestions:  # a header alone read as if the output had been cut off
            lines.append(f"  (no suggestion: no topic scored {LISTED:.2f} or more)")
    return "".join(line + "\n" for line in lines)


def cutoff_note(found: Suggested) -> str:
    """Where the newsroom's own cut-off leaves nothing confident, say why."""
    from botbeat_cli.topics.suggestions import TARGET

    if not found.calibrated or math.isfinite(found.cutoff):
        return ""
    return (
        f"no suggestion is confident here: on this newsroom's tagged articles no score "
        f"was right {TARGET:.0%} of the time; ? marks a best guess"
    )


def not_suggested(unreadable: Sequence[str]) -> str:
    """`tag suggest`: the articles that got no suggestions because they cannot be read."""
    if not unreadable:
        return ""
    return (
        f"{len(unreadable)} file(s) could not be read and got no suggestions (first: "
        f"{visible(unreadable[0])}); run botbeat validate"
    )


def edited(name: str, topics: Sequence[str], changed: bool) -> str:
    """`tag add/remove`: the article and its topics now."""
    return (
        f"{'updated' if changed else 'unchanged'} {visible(name)}: topics [{', '.join(topics)}]\n"
    )


def plan_text(root: Path, plan: VocabularyPlan, done: Replaced | None) -> str:
    """`tag rename/merge`: the files a dry run would change, or those written; the files
    it cannot read are named either way (`done` reports them as skipped)."""
    from botbeat_cli.store.newsroom import relative

    if done is not None:
        names = [relative(root, path) for path in done.written]
        head = f"{plan.description}: {len(names)} file(s) written"
        return "".join(f"{line}\n" for line in [head, *(f"  {visible(n)}" for n in names)])
    names = _planned(root, plan)
    lines = [f"{plan.description}: would change {len(names)} file(s) (dry run)"]
    lines += [f"  {visible(name)}" for name in names]
    lines += [
        f"{visible(relative(root, path))}: would not be written: {visible(why)}"
        for path, why in plan.unreadable
    ]
    return "".join(f"{line}\n" for line in [*lines, "run again with --apply to write them"])


def plan_json(root: Path, plan: VocabularyPlan, done: Replaced | None) -> str:
    """`tag rename/merge --format json`: the files it would change (a dry run) or wrote, and
    those it could not."""
    from botbeat_cli.store.newsroom import relative

    if done is not None:
        files = [relative(root, path) for path in done.written]
        not_written = left_as_they_are(root, done.skipped)
    else:
        files, not_written = _planned(root, plan), left_as_they_are(root, plan.unreadable)
    return dumps(
        {
            "change": plan.description,
            "dry_run": done is None,
            "files": files,
            "not_written": not_written,
        }
    )


def _planned(root: Path, plan: VocabularyPlan) -> list[str]:
    """The files a dry run would change: botbeat.yaml first, then the articles."""
    from botbeat_cli.store.newsroom import CONFIG_NAME, relative

    articles = sorted(relative(root, original.path) for original, _ in plan.articles)
    return ([CONFIG_NAME] if plan.config_text is not None else []) + articles


def show_edited(name: str, topics: Sequence[str], changed: bool, format: str) -> None:
    """`tag add/remove` in the chosen format."""
    from botbeat_cli.formatters import emit

    if format == "json":
        return emit(dumps({"path": name, "topics": list(topics), "changed": changed}))
    emit(edited(name, topics, changed))


def show_plan(root: Path, plan: VocabularyPlan, done: Replaced | None, format: str) -> None:
    """`tag rename/merge` in the chosen format."""
    from botbeat_cli.formatters import emit

    emit((plan_json if format == "json" else plan_text)(root, plan, done))


def show_suggestions(found: Suggested, format: str, untagged: bool) -> None:
    """`tag suggest` in the chosen format; on stderr, why nothing was suggested."""
    from botbeat_cli.formatters import emit, say

    emit((suggestions_json if format == "json" else suggestions_text)(found))
    if not found.articles:
        say("no article to suggest topics for" + (" (none untagged)" if untagged else ""))
    say(cutoff_note(found))


def applied(changed: Sequence[tuple[str, Sequence[str]]]) -> str:
    """`tag suggest --apply`: each article written, with its topics now."""
    return "".join(f"updated {visible(p)}: topics [{', '.join(t)}]\n" for p, t in changed)
