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
from typing import Any

import yaml

from botbeat_cli.store.yamlsafe import MAYBE_TYPED, scalar_value

_LINE = re.compile(r"( *)(?:(-)(?: +|$)|([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)")
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_SPECIAL = re.compile(r"[\[\]{}'\"#]")
_resolver = yaml.resolver.Resolver()


class _Bail(Exception):
    """Not in the subset: let libyaml read it."""


def parse_simple(text: str) -> dict[str, Any] | None:
    """The front matter as plain data, or None when it is not in the simple subset."""
    if "\t" in text or "\r" in text:
        return None
    try:
        return _document(text.split("\n")) or None
    except _Bail:
        return None


def _document(lines: list[str]) -> dict[str, Any]:
    out, index = _mapping(lines, 0, 0)
    if index < len(lines):
        raise _Bail
    return out


def _next_content(lines: list[str], index: int) -> int:
    """The index of the next line that is neither blank nor a comment (or len(lines))."""
    while index < len(lines):
        line = lines[index]
        if line and not line.isspace() and not line.lstrip().startswith("#"):
            return index
        index += 1
    return index


def _mapping(lines: list[str], index: int, indent: int) -> tuple[dict[str, Any], int]:
    """Keys at exactly `indent`; each value inline or a block on the following lines."""
    out: dict[str, Any] = {}
    while (index := _next_content(lines, index)) < len(lines):
        match = _LINE.match(lines[index])
        assert match is not None  # every group is optional
        spaces, dash, key, rest = match.groups()
        if len(spaces) < indent or (dash is not None and len(spaces) == indent):
            break  # the end of this mapping (or a sequence beside its key, handled above)
        if len(spaces) > indent or key is None or key in out:
            raise _Bail
        index += 1
        if rest and not rest.startswith("#"):
            out[key] = _inline(rest)
        else:
            out[key], index = _block(lines, index, indent)
    return out, index


def _block(lines: list[str], index: int, parent: int) -> tuple[Any, int]:
    """The value of a key written with nothing after its colon."""
    start = _next_content(lines, index)
    if start == len(lines):
        return None, start
    match = _LINE.match(lines[start])
    assert match is not None
    spaces, dash, key, _ = match.groups()
    indent = len(spaces)
    if dash is not None and indent >= parent:
        return _sequence(lines, start, indent)
    if key is not None and indent > parent:
        return _mapping(lines, start, indent)
    if indent <= parent:
        return None, index  # an empty value: null
    raise _Bail


def _sequence(lines: list[str], index: int, indent: int) -> tuple[list[Any], int]:
    """`- item` lines at exactly `indent`, each item a scalar on its own line."""
    items: list[Any] = []
    while (index := _next_content(lines, index)) < len(lines):
        match = _LINE.match(lines[index])
        assert match is not None
        spaces, dash, _, rest = match.groups()
        if len(spaces) < indent or (len(spaces) == indent and dash is None):
            break
        if len(spaces) != indent or dash is None or not rest or rest.startswith("#"):
            raise _Bail
        items.append(_inline(rest, flow=False))
        index += 1
    return items, index


def _inline(text: str, flow: bool = True) -> Any:
    """A value written on one line: a flow list of plain scalars, a quoted or plain scalar.
    `flow=False` (list items) refuses flow lists, keeping the subset small."""
    head = text[:1]
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
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return scalar_value(yaml.ScalarNode(tag, text), tag)
