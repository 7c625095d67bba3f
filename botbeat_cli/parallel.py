"""Small helpers that keep bulk work fast."""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic collector while reading many articles.

    Reading makes many small objects and no reference cycles; the collector would only
    rescan them, a noticeable share of a whole-newsroom run (bench/validate_bench.py).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def fork_map(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    *,
    minimum: int = 1000,
    workers: int | None = None,
) -> list[R]:
    """`work` over contiguous slices of `items`, one per process, the first in this one.

    Forked workers inherit everything already built (an index, a config, set in a module
    global by the caller, since `work` must be a module-level function), so only the
    slices' results cross back, one pickle each. Results keep the order of `items`.
    `workers` None means one per core, and a plain call below `minimum` items.
    """
    if workers is None:
        workers = 1 if len(items) < minimum else (os.cpu_count() or 1)
    workers = min(workers, len(items))
    if workers <= 1:
        return work(items)
    import multiprocessing

    size = -(-len(items) // workers)
    slices = [items[i : i + size] for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with one_blas_thread(), context.Pool(len(slices) - 1, initializer=_worker) as pool:
        pending = [pool.apply_async(work, (part,)) for part in slices[1:]]
        results = work(slices[0])
        for job in pending:
            results.extend(job.get())
    return results


def _worker() -> None:
    """A forked worker: no cyclic collector (`no_gc`), and Ctrl-C left to the parent. A
    worker that died of the terminal's SIGINT mid-reply left the pool's result thread
    waiting for it, and the parent hung in `Pool.terminate` (one run in 50 of Ctrl-C
    trials like tests/store/test_killed_writes.py's, on 3,000 articles); the parent,
    interrupted, ends the workers itself."""
    gc.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS on one thread per process while the work is shared out over processes.

    OpenBLAS runs a product on every core by itself; one such product per worker
    oversubscribes the cores: two processes were slower than one (`related.plan` on
    Reuters 3.7 s against 3.4 s; 2.6 s with one thread each, bench/related_bench.py).
    Outside `fork_map` BLAS keeps its threads: a lone process's products use every core.
    Workers forked inside inherit the limit. Nothing to do where numpy was never imported
    (validate)."""
    if "numpy" not in sys.modules:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
