"""How hard the property and kill tests push. In CI (`$CI` set, as `.ci/run` and CI services
do) every property runs its full number of examples and the kill tests their full newsroom;
a local run takes a lighter pass of the same tests so the suite stays quick while editing.
`CI=1 python -m pytest` runs the full depth anywhere."""

from __future__ import annotations

import os

THOROUGH = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def examples(thorough: int) -> int:
    """Hypothesis examples for a property: all of them in CI, a sixth (at least 60) locally."""
    return thorough if THOROUGH else max(60, thorough // 6)


def scaled(thorough: int, local: int) -> int:
    """A size or a count: `thorough` in CI, `local` otherwise."""
    return thorough if THOROUGH else local
