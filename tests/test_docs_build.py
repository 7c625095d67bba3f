"""The docs made from the code are what `python docs/build.py` makes now: the botbeat.yaml
reference, the commands page and the pictures (compared by their text, which does not
depend on rich's SVG markup)."""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import PROJECT

DOCS = PROJECT / "docs"


def _build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_build", DOCS / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _text(svg: str) -> str:
    runs = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return " ".join(" ".join(html.unescape(run).replace("\xa0", " ") for run in runs).split())


def test_the_config_reference_is_the_model() -> None:
    assert (DOCS / "config.md").read_text() == _build().config_md(), "run python docs/build.py"


def test_the_rules_page_is_the_registry() -> None:
    assert (DOCS / "rules.md").read_text() == _build().rules_md(), "run python docs/build.py"


def test_the_commands_page_is_the_app() -> None:
    page = _build().commands_md()
    assert (DOCS / "commands.md").read_text() == page, "run python docs/build.py"
    # `doctor --format` had no help: every argument and option says what it is for
    unexplained = [
        line for line in page.splitlines() if line.startswith("| `") and line.endswith("|  |")
    ]
    assert not unexplained


def test_the_pictures_show_what_the_commands_show_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOTBEAT_DOCS_OUT", str(tmp_path))
    build = _build()
    fresh_preview = build.preview_svg()
    assert _text((DOCS / "preview.svg").read_text()) == _text(fresh_preview)
    assert _text((DOCS / "validate.svg").read_text()) == _text(build.validate_svg())
    assert "More from Anthropic" in _text(fresh_preview)
    assert "12 files checked" in _text(build.validate_svg())
    editor = _text(build.lsp_svg())
    assert _text((DOCS / "lsp.svg").read_text()) == editor
    assert "botbeat(unknown-kind)" in editor and "quick fix: Replace with 'update'" in editor
    fresh_sources = _text(build.sources_svg())  # served on loopback, here
    assert _text((DOCS / "sources.svg").read_text()) == fresh_sources
    assert "3 source URL(s): 1 broken, 1 ok, 1 redirected" in fresh_sources
