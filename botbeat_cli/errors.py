"""The exceptions the library raises and the exit codes; `cli.main()` is the one place that
turns them into exits."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from botbeat_cli.diagnostics import Diagnostic


class ExitCode(enum.IntEnum):
    """The exit-status contract (README, "Exit status"), as httpie's `ExitStatus`."""

    OK = 0
    PROBLEMS = 1  # problems found, or a failure that is not a bug (disk full, permission)
    USAGE = 2
    BUG = 3
    INTERRUPTED = 130  # 128 + SIGINT
    BROKEN_PIPE = 141  # 128 + SIGPIPE, as a process killed by the broken pipe would


class BotbeatError(Exception):
    """A problem the user can fix; never a bug. Printed as one message, no traceback."""

    exit_code = ExitCode.PROBLEMS


class UsageError(BotbeatError):
    """Bad options or arguments: exit 2, as the diagnostic contract says."""

    exit_code = ExitCode.USAGE


class NewsroomError(BotbeatError):
    """The newsroom itself is unusable (no or broken `botbeat.yaml`).

    Carries the diagnostics that explain it so formatters can print them with positions.
    """

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)


class WriteFailed(BotbeatError):
    """A file could not be written (disk full, read-only, permission): not a bug, exit 1.

    Raised only after the write was undone: the target is as it was and no temp file is
    left."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}; it was left as it was")
        self.path = path


class NotWritten(BotbeatError):
    """Some files were left as they were (changed meanwhile, read-only, immutable) after
    the others were written: exit 1, each named with its reason."""


class CacheUnusable(UserWarning):
    """The cache folder cannot be used; the command goes on without it (warned once per
    folder, whichever of its files failed first: `boundary.show_warnings_once`)."""

    def __init__(self, message: str, folder: str = "") -> None:
        super().__init__(message)
        self.folder = folder
