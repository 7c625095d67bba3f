"""The newsroom on disk: finding its root and listing its articles."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from botbeat_cli.errors import UsageError

CONFIG_NAME = "botbeat.yaml"
ARTICLES_DIR = "articles"
TEMPLATES = "templates"  # the newsroom's per-kind bodies for `new`: templates/<kind>.md


def find_root(start: Path | None = None, override: Path | None = None) -> Path:
    """The folder holding `botbeat.yaml`: `override`, else walk up from `start` like git."""
    if override is not None:
        root = override.resolve()
        if not (root / CONFIG_NAME).is_file():
            raise UsageError(f"{override}: no {CONFIG_NAME} there; is --root a newsroom?")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise UsageError(
        f"no {CONFIG_NAME} in {here} or any folder above it: run botbeat inside a newsroom, "
        "pass --root DIR, or create one with `botbeat init`"
    )


def root_or_none(start: Path | None = None) -> Path | None:
    """`find_root` from `start`, or None outside a newsroom (shell completion and the
    language server then offer nothing, instead of an error)."""
    try:
        return find_root(start)
    except UsageError:
        return None


def article_paths(root: Path) -> list[Path]:
    """Every `*.md` under `articles/`, sorted, hidden files and folders skipped."""
    return [root / rel for rel in article_files(root)]


def article_files(root: Path) -> list[str]:
    """The same, as sorted root-relative strings (cheap for 10,000 files)."""
    return sorted(rel for rels in slug_index(root).values() for rel in rels)


def select_articles(root: Path, given: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Files and folders from the command line, reduced to article files, and the given
    paths that hold none (to say so: "0 files checked" alone reads like a pass).

    Files outside `articles/` or not ending in `.md` are skipped (pre-commit passes every
    staged file); a path that does not exist is a usage error.
    """
    base = (root / ARTICLES_DIR).resolve()
    chosen: set[Path] = set()
    skipped: list[str] = []
    for item in given:
        path = item.resolve()
        if not path.exists():
            raise UsageError(f"{item}: no such file or folder")
        before = len(chosen)
        if path.is_dir():
            if path == base or base in path.parents:
                chosen.update(p for p in article_paths(root) if path in p.parents)
            elif path == root or path in base.parents:
                chosen.update(article_paths(root))
        elif path.suffix == ".md" and base in path.parents:
            chosen.add(path)
        if len(chosen) == before and not (path.is_file() and path in chosen):
            skipped.append(str(item))
    return sorted(chosen), skipped


def slug_index(root: Path) -> dict[str, list[str]]:
    """slug -> relative paths of every article file; from file names alone, so it is cheap
    enough for every pre-commit run (os.scandir, no Path objects; bench/validate_bench.py).

    Every `*.md` entry is listed, whatever it is (a FIFO or a symlink is reported by the
    read, not skipped here); folders reached through a symlink are not walked."""
    index: dict[str, list[str]] = {}
    stack = [ARTICLES_DIR]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(os.path.join(root, folder)))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):  # a symlinked folder may loop: not walked
                stack.append(f"{folder}/{name}")
            elif name.endswith(".md"):
                index.setdefault(name[:-3], []).append(f"{folder}/{name}")
    for paths in index.values():
        paths.sort()
    return index


def relative(root: Path, path: str | Path) -> str:
    """`path` relative to the root, as diagnostics print it (string work: it runs per file)."""
    text, prefix = os.fspath(path), os.fspath(root) + os.sep
    if text.startswith(prefix):
        return text[len(prefix) :].replace(os.sep, "/")
    try:
        return Path(text).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(text).as_posix()
