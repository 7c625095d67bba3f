"""Lenient readers of raw front-matter values, for commands that show what is there.

`validate` judges an article; `list`, `preview` and `related` must still work on one that
is wrong, so they read each field through these and get an empty value, never an error.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def day(value: Any) -> date | None:
    """A date (a datetime's own calendar day), or None."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
