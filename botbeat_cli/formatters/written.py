"""What `new` reports: the path it created and the stories it may repeat."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from botbeat_cli.formatters import dumps, emit, say


def shown(path: Path) -> str:
    """The path as the editor typed from here: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def created(path: Path, look_alikes: Sequence[str], format: str) -> None:
    if format == "json":
        return emit(dumps({"created": shown(path), "warnings": list(look_alikes)}))
    emit(shown(path) + "\n")
    for warning in look_alikes:
        say(f"warning: this may be a story already covered: {warning}")
