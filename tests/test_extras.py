"""Without an extra, the commands that need it say what to install (exit 2) and the others
work: the pre-commit hook installs botbeat without extras (tests/test_hook.py does so for
real; here the extra's modules are made unimportable in this process)."""

from __future__ import annotations

import sys

import pytest

from botbeat_cli.cli import main
from tests.conftest import Newsroom

P = "articles/2026/"


def _files(newsroom: Newsroom) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in newsroom.root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("argv", "modules", "extra"),
    [
        (["related", "--check"], ("numpy", "scipy"), "related"),
        (["related", "--write"], ("numpy", "scipy"), "related"),
        (["tag", "suggest", "--all"], ("numpy", "sklearn"), "related"),
        (["sources"], ("aiohttp",), "sources"),
    ],
)
def test_a_command_without_its_extra_says_what_to_install(
    newsroom: Newsroom,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    modules: tuple[str, ...],
    extra: str,
) -> None:
    newsroom.article("one-story")
    before = _files(newsroom)
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)  # `import module` now fails
    assert main([*argv, "--root", str(newsroom.root)]) == 2
    err = capsys.readouterr().err
    assert f"pip install 'botbeat[{extra}]'" in err and "'botbeat[all]'" in err
    assert "unexpected error" not in err
    assert _files(newsroom) == before  # nothing half done


def test_validate_needs_no_extra(
    newsroom: Newsroom, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Even the did-you-mean over many slugs, which numpy speeds up, works without it."""
    from botbeat_cli.didyoumean import VECTORISED_FROM

    for index in range(VECTORISED_FROM + 1):
        newsroom.article(f"story-number-{index}")
    newsroom.article("linking-story", status="published\nrelated: {suggested: [story-numbr-7]}")
    for module in ("numpy", "scipy", "sklearn", "aiohttp"):
        monkeypatch.setitem(sys.modules, module, None)
    assert main(["validate", "--root", str(newsroom.root)]) == 1
    out = capsys.readouterr().out
    assert "no article has the slug 'story-numbr-7' (did you mean 'story-number-7'?)" in out
