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
from typing import Any

import yaml
from yaml.nodes import CollectionNode, MappingNode, ScalarNode

from botbeat_cli.errors import BotbeatError
from botbeat_cli.store.frontmatter import split
from botbeat_cli.store.quoting import ambiguous

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_PLAIN_WORD = re.compile(r"[a-z][a-z0-9-]*")


def set_value(text: str, path: tuple[str, ...], value: Any) -> str:
    """`text` (a whole article) with the front-matter value at `path` replaced by `value`.

    A missing key is added at the end of its mapping; a missing parent mapping is added
    with it. Raises `BotbeatError` if the front matter cannot be edited safely.
    """
    parts = split(text)
    fm = parts.front_matter.replace("\r\n", "\n")
    edited = _set(fm, path, value)
    if parts.newline == "\r\n":
        edited = edited.replace("\n", "\r\n")
    return text[: parts.fm_start] + edited + text[parts.fm_end :]


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
    node = _root(fm)
    for depth, key in enumerate(path):
        found = next((v for k, v in node.value if k.value == key), None)
        if found is None:
            nested: Any = value
            for inner in reversed(path[depth + 1 :]):
                nested = {inner: nested}
            return _insert(fm, node, key, nested)
        if depth == len(path) - 1:
            start, end = found.start_mark.index, _end(found)
            rendered = _render_like(found, value, fm)
            return fm[:start] + rendered + fm[end:]
        if not isinstance(found, MappingNode):
            raise BotbeatError(f"cannot edit '{'.'.join(path)}': '{key}' is not a mapping")
        node = found
    raise AssertionError("unreachable: empty path")


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
    if isinstance(value, str) and _FLOW_UNSAFE.search(value):
        import json

        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML "..." scalar
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
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


def _insert(fm: str, mapping: Any, key: str, value: Any) -> str:
    """Add `key: value` as the last entry of `mapping`, indented like its other keys."""
    if mapping.flow_style:  # `{a: 1}` -> `{a: 1, key: value}`
        close = mapping.end_mark.index - 1
        separator = ", " if mapping.value else ""
        return fm[:close] + f"{separator}{key}: {_flow(value)}" + fm[close:]
    column = mapping.value[0][0].start_mark.column if mapping.value else 0
    pad = " " * column
    if isinstance(value, dict) and value:
        entry = f"{pad}{key}:\n{pad}  " + _block(value, column + 2)
    else:
        entry = f"{pad}{key}: {_flow(value)}"
    at = _end(mapping) if mapping.value else 0
    line_end = fm.find("\n", at)
    at = len(fm) if line_end < 0 else line_end + 1
    prefix = fm[:at] if fm[:at].endswith("\n") or not fm[:at] else fm[:at] + "\n"
    return prefix + entry + "\n" + fm[at:]
