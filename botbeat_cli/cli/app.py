"""The Typer application: every command, its options and its help."""

from __future__ import annotations

from typing import Annotated

import typer

from botbeat_cli import __version__
from botbeat_cli.boundary import CommandRecorder
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


def _readable(doc: str | None) -> str | None:
    """Help text with each paragraph on one line. Typer's rich help keeps the line breaks
    of a docstring's paragraphs (and the commands' list those of the first one), so prose
    wrapped at the source's width showed broken mid-sentence at any terminal width."""
    import inspect

    if not doc:
        return doc
    return "\n\n".join(" ".join(part.split()) for part in inspect.cleandoc(doc).split("\n\n"))


def _readable_help(typer_app: typer.Typer) -> None:
    for info in typer_app.registered_commands:
        info.help = _readable(info.help or (info.callback and info.callback.__doc__))
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _readable_help(group.typer_instance)


_readable_help(app)

RECORDER = CommandRecorder(app)
COMMANDS = RECORDER.commands


def run_app(args: list[str]) -> int:
    """The app on `args` inside the boundary's command recorder (boundary.CommandRecorder)."""
    return RECORDER.run(args)
