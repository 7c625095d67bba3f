"""The one error boundary (pre-commit's `error_handler.py`): whatever a command raises
becomes an exit status and one message. User errors print one clear message and exit with
their code; a failure of the machine (disk full, permission) says what failed and exits 1;
Ctrl-C exits 130 and a closed pipe 141; a missing extra says what to install (exit 2);
anything else is a bug, reported in one line (with a traceback under --debug). `guarded`
is that boundary on its own, so tests can drive it with any exception.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable

from botbeat_cli.errors import ExitCode

# OSErrors that say something about the machine or the files, not about botbeat's code.
ENVIRONMENT_ERRORS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO,
     errno.EMFILE, errno.ENFILE, errno.ENAMETOOLONG, errno.ETXTBSY, errno.ELOOP}
)  # fmt: skip


class Escaped(Exception):
    """An exception carried past Typer, which would turn it into a plain exit 1 (a closed
    pipe, a Ctrl-C at a prompt, a full disk); `guarded` handles the original."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


def guarded(call: Callable[[], int], debug: bool = False) -> int:
    """Run `call` and turn whatever it raises into an exit status and one message."""
    try:
        return int(call())
    except Escaped as exc:
        return _failure(exc.original, debug)
    except BaseException as exc:  # the boundary: every exception ends here
        return _failure(exc, debug)


def exit_status(exc: SystemExit) -> int:
    """The status a SystemExit stands for (its code, 0 for None, 1 for a message)."""
    return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)


def _failure(exc: BaseException, debug: bool) -> int:
    from botbeat_cli.diagnostics import controls_visible
    from botbeat_cli.errors import BotbeatError, NewsroomError

    if isinstance(exc, SystemExit):
        return exit_status(exc)
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("\nbotbeat: interrupted\n")
        return ExitCode.INTERRUPTED
    if isinstance(exc, BrokenPipeError):  # `botbeat list | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.BROKEN_PIPE
    if debug and isinstance(exc, Exception):
        raise exc
    if isinstance(exc, ImportError):  # an extra not installed: say which to install
        from botbeat_cli.extras import missing

        exc = missing(exc) or exc
    if isinstance(exc, NewsroomError):
        for diagnostic in exc.diagnostics:
            sys.stderr.write(diagnostic.plain() + "\n")
    if isinstance(exc, BotbeatError):
        sys.stderr.write(f"botbeat: {controls_visible(str(exc))}\n")
        return exc.exit_code
    if isinstance(exc, OSError) and exc.errno in ENVIRONMENT_ERRORS:
        where = f": {controls_visible(str(exc.filename))}" if exc.filename else ""
        sys.stderr.write(f"botbeat: {exc.strerror}{where}; nothing more was done\n")
        return ExitCode.PROBLEMS
    if not isinstance(exc, Exception):
        raise exc
    sys.stderr.write(
        f"botbeat: unexpected error ({type(exc).__name__}: {exc}); "
        "this is a bug: rerun with --debug and report the traceback\n"
    )
    return ExitCode.BUG


def show_warnings_once() -> None:
    """The library warns (`warnings.warn`) where it carries on without something, e.g. an
    unusable cache folder: each such warning is one `botbeat: warning:` line, once a run."""
    import warnings

    from botbeat_cli.errors import CacheUnusable

    seen: set[str] = set()

    def show(message: Warning | str, *_: object, **__: object) -> None:
        from botbeat_cli.diagnostics import visible

        text = str(message)
        if text not in seen:
            seen.add(text)
            sys.stderr.write(f"botbeat: warning: {visible(text)}\n")

    warnings.showwarning = show
    warnings.simplefilter("always", CacheUnusable)
