"""Regenerate the docs that come from the code, so they cannot go stale:

    python docs/build.py

- docs/config.md: every key of botbeat.yaml, its type and default, from the model;
- docs/rules.md: every rule id a report can carry, a section each (SARIF's `helpUri`
  points at these sections), from the rule registry;
- docs/commands.md: every command's arguments and options, from the Typer app (what
  `--help` shows);
- docs/lsp.svg: an editor session, `botbeat lsp`'s diagnostics and quick fixes on an
  unsaved buffer of a sample article;
- docs/preview.svg, docs/validate.svg and docs/sources.svg: `botbeat preview` of a sample
  article, `botbeat validate` of the sample newsroom, and `botbeat sources` of a small
  newsroom whose pages are served on loopback, rendered by rich.

tests/test_docs_build.py fails when a committed file differs from what this writes (the
pictures by their text, which does not depend on rich's SVG markup).
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))

PREVIEWED = "articles/2026/anthropic-announces-preservation-plan-for-retired-claude-opus-3.md"


def _type(annotation: Any) -> str:
    """A field's type in words, from its annotation (not from the JSON schema, whose shape
    changes between Pydantic versions)."""
    import types
    import typing

    from pydantic import BaseModel

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0])
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_type(arg) for arg in args)
    if origin is typing.Literal:
        return " \\| ".join(f"`{arg}`" for arg in args)
    if origin is list:
        return f"list of {_type(args[0])}"
    if origin is dict:
        return f"map of {_type(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    names = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _default(field: Any) -> str:
    from pydantic import BaseModel
    from pydantic_core import PydanticUndefined

    if field.default is PydanticUndefined and field.default_factory is None:
        return "(required)"
    value = field.default_factory() if field.default_factory is not None else field.default
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    return f"`{json.dumps(value)}`"


def _rows(prefix: str, model: Any) -> list[str]:
    from pydantic import BaseModel

    rows = []
    for name, field in model.model_fields.items():
        key = f"{prefix}{name}"
        about = field.description or ""
        rows.append(f"| `{key}` | {_type(field.annotation)} | {_default(field)} | {about} |")
        kind = field.annotation
        if (
            isinstance(kind, type)
            and issubclass(kind, BaseModel)
            and _default(field) != "(required)"
        ):
            rows += _rows(f"{key}.", kind)  # a section with defaults: its keys
    return rows


def rules_md() -> str:
    """docs/rules.md: a section per rule id (its anchor is the id, which SARIF's `helpUri`
    names), from the registry `botbeat rules` and SARIF read."""
    from botbeat_cli.model.outcomes import MEANINGS
    from botbeat_cli.related import STALE_RULES
    from botbeat_cli.rules import CONFIG_RULES, HOWTO, RULES

    lines = [
        "# Rules",
        "",
        "<!-- made by docs/build.py from botbeat_cli/rules; do not edit -->",
        "",
        "Every rule id botbeat reports, with its default severity (`rules.severity` in",
        "botbeat.yaml changes it), what it checks, a failing example and the fix.",
        "`botbeat rules [RULE]` shows the same text; SARIF's `helpUri` links here.",
    ]

    def section(title: str, rules: dict[str, Any], how: dict[str, tuple[str, str]]) -> None:
        lines.extend(["", f"## {title}"])
        for rule, (severity, checks) in rules.items():
            lines.extend(["", f"### {rule}", "", f"**{severity.value}** by default: {checks}."])
            if rule in how:
                example, fix = how[rule]
                lines.extend(["", f"- e.g. `{example}`", f"- fix: {fix}"])

    section("Articles (`botbeat validate`)", RULES, HOWTO)
    section("botbeat.yaml (`botbeat validate`)", CONFIG_RULES, HOWTO)
    section("Related lists (`botbeat related --check`)", STALE_RULES,
            {"related-stale": ("related: [an-old-pick] (the newsroom now says otherwise)",
                               "run `botbeat related --write` and commit the lists"),
             "related-unread": ("title: [a broken merge",
                                "mend the article (`botbeat validate` names the problem), "
                                "then run `botbeat related --write`")})  # fmt: skip
    lines.extend(["", "## Sources (`botbeat sources`)", "",
                  "An error when the outcome is in `source_checks.fail_on`, a warning otherwise;",
                  "docs/sources.md says what each outcome means and what to do."])  # fmt: skip
    for outcome, meaning in MEANINGS.items():
        lines.extend(["", f"### source-{outcome.value}", "", f"{meaning[0].upper()}{meaning[1:]}."])
    return "\n".join(lines) + "\n"


def config_md() -> str:
    from botbeat_cli.model import newsroom

    lines = [
        "# botbeat.yaml reference",
        "",
        "Generated from the model (`python docs/build.py`; tests/test_docs_build.py keeps it",
        "in step). `docs/format.md` says what each part means for articles.",
        "",
        "| key | type | default | what it is |",
        "| --- | --- | --- | --- |",
        *_rows("", newsroom.NewsroomConfig),
        "",
    ]
    for model in (newsroom.Kind, newsroom.Entity, newsroom.Topic, newsroom.HostRule):
        lines += [f"## {model.__name__}", "", "| key | type | default | what it is |",
                  "| --- | --- | --- | --- |", *_rows("", model), ""]  # fmt: skip
    return "\n".join(lines)


def _helps(callback: Any) -> dict[str, str]:
    """Each parameter's help as the command declares it (typer.Option/Argument in its
    Annotated hints): the same on every Typer, whatever its click objects keep."""
    import inspect
    import typing

    function = inspect.unwrap(callback)
    found = {}
    for name, hint in typing.get_type_hints(function, include_extras=True).items():
        for meta in getattr(hint, "__metadata__", ()):
            if getattr(meta, "help", None):
                found[name] = meta.help
    return found


def commands_md() -> str:
    import typer.main

    from botbeat_cli.cli.app import app

    root = typer.main.get_command(app)
    lines = ["# Commands", "", "Every command's arguments and options, as `--help` shows them",
             "(generated by `python docs/build.py`; tests/test_docs_build.py keeps it in step).",
             ""]  # fmt: skip
    for name, command in sorted(root.commands.items()):  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        for sub, leaf in sorted((subs or {"": command}).items()):
            title = f"botbeat {name} {sub}".strip()
            summary = (leaf.help or "").strip().split("\n")[0]
            lines += [
                f"## `{title}`",
                "",
                summary,
                "",
                "| argument or option | help |",
                "| --- | --- |",
            ]
            helps = _helps(leaf.callback)
            for param in leaf.params:
                names = ", ".join(f"`{opt}`" for opt in param.opts)
                help_text = " ".join(helps.get(param.name or "", "").split())
                lines.append(f"| {names} | {help_text} |")
            lines.append("")
    return "\n".join(lines)


def preview_svg() -> str:
    from botbeat_cli import preview as page
    from botbeat_cli.config import load_config
    from botbeat_cli.formatters.preview import export
    from botbeat_cli.validate import ValidateOptions, validate

    config = load_config(PROJECT)
    path = PROJECT / PREVIEWED
    problems = validate(PROJECT, ValidateOptions(paths=[path])).diagnostics
    blocks = page.render(page.gather(PROJECT, config, path, problems), config)
    target = Path(os.environ.get("BOTBEAT_DOCS_OUT", HERE)) / "preview.svg"
    title = f"botbeat preview {path.stem}"
    export(blocks, "svg", target, width=100, no_color=False, title=title)
    return target.read_text(encoding="utf-8")


def validate_svg() -> str:
    from rich.console import Console
    from rich.text import Text

    from botbeat_cli.formatters.text import render
    from botbeat_cli.validate import validate

    out = io.StringIO()
    saved = os.environ.get("FORCE_COLOR")
    os.environ["FORCE_COLOR"] = "1"  # the coloured text a terminal gets
    try:
        render(validate(PROJECT), out, io.StringIO())
    finally:
        os.environ.pop("FORCE_COLOR") if saved is None else os.environ.update(FORCE_COLOR=saved)
    console = Console(record=True, width=100, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor")  # fmt: skip
    console.print("$ botbeat validate")
    console.print(Text.from_ansi(out.getvalue()))
    return console.export_svg(title="botbeat validate")


def lsp_svg() -> str:
    """An editor session: the sample article's front matter with two slips typed into the
    buffer (unsaved), underlined where `botbeat lsp` places its diagnostics, and the
    problems list with each quick fix it offers (the server's own functions)."""
    from rich.console import Console
    from rich.text import Text

    from botbeat_cli import lsp

    path = PROJECT / PREVIEWED
    text = path.read_text(encoding="utf-8").replace("kind: update", "kind: updat", 1)
    text = text.replace("ethics-bias,", "ethics,", 1)
    lines = text.split("\n")
    found = [lsp._lsp(d, lines) for d in lsp.diagnostics_for(path, text)]
    shown = lines[: lines.index("---", 1) + 1]
    console = Console(record=True, width=100, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor")  # fmt: skip
    for number, line in enumerate(shown):
        row = Text(f"{number + 1:>3}  ", style="dim") + Text(line[:94])
        for d in found:
            if d.range.start.line == number:
                row.stylize("underline red", 5 + d.range.start.character, 5 + d.range.end.character)
        console.print(row)
    console.print(Text("PROBLEMS", style="bold"))
    for d in found:
        hint = lsp._HINT.search(d.message)
        where = f"Ln {d.range.start.line + 1}, Col {d.range.start.character + 1}"
        console.print(Text(f"  x {d.message} botbeat({d.code}) [{where}]", style="red"))
        if hint:
            console.print(Text(f"    quick fix: Replace with '{hint.group(1)}'", style="green"))
    return console.export_svg(title=f"{PREVIEWED} (unsaved) - botbeat lsp")


def sources_svg() -> str:
    """`botbeat sources` over a small newsroom whose sources are served here, on loopback
    (so the picture needs no network); their address is written as news.example."""
    import contextlib
    import shutil
    import tempfile
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from rich.console import Console
    from rich.text import Text

    from botbeat_cli.cli import main as botbeat
    from tests.conftest import TEMPLATE_CONFIG, article_text

    pages = {"/blog/launch-post": "The launch", "/research/paper": "The paper"}

    class Pages(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self, body: bool) -> None:
            page = pages.get(self.path)
            text = f"<html><head><title>{page}</title></head><body><h1>{page}</h1></body></html>"
            data = text.encode() if page else b""
            self.send_response(301 if self.path == "/launch-post" else 200 if page else 404)
            if self.path == "/launch-post":
                self.send_header("Location", "/blog/launch-post")
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def do_GET(self) -> None:
            self._answer(body=True)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"127.0.0.1:{server.server_address[1]}"
    folder = Path(tempfile.mkdtemp(prefix="botbeat-docs-"))
    try:
        (folder / "articles" / "2026").mkdir(parents=True)
        shutil.copy(TEMPLATE_CONFIG, folder / "botbeat.yaml")
        for slug, page in (("model-launch", "launch-post"), ("safety-study", "research/paper"),
                           ("retracted-claim", "deleted-story")):  # fmt: skip
            text = article_text(slug, url=f"http://{base}/{page}")
            (folder / "articles" / "2026" / f"{slug}.md").write_text(text)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            botbeat(["sources", "--allow-private", "--no-cache", "--root", str(folder)])
    finally:
        server.shutdown()
        shutil.rmtree(folder)
    shown = (out.getvalue() + err.getvalue()).replace(base, "news.example")
    console = Console(record=True, width=100, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor")  # fmt: skip
    console.print("$ botbeat sources")
    console.print(Text(shown))
    return console.export_svg(title="botbeat sources")


def main() -> None:
    out = Path(os.environ.get("BOTBEAT_DOCS_OUT", HERE))
    (out / "config.md").write_text(config_md(), encoding="utf-8")
    (out / "commands.md").write_text(commands_md(), encoding="utf-8")
    (out / "rules.md").write_text(rules_md(), encoding="utf-8")
    preview_svg()
    (out / "validate.svg").write_text(validate_svg(), encoding="utf-8")
    (out / "sources.svg").write_text(sources_svg(), encoding="utf-8")
    (out / "lsp.svg").write_text(lsp_svg(), encoding="utf-8")
    made = "config.md, commands.md, rules.md and preview, validate, sources, lsp .svg"
    print(f"wrote {made} in {out}")


if __name__ == "__main__":
    main()
