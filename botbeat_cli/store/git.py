"""What changed in the newsroom, from the real `git` (`validate --changed`).

The working tree (staged, unstaged and untracked files) against a base commit: by default
the merge base with the remote's default branch (`origin/HEAD`), as a pull request sees
it, else `HEAD`. A change to botbeat.yaml, or a deleted article (other articles may link
to it), asks for the whole newsroom.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from botbeat_cli.errors import UsageError
from botbeat_cli.store.newsroom import ARTICLES_DIR, CONFIG_NAME, misnamed


@dataclass(slots=True)
class Changed:
    base: str  # what was compared with, as given or found
    paths: list[Path] = field(default_factory=list)  # changed or new article files
    whole: bool = False  # check every article: botbeat.yaml changed or an article went
    why: str = ""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            timeout=60,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise UsageError("--changed asks git what changed, and git is not installed") from None


def _base(root: Path, given: str | None) -> str:
    if given is not None:
        if _git(root, "rev-parse", "--verify", "--quiet", f"{given}^{{commit}}").returncode:
            raise UsageError(f"--base {given}: no such commit, branch or tag in this repository")
        return given
    remote = _git(root, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD")
    if remote.returncode == 0:
        branch = remote.stdout.decode().strip()
        found = _git(root, "merge-base", "HEAD", branch)
        if found.returncode == 0:
            return found.stdout.decode().strip()
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode == 0:
        return "HEAD"
    return ""  # no commit yet: every file is new


def changed_articles(root: Path, base: str | None = None) -> Changed:
    """The article files that differ from `base` (see the module docstring)."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UsageError(f"--changed compares with git, and {root} is not in a git repository")
    where = Path(os.fsdecode(top.stdout.strip())).resolve()
    found = _base(root, base)
    changed = Changed(base=found or "(no commit yet)")
    if not found:
        changed.whole, changed.why = True, "the repository has no commit yet"
        return changed
    diff = _git(root, "diff", "--name-status", "-z", "--no-renames", found, "--")
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--full-name")
    if diff.returncode != 0 or untracked.returncode != 0:
        message = (diff.stderr or untracked.stderr).decode(errors="replace").strip()
        raise UsageError(f"git could not compare with {found}: {message}")
    fields = diff.stdout.split(b"\0")
    entries = [(fields[i].decode(), fields[i + 1]) for i in range(0, len(fields) - 1, 2)]
    entries += [("A", name) for name in untracked.stdout.split(b"\0") if name]
    articles, config = (root / ARTICLES_DIR).resolve(), (root / CONFIG_NAME).resolve()
    for status, name in entries:
        path = where / os.fsdecode(name)
        if path == config:
            changed.whole, changed.why = True, f"{CONFIG_NAME} changed"
        elif articles in path.parents and misnamed(path.name) is not None:
            if status != "D":  # `Story.MD`: validate names it (file-extension)
                changed.paths.append(path)
        elif articles in path.parents and path.suffix == ".md":
            if status == "D":
                changed.whole = True
                changed.why = changed.why or f"{path.relative_to(root.resolve())} was deleted"
            else:
                changed.paths.append(path)
    changed.paths.sort()
    return changed
