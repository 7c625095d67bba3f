"""What reaches a stream that is not a terminal: no raw control character from botbeat,
whatever an article, a file name or a server put in the text. The formatters escape what
they print; this catches what any message forgot (`diagnostics.controls_visible`: newlines
and tabs pass). Terminals are left alone: colour and progress bars are ours."""

from __future__ import annotations

from typing import Any

from botbeat_cli.diagnostics import controls_visible


class VisibleStream:
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if not text.isprintable():
            text = controls_visible(text)
        return int(self._stream.write(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def visible_stream(stream: Any) -> Any:
    """`stream` itself on a terminal, else wrapped in a `VisibleStream` (once)."""
    try:
        terminal = bool(stream.isatty())
    except (AttributeError, ValueError):
        terminal = False
    return stream if terminal or isinstance(stream, VisibleStream) else VisibleStream(stream)
