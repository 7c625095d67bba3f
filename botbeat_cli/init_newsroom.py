"""`init`: a new newsroom with the seed's taxonomy, an articles folder and the hook."""

from __future__ import annotations

from importlib.resources import files as package_files
from importlib.resources.abc import Traversable
from pathlib import Path

from botbeat_cli.errors import BotbeatError
from botbeat_cli.store.files import create_exclusive, failing_as, refuse_outside
from botbeat_cli.store.newsroom import ARTICLES_DIR, CONFIG_NAME

PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
WORKFLOW = Path(".github") / "workflows" / "botbeat.yml"


def init_newsroom(target: Path, ci: str | None = None) -> list[Path]:
    """Create the newsroom files in `target`; refuse (writing nothing) if any exists.

    With `ci="github"`, also the GitHub workflow; in an existing newsroom (botbeat.yaml is
    there), only the workflow."""
    from botbeat_cli import __version__

    templates = package_files("botbeat_cli") / "templates"
    planned: dict[Path, str] = {}
    if ci is None or not (target / CONFIG_NAME).exists():
        planned = {
            target / CONFIG_NAME: (templates / "botbeat.yaml").read_text(encoding="utf-8"),
            target / PRE_COMMIT_CONFIG: (templates / "pre-commit-config.yaml").read_text(
                encoding="utf-8"
            ),
            target / ARTICLES_DIR / ".gitkeep": "",
            **_kind_templates(target, templates),
        }
    if ci is not None:
        workflow = (templates / "github-workflow.yml").read_text(encoding="utf-8")
        planned[target / WORKFLOW] = workflow.replace("@VERSION@", __version__)
    taken = [path for path in planned if path.exists()]
    if taken:
        names = ", ".join(str(path) for path in taken)
        raise BotbeatError(f"{names} exists already; botbeat init never overwrites a file")
    for path in planned:
        refuse_outside(path, target)
    for path, text in planned.items():
        with failing_as(path):
            create_exclusive(path, text, target)
    return list(planned)


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


def next_steps(target: Path, created: list[Path]) -> list[str]:
    """What an editor does next with the newsroom just created (nothing for a workflow
    added to an existing one)."""
    if target / CONFIG_NAME not in created:
        return ["next: commit the workflow; docs/ci.md says what each step does"]
    where = "" if target.resolve() == Path.cwd().resolve() else f"cd {target} && "
    return [
        f"next: {where}git init && pre-commit install   (the hook checks every commit)",
        '      botbeat new "Your headline" --entity KEY --kind KEY   (botbeat new --help)',
    ]
