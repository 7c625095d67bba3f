"""Progress shown on stderr while a whole-newsroom step runs, only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Start = Callable[[int], Callable[[], None]]


@contextmanager
def spinner(what: str) -> Iterator[None]:
    """A spinner while a step whose length is unknown runs."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(what + "…"):
        yield


@contextmanager
def bar(label: str) -> Iterator[Start | None]:
    """A progress bar; yields `start(total) -> advance`, or None off a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:

        def start(total: int) -> Callable[[], None]:
            task = progress.add_task(label, total=total)
            return lambda: progress.advance(task)

        yield start


class _Tally:
    """A bar whose total grows as work is found (`sources`: URLs found while reading)."""

    def __init__(self, progress: Any, label: str) -> None:
        self.progress = progress
        self.task = progress.add_task(label, total=0)
        self.total = 0

    def add(self) -> None:
        self.total += 1
        self.progress.update(self.task, total=self.total)

    def advance(self) -> None:
        self.progress.advance(self.task)


@contextmanager
def tally(label: str) -> Iterator[_Tally | None]:
    """A progress bar told of each piece of work as it is found and as it is done; None
    off a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        yield _Tally(progress, label)
