"""A day as editors write it, YYYY-MM-DD: one reading for the options, `new`'s prompt and the
front matter, so each refuses the same answers with the same reason."""

from __future__ import annotations

import re
from datetime import date

_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII: `\d` takes full-width digits


def day(text: str) -> date:
    """The day `text` names. A ValueError says which is wrong: the spelling ("2026/03/01",
    and "20260301", which Python's own parser takes) or the calendar ("2026-02-30")."""
    if not _SHAPE.fullmatch(text):
        raise ValueError(f"'{text}' is not a date: write YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a day of the calendar ({exc})") from None
