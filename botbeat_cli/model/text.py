"""Text that readers see: no control characters, no bidi overrides."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

# C0 and C1 controls (a line break is left to the field's own rule), and the bidi
# embeddings, overrides and isolates that make text read differently from what it is
# ("Trojan Source").
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain_text(value: str) -> str:
    """No control characters in text readers see (a YAML escape such as "\\e" writes one)."""
    found = _INVISIBLE.search(value)
    if found is not None:
        raise PydanticCustomError(
            "text-control",
            "{msg}",
            {
                "msg": f"contains the invisible control character U+{ord(found.group()):04X}; "
                "remove it"
            },
        )
    return value


Text = Annotated[str, AfterValidator(plain_text)]
