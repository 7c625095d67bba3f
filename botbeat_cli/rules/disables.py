"""Inline disables: an article silences a rule for itself, as markdownlint's and Vale's
comments do.

- a YAML comment on a line of its own in the front matter, `# botbeat: disable=similar-title`,
  silences the rules it names for the whole file;
- the same comment after a value (`title: ...  # botbeat: disable=title-length`) silences
  them on that line only;
- in the body, `<!-- botbeat: disable=placeholder -->` silences them for the whole file.

Several rules are separated by commas. A rule id that does not exist is a `disable-unknown`
warning at the comment; under `--strict`, a disable that silenced nothing is a
`disable-unused` warning, so stale ones do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from botbeat_cli.diagnostics import Diagnostic
from botbeat_cli.rules import diagnose
from botbeat_cli.store.places import Places

_YAML = re.compile(r"(?m)^([^\n#]*?)#[ \t]*botbeat:[ \t]*disable=([A-Za-z0-9, \t-]+)")
_HTML = re.compile(r"<!--[ \t]*botbeat:[ \t]*disable=([A-Za-z0-9, \t-]+?)[ \t]*-->")


@dataclass(frozen=True, slots=True)
class Disable:
    path: str
    line: int  # where the comment is
    col: int
    rule: str
    whole_file: bool  # else: the comment's line only


def find(path: str, text: str, body_start: int) -> list[Disable]:
    """The disables in an article's text; `body_start` is the body's first character."""
    if "botbeat:" not in text:  # nearly every article: one scan in C
        return []
    found = []
    place = Places(text)
    for match in _YAML.finditer(text, 0, body_start):
        line, col = place(match.start() + len(match.group(1)))
        own_line = not match.group(1).strip()
        found += [Disable(path, line, col, rule, own_line) for rule in _rules(match.group(2))]
    for match in _HTML.finditer(text, body_start):
        line, col = place(match.start())
        found += [Disable(path, line, col, rule, True) for rule in _rules(match.group(1))]
    return found


def _rules(listed: str) -> list[str]:
    return [rule.strip() for rule in listed.split(",") if rule.strip()]


def apply(
    diagnostics: Iterable[Diagnostic],
    disables: Sequence[Disable],
    known: Iterable[str],
    strict: bool,
) -> list[Diagnostic]:
    """`diagnostics` without the silenced ones, with the disables' own warnings."""
    known = set(known)
    by_path: dict[str, list[Disable]] = {}
    for disable in disables:
        by_path.setdefault(disable.path, []).append(disable)
    used: set[Disable] = set()
    kept = []
    for diagnostic in diagnostics:
        silencing = [
            d
            for d in by_path.get(diagnostic.path, ())
            if d.rule == diagnostic.rule and (d.whole_file or d.line == diagnostic.line)
        ]
        used.update(silencing)
        if not silencing:
            kept.append(diagnostic)
    for disable in disables:
        if disable.rule not in known:
            kept.append(
                diagnose(
                    "disable-unknown",
                    disable.path,
                    disable.line,
                    disable.col,
                    f"'{disable.rule}' is not a rule id, so this disables nothing; "
                    "`docs/format.md` lists the rules",
                )
            )
        elif strict and disable not in used:
            kept.append(
                diagnose(
                    "disable-unused",
                    disable.path,
                    disable.line,
                    disable.col,
                    f"nothing here breaks '{disable.rule}' any more: remove this disable",
                )
            )
    return kept
