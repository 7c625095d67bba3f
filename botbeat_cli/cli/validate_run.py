"""What `botbeat validate` does once its options are parsed; free of Typer on purpose.

`parse_plain` understands exactly the options of the Typer command in `cli/validate.py`
(tests/test_cli_fastpath.py keeps the two in step) and gives up, returning None, on anything
else, so Typer still owns help and every usage error.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from botbeat_cli.formatters import FORMATS

FLAGS = {"--strict": "strict", "--no-color": "no_color", "--changed": "changed"}
VALUED = {
    "--root": "root",
    "--format": "format",
    "-f": "format",
    "--jobs": "jobs",
    "-j": "jobs",
    "--base": "base",
}


@dataclass
class ValidateArgs:
    paths: list[Path] = field(default_factory=list)
    root: Path | None = None
    format: str = "text"
    strict: bool = False
    jobs: int | None = None
    no_color: bool = False
    changed: bool = False
    base: str | None = None


def parse_plain(args: list[str]) -> ValidateArgs | None:
    """`validate [PATH...]` with well-formed known options, or None."""
    if not args or args[0] != "validate":
        return None
    parsed = ValidateArgs()
    rest = iter(args[1:])
    only_paths = False
    for arg in rest:
        if only_paths or not arg.startswith("-") or arg == "-":
            parsed.paths.append(Path(arg))
        elif arg == "--":
            only_paths = True
        elif arg in FLAGS:
            setattr(parsed, FLAGS[arg], True)
        else:
            name, equals, value = arg.partition("=")
            if name not in VALUED:
                return None
            if not equals:
                value = next(rest, "")
            if not _set_valued(parsed, VALUED[name], value):
                return None
    return None if parsed.base is not None and not parsed.changed else parsed  # Typer says why


def _set_valued(parsed: ValidateArgs, name: str, value: str) -> bool:
    if name == "format":
        if value not in FORMATS:
            return False
        parsed.format = value
    elif name == "base":
        if not value:
            return False
        parsed.base = value
    elif name == "jobs":
        if not value.isdigit() or int(value) < 1:
            return False
        parsed.jobs = int(value)
    else:
        if not value or not Path(value).is_dir():
            return False
        parsed.root = Path(value)
    return True


def run(args: ValidateArgs) -> int:
    """Validate, print in the chosen format, and return the exit status."""
    from botbeat_cli import formatters
    from botbeat_cli.cli.env import resolve_root, wants_color
    from botbeat_cli.validate import ValidateOptions, validate

    root = resolve_root(args.root)
    options = ValidateOptions(
        paths=args.paths, strict=args.strict, jobs=args.jobs, changed=args.changed, base=args.base
    )
    report = validate(root, options)
    render = formatters.get(args.format, color=wants_color(sys.stdout, args.no_color))
    render(report, sys.stdout, sys.stderr)
    return report.exit_status
