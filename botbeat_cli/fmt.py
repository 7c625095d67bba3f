"""`fmt`: front matter as the format page writes it, and nothing else changed.

- keys in the format's order (title, date, kind, entity, topics, takeaways, source, status,
  authors, updated, related; any other key after them, in its own order), each key with
  the comment lines just above it and every line of its value;
- `topics` as a flow list (unless a comment sits inside the list: it stays);
- one space after a top-level key's colon; no trailing spaces;
- a plain value that a YAML 1.1 reader would not read as text (`no`, `on`, `1e3`) quoted;
- one blank line after the closing `---`, and a final newline. The body is not touched.

A formatted front matter must read back as exactly the same data (yamlsafe, both texts):
if it would not, or the YAML does not parse, the file is left as it is and named. Files
are written as every multi-file write is (`files.replace_all`: each old or new, an editor's
save meanwhile kept).

Library entry points: `format_text(text) -> str`, `plan(root, paths) -> Plan`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from botbeat_cli.newsroom import fields
from botbeat_cli.store import files, frontmatter
from botbeat_cli.store.fastyaml import load_fast
from botbeat_cli.store.problems import ReadProblem
from botbeat_cli.store.quoting import ambiguous
from botbeat_cli.store.yamlsafe import YamlProblem

ORDER = fields.KEYS  # the order keys are written in
_KEY = re.compile(r"([A-Za-z_][\w-]*):(?=\s|$)(.*)")
_PLAIN = re.compile(r"[^\s'\"\[\]{}&*!|>%@`#,][^#]*?")  # a plain scalar, no comment, no flow
_ITEM = re.compile(r"[ \t]+- (.*)")


class NotFormatted(Exception):
    """The front matter is left as it is: `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def format_text(text: str) -> str:
    """The article formatted (see the module docstring); `NotFormatted` when it cannot be."""
    try:
        parts = frontmatter.split(text)
    except ReadProblem as exc:
        raise NotFormatted(exc.message) from None
    newline = parts.newline
    lines = [line.rstrip("\r") for line in parts.front_matter.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    new_fm = _front_matter(lines)
    _same_data(parts.front_matter, "\n".join(new_fm) + "\n")
    body = text[parts.fm_end :]  # the closing fence and the body
    closing, _, rest = body.partition("\n")
    rest = rest if rest.startswith(("\n", "\r\n")) or not rest else newline + rest
    if rest and not rest.endswith("\n"):
        rest += newline
    head = text[: parts.fm_start]
    out = head + "".join(line + newline for line in new_fm) + closing + "\n" + rest
    return out if rest or out.endswith("\n") else out + "\n"


def _same_data(old: str, new: str) -> None:
    """Both texts read by validate's reader (`load_fast`: libyaml's answers, sooner); a
    text formatted as it was is read once (bench/fmt_bench.py)."""
    try:
        before = load_fast(old).data
    except YamlProblem as exc:
        message = f"its YAML does not read ({exc.message}): run botbeat validate"
        raise NotFormatted(message) from None
    if not isinstance(before, dict):
        raise NotFormatted("the front matter is not key: value fields: run botbeat validate")
    if new == old:
        return
    try:
        after = load_fast(new).data
    except YamlProblem:  # pragma: no cover - a formatting bug; the file is kept
        after = None
    if after != before:
        raise NotFormatted("formatting would change what the front matter says; left as it is")


def _front_matter(lines: list[str]) -> list[str]:
    preamble: list[str] = []
    blocks: list[tuple[str, list[str]]] = []
    pending: list[str] = []  # comments and blank lines before the next key
    for line in lines:
        line = line.rstrip(" \t")
        key = _KEY.match(line)
        if key and not line.startswith((" ", "\t")):
            blocks.append((key.group(1), [*pending, line]))
            pending = []
        elif not line.strip() or line.startswith("#"):
            pending.append(line)
        elif blocks:
            blocks[-1][1].extend([*pending, line])
            pending = []
        else:
            preamble.extend([*pending, line])
            pending = []
    if blocks:
        blocks[-1][1].extend(pending)
    else:
        preamble.extend(pending)
    rank = {name: index for index, name in enumerate(ORDER)}
    ordered = sorted(enumerate(blocks), key=lambda b: (rank.get(b[1][0], len(ORDER)), b[0]))
    out = list(preamble)
    for _, (name, block) in ordered:
        out += _block(name, block)
    while out and not out[-1].strip():
        out.pop()
    return out


def _block(name: str, block: list[str]) -> list[str]:
    at = next(i for i, line in enumerate(block) if _KEY.match(line) and not line.startswith(" "))
    head, rest = block[at], block[at + 1 :]  # block[:at]: the comments above the key
    key = _KEY.match(head)
    assert key is not None
    value = key.group(2).strip()
    head = f"{name}: {_quoted(value)}" if value else f"{name}:"
    if name == "topics" and not value and rest:
        items = [_ITEM.fullmatch(line) for line in rest if line.strip()]
        if all(items) and not any("#" in line for line in rest):
            flow = ", ".join(_quoted(m.group(1).strip()) for m in items if m)
            return [*block[:at], f"topics: [{flow}]"]
    rest = [_quoted_item(line) for line in rest]
    return [*block[:at], head, *rest]


def _quoted(value: str) -> str:
    """A plain scalar that botbeat reads as text (YAML 1.2) and a YAML 1.1 reader would
    take for something else (`no`, `on`), single-quoted; anything else as it is."""
    if _PLAIN.fullmatch(value) and ambiguous(value):
        try:
            text = isinstance(load_fast(f"k: {value}").data["k"], str)
        except YamlProblem:
            return value
        if text:
            return "'" + value.replace("'", "''") + "'"
    return value


def _quoted_item(line: str) -> str:
    item = _ITEM.fullmatch(line)
    if item is None:
        return line
    indent = line[: line.index("-")]
    return f"{indent}- {_quoted(item.group(1).strip())}"


@dataclass(slots=True)
class Plan:
    """What `fmt` would write: each file's text as read and formatted; the files left as
    they are, with the reason."""

    edits: list[tuple[files.Original, str]] = field(default_factory=list)
    unchanged: int = 0
    left: list[tuple[str, str]] = field(default_factory=list)

    def failed(self, check: bool) -> bool:
        """A file left as it is fails the run; with `--check`, so does a file to change."""
        return bool(self.left or (check and self.edits))


PARALLEL_FROM = 1000  # fewer files than this are formatted in this process alone


def plan(root: Path, paths: list[Path]) -> Plan:
    """Every file formatted, on every core for a large newsroom (bench/fmt_bench.py); the
    edits in the order of `paths`."""
    from botbeat_cli.parallel import fork_map, no_gc

    global _planning
    _planning = root
    try:
        with no_gc():
            parts = fork_map(_plan_slice, paths, minimum=PARALLEL_FROM)
    finally:
        _planning = None
    done = Plan()
    for part in parts:
        done.edits += part.edits
        done.unchanged += part.unchanged
        done.left += part.left
    return done


_planning: Path | None = None  # the newsroom of the `plan` being made, for its workers


def _plan_slice(paths: Sequence[Path]) -> list[Plan]:
    from botbeat_cli.store.newsroom import relative

    assert _planning is not None
    root, done = _planning, Plan()
    base = os.path.realpath(root)
    for path in paths:
        try:
            original = files.read_original(path, root, base)
            text = format_text(original.text)
        except ReadProblem as exc:
            done.left.append((relative(root, path), exc.message))
            continue
        except NotFormatted as exc:
            done.left.append((relative(root, path), exc.reason))
            continue
        if text == original.text:
            done.unchanged += 1
        else:
            done.edits.append((original, text))
    return [done]


def apply(plan: Plan) -> files.Replaced:
    return files.replace_all(plan.edits)
