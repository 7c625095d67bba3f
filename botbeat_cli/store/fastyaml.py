"""A fast reader for the front matter most articles have, with libyaml as the authority.

`validate` reads every article on every run, and composing YAML costs more than all the
checks together. Nearly every front matter uses a small subset: `key: scalar`, flow lists
of plain words, block lists of scalars, one-level mappings, comments and blank lines.
`parse_simple` reads exactly that subset and returns None for anything else (quotes with
escapes, anchors, tags, multi-line scalars, flow mappings, odd indentation, duplicate
keys...), so the caller falls back to libyaml, which then also explains any error.

Scalars are typed by the same resolver and rules as `yamlsafe` (YAML 1.2 booleans, dates),
and a test compares both readers on every sample, generated and Reuters article and on
thousands of fuzzed documents: where this one answers, the answers are equal.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from botbeat_cli.store.yamlsafe import (
    MAYBE_TYPED,
    Loaded,
    Positions,
    load,
    refuse_control,
    scalar_value,
)

_LINES = re.compile(r"^( *)(?:(-)(?: +|$)|([A-Za-z_][A-Za-z0-9_.-]*):(?: +|$))?(.*)$", re.M)
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_SPECIAL = re.compile(r"[\[\]{}'\"#]")
_FLOW_ENTRY = re.compile(
    r""" *([A-Za-z_][A-Za-z0-9_-]*): +(\[[^\[\]{}'"#]*\]|"[^"\\{}\[\],]*"|'[^'{}\[\],]*'"""
    r"""|[^,\[\]{}'"#]*?) *(?:,|$)"""
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_resolver = yaml.resolver.Resolver()


class _Bail(Exception):
    """Not in the subset: let libyaml read it."""


def load_fast(text: str, line_offset: int = 0) -> Loaded:
    """`yamlsafe.load`, through the fast reader where it can; positions come lazily."""
    refuse_control(text, line_offset)
    simple = parse_simple(text)
    if simple is None:
        return load(text, line_offset)
    return Loaded(simple, Positions(offset=line_offset, text=text))


def parse_simple(text: str) -> dict[str, Any] | None:
    """The front matter as plain data, or None when it is not in the simple subset."""
    if "\t" in text or "\r" in text:
        return None
    # One C-level pass splits every line into (indent, dash, key, rest); blank and comment
    # lines are dropped here, so the Python below sees only content lines.
    lines = [line for line in _LINES.findall(text) if line[1] or line[2] or _content(line[3])]
    try:
        out, index = _mapping(lines, 0, 0)
    except _Bail:
        return None
    return out if out and index == len(lines) else None


def _content(rest: str) -> bool:
    return bool(rest) and not rest.startswith("#") and not rest.isspace()


Line = tuple[str, str, str, str]  # (indent, "-" or "", key or "", rest)


def _mapping(lines: list[Line], index: int, indent: int) -> tuple[dict[str, Any], int]:
    """Keys at exactly `indent`; each value inline or a block on the following lines."""
    out: dict[str, Any] = {}
    while index < len(lines):
        spaces, dash, key, rest = lines[index]
        if len(spaces) < indent or (dash and len(spaces) == indent):
            break  # the end of this mapping (or a sequence beside its key, handled above)
        if len(spaces) > indent or not key or key in out:
            raise _Bail
        index += 1
        if rest and rest[0] != "#":
            out[key] = _inline(rest)
        else:
            out[key], index = _block(lines, index, indent)
    return out, index


def _block(lines: list[Line], index: int, parent: int) -> tuple[Any, int]:
    """The value of a key written with nothing after its colon."""
    if index == len(lines):
        return None, index
    spaces, dash, key, _ = lines[index]
    indent = len(spaces)
    if dash and indent >= parent:
        return _sequence(lines, index, indent)
    if key and indent > parent:
        if parent:  # deeper than one level is libyaml's (and its depth limit's) to read
            raise _Bail
        return _mapping(lines, index, indent)
    if indent <= parent:
        return None, index  # an empty value: null
    raise _Bail


def _sequence(lines: list[Line], index: int, indent: int) -> tuple[list[Any], int]:
    """`- item` lines at exactly `indent`, each item a scalar on its own line."""
    items: list[Any] = []
    while index < len(lines):
        spaces, dash, _, rest = lines[index]
        if len(spaces) < indent or (len(spaces) == indent and not dash):
            break
        if len(spaces) != indent or not dash or not rest or rest[0] == "#":
            raise _Bail
        items.append(_inline(rest, flow=False))
        index += 1
    return items, index


def _inline(text: str, flow: bool = True) -> Any:
    """A value written on one line: a flow list of plain scalars, a quoted or plain scalar.
    `flow=False` (list items) refuses flow lists, keeping the subset small."""
    head = text[:1]
    if head == "{" and flow:
        end = text.find("}")
        _only_comment_after(text, end)
        return _flow_mapping(text[1:end])
    if head == "[" and flow:
        end = text.find("]")
        _only_comment_after(text, end)
        inner = text[1:end]
        if _FLOW_SPECIAL.search(inner):
            raise _Bail
        if not inner.strip():
            return []
        return [_plain(item.strip()) for item in inner.split(",")]
    if head == '"' or head == "'":
        end = text.find(head, 1)
        _only_comment_after(text, end)
        inner = text[1:end]
        if "\\" in inner:
            raise _Bail
        return inner
    cut = text.find(" #")
    return _plain(text.rstrip() if cut < 0 else text[:cut].rstrip())


def _flow_mapping(inner: str) -> dict[str, Any]:
    """`key: value, ...` with plain or quoted scalars or flow lists as values."""
    out: dict[str, Any] = {}
    position = 0
    if not inner.strip():
        return out
    while position < len(inner):
        match = _FLOW_ENTRY.match(inner, position)
        if match is None or match.group(1) in out or not match.group(2):
            raise _Bail
        out[match.group(1)] = _inline(match.group(2))
        position = match.end()
    return out


def _only_comment_after(text: str, end: int) -> None:
    if end < 0:
        raise _Bail
    after = text[end + 1 :]
    if after and not (after[0] == " " and after.lstrip().startswith("#")) and after.strip():
        raise _Bail


def _plain(text: str) -> Any:
    if not text or text[0] in _NOT_PLAIN_START or text[-1] == ":" or ": " in text:
        raise _Bail
    if text[0] not in MAYBE_TYPED:
        return text
    if len(text) == 10 and _DATE.fullmatch(text):  # every article has one: skip the resolver
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text  # as yamlsafe does for 2026-02-30
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return scalar_value(yaml.ScalarNode(tag, text), tag)
