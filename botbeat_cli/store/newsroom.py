"""The newsroom on disk: finding its root and listing its articles."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Given:
    """What `misnamed_given` found among the paths `select_articles` skipped."""

    misnamed: list[str]  # files under articles/ that are `misnamed` (root-relative)
    lookalike: str | None  # the folder named like articles/ that holds a given article
    rest: list[str]  # the others, as given


def misnamed_given(root: Path, given: Iterable[str]) -> Given:
    """Of paths `select_articles` skipped, the `misnamed` files under articles/ and the
    folder named like it (`Articles/`) that holds a given article: a `Story.MD` or an
    `Articles/2026/story.md` handed to validate by the hook is named as such, not passed
    over as holding no article."""
    real = root.resolve()
    base = real / ARTICLES_DIR
    near: list[str] = []
    folder: str | None = None
    rest: list[str] = []
    for item in given:
        path = Path(item).resolve()
        top = path.relative_to(real).parts[0] if real in path.parents else None
        if misnamed(path.name) is not None and base in path.parents and path.is_file():
            near.append(path.relative_to(real).as_posix())
        elif (
            top is not None
            and _named_like_articles(top)
            and (path.suffix == ".md" or misnamed(path.name) is not None)
            and path.is_file()
        ):
            folder = folder or top
        else:
            rest.append(item)
    return Given(near, folder, rest)


def _named_like_articles(name: str) -> bool:
    return name != ARTICLES_DIR and name.lower() in (ARTICLES_DIR, "article")


# Names an editor's tool gives a Markdown file that botbeat and the site do not read as an
# article: `Story.MD` (any case but `.md`), `.markdown` and its kin, TextEdit's `.md.txt`.
_NEAR_MD = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".md.txt")


def misnamed(name: str) -> str | None:
    """The name without its Markdown-like ending, when `name` looks like an article's but
    does not end in `.md`; else None (an image or a backup `story.md~` is no article)."""
    if name.endswith(".md"):
        return None
    lower = name.lower()
    for ending in _NEAR_MD:
        if lower.endswith(ending):
            return name[: -len(ending)]
    return None


@dataclass(frozen=True, slots=True)
class Scan:
    slugs: dict[str, list[str]]  # slug -> relative paths of every article file
    misnamed: list[str]  # relative paths that look like articles but are not read as ones
    lookalike: str | None = None  # a folder named like articles/ (`Articles`, `article`)
    has_articles: bool = True  # a folder named exactly articles/ is there too


def lookalike(root: Path) -> tuple[str | None, bool]:
    """A folder of the root an editor meant as articles/ (`Articles`, `article`), and
    whether one named exactly `articles` is there too. On a case-sensitive disk (CI, the
    site's server) botbeat reads none of its files; on a case-insensitive one `Articles/`
    is read as articles/ here, and still not there."""
    try:
        names = sorted(entry.name for entry in os.scandir(root) if entry.is_dir())
    except OSError:
        return None, True
    near = [
        name
        for name in names
        if _named_like_articles(name)
        and next((root / name).rglob("*.md"), None) is not None  # an empty one is no matter
    ]
    return (near[0] if near else None), ARTICLES_DIR in names


def slug_index(root: Path) -> dict[str, list[str]]:
    """slug -> relative paths of every article file; from file names alone, so it is cheap
    enough for every pre-commit run (os.scandir, no Path objects; bench/validate_bench.py).

    Every `*.md` entry is listed, whatever it is (a FIFO or a symlink is reported by the
    read, not skipped here); folders reached through a symlink are not walked."""
    return _walk(root)[0]


def scan(root: Path) -> Scan:
    """`slug_index`, the files under articles/ an editor meant as articles but named
    otherwise (`misnamed`), found in the same walk, and a folder named like articles/:
    what `validate` and `doctor` report; the other commands need only the slugs."""
    slugs, near = _walk(root)
    return Scan(slugs, near, *lookalike(root))


def _walk(root: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The articles/ walk of `slug_index`: the slugs, and the `misnamed` files."""
    index: dict[str, list[str]] = {}
    near: list[str] = []
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
            elif misnamed(name) is not None:
                near.append(f"{folder}/{name}")
    for paths in index.values():
        paths.sort()
    return index, sorted(near)


def relative(root: Path, path: str | Path) -> str:
    """`path` relative to the root, as diagnostics print it (string work: it runs per file)."""
    text, prefix = os.fspath(path), os.fspath(root) + os.sep
    if text.startswith(prefix):
        return text[len(prefix) :].replace(os.sep, "/")
    try:
        return Path(text).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(text).as_posix()
