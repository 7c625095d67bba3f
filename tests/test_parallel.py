"""parallel.fork_map: results in order, and BLAS on one thread per process while it runs."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pytest

from botbeat_cli.parallel import fork_map

pytest.importorskip("numpy")
threadpoolctl = pytest.importorskip("threadpoolctl")


def _blas_threads() -> int:
    found = threadpoolctl.threadpool_info()
    return max(lib["num_threads"] for lib in found if lib["user_api"] == "blas")


def _where(items: Sequence[int]) -> list[tuple[int, int, int]]:
    """Each item with the process that got it and the BLAS threads that process may use."""
    return [(item, os.getpid(), _blas_threads()) for item in items]


def test_workers_share_the_items_in_order_with_one_blas_thread_each() -> None:
    import numpy  # noqa: F401  (BLAS loaded, as in the commands that compare texts)

    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        assert _blas_threads() == 2
        done = fork_map(_where, list(range(10)), minimum=2, workers=2)
        assert _blas_threads() == 2  # the parent's products use every core again
    assert [item for item, _, _ in done] == list(range(10))
    assert len({pid for _, pid, _ in done}) == 2
    assert {threads for _, _, threads in done} == {1}


def test_below_the_minimum_it_is_a_plain_call() -> None:
    done = fork_map(_where, [1, 2, 3], minimum=10)
    assert done == [(item, os.getpid(), _blas_threads()) for item in (1, 2, 3)]
