"""The `botbeat` command line: a thin Typer layer over the library.

`main()` is the one error boundary: user errors print one clear message and exit with their
code; anything else is a bug, reported in one line (with a traceback under --debug).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from botbeat_cli import __version__
from botbeat_cli.cli.init import init
from botbeat_cli.cli.new import new
from botbeat_cli.cli.validate import validate

app = typer.Typer(
    name="botbeat",
    help="The BotBeat newsroom toolkit: articles as Markdown files in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"botbeat {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """The BotBeat newsroom toolkit: articles as Markdown files in git.

    Add --debug to any command to see a traceback for unexpected errors.
    """


app.command("validate")(validate)
app.command("new")(new)
app.command("init")(init)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    from botbeat_cli.errors import BotbeatError, NewsroomError

    try:
        app(args=args, prog_name="botbeat")
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
    except Exception as exc:
        if debug:
            raise
        sys.stderr.write(
            f"botbeat: unexpected error ({type(exc).__name__}: {exc}); "
            "this is a bug: rerun with --debug and report the traceback\n"
        )
        return 3
    return 0
