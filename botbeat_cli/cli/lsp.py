"""`botbeat lsp`."""

from __future__ import annotations

from typing import Annotated

import typer

from botbeat_cli.cli.options import NoColorOption

STDIO = "Talk over stdin and stdout (the only transport; editors start it so)."


def lsp(
    stdio: Annotated[bool, typer.Option("--stdio", help=STDIO)] = True,
    no_color: NoColorOption = False,  # the protocol has no colour; accepted everywhere
) -> None:
    """A language server for the newsroom's articles, over stdio.

    Validate's diagnostics as you type, completion of keys, names and slugs, hover, quick
    fixes, go to an article (docs/editors.md shows the set-up for VS Code and neovim)."""
    from botbeat_cli.lsp import serve

    serve()
