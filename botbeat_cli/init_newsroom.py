"""`init`: a new newsroom with the seed's taxonomy, an articles folder and the hook."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files as package_files
from importlib.resources.abc import Traversable
from pathlib import Path

from botbeat_cli.errors import BotbeatError
from botbeat_cli.store.files import create_exclusive, failing_as, refuse_outside
from botbeat_cli.store.newsroom import ARTICLES_DIR, CONFIG_NAME

PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
WORKFLOW = Path(".github") / "workflows" / "botbeat.yml"


@dataclass(slots=True)
class Initialised:
    created: list[Path] = field(default_factory=list)
    hooked: Path | None = None  # an existing pre-commit config the botbeat hook was added to
    hook_kept: str = ""  # why an existing pre-commit config was left as it was ("": not so)
    hook_entry: str = ""  # then the botbeat entry of `repos:`, to add by hand


def init_newsroom(target: Path, ci: str | None = None) -> Initialised:
    """Create the newsroom files in `target`; refuse (writing nothing) if any exists, but
    for a `.pre-commit-config.yaml` of the repository's other hooks, which gets the botbeat
    hook added (`add_hook`) instead of stopping the newsroom at its first step.

    With `ci="github"`, also the GitHub workflow; in an existing newsroom (botbeat.yaml is
    there), only the workflow."""
    from botbeat_cli import __version__

    templates = package_files("botbeat_cli") / "templates"
    planned: dict[Path, str] = {}
    hook = (templates / "pre-commit-config.yaml").read_text(encoding="utf-8")
    if ci is None or not (target / CONFIG_NAME).exists():
        planned = {
            target / CONFIG_NAME: (templates / "botbeat.yaml").read_text(encoding="utf-8"),
            target / PRE_COMMIT_CONFIG: hook,
            target / ARTICLES_DIR / ".gitkeep": "",
            **_kind_templates(target, templates),
        }
    if ci is not None:
        workflow = (templates / "github-workflow.yml").read_text(encoding="utf-8")
        planned[target / WORKFLOW] = workflow.replace("@VERSION@", __version__)
    existing: Path | None = target / PRE_COMMIT_CONFIG
    if existing in planned and (existing.exists() or existing.is_symlink()):
        del planned[existing]
    else:
        existing = None
    taken = [path for path in planned if path.exists() or path.is_symlink()]
    if taken:
        names = ", ".join(str(path) for path in taken)
        raise BotbeatError(f"{names} exists already; botbeat init never overwrites a file")
    for path in planned:
        refuse_outside(path, target)
    done = Initialised()
    for path, text in planned.items():
        with failing_as(path):
            create_exclusive(path, text, target)
        done.created.append(path)
    if existing is not None:
        done.hook_kept = add_hook(existing, target, hook)
        done.hooked = None if done.hook_kept else existing
        done.hook_entry = _entry(hook) if done.hook_kept else ""
    return done


HOOKED_ALREADY = "it has the botbeat hook already"
_REPOS = re.compile(r"^repos:[ \t]*(?:#.*)?\r?$", re.M)
_ITEM = re.compile(r"^( *)- ", re.M)
_TOP_KEY = re.compile(r"^[^ \t#\r\n-]", re.M)


def add_hook(path: Path, within: Path, template: str) -> str:
    """Add the botbeat hook (the repo entry of `template`) to the existing pre-commit
    config at `path`, as the last entry of its block `repos:` list: the text is inserted,
    every other byte kept (comments, quoting, indentation), and the file replaced
    atomically unless an editor saved it meanwhile. The result must parse as the old
    config plus that entry, else nothing is written. Returns "" when added, else why the
    file was left (then the caller shows the entry to add by hand)."""
    from botbeat_cli.store.files import read_original, replace_all
    from botbeat_cli.store.problems import ReadProblem
    from botbeat_cli.store.yamlsafe import load

    try:
        original = read_original(path, within)
    except ReadProblem as exc:
        return f"it cannot be read ({exc.diagnostic(str(path)).message})"
    if "botbeat-validate" in original.text:
        return HOOKED_ALREADY
    try:
        before = load(original.text).data
    except ReadProblem as exc:
        return f"it is not YAML botbeat reads ({exc.diagnostic(str(path)).message})"
    before = {} if before is None else before  # only comments: a config of nothing yet
    if not isinstance(before, dict) or not isinstance(before.get("repos"), list | None):
        return "it is not a mapping with a `repos:` list"
    text = _with_entry(original.text, _entry(template))
    wanted = {**before, "repos": [*(before.get("repos") or []), *load(template).data["repos"]]}
    try:
        after = load(text).data
    except ReadProblem:
        after = None
    if after != wanted:
        return "its `repos:` is not a block list botbeat can add to without rewriting it"
    replace_all([(original, text)]).check(within)
    return ""


def _entry(template: str) -> str:
    """The botbeat entry of the template's `repos:` list, at indent 2 (`  - repo: local`)."""
    return template[template.index("\n  - repo:") + 1 :]


def _with_entry(text: str, entry: str) -> str:
    """`text` with `entry` (a `  - repo:` block at indent 2) added at the end of its block
    `repos:` list, indented as that list's items, or in a `repos:` added at the end."""
    newline = "\r\n" if "\r\n" in text else "\n"
    head = _REPOS.search(text)
    if head is None:  # no `repos:` yet: one at the end
        lines = entry.splitlines()
        ending = "" if not text or text.endswith("\n") else newline
        return text + ending + newline.join(["repos:", *lines]) + newline
    after = head.end()
    following = _TOP_KEY.search(text, after)
    end = following.start() if following else len(text)
    item = _ITEM.search(text, after, end)
    # Blank lines and column-0 comments before the next key are that key's: insert above.
    while end > after:
        start = text.rfind("\n", after, end - 1) + 1 or after
        line = text[start:end].strip()
        if line and not (line.startswith("#") and text[start] == "#"):
            break
        end = start
    indent = item.group(1) if item else "  "
    lines = [indent + line[2:] if line.strip() else line for line in entry.splitlines()]
    block = newline.join(lines) + newline
    before = text[:end]
    if not before.endswith("\n"):
        before += newline
    return before + block + text[end:]


def _kind_templates(target: Path, templates: Traversable) -> dict[Path, str]:
    """templates/<kind>.md for each kind of the seed taxonomy: the body `botbeat new` starts
    an article of that kind with (edit them to give each kind its own skeleton)."""
    from botbeat_cli.rules.article import skeleton
    from botbeat_cli.store.fastyaml import load_fast
    from botbeat_cli.store.newsroom import TEMPLATES

    seed = load_fast((templates / "botbeat.yaml").read_text(encoding="utf-8")).data
    sections = seed.get("rules", {}).get("required_sections", ["Summary", "Editorial Opinion"])
    body = skeleton(sections).lstrip("\n")
    return {target / TEMPLATES / f"{kind}.md": body for kind in seed["kinds"]}


def next_steps(target: Path, done: Initialised) -> list[str]:
    """What an editor does next with the newsroom just created (nothing for a workflow
    added to an existing one)."""
    created = done.created
    kept: list[str] = []
    if done.hook_kept == HOOKED_ALREADY:
        kept = [f"note: {target / PRE_COMMIT_CONFIG} is as it was: {HOOKED_ALREADY}"]
    elif done.hook_kept:
        kept = [
            f"note: {target / PRE_COMMIT_CONFIG} is as it was: {done.hook_kept}; "
            "the botbeat hook, to add under its `repos:` if it lacks it:",
            *("    " + line for line in done.hook_entry.splitlines()),
        ]
    if target / CONFIG_NAME not in created:
        return ["next: commit the workflow; docs/ci.md says what each step does"]
    where = "" if target.resolve() == Path.cwd().resolve() else f"cd {target} && "
    return [
        *kept,
        f"next: {where}git init && pre-commit install   (the hook checks every commit)",
        '      botbeat new "Your headline" --entity KEY --kind KEY   (botbeat new --help)',
    ]
