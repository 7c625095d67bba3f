"""`python -m botbeat_cli` runs the same entry point as the `botbeat` script."""

from botbeat_cli.cli import entry

entry()
