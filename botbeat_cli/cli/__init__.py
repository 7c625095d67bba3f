"""The `botbeat` command line: a thin Typer layer over the library.

`main()` is the one error boundary: user errors print one clear message and exit with their
code; anything else is a bug, reported in one line (with a traceback under --debug).
"""

from __future__ import annotations

import os
import sys

# Pydantic scans every installed package's entry points for plugins on first use (~10 ms of
# a pre-commit run); botbeat uses none, so the CLI process skips the scan (issue 2).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def entry() -> None:
    """The console script: run, flush, and leave without tearing the heap down.

    After checking 10,000 articles, the interpreter spends ~30 ms freeing objects at exit;
    everything botbeat writes is closed or flushed by then, so it exits at once (issue 2).
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # see main()
        code = 141
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    from botbeat_cli.errors import BotbeatError, NewsroomError

    try:
        return _dispatch(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except NewsroomError as exc:
        for diagnostic in exc.diagnostics:
            sys.stderr.write(diagnostic.plain() + "\n")
        sys.stderr.write(f"botbeat: {exc}\n")
        return exc.exit_code
    except BotbeatError as exc:
        if debug:
            raise
        sys.stderr.write(f"botbeat: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("botbeat: interrupted\n")
        return 130
    except BrokenPipeError:  # `botbeat validate | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a process killed by the broken pipe would
    except Exception as exc:
        if debug:
            raise
        sys.stderr.write(
            f"botbeat: unexpected error ({type(exc).__name__}: {exc}); "
            "this is a bug: rerun with --debug and report the traceback\n"
        )
        return 3


def _dispatch(args: list[str]) -> int:
    """The plain `validate` call that pre-commit makes skips Typer's start-up (~30 ms);
    everything else, help and usage errors included, goes through the Typer app."""
    from botbeat_cli.cli.validate_run import parse_plain, run

    plain = parse_plain(args)
    if plain is not None:
        return run(plain)
    from botbeat_cli.cli.app import app

    app(args=args, prog_name="botbeat")
    return 0
