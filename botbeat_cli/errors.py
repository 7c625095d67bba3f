"""The exceptions the library raises; `cli.main()` is the one place that turns them into exits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from botbeat_cli.diagnostics import Diagnostic


class BotbeatError(Exception):
    """A problem the user can fix; never a bug. Printed as one message, no traceback."""

    exit_code = 1


class UsageError(BotbeatError):
    """Bad options or arguments: exit 2, as the diagnostic contract says."""

    exit_code = 2


class NewsroomError(BotbeatError):
    """The newsroom itself is unusable (no or broken `botbeat.yaml`).

    Carries the diagnostics that explain it so formatters can print them with positions.
    """

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)
