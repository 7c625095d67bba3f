"""botbeat's optional parts: the libraries some commands need beyond what `validate` (the
pre-commit hook) needs, installed as extras (`pip install 'botbeat[all]'`).

Which module belongs to which extra lives here once: the error boundary turns a missing
one into a message that says what to install (exit 2), whichever command imported it.
"""

from __future__ import annotations

from botbeat_cli.errors import UsageError

EXTRAS = {
    "related": ("numpy", "scipy", "sklearn", "threadpoolctl"),  # related, tag suggest, new
    "sources": ("aiohttp",),  # sources
    "lsp": ("pygls", "lsprotocol"),  # lsp
}
_EXTRA_OF = {module: extra for extra, modules in EXTRAS.items() for module in modules}


class MissingExtra(UsageError):
    """A command needs an extra that is not installed: exit 2, naming what to install."""


def installed(extra: str) -> bool:
    from importlib.util import find_spec

    return all(find_spec(module) is not None for module in EXTRAS[extra])


def missing(exc: ImportError) -> MissingExtra | None:
    """What to say for `exc` when it is a module of an extra, else None."""
    top = (exc.name or "").split(".")[0]
    extra = _EXTRA_OF.get(top)
    if extra is None:
        return None
    return MissingExtra(
        f"this command needs {top}, which comes with botbeat's '{extra}' extra: install it "
        f"with pip install 'botbeat[{extra}]' (or 'botbeat[all]' for every command) in the "
        "environment botbeat runs from"
    )
