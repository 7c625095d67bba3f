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

# Names Windows will not create, with any extension: an article `con.md` cannot be checked
# out there, so a newsroom edited on Windows and Unix alike must not have one.
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in "0123456789"]
)


def make_slug(title: str) -> str:
    """python-slugify: ASCII, lowercase, at most 120 characters, cut at a word boundary."""
    from slugify import slugify

    return str(slugify(title, max_length=SLUG_MAX, word_boundary=True, save_order=True))


def slug_problem(text: str) -> str | None:
    """Why `text` cannot be a slug (an article's file name), or None."""
    if not is_slug(text):
        return f"'{text}' is not a slug: {SLUG_RULE}"
    if text in RESERVED:
        return f"'{text}' is a reserved file name on Windows"
    return None
