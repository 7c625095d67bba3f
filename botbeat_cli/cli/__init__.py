"""The `botbeat` command line: a thin Typer layer over the library.

`main()` is the one error boundary (pre-commit's `error_handler.py`): user errors print one
clear message and exit with their code; a failure of the machine (disk full, permission)
says what failed and exits 1; Ctrl-C exits 130 and a closed pipe 141; anything else is a
bug, reported in one line (with a traceback under --debug). `guarded` is that boundary on
its own, so tests can drive it with any exception.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable

from botbeat_cli.errors import ExitCode

# Pydantic scans every installed package's entry points for plugins on first use, a part of
# every pre-commit run; botbeat uses none, so the CLI process skips the scan
# (bench/validate_bench.py, one file).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

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


def entry() -> None:
    """The console script: run, flush, and leave without tearing the heap down.

    After checking a large newsroom the interpreter spends a while freeing objects at exit
    (bench/validate_bench.py); everything botbeat writes is closed or flushed by then, so it
    exits at once.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # see guarded()
        code = ExitCode.BROKEN_PIPE
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    import warnings

    from botbeat_cli.formatters.streams import visible_stream

    streams = sys.stdout, sys.stderr
    with warnings.catch_warnings():
        _show_warnings_once()
        sys.stdout, sys.stderr = visible_stream(sys.stdout), visible_stream(sys.stderr)
        try:
            return guarded(lambda: _dispatch(args), debug)
        finally:
            sys.stdout, sys.stderr = streams


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


def _show_warnings_once() -> None:
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


def _dispatch(args: list[str]) -> int:
    """The plain `validate` call that pre-commit makes skips Typer's start-up (a good part
    of a one-file run, bench/validate_bench.py);
    everything else, help and usage errors included, goes through the Typer app."""
    from botbeat_cli.cli.validate_run import parse_plain, run

    plain = parse_plain(args)
    if plain is not None:
        return run(plain)
    from botbeat_cli.cli.app import run_app

    return run_app(args)
