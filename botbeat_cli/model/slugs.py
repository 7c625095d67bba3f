"""The slug rule shared by article file names and taxonomy keys."""

from __future__ import annotations

import re

SLUG_MIN, SLUG_MAX = 3, 120
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    return SLUG_MIN <= len(text) <= SLUG_MAX and _SLUG.fullmatch(text) is not None


SLUG_RULE = (
    f"lowercase ASCII letters, digits and single hyphens, {SLUG_MIN} to {SLUG_MAX} characters"
)
