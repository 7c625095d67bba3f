"""`doctor`: what botbeat sees on this machine and in this newsroom, and each problem with
its fix (as Vale's `ls-config` shows the configuration it loaded).

Library entry point: `examine(start, root) -> Examined`. It never prints and never writes.
"""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botbeat_cli.errors import BotbeatError


@dataclass(slots=True)
class Finding:
    """One thing examined: what was found, and when it is a problem, the fix."""

    topic: str
    found: str
    problem: str = ""
    fix: str = ""


@dataclass(slots=True)
class Examined:
    findings: list[Finding] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)  # package -> version or "missing"
    config: dict[str, Any] | None = None  # botbeat.yaml with every default filled in

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.problem]


def examine(start: Path, root: Path | None = None) -> Examined:
    from botbeat_cli import __version__

    done = Examined()
    done.findings.append(Finding("botbeat", f"{__version__} on Python {platform.python_version()}"))
    done.versions = _versions()
    lacking = sorted(extra for extra, ok in _extras().items() if not ok)
    done.findings.append(
        Finding(
            "extras",
            "all installed" if not lacking else f"not installed: {', '.join(lacking)}",
            f"the commands of {', '.join(lacking)} will not run" if lacking else "",
            f"pip install 'botbeat[{','.join(lacking)}]'" if lacking else "",
        )
    )
    newsroom = _newsroom(start, root, done)
    if newsroom is not None:
        _config(newsroom, done)
        _articles(newsroom, done)
        _cache(newsroom, done)
        _git_and_hook(newsroom, done)
    return done


def _versions() -> dict[str, str]:
    """Each library botbeat's commands use (not the test, bench or dev tools): its version."""
    import re
    from importlib.metadata import PackageNotFoundError, requires, version

    found = {}
    for requirement in requires("botbeat") or []:
        extra = re.search(r"extra == .([a-z]+)", requirement)
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        if (
            name is None
            or name.group() == "botbeat"
            or (extra and extra[1] in ("test", "bench", "dev"))
        ):
            continue
        try:
            found[name.group()] = version(name.group())
        except PackageNotFoundError:
            found[name.group()] = "missing"
    return found


def _extras() -> dict[str, bool]:
    from botbeat_cli.extras import EXTRAS, installed

    return {extra: installed(extra) for extra in EXTRAS}


def _newsroom(start: Path, root: Path | None, done: Examined) -> Path | None:
    from botbeat_cli.store.newsroom import find_root

    try:
        found = find_root(start, root)
    except BotbeatError as exc:
        done.findings.append(Finding("newsroom", "none found", str(exc), "botbeat init DIR"))
        return None
    why = "given by --root" if root is not None else f"the first botbeat.yaml above {start}"
    done.findings.append(Finding("newsroom", f"{found} ({why})"))
    return found


def _config(root: Path, done: Examined) -> None:
    from botbeat_cli.config import load_config
    from botbeat_cli.errors import NewsroomError

    try:
        config = load_config(root)
    except NewsroomError as exc:
        lines = "; ".join(d.plain() for d in exc.diagnostics) or str(exc)
        done.findings.append(Finding("botbeat.yaml", "broken", lines, "fix the lines named"))
        return
    done.config = config.model_dump(mode="json")
    done.findings.append(
        Finding(
            "botbeat.yaml",
            f"{len(config.kinds)} kinds, {len(config.entities)} entities, "
            f"{len(config.topics)} topics; time zone {config.timezone}",
        )
    )


def _articles(root: Path, done: Examined) -> None:
    from botbeat_cli.rules.newsroom import folder_fix
    from botbeat_cli.store.newsroom import ARTICLES_DIR, scan

    found = scan(root)
    count = sum(len(paths) for paths in found.slugs.values())
    where = f"{count} in {ARTICLES_DIR}/" if found.has_articles else "none yet"
    if found.lookalike is not None:
        other = found.lookalike
        done.findings.append(
            Finding(
                "articles",
                f"{where}, and {other}/"
                if found.has_articles
                else f"no {ARTICLES_DIR}/, but {other}/",
                f"botbeat reads none of {other}/ (folder names are case-sensitive)",
                folder_fix(found.has_articles)
                + ("" if found.has_articles else f" (git mv {other} {ARTICLES_DIR})"),
            )
        )
        return
    if not found.misnamed:
        done.findings.append(Finding("articles", where))
        return
    done.findings.append(
        Finding(
            "articles",
            where,
            f"{len(found.misnamed)} Markdown file(s) not named *.md, so not read as articles "
            f"({found.misnamed[0]})",
            "rename them to end in .md (botbeat validate names each)",
        )
    )


def _cache(root: Path, done: Examined) -> None:
    from botbeat_cli.store.cache import cache_dir

    folder = cache_dir(root)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0
    probe = folder if folder.is_dir() else next(p for p in folder.parents if p.exists())
    usable = os.access(probe, os.W_OK | os.X_OK)
    done.findings.append(
        Finding(
            "cache",
            f"{folder} ({size / 1e6:.1f} MB)",
            "" if usable else f"{probe} cannot be written: every run reads every file again",
            "" if usable else "set BOTBEAT_CACHE_DIR to a folder you can write",
        )
    )


def _git_and_hook(root: Path, done: Examined) -> None:
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except FileNotFoundError:
        why = "the newsroom is not versioned and validate --changed cannot run"
        done.findings.append(Finding("git", "not installed", why, "install git"))
        return
    if top.returncode != 0:
        done.findings.append(
            Finding(
                "git",
                "not a repository",
                "nothing is versioned, and no pre-commit hook can run",
                f"git init {root}",
            )
        )
        return
    repo = Path(top.stdout.strip())
    done.findings.append(Finding("git", f"repository at {repo}"))
    config = repo / ".pre-commit-config.yaml"
    text = config.read_text(errors="replace") if config.is_file() else ""
    hooked = "botbeat-validate" in text
    installed = (repo / ".git" / "hooks" / "pre-commit").is_file()
    if not hooked:
        done.findings.append(
            Finding(
                "pre-commit",
                "no botbeat-validate hook in .pre-commit-config.yaml",
                "articles are checked only when someone runs botbeat validate",
                "add the hook (README, Pre-commit), then pre-commit install",
            )
        )
    elif not installed:
        found = "configured, not installed in this clone"
        done.findings.append(
            Finding("pre-commit", found, "commits are not checked here", "pre-commit install")
        )
    else:
        done.findings.append(Finding("pre-commit", "botbeat-validate configured and installed"))
    inside = Path(os.path.relpath(root.resolve(), repo.resolve()))
    if hooked and not inside.as_posix().startswith(".."):
        passed_over = _passed_over(text, inside)
        if passed_over:
            done.findings.append(
                Finding(
                    "pre-commit",
                    "botbeat-validate's files: pattern passes over " + " and ".join(passed_over),
                    "such a file is committed unchecked, and the site never publishes it",
                    f"set the hook's files: to {_template_pattern(inside)} (botbeat init's)",
                )
            )


# What an editor saves by mistake (`Story.MD`, `Articles/`), which the hook must be handed
# for validate to name it (rules file-extension and articles-folder).
_MISTAKES = ("articles/2026/Story.MD", "Articles/2026/story.md")


def _passed_over(config: str, inside: Path) -> list[str]:
    """The `_MISTAKES` that a `files:` pattern of a botbeat-validate hook in `config` (the
    text of `.pre-commit-config.yaml`) does not match, as pre-commit applies it
    (`re.search` on the path from the repository's top; `inside`: the newsroom's folder
    there). A config made by an older `botbeat init` had a case-sensitive, `.md`-only
    pattern; a hook taken from botbeat's repository has the manifest's pattern unless it
    sets its own."""
    import re

    import yaml

    try:
        loaded = yaml.safe_load(config)
        hooks = [h for repo in loaded["repos"] for h in repo["hooks"]]
    except (yaml.YAMLError, TypeError, KeyError):
        return []  # not ours to judge: pre-commit says what is wrong with it
    prefix = "" if inside == Path(".") else inside.as_posix() + "/"
    missed: list[str] = []
    for hook in hooks:
        if not isinstance(hook, dict) or hook.get("id") != "botbeat-validate":
            continue
        pattern = hook.get("files")
        if not isinstance(pattern, str):
            continue
        try:
            matcher = re.compile(pattern)
        except re.error:
            continue
        missed += [m for m in _MISTAKES if not matcher.search(prefix + m) and m not in missed]
    return missed


def _template_pattern(inside: Path) -> str:
    """`botbeat init`'s pattern, for a newsroom in the folder `inside` of its repository."""
    import re
    from importlib.resources import files

    import yaml

    text = (files("botbeat_cli") / "templates" / "pre-commit-config.yaml").read_text("utf-8")
    pattern: str = yaml.safe_load(text)["repos"][0]["hooks"][0]["files"]
    if inside == Path("."):
        return pattern
    return pattern.replace("^(", "^" + re.escape(inside.as_posix() + "/") + "(", 1)
