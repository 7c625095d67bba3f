"""Change one front-matter value and keep every other byte of the file.

The front matter is composed into nodes with their start and end offsets (libyaml: the
marks are exact and it is ten times faster than ruamel's pure-Python composer, which
matters when `related --write` touches 10,000 files); the new value, rendered in the style
of the old one (flow or block list, quoted or plain scalar; ruamel.yaml quotes any scalar
that needs it), is spliced over the old value's text. Comments, key order, quoting, blank
lines, line endings and the body stay exactly as they were, which a full re-dump cannot
promise. This is how pre-commit's `yaml_rewrite.py` edits configs, for the same reason.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Any

import yaml
from yaml.nodes import CollectionNode, MappingNode, ScalarNode, SequenceNode

from botbeat_cli.errors import BotbeatError
from botbeat_cli.store.frontmatter import Split, split
from botbeat_cli.store.quoting import ambiguous
from botbeat_cli.store.yamlsafe import FastLoader as _Loader  # libyaml, the fast resolver

_PLAIN_WORD = re.compile(r"[a-z][a-z0-9-]*")


def set_value(text: str, path: tuple[str, ...], value: Any) -> str:
    """`text` (a whole article) with the front-matter value at `path` replaced by `value`.

    A missing key is added at the end of its mapping; a missing parent mapping is added
    with it. Only the edited value's text changes: its new lines take the file's line
    ending, and every other line keeps its own (a mixed file stays mixed). Raises
    `BotbeatError` if the front matter cannot be edited safely (an anchor or alias on the
    way, a value that is not a mapping where one is needed).
    """
    parts = split(text)
    return _spliced(text, parts, [_edit(parts.front_matter, path, value)])


def set_values(text: str, edits: Sequence[tuple[tuple[str, ...], Any]]) -> str:
    """`set_value` for each (path, value) of `edits` in turn, with the front matter composed
    once when the edits are apart (`related --write` sets two lists in every file:
    bench/related_bench.py): each splice is found on the one composition and they are made
    from the last to the first. Edits that touch (two keys added to one mapping, one value
    inside another) are made one after another, on the text each leaves. Edits under one
    missing mapping are first merged into one insert of it (the first `related --write` of
    a newsroom adds `related:` with both lists to every file, which composed twice)."""
    if not edits:
        return text
    parts = split(text)
    node = _root(parts.front_matter)
    edits = _under_missing_merged(node, edits)
    splices = [_edit(parts.front_matter, path, value, node) for path, value in edits]
    ordered = sorted(splices)
    if any(a[1] >= b[0] for a, b in pairwise(ordered)):
        return set_values(_spliced(text, parts, splices[:1]), edits[1:])
    return _spliced(text, parts, ordered)


def _under_missing_merged(
    node: MappingNode, edits: Sequence[tuple[tuple[str, ...], Any]]
) -> Sequence[tuple[tuple[str, ...], Any]]:
    """`edits` with those whose paths meet a missing key above their own key merged into
    one edit of that key, a nested mapping in the edits' order: the bytes the edits make
    one after another (tests/store/test_rewrite.py), from one composition."""
    merged: dict[tuple[str, ...], Any] = {}
    groups: set[tuple[str, ...]] = set()  # the paths of the mappings made here
    leaves: set[tuple[str, ...]] = set()  # the paths given values in them
    for path, value in edits:
        missing = _missing_parent(node, path)
        if missing is None:
            if path in merged:
                return edits  # a path set twice, or set after edits nested under it
            merged[path] = value
            continue
        parent = path[: missing + 1]
        if parent in merged and parent not in groups:
            return edits  # a path both set and nested under: one after another
        groups.add(parent)
        nested = merged.setdefault(parent, {})
        for depth in range(missing + 1, len(path) - 1):
            if path[: depth + 1] in leaves:
                return edits  # nested under a value given by an earlier edit
            nested = nested.setdefault(path[depth], {})
        if path in leaves:
            return edits
        nested[path[-1]] = value
        leaves.add(path)
    return list(merged.items()) if len(merged) < len(edits) else edits


def _missing_parent(node: MappingNode, path: tuple[str, ...]) -> int | None:
    """The depth of the first key of `path` absent from the front matter, if it is not
    the last one (the key set itself); None when every parent is there or is not a
    mapping (which `_edit` reports)."""
    for depth, key in enumerate(path[:-1]):
        found = next((v for k, v in node.value if k.value == key), None)
        if found is None:
            return depth
        if not isinstance(found, MappingNode):
            return None
        node = found
    return None


def _spliced(text: str, parts: Split, splices: Sequence[tuple[int, int, str]]) -> str:
    """`text` with front-matter splices made, apart and in order, each in its line ending."""
    fm = parts.front_matter
    for start, end, piece in reversed(splices):
        if parts.newline == "\r\n":
            piece = piece.replace("\r\n", "\n").replace("\n", "\r\n")
        fm = fm[:start] + piece + fm[end:]
    return text[: parts.fm_start] + fm + text[parts.fm_end :]


def _root(text: str) -> MappingNode:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise BotbeatError(f"cannot edit the YAML: {exc}") from None
    if not isinstance(node, MappingNode):
        raise BotbeatError("cannot edit the YAML: it is not a mapping")
    return node


def _entry(node: MappingNode, path: tuple[str, ...]) -> tuple[Any, Any, MappingNode]:
    """(key node, value node, mapping holding them) at `path`; BotbeatError if absent."""
    for depth, key in enumerate(path):
        found = next(((k, v) for k, v in node.value if k.value == key), None)
        if found is None:
            raise BotbeatError(f"no '{'.'.join(path[: depth + 1])}' to edit")
        if depth == len(path) - 1:
            return found[0], found[1], node
        if not isinstance(found[1], MappingNode):
            raise BotbeatError(f"cannot edit '{'.'.join(path)}': '{key}' is not a mapping")
        node = found[1]
    raise AssertionError("unreachable: empty path")


def set_in_yaml(text: str, path: tuple[str, ...], value: Any) -> str:
    """The same edit as `set_value`, on a whole YAML document (botbeat.yaml)."""
    return _set(text, path, value)


def rename_key(text: str, path: tuple[str, ...], new_key: str) -> str:
    """Rename the key at `path` in place; its value, comments and position stay."""
    key_node, _, _ = _entry(_root(text), path)
    return text[: key_node.start_mark.index] + new_key + text[key_node.end_mark.index :]


def delete_key(text: str, path: tuple[str, ...]) -> str:
    """Remove the entry at `path` (block style: its lines; flow style: `key: value, `)."""
    key_node, value_node, mapping = _entry(_root(text), path)
    start, end = key_node.start_mark.index, _end(value_node)
    if mapping.flow_style:
        after = text[end:]
        stripped = after.lstrip(" ")
        if stripped.startswith(","):
            end += len(after) - len(stripped) + 1
            end += len(text[end:]) - len(text[end:].lstrip(" "))
        else:  # the last entry: take the comma before it instead
            before = text[:start].rstrip(" ")
            if before.endswith(","):
                start = len(before) - 1
        return text[:start] + text[end:]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[:line_start] + text[len(text) if line_end < 0 else line_end + 1 :]


def _set(fm: str, path: tuple[str, ...], value: Any) -> str:
    start, end, piece = _edit(fm, path, value)
    return fm[:start] + piece + fm[end:]


def _edit(
    fm: str, path: tuple[str, ...], value: Any, node: MappingNode | None = None
) -> tuple[int, int, str]:
    """The splice that sets `path` to `value`: (start, end, new text); `node`: `fm`
    composed, if it is already."""
    node = _root(fm) if node is None else node
    for depth, key in enumerate(path):
        found = next(((k, v) for k, v in node.value if k.value == key), None)
        if found is None:
            nested: Any = value
            for inner in reversed(path[depth + 1 :]):
                nested = {inner: nested}
            return _insert(fm, node, key, nested)
        _refuse_shared(fm, found[0], found[1], path[: depth + 1])
        if depth == len(path) - 1:
            if _scalar_block_list(found[1]) and isinstance(value, list):
                return _edit_list(fm, found[1], value)
            start, end = found[1].start_mark.index, _end(found[1])
            return start, end, _render_like(found[1], value, fm)
        if isinstance(found[1], ScalarNode) and found[1].tag.endswith(":null"):
            nested = value  # `related:` with nothing (valid): the mapping is written there
            for inner in reversed(path[depth + 1 :]):
                nested = {inner: nested}
            column = found[0].start_mark.column + 2
            after_colon = found[0].end_mark.index + 1
            return after_colon, _end(found[1]), "\n" + " " * column + _block(nested, column)
        if not isinstance(found[1], MappingNode):
            raise BotbeatError(f"cannot edit '{'.'.join(path)}': '{key}' is not a mapping")
        node = found[1]
    raise AssertionError("unreachable: empty path")


def _scalar_block_list(node: Any) -> bool:
    return (
        isinstance(node, SequenceNode)
        and not node.flow_style
        and bool(node.value)
        and all(isinstance(item, ScalarNode) for item in node.value)
    )


def _edit_list(fm: str, node: SequenceNode, new: list[Any]) -> tuple[int, int, str]:
    """A block list edited item by item: kept items keep their text, quoting and comments;
    a changed item keeps its style; only added items are rendered (an edit a reviewer
    reads as the lines it changes, as `tag add` and `tag rename` mean)."""
    from difflib import SequenceMatcher

    items: list[ScalarNode] = node.value
    pad = " " * node.start_mark.column
    dashes = [fm.rfind("-", 0, item.start_mark.index) for item in items]
    last_line_end = fm.find("\n", items[-1].end_mark.index)
    end = len(fm) if last_line_end < 0 else last_line_end
    units = []  # each item's text from its dash, with its comment and comment lines
    for index, dash in enumerate(dashes):
        stop = dashes[index + 1] if index + 1 < len(dashes) else end
        text = fm[dash:stop]
        if index + 1 < len(dashes):
            text = text[: len(text) - len(pad)].removesuffix("\n")
        units.append(text)
    old = [item.value for item in items]
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out += units[i1:i2]
        elif op == "replace" and i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                item, at = items[i], items[i].start_mark.index - dashes[i]
                size = items[i].end_mark.index - items[i].start_mark.index
                text = _dump_scalar(new[j], item.style)
                out.append(units[i][:at] + text + units[i][at + size :])
        elif op in ("insert", "replace"):
            out += [f"- {_flow(v)}" for v in new[j1:j2]]
    if not out:
        return node.start_mark.index, end, "[]"
    return dashes[0], end, ("\n" + pad).join(out)


_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]+")


def _refuse_shared(fm: str, key: Any, value: Any, path: tuple[str, ...]) -> None:
    """A value that is an alias (its node lies elsewhere) or that holds an anchor (other
    keys may alias it) cannot be edited in place without changing or breaking those keys."""
    start, end = value.start_mark.index, _end(value)
    alias = start < key.end_mark.index
    if alias or _ANCHOR.search(" " + fm[start:end]):
        raise BotbeatError(
            f"cannot edit '{'.'.join(path)}': its value is a YAML "
            f"{'alias' if alias else 'anchor (&) or holds an alias (*)'} shared with other "
            "keys; write the value out in full first"
        )


def _end(node: Any) -> int:
    """Where a value's own text ends: block collections end with their last item, not at
    the comments and blank lines that follow it."""
    if isinstance(node, CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _end(last[1] if isinstance(node, MappingNode) else last)
    return int(node.end_mark.index)


def _dump_scalar(value: Any, style: str | None = None) -> str:
    plain_word = isinstance(value, str) and _PLAIN_WORD.fullmatch(value)
    if plain_word and style is None and not ambiguous(value):
        return str(value)  # a slug or key: plain as it is (the common case, without ruamel)
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(value, str) and style == '"':
        value = DoubleQuotedScalarString(value)
    elif isinstance(value, str) and (style == "'" or ambiguous(value)):
        value = SingleQuotedScalarString(value)  # what YAML 1.1 would read otherwise
    dumper = YAML()
    dumper.width = 1_000_000
    buffer = io.StringIO()
    dumper.dump({"k": value}, buffer)
    text = buffer.getvalue()
    assert text.startswith("k: ")
    return text[3:].rstrip("\n")


_FLOW_UNSAFE = re.compile(r"[,\[\]{}#&*!|>'\"%@`]|: |^[-?:]|^\s|\s$")


def _flow(value: Any) -> str:
    if type(value) is str:
        return _flow_text(value)
    if isinstance(value, str) and _FLOW_UNSAFE.search(value):
        import json

        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML "..." scalar
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return _dump_scalar(value)


@lru_cache(maxsize=1 << 16)
def _flow_text(value: str) -> str:
    """A plain string in flow style, once per string: `related --write` renders the same
    slugs in list after list (100,000 files, 600,000 items: bench/related_bench.py)."""
    if _FLOW_UNSAFE.search(value):
        import json

        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML "..." scalar
    return _dump_scalar(value)


def _block(value: Any, indent: int) -> str:
    """A block collection whose first line starts where the old value started."""
    pad = " " * indent
    if isinstance(value, list):
        if not value:
            return "[]"
        return f"\n{pad}".join(f"- {_flow(item)}" for item in value)
    lines = []
    for key, item in value.items():
        if isinstance(item, dict) and item:
            lines.append(f"{key}:\n{pad}  " + _block(item, indent + 2))
        else:
            lines.append(f"{key}: {_flow(item)}")
    return f"\n{pad}".join(lines) if lines else "{}"


def _render_like(old: Any, value: Any, fm: str) -> str:
    if isinstance(old, ScalarNode) and not isinstance(value, (list, dict)):
        return _dump_scalar(value, old.style)
    if isinstance(old, CollectionNode) and not old.flow_style and isinstance(value, (list, dict)):
        if not value:
            return "[]" if isinstance(value, list) else "{}"
        return _block(value, old.start_mark.column)
    return _flow(value)


def _insert(fm: str, mapping: Any, key: str, value: Any) -> tuple[int, int, str]:
    """Add `key: value` as the last entry of `mapping`, indented like its other keys."""
    if mapping.flow_style:  # `{a: 1}` -> `{a: 1, key: value}`
        close = mapping.end_mark.index - 1
        separator = ", " if mapping.value else ""
        return close, close, f"{separator}{key}: {_flow(value)}"
    column = mapping.value[0][0].start_mark.column if mapping.value else 0
    pad = " " * column
    if isinstance(value, dict) and value:
        entry = f"{pad}{key}:\n{pad}  " + _block(value, column + 2)
    else:
        entry = f"{pad}{key}: {_flow(value)}"
    at = _end(mapping) if mapping.value else 0
    line_end = fm.find("\n", at)
    at = len(fm) if line_end < 0 else line_end + 1
    newline = "" if fm[:at].endswith("\n") or not fm[:at] else "\n"
    return at, at, newline + entry + "\n"
