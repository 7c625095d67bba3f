"""Safe YAML reading with the position of every key and value.

The read path of `validate` runs once per article, so it uses libyaml's composer (PyYAML's
C parser) and builds plain Python data itself from the node tree:

- no tag ever constructs a Python object: only the core YAML tags are accepted;
- duplicate keys are errors, reported at the second key with the line of the first;
- aliases are followed with a budget, so an alias bomb ends quickly with an error;
- scalars follow YAML 1.2 (as ruamel.yaml, our writer, does): `yes`/`no`/`on`/`off` stay
  strings, so a title of "No" is not silently a boolean.

Tradeoffs: building the data here (instead of PyYAML's constructor) costs one tree walk, and
buys positions, duplicate detection and the tag whitelist in that same walk.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import yaml

from botbeat_cli.store.places import place
from botbeat_cli.store.problems import ReadProblem

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Path = tuple[Hashable, ...]

MAX_NODES = 50_000
MAX_DEPTH = 64

_T = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP = (
    _T + "str",
    _T + "null",
    _T + "bool",
    _T + "int",
    _T + "float",
    _T + "timestamp",
)
_SEQ, _MAP = _T + "seq", _T + "map"
_KEY_TAGS = frozenset((_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP, _T + "merge", _T + "value"))
_INT_RE = re.compile(r"[-+]?[0-9]+")
_FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf")}
_timestamp_ctor = yaml.constructor.SafeConstructor()
# Plain scalars starting with anything else are strings; only these can resolve to another
# core type (numbers, booleans, null, timestamps, .inf/.nan, `~`, merge `<<`, `=`).
MAYBE_TYPED = frozenset("0123456789+-.~<=nNtTfFyYoO")


class FastLoader(_BaseLoader):
    """libyaml's parser and composer with a faster tag resolver.

    PyYAML's resolver runs a Python regex loop for every scalar; most front-matter scalars
    are text, which one character tells apart. Everything else takes the full resolver.
    """

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and (not value or value[0] in MAYBE_TYPED):
                return self._full_resolve(kind, value, implicit)
            return (
                _STR if (implicit[0] or implicit[1]) else self._full_resolve(kind, value, implicit)
            )
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def _full_resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


class YamlProblem(ReadProblem):
    """The YAML cannot be read; `line`/`col` are 1-based in the caller's coordinates."""


class Positions:
    """Where each key and value stands, by path (`("source", "url")`, `("topics", 2)`).

    Looked up on demand from the composed node tree: most files have no problem to point
    at, so building a table of every position up front would be wasted work.
    """

    __slots__ = ("_keys", "_offset", "_root", "_source", "_text")

    def __init__(
        self,
        root: yaml.Node | None = None,
        offset: int = 0,
        text: str | None = None,
        source: str | None = None,
    ) -> None:
        self._root = root
        self._offset = offset
        self._text = text  # composed on the first question when no tree was built
        self._source = source  # the text, kept when it has aliases (see of_value)
        self._keys: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = {}

    def _tree(self) -> yaml.Node | None:
        if self._text is not None:
            text, self._text = self._text, None
            try:
                self._root = yaml.compose(text, Loader=FastLoader)
            except (yaml.YAMLError, RecursionError):  # read by the fast reader: no tree
                self._root = None
        return self._root

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self._offset, node.start_mark.column + 1)

    def _find(self, path: Path) -> tuple[yaml.Node | None, yaml.Node | None, int]:
        """(key node, value node, how many path parts were found)."""
        key_node, node = None, self._tree()
        for depth, part in enumerate(path):
            if isinstance(node, yaml.MappingNode):
                found = self._key_index(node).get(part)
                if found is None:
                    return key_node, node, depth
                key_node, node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return key_node, node, depth
                key_node, node = None, node.value[part]
            else:
                return key_node, node, depth
        return key_node, node, len(path)

    def _key_index(self, node: yaml.MappingNode) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
        """A mapping's keys, indexed on first use: a file with 60,000 unknown keys asks
        for 60,000 positions, which a scan per question made quadratic."""
        index = self._keys.get(id(node))
        if index is None:
            index = {}
            for key, value in node.value:
                index.setdefault(key.value, (key, value))
            self._keys[id(node)] = index
        return index

    def _alias_key(self, path: Path) -> yaml.Node | None:
        """The last key on `path` whose value is an alias (its node starts before it)."""
        found = None
        for depth in range(1, len(path) + 1):
            key, node, reached = self._find(path[:depth])
            if reached < depth:
                break
            if key is not None and node is not None and node.start_mark.index < key.end_mark.index:
                found = key
        return found

    def of_value(self, path: Path) -> tuple[int, int]:
        """The value at `path`, else the closest enclosing one that exists. A value that is
        an alias is shown at the alias (`*name`), not at the anchor it repeats."""
        quick = self._on_its_line(path)
        if quick is not None:
            return quick
        _, node, _ = self._find(path)
        if node is None:
            return (1 + self._offset, 1)
        source = self._source
        key = self._alias_key(path) if source else None
        if source and key is not None:
            star = source.find("*", key.end_mark.index)
            if star >= 0:
                line, col = place(source, star)
                return (line + self._offset, col)
        return self._mark(node)

    def _on_its_line(self, path: Path) -> tuple[int, int] | None:
        """A top-level key's value, or a value one mapping down (`source.url`), that starts
        on its key's line, read off a text of the fast reader's subset (not yet composed:
        `fastyaml.load_fast`), where such a line is `key: value` and keys are unique: a
        newsroom-wide rule points at the titles of hundreds of files
        (bench/validate_bench.py, alike), each composed for it before. None for anything
        else (the tree answers)."""
        text = self._text
        if text is not None and len(path) == 3 and isinstance(path[2], int):
            return self._in_flow(text, path)
        if text is None or not 1 <= len(path) <= 2 or not all(isinstance(k, str) for k in path):
            return None
        if len(path) == 1:
            found = re.search(f"^{re.escape(str(path[0]))}:( +)([^ #\n])", text, re.M)
        else:  # a key of a block mapping under a top-level key (`source:` / `  url: ...`)
            found = self._under(text, str(path[0]), str(path[1]))
        if found is None:
            return None
        line, col = place(text, found.start(2))
        return (line + self._offset, col)

    def _in_flow(self, text: str, path: Path) -> tuple[int, int] | None:
        """Item `path[2]` of a one-line flow sequence one mapping down (`related:` /
        `  suggested: [a, b]`), where `related-unknown` points; None for any other shape."""
        parent, key, index = path
        if not (isinstance(parent, str) and isinstance(key, str) and isinstance(index, int)):
            return None
        found = self._under(text, parent, key)
        if found is None or found.group(2) != "[":
            return None
        opened = found.start(2) + 1
        line_end = text.find("\n", opened)
        closed = text.find("]", opened, len(text) if line_end < 0 else line_end)
        inside = text[opened:closed]
        if closed < 0 or any(c in inside for c in "[]{}'\"#&*!|>%@`"):
            return None  # the fast reader's flows hold plain words: anything else, the tree
        items = inside.split(",")
        if not 0 <= index < len(items) or not all(item.strip() for item in items):
            return None  # out of range (the tree names the list), or an empty item
        starts, at = [], opened
        for item in items:
            starts.append(at + len(item) - len(item.lstrip(" ")))
            at += len(item) + 1
        line, col = place(text, starts[index])
        return (line + self._offset, col)

    @staticmethod
    def _under(text: str, parent: str, key: str) -> re.Match[str] | None:
        """`key: value` in the block mapping of top-level `parent:` (a line of its own),
        at the indent of that mapping's first line: `duplicate-source` points at
        `source.url` in thousands of files, each composed for it before."""
        head = re.search(f"^{re.escape(parent)}:[ ]*\n", text, re.M)
        if head is None:
            return None
        first = _INDENTED.match(text, head.end())
        if first is None:
            return None
        block_end = _TOP_LEVEL.search(text, head.end())
        end = block_end.start() if block_end else len(text)
        child = re.compile(f"^{first.group(1)}{re.escape(key)}:( +)([^ #\n])", re.M)
        return child.search(text, head.end(), end)

    def of_key(self, path: Path) -> tuple[int, int]:
        """The key at the end of `path` (for unknown keys), else as `of_value`."""
        key_node, node, depth = self._find(path)
        if depth == len(path) and key_node is not None:
            return self._mark(key_node)
        return self._mark(node) if node is not None else (1 + self._offset, 1)


@dataclass(slots=True)
class Loaded:
    data: Any
    positions: Positions


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def refuse_control(text: str, line_offset: int = 0) -> None:
    """A raw control character (ESC, BEL, C1...) is not YAML; PyYAML and ruamel refuse the
    whole document, so say where it is instead of accepting it here and failing there."""
    found = _CONTROL.search(text)
    if found is None:
        return
    line, col = place(text, found.start())
    code = ord(found.group())
    raise YamlProblem(
        "yaml-control-character",
        f"a raw control character (U+{code:04X}) is not allowed in YAML; delete it, or write "
        "it as an escape inside double quotes",
        line + line_offset,
        col,
    )


_INDENTED = re.compile(r"^( +)[^ #\n]", re.M)  # a line of content under a key
_TOP_LEVEL = re.compile(r"^[^ \n]", re.M)  # a line at column 0: the block above has ended


def _line(text: str, line: int) -> str:
    """Line `line` (0-based) of `text`, without its line ending ("" past the end)."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if not start:
            return ""
    end = text.find("\n", start)
    return text[start : len(text) if end < 0 else end].rstrip("\r")


def _at(text: str, line: int, col: int) -> str:
    """The character at a 0-based line and column of `text` ("" past its end)."""
    return _line(text, line)[col : col + 1]


_KEY_LINE = re.compile(r"( *(?:- +)?)([A-Za-z_][A-Za-z0-9_-]*): +(.*?) *")


def _colon_in_value(text: str, line: int, col: int) -> str:
    """libyaml's "mapping values are not allowed here" is, in a front matter, nearly
    always a headline with a colon (`title: OpenAI: the launch`), else a `key: value` line
    indented under a line that has its value already: say which, with the fix."""
    found = _KEY_LINE.fullmatch(_line(text, line))
    if found is not None and col == found.end(2):  # the line's own key: it continues a value
        return (
            f"'{found.group(2)}:' is indented under a line that has its value already, so "
            "YAML reads this line as more of that value: line its key up with the others"
        )
    said = "a ': ' inside a value, which YAML reads as the start of another key"
    if found is None:
        return f"{said}: put the whole value in quotes"
    dash, key, value = found.groups()
    item = "- " if dash.strip() else ""
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{said}: put the whole value in quotes ({item}{key}: "{quoted}")'


def _in_words(exc: yaml.MarkedYAMLError, text: str, line: int, col: int, offset: int) -> str:
    """libyaml's message, or for the syntax errors an editor makes on day one (a tab, a
    colon in a headline, a `- item` among keys and the reverse) what to change."""
    problem = exc.problem or ""
    since = f" (from line {exc.context_mark.line + 1 + offset})" if exc.context_mark else ""
    if _at(text, line, col) == "\t":  # libyaml's words for it say nothing of a tab
        return "a tab here: YAML indents with spaces, not tabs; replace the tab with spaces"
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_value(text, line, col)
    if problem.startswith("did not find expected key") and _at(text, line, col) == "-":
        return (  # `topics:` holding `key: {...}` lines, and then a `- item`
            f"a list item ('- ') among keys: this block{since} holds `key: value` lines; "
            "write it as a key and its value, or remove the '- '"
        )
    if problem.startswith("did not find expected '-' indicator"):
        return (
            f"a line without '- ' among list items: this list{since} holds '- ' lines; "
            "start it with '- ', or indent it as the others if it continues one"
        )
    what = problem or exc.context or "invalid YAML"
    if exc.problem and exc.context and exc.context_mark:
        what += f" ({exc.context} at line {exc.context_mark.line + 1 + offset})"
    return f"YAML syntax error: {what}"


def load(text: str, line_offset: int = 0) -> Loaded:
    """Parse one YAML document; positions are shifted by `line_offset` lines, 1-based."""
    refuse_control(text, line_offset)
    try:
        node = yaml.compose(text, Loader=FastLoader)
    except yaml.MarkedYAMLError as exc:
        if exc.problem and "nesting depth" in exc.problem:  # libyaml >= 0.2.5's own limit
            stop = exc.problem_mark.index if exc.problem_mark else len(text)
            raise _too_deep(text, line_offset, stop) from None
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line, mark.column) if mark else (0, 0)
        what = _in_words(exc, text, line, col, line_offset)
        raise YamlProblem("yaml-syntax", what, line + 1 + line_offset, col + 1) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", f"YAML error: {exc}", 1 + line_offset, 1) from None
    except RecursionError:
        raise YamlProblem("yaml-too-large", "YAML nested too deeply", 1 + line_offset, 1) from None
    if node is None:
        return Loaded(None, Positions(None, line_offset))
    data = _Walker(line_offset, aliased="*" in text).build(node, 0)
    return Loaded(data, Positions(node, line_offset, source=text if "*" in text else None))


def _too_deep(text: str, offset: int, stop: int) -> YamlProblem:
    """Where a value first stands more than MAX_DEPTH levels deep, as `_Walker` says it.

    Recent libyaml refuses deep nesting itself, at its own deeper limit (`stop`, the index
    where it gave up) and before yielding the events up to there; the text before `stop`
    yields them, so the message and its place are the same on every PyYAML.
    """
    open_: list[list[int]] = []  # per open collection: [is a mapping, nodes seen in it]
    try:
        for event in yaml.parse(text[:stop], Loader=FastLoader):
            if isinstance(event, yaml.CollectionEndEvent):
                open_.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            is_key = bool(open_) and open_[-1][0] == 1 and open_[-1][1] % 2 == 0
            if open_:
                open_[-1][1] += 1
            if len(open_) > MAX_DEPTH and not is_key:  # keys are not walked as values
                mark = event.start_mark
                line, col = (mark.line, mark.column) if mark else (0, 0)
                return YamlProblem(
                    "yaml-too-large",
                    f"the YAML nests values more than {MAX_DEPTH} levels deep",
                    line + 1 + offset,
                    col + 1,
                )
            if isinstance(event, yaml.CollectionStartEvent):
                open_.append([int(isinstance(event, yaml.MappingStartEvent)), 0])
    except yaml.YAMLError:
        pass
    return YamlProblem("yaml-too-large", "YAML nested too deeply", 1 + offset, 1)


class _Walker:
    __slots__ = ("aliased", "budget", "offset")

    def __init__(self, offset: int, aliased: bool = True) -> None:
        self.offset = offset
        self.budget = MAX_NODES
        self.aliased = aliased

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + 1 + self.offset, mark.column + 1)

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0 or depth > MAX_DEPTH:
            line, col = self._pos(node)
            why = (
                f"YAML expands to more than {MAX_NODES:,} values or {MAX_DEPTH} levels "
                "(an alias bomb?); remove the anchors and aliases"
                if self.aliased
                else f"the YAML has more than {MAX_NODES:,} values: far more than front "
                "matter needs"
                if self.budget < 0
                else f"the YAML nests values more than {MAX_DEPTH} levels deep"
            )
            raise YamlProblem("yaml-too-large", why, line, col)
        tag = node.tag
        if tag == _STR and type(node) is yaml.ScalarNode:
            return node.value
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, tag)
        if tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        if tag == _MAP and isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        return self._refuse_tag(node)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        key_nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = self._pos(key_node)
                raise YamlProblem(
                    "yaml-syntax", "a key must be a plain name, not a list or mapping", line, col
                )
            if key_node.tag not in _KEY_TAGS:
                self._refuse_tag(key_node)
            key: str = key_node.value
            if key in out:
                line, col = self._pos(key_node)
                first = self._pos(key_nodes[key])[0]
                raise YamlProblem(
                    "yaml-duplicate-key",
                    f"duplicate key '{key}' (first at line {first}); keep one of them",
                    line,
                    col,
                )
            key_nodes[key] = key_node
            out[key] = self.build(value_node, depth + 1)
        return out

    def _scalar(self, node: yaml.ScalarNode, tag: str) -> Any:
        try:
            return scalar_value(node, tag)
        except _UnknownTag:
            return self._refuse_tag(node)

    def _refuse_tag(self, node: yaml.Node) -> Any:
        line, col = self._pos(node)
        tag = node.tag.replace(_T, "!!")
        raise YamlProblem(
            "yaml-tag", f"YAML tag '{tag}' is not allowed; write a plain value", line, col
        )


class _UnknownTag(Exception):
    pass


def scalar_value(node: yaml.ScalarNode, tag: str) -> Any:
    """A scalar's value by YAML 1.2 rules; `_UnknownTag` for anything but the core tags."""
    value: str = node.value
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        lowered = value.lower()
        return lowered == "true" if lowered in ("true", "false") else value
    if tag == _INT:
        if not _INT_RE.fullmatch(value):
            return value
        try:
            return int(value)
        except ValueError:  # more digits than Python converts (sys.int_info): keep the text
            return value
    if tag == _FLOAT:
        if value.lower() in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value.lower()]
        return float(value) if _FLOAT_RE.fullmatch(value) else value
    if tag == _TIMESTAMP:
        try:
            return _timestamp_ctor.construct_yaml_timestamp(node)
        except (ValueError, TypeError):
            return value  # e.g. 2026-02-30: left to the model to report as a bad date
    raise _UnknownTag(tag)
