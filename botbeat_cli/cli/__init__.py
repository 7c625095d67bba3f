"""The `botbeat` command line: a thin Typer layer over the library.

`main()` runs a command inside the one error boundary (`botbeat_cli.boundary`), with the
standard streams guarded against raw control characters when they are not a terminal.
"""

from __future__ import annotations

import os
import sys

from botbeat_cli.boundary import Escaped, exit_status, guarded, show_warnings_once
from botbeat_cli.errors import ExitCode

__all__ = ["Escaped", "entry", "exit_status", "guarded", "main"]

# Pydantic scans every installed package's entry points for plugins on first use, a part of
# every pre-commit run; botbeat uses none, so the CLI process skips the scan
# (bench/validate_bench.py, one file).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


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
    except ValueError:  # the stream was closed already (the language server's, at exit)
        pass
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
        show_warnings_once()
        sys.stdout, sys.stderr = visible_stream(sys.stdout), visible_stream(sys.stderr)
        try:
            return guarded(lambda: _dispatch(args), debug)
        finally:
            sys.stdout, sys.stderr = streams


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
