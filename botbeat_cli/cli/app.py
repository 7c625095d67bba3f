"""The Typer application: every command, its options and its help."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

import typer

from botbeat_cli import __version__
from botbeat_cli.boundary import Escaped, exit_status
from botbeat_cli.cli.doctor import doctor
from botbeat_cli.cli.fmt import fmt
from botbeat_cli.cli.init import init
from botbeat_cli.cli.listing import list_articles
from botbeat_cli.cli.lsp import lsp
from botbeat_cli.cli.new import new
from botbeat_cli.cli.preview import preview
from botbeat_cli.cli.related import related
from botbeat_cli.cli.rules import rules
from botbeat_cli.cli.schema import schema
from botbeat_cli.cli.sources import sources
from botbeat_cli.cli.tag import app as tag_app
from botbeat_cli.cli.validate import validate

app = typer.Typer(
    name="botbeat",
    help="The BotBeat newsroom toolkit: articles as Markdown files in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,  # --install-completion; the newsroom's names: cli/complete.py
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
app.command("preview")(preview)
app.command("list")(list_articles)
app.command("related")(related)
app.add_typer(tag_app, name="tag")
app.command("sources")(sources)
app.command("rules")(rules)
app.command("doctor")(doctor)
app.command("schema")(schema)
app.command("fmt")(fmt)
app.command("lsp")(lsp)


_ran: list[str] = []  # the commands that actually ran in this process's last run_app()


def _guard(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Record that the command ran, and carry past Typer what it would turn into a plain
    exit 1: a Ctrl-C at a prompt (click's Abort), a closed pipe, any other OSError."""

    @functools.wraps(callback)
    def command(*args: Any, **kwargs: Any) -> Any:
        _ran.append(callback.__name__)
        try:
            return callback(*args, **kwargs)
        except typer.Abort as exc:  # Typer's click (vendored in recent Typer) or click's
            if isinstance(exc.__context__, KeyboardInterrupt):
                raise Escaped(KeyboardInterrupt()) from None
            from botbeat_cli.errors import UsageError

            raise Escaped(
                UsageError(
                    "the input ended before every question was answered; nothing was written"
                )
            ) from None
        except (OSError, KeyboardInterrupt) as exc:
            raise Escaped(exc) from exc

    return command


def _commands() -> dict[str, set[str]]:
    """Each command name; for a group, its sub-commands."""
    names: dict[str, set[str]] = {}
    for info in app.registered_commands:
        info.callback = _guard(info.callback) if info.callback else None
        names[info.name or ""] = set()
    for group in app.registered_groups:
        assert group.typer_instance is not None
        subs = names.setdefault(group.name or "", set())
        for info in group.typer_instance.registered_commands:
            info.callback = _guard(info.callback) if info.callback else None
            subs.add(info.name or (info.callback.__name__ if info.callback else ""))
    return names


COMMANDS = _commands()


def _names_a_command(args: list[str]) -> bool:
    """Whether `args` ask for a command to run (not for help or the version)."""
    if not args or {"-h", "--help", "--version"} & set(args):
        return False
    words = [a for a in args if not a.startswith("-")]
    if not words or words[0] not in COMMANDS:
        return False
    subs = COMMANDS[words[0]]
    return not subs or (len(words) > 1 and words[1] in subs)


def run_app(args: list[str]) -> int:
    """The Typer app on `args`; its exit status. A run that named a command, exited 0 and
    never ran it is a bug, not a success: an incompatible Typer or click does that."""
    del _ran[:]
    try:
        app(args=args, prog_name="botbeat")
        code = 0
    except SystemExit as exc:
        code = exit_status(exc)
    if code == 0 and not _ran and _names_a_command(args):
        raise RuntimeError(
            f"botbeat exited without running '{' '.join(args[:2])}': typer {_installed('typer')} "
            f"with click {_installed('click')} does not call its commands; install the versions "
            "botbeat's pyproject.toml asks for"
        )
    return code


def _installed(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "(not installed)"
