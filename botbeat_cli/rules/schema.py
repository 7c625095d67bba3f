"""Pydantic validation errors as positioned diagnostics, with did-you-mean for unknown keys."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Hashable
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from botbeat_cli.diagnostics import MAX_PER_FILE, Diagnostic, too_many
from botbeat_cli.didyoumean import did_you_mean
from botbeat_cli.rules import diagnose
from botbeat_cli.store.yamlsafe import Positions

Loc = tuple[Hashable, ...]


def diagnostics_from_validation(
    exc: ValidationError, positions: Positions, path: str, model: type[BaseModel]
) -> list[Diagnostic]:
    """One diagnostic per error; the first `HINTS` get a did-you-mean (a front matter with
    60,000 unknown keys must not cost 60,000 of them: bench/hostile_bench.py)."""
    errors = _one_per_union(exc.errors())
    found = [
        _diagnostic(error, positions, path, model, index < HINTS)
        for index, error in enumerate(errors[:MAX_PER_FILE])
    ]
    if len(errors) > MAX_PER_FILE:
        found.append(too_many(path, len(errors) - MAX_PER_FILE))
    return found


HINTS = 20

# The errors of a value's type: a value that fits no member of a union has one per member.
_TYPE_ERRORS = frozenset(
    "string_type model_type dict_type list_type int_type int_parsing float_type "
    "float_parsing bool_type bool_parsing literal_error".split()
)


def _one_per_union(errors: list[Any]) -> list[Any]:
    """A value that fits no member of a union (`sources: {x.com: [X]}` for `str |
    HostRule`) is reported by Pydantic once per member, each at a loc ending in the
    member's name (`sources.x.com.str`, `sources.x.com.HostRule`): one error here, at the
    value, naming every member it could have been. Members are recognised as consecutive
    type errors of different kinds on the same input object at the same parent loc."""
    errors = _members_beside(errors)
    out: list[Any] = []
    index = 0
    while index < len(errors):
        first = errors[index]
        group = [first]
        while index + len(group) < len(errors):
            other = errors[index + len(group)]
            if not (
                len(first["loc"]) >= 2
                and len(other["loc"]) == len(first["loc"])
                and tuple(other["loc"][:-1]) == tuple(first["loc"][:-1])
                and other.get("input") is first.get("input")
                and other["type"] in _TYPE_ERRORS
                and first["type"] in _TYPE_ERRORS
                and other["type"] not in {e["type"] for e in group}
            ):
                break
            group.append(other)
        if len(group) > 1:
            members = [_member(e) for e in group]
            out.append(
                {
                    "type": "union_type",
                    "loc": tuple(first["loc"][:-1]),
                    "msg": f"Input should be {' or '.join(members)}",
                    "input": first.get("input"),
                    "ctx": {"members": members},
                }
            )
        else:
            out.append(first)
        index += len(group)
    return out


def _members_beside(errors: list[Any]) -> list[Any]:
    """`errors` without a union member's type error (`sources.x.com.str` for `{lable: X}`)
    where another member took the same mapping and found what is wrong inside it
    (`sources.x.com.HostRule.lable`, an unknown key): that one is the error to show. One
    pass over the locs, so thousands of errors stay linear (bench/hostile_bench.py)."""
    inside: dict[tuple[Any, ...], set[Any]] = {}  # (parent loc, key in the value) -> members
    for error in errors:
        loc = tuple(error["loc"])
        for depth in range(1, len(loc) - 1):
            inside.setdefault((loc[:depth], loc[depth + 1]), set()).add(loc[depth])
    if not inside:
        return errors

    def beside(error: Any) -> bool:
        loc, given = tuple(error["loc"]), error.get("input")
        if error["type"] not in _TYPE_ERRORS or len(loc) < 2 or not isinstance(given, dict):
            return False
        return any(inside.get((loc[:-1], key), set()) - {loc[-1]} for key in given)

    return [error for error in errors if not beside(error)]


def _member(error: Any) -> str:
    """What a union member asks for, in an editor's words."""
    kind = error["type"]
    if kind == "string_type":
        return "text"
    if kind in ("model_type", "dict_type"):
        return "keys on indented lines under it"
    if kind == "list_type":
        return "a list"
    if kind.startswith(("int_", "float_")):
        return "a number"
    if kind.startswith("bool_"):
        return "true or false"
    return str(error["loc"][-1])


def _diagnostic(
    error: Any, positions: Positions, path: str, model: type[BaseModel], hint: bool = True
) -> Diagnostic:
    loc: Loc = tuple(error["loc"])
    kind: str = error["type"]
    ctx = error.get("ctx") or {}
    if "index" in ctx:
        loc = (*loc, ctx["index"])
    name = ".".join(str(part) for part in loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = known_keys(model, loc[:-1])
        line, col = positions.of_key(loc)
        message = f"unknown key '{key}'{did_you_mean(key, known) if hint else ''}"
        if known:
            message += f"; known keys here: {', '.join(known)}"
        return diagnose("unknown-key", path, line, col, message)
    if kind == "missing":
        parent = loc[:-1]
        line, col = positions.of_key(parent) if parent else (1, 1)
        return diagnose("missing-field", path, line, col, f"required field '{name}' is missing")
    if loc and loc[-1] == "[key]":  # a dict key failed (e.g. a taxonomy key that is no slug)
        line, col = positions.of_key(loc[:-1])
    else:
        line, col = positions.of_value(loc)
    if "msg" in ctx and kind[0].islower() and "-" in kind:  # one of our own rule errors
        return diagnose(kind, path, line, col, str(ctx["msg"]))
    said = _in_our_words(kind, name, error.get("input"), ctx, model, loc)
    return diagnose("schema-type", path, line, col, said or f"'{name}': {error['msg']}")


# What YAML makes of an unquoted value that is not text; bool before int (a subclass).
_YAML_READS: tuple[tuple[type, str], ...] = (
    (bool, "a boolean (true or false)"),
    (int, "a number"),
    (float, "a number"),
    (date, "a date"),  # and a datetime
)


def _in_our_words(
    kind: str, name: str, given: Any, ctx: dict[str, Any], model: type[BaseModel], loc: Loc
) -> str | None:
    """Pydantic's "Input should be a valid list" as an editor's fix, for the types a
    front matter gets wrong on day one (`topics: LLMs`, `title: 1984`, `status:
    Published`); None: pydantic's own words."""
    if kind == "string_type":
        if given is None:
            return f"'{name}' is empty: write the text after the colon"
        reads = next((what for t, what in _YAML_READS if isinstance(given, t)), None)
        if reads is not None:
            return (
                f"'{name}' must be text, and YAML reads {_shown(given)} as {reads}: put it "
                f'in quotes ("{_shown(given)}")'
            )
        if isinstance(given, dict) and len(given) == 1:  # `- OpenAI says: it ships`
            return (
                f"'{name}' must be text, and YAML reads it as a key and a value (the ': ' in "
                "it): put the whole text in quotes"
            )
        return f"'{name}' must be text, not {_what(given)}"
    if kind == "list_type":
        return (
            f"'{name}' must be a list, not {_what(given)}: one '- ' line per item under it, "
            "or [a, b] on one line"
        )
    if kind in ("model_type", "dict_type"):
        keys = known_keys(model, loc)
        inside = f" ({', '.join(keys)})" if keys else ""
        return f"'{name}' must be keys{inside} on indented lines under it, not {_what(given)}"
    if kind == "union_type":
        return f"'{name}' must be {' or '.join(ctx['members'])}, not {_what(given)}"
    if kind == "literal_error" and isinstance(given, str):
        choices = re.findall(r"'((?:[^'\\]|\\.)*)'", str(ctx.get("expected", "")))
        if choices:
            return (
                f"'{name}' is '{given}'{did_you_mean(given, choices)}; it is one of: "
                f"{', '.join(choices)}"
            )
    return None


def _what(given: Any) -> str:
    """An editor's word for the YAML value `given`, shown if short."""
    if isinstance(given, list):
        return "a list"
    if isinstance(given, dict):
        return "keys and values"
    if given is None:
        return "empty"
    shown = _shown(given)
    return f"'{shown}'" if len(shown) <= 40 else "one value"


def _shown(given: Any) -> str:
    if isinstance(given, bool):
        return "true" if given else "false"
    return given.isoformat() if isinstance(given, date) else str(given)


def known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at `loc` inside `model`, following dicts, lists and options."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        else:
            args = typing.get_args(current)
            current = args[-1] if args else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and `X | None` down to the type that holds the keys."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation
