"""One fresh process timed, with its own peak memory.

A child's `ru_maxrss` starts from what its parent had mapped when it was forked (or
vforked: the kernel counts the parent's pages until the exec), so a benchmark that has
grown (a generated newsroom in memory, earlier results) would lend every contender its
own peak: check-jsonschema showed 85 MB beside a 100,000-article newsroom. Each command
is started by a small launcher instead (`python -S`, a few megabytes), which times it and
reads its resource usage.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

LAUNCHER = r"""
import os, sys, time
null = os.open(os.devnull, os.O_RDWR)
actions = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
started = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
print(wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def as_installed() -> None:
    """Write botbeat's bytecode, as `pip install` does, before anything is timed: in a
    development checkout under PYTHONDONTWRITEBYTECODE, or with .pyc files older than an
    edit, every timed run compiled botbeat's modules again (0.13 s of a 0.4 s `validate
    FILE` on this machine), which no installed copy pays. compileall writes them whatever
    that variable says."""
    import compileall

    import botbeat_cli

    compileall.compile_dir(Path(botbeat_cli.__file__).parent, quiet=1)


def measured(
    command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None
) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit status) of `command` run once in `cwd`, its
    output discarded."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *command],
        cwd=cwd,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        check=True,
    )
    wall, peak, status = done.stdout.split()
    return float(wall), int(peak) / 1024, int(status)
