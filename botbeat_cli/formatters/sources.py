"""`sources` output: a table on a terminal, plain lines otherwise, JSON, or workflow
annotations. URLs, details and paths come from articles and servers: made visible, never
markup; JSON escapes by its own rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from botbeat_cli.diagnostics import visible
from botbeat_cli.formatters import BOLD, CYAN, GREEN, RED, YELLOW, dumps

if TYPE_CHECKING:
    from pathlib import Path

    from botbeat_cli.sources.report import Annotation, Checked
    from botbeat_cli.store.files import Original, Replaced

STYLES = {  # the outcome's colour in the table, as SGR codes (formatters)
    "ok": GREEN,
    "redirected": CYAN,
    "broken": BOLD + RED,
    "unreachable": RED,
    "server-error": RED,
    "timeout": YELLOW,
    "suspect": YELLOW,
}
COLUMNS = ("outcome", "status", "url", "cited by")
SHARES = {2: 3, 3: 2}  # on a narrow terminal, the URL and its articles share what is left


def as_json(checked: Sequence[Checked]) -> str:
    items = [
        {
            "url": c.result.url,
            "outcome": c.result.outcome.value,
            "status": c.result.status,
            "final_url": c.result.final_url,
            "chain": [{"status": h.status, "url": h.url} for h in c.result.chain],
            "permanent": c.result.permanent,
            "detail": c.result.detail,
            "attempts": c.result.attempts,
            "cached": c.cached,
            "unreachable_runs": c.unreachable_runs,
            "articles": list(c.articles),
            "body_articles": list(c.body_articles),
            "same_source": list(c.same_source),
        }
        for c in checked
    ]
    return dumps(items)


def plain(checked: Sequence[Checked]) -> str:
    """One line per URL (outcome, status, URL, chain, detail), then the articles citing it."""
    lines = []
    for c in checked:
        r = c.result
        status = f" {r.status}" if r.status else ""
        line = f"{r.outcome.value:<13}{status:>4}  {visible(r.url)}"
        if r.chain:
            line += f" -> {visible(r.final_url or '')}"
        if r.detail:
            line += f"  ({visible(r.detail)})"
        lines.append(line)
        lines += [f"    cited by {visible(path)}" for path in c.articles]
        lines += [f"    linked from the body of {visible(path)}" for path in c.body_articles]
    return "".join(line + "\n" for line in lines)


def print_table(checked: Sequence[Checked], *, color: bool) -> None:
    """The table on a terminal: a row per URL, its articles a line each, at the terminal's
    width (URLs and paths wrap, never cut). Written line by line, not as a rich Table,
    whose layout of every row was most of a long table's time (bench/list_bench.py)."""
    import shutil

    from botbeat_cli.formatters import emit
    from botbeat_cli.formatters.table import rich_table, table_lines

    rows, styles = [], []
    for c in checked:
        r = c.result
        url = visible(r.url) + (f" -> {visible(r.final_url or '')}" if r.chain else "")
        cited = [*c.articles, *(f"{p} (body)" for p in c.body_articles)]
        rows.append([r.outcome.value, str(r.status or ""), url, "\n".join(map(visible, cited))])
        styles.append([STYLES.get(r.outcome.value, "") if color else "", "", "", ""])
    width = shutil.get_terminal_size().columns
    header = BOLD if color else ""
    lines = table_lines(COLUMNS, rows, width, SHARES, styles=styles, header_style=header)
    if lines is None:  # a terminal too narrow for the other columns: rich folds them too
        rich_table(COLUMNS, rows, color=color)
        return
    emit("".join(line + "\n" for line in lines))


def duplicates(checked: Sequence[Checked]) -> str:
    """Articles that cite the same source (after URL normalisation), once per group."""
    seen: set[tuple[str, ...]] = set()
    lines = []
    for c in checked:
        if c.same_source and c.same_source not in seen:
            seen.add(c.same_source)
            first, *others = c.same_source
            lines += [
                f"same source: {visible(o)} is already covered by {visible(first)}" for o in others
            ]
    return "".join(line + "\n" for line in lines)


def github(annotations: Sequence[Annotation]) -> str:
    from botbeat_cli.formatters.github import annotation

    return "".join(annotation(*a) + "\n" for a in annotations)


def summary(checked: Sequence[Checked]) -> str:
    counts = Counter(c.result.outcome.value for c in checked)
    parts = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    return f"{len(checked)} source URL(s): {parts or 'none'}\n"


def fix_diff(root: Path, fixes: dict[Path, tuple[Original, str]]) -> str:
    from botbeat_cli.formatters.diff import unified

    return unified(root, fixes.values())


def show(
    root: Path,
    checked: Sequence[Checked],
    format: str,
    fail_on: Sequence[str],
    *,
    color: bool = False,
) -> None:
    """`sources`' output in `format`: a table on a terminal (coloured by outcome with
    `color`), plain lines elsewhere, JSON, workflow annotations or SARIF (their level set by
    the newsroom's `fail_on`)."""
    import sys

    from botbeat_cli.formatters import emit
    from botbeat_cli.sources.report import github_annotations

    if format == "json":
        emit(as_json(checked))
    elif format == "github":
        emit(github(github_annotations(root, checked, fail_on)))
    elif format == "sarif":
        from botbeat_cli.formatters.sarif import log
        from botbeat_cli.sources.report import findings

        emit(log(*findings(root, checked, fail_on), command="sources"))
    else:
        print_table(checked, color=color) if sys.stdout.isatty() else emit(plain(checked))
        emit(duplicates(checked))


def fixes_done(fixes: dict[Path, tuple[Original, str]], written: int | None) -> str:
    if written is not None:
        return f"{written} file(s) updated"
    return f"{len(fixes)} file(s) would change: run with --apply to write" if fixes else ""


def show_fixes(root: Path, fixes: dict[Path, tuple[Original, str]], done: Replaced | None) -> None:
    """`--fix-redirects`: the diff, then what was (or would be) written."""
    from botbeat_cli.formatters import emit, say

    emit(fix_diff(root, fixes))
    say(fixes_done(fixes, len(done.written) if done else None))
