"""Which strings must be quoted when botbeat writes YAML, so that every reader gets the
same string back.

botbeat reads YAML 1.2 (where `No` is a string), but PyYAML, python-frontmatter and many
site generators read YAML 1.1, where a plain `No`, `on`, `y`, `~`, `0777`, `1_000`,
`12:30` (sexagesimal) or `2026-01-01` is not a string (issue 10: `new --takeaway No` was
read back as False). Every writer quotes a string that a YAML 1.1 reader would resolve
to anything else; what YAML 1.2 itself needs quoted, ruamel.yaml quotes.
"""

from __future__ import annotations

from functools import cache

import yaml
from yaml.nodes import ScalarNode

_STR = "tag:yaml.org,2002:str"
# YAML 1.1's booleans and null in every case, beyond the casings PyYAML knows (`yEs`).
_WORDS = frozenset("y n yes no on off true false null ~".split())


@cache
def _resolver() -> yaml.resolver.Resolver:
    return yaml.resolver.Resolver()


def ambiguous(text: str) -> bool:
    """Whether a plain `text` would not be read as this string by a YAML 1.1 reader."""
    if text.lower() in _WORDS:
        return True
    tag = _resolver().resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag != _STR)
