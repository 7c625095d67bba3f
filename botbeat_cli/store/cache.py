"""A per-newsroom cache folder outside the repository, safe to delete at any time.

Where: `$BOTBEAT_CACHE_DIR`, else `$XDG_CACHE_HOME/botbeat`, else `~/.cache/botbeat`, then
one sub-folder per newsroom (a hash of its absolute path). Never inside the repository: a
pull request cannot plant a cache that CI would trust. Entries are JSON (never pickle),
written atomically, and a file that cannot be read is treated as an empty cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from botbeat_cli.store.files import atomic_write


def cache_dir(root: Path) -> Path:
    base = os.environ.get("BOTBEAT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "botbeat"
    )
    digest = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]
    return Path(base) / digest


def load(root: Path, name: str) -> dict[str, Any]:
    try:
        with open(cache_dir(root) / name, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(root: Path, name: str, data: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written only costs time next run."""
    folder = cache_dir(root)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / name, json.dumps(data, separators=(",", ":")))
