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
from typing import Any

from botbeat_cli.errors import ExitCode

# OSErrors that say something about the machine or the files, not about botbeat's code.
ENVIRONMENT_ERRORS = frozenset(
    {
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EACCES,
        errno.EPERM,
        errno.EROFS,
        errno.EIO,
        errno.EMFILE,
        errno.ENFILE,
        errno.ENAMETOOLONG,
        errno.ETXTBSY,
        errno.ELOOP,
    }
)


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
    if _interrupted(exc):
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


def _interrupted(exc: BaseException) -> bool:
    """Ctrl-C, also when a native extension met it mid-call and raised its own panic
    instead: pydantic-core's PyO3 does while building a model's schema on import
    ("PanicException: Error building schema validator: KeyboardInterrupt", seen by
    tests/store/test_killed_writes.py's Ctrl-C trials on the lowest pydantic)."""
    if isinstance(exc, KeyboardInterrupt):
        return True
    return type(exc).__name__ == "PanicException" and "KeyboardInterrupt" in str(exc)


def show_warnings_once() -> None:
    """The library warns (`warnings.warn`) where it carries on without something, e.g. an
    unusable cache folder: each such warning is one `botbeat: warning:` line, once a run
    (a cache folder once, however many of its files could not be written)."""
    import warnings

    from botbeat_cli.errors import CacheUnusable

    seen: set[str] = set()

    def show(message: Warning | str, *_: object, **__: object) -> None:
        from botbeat_cli.diagnostics import visible

        text = str(message)
        key = getattr(message, "folder", "") or text
        if key not in seen:
            seen.add(key)
            sys.stderr.write(f"botbeat: warning: {visible(text)}\n")

    warnings.showwarning = show
    warnings.simplefilter("always", CacheUnusable)


class CommandRecorder:
    """Wraps a Typer app's commands so a run knows which of them actually ran, and carries
    past Typer what it would turn into a plain exit 1: a Ctrl-C at a prompt (click's Abort),
    a closed pipe, any other OSError."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.clicks: dict[str, Any] = {}  # the click command Typer builds, for each `_narrowed`
        self.ran: list[str] = []
        self.commands: dict[str, set[str]] = {}  # each command; for a group, its sub-commands
        for info in app.registered_commands:
            info.callback = self._guard(info.callback) if info.callback else None
            self.commands[info.name or ""] = set()
        for group in app.registered_groups:
            subs = self.commands.setdefault(group.name or "", set())
            for info in group.typer_instance.registered_commands:
                info.callback = self._guard(info.callback) if info.callback else None
                subs.add(info.name or (info.callback.__name__ if info.callback else ""))

    def _guard(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        import functools

        import typer

        @functools.wraps(callback)
        def command(*args: Any, **kwargs: Any) -> Any:
            self.ran.append(callback.__name__)
            try:
                return callback(*args, **kwargs)
            except typer.Abort as exc:  # Typer's click (vendored in recent Typer) or click's
                if isinstance(exc.__context__, KeyboardInterrupt):
                    raise Escaped(KeyboardInterrupt()) from None
                from botbeat_cli.errors import UsageError

                message = "the input ended before every question was answered; nothing was written"
                raise Escaped(UsageError(message)) from None
            except (OSError, KeyboardInterrupt) as exc:
                raise Escaped(exc) from exc

        return command

    def names_a_command(self, args: list[str]) -> bool:
        """Whether `args` ask for a command to run (not for help or the version)."""
        if not args or {"-h", "--help", "--version"} & set(args):
            return False
        words = [a for a in args if not a.startswith("-")]
        if not words or words[0] not in self.commands:
            return False
        subs = self.commands[words[0]]
        return not subs or (len(words) > 1 and words[1] in subs)

    def _named(self, args: list[str]) -> str:
        """The command `args` name first ("" for none, or one botbeat does not have)."""
        words = [a for a in args if not a.startswith("-")]
        return words[0] if words and words[0] in self.commands else ""

    def _narrowed(self, name: str) -> Any:
        """The app with command `name` alone (the whole app for ""). Typer makes a click
        command of every signature before it parses a word, a part of every short command's
        start-up (bench/list_bench.py, `list --limit 20`); one command's help, usage errors
        and run are the same in either (tests/test_cli_options.py)."""
        if not name:
            return self.app
        import copy

        narrow = copy.copy(self.app)
        narrow.registered_commands = [i for i in self.app.registered_commands if i.name == name]
        narrow.registered_groups = [g for g in self.app.registered_groups if g.name == name]
        return narrow

    def run(self, args: list[str]) -> int:
        """The app on `args`; its exit status. A run that named a command, exited 0 and never
        ran it is a bug, not a success: an incompatible Typer or click does that."""
        del self.ran[:]
        name = self._named(args)
        if name not in self.clicks:  # Typer rebuilds it from the signatures on every call
            from typer.main import get_command

            self.clicks[name] = get_command(self._narrowed(name))
        try:
            self.clicks[name](args=args, prog_name="botbeat")
            code = 0
        except SystemExit as exc:
            code = exit_status(exc)
        if code == 0 and not self.ran and self.names_a_command(args):
            raise RuntimeError(
                f"botbeat exited without running '{' '.join(args[:2])}': typer "
                f"{_installed('typer')} with click {_installed('click')} does not call its "
                "commands; install the versions botbeat's pyproject.toml asks for"
            )
        return code


def _installed(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "(not installed)"
