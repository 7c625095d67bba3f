"""`botbeat preview`: golden renders, one test per block, hostile text, a real terminal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import PROJECT, Newsroom, Run, article_text, pty_run

GOLDEN = Path(__file__).parent / "golden" / "preview"
SAMPLES = sorted(p.stem for p in (PROJECT / "articles").rglob("*.md"))
UPDATE = os.environ.get("BOTBEAT_UPDATE_GOLDEN") == "1"
P = "articles/2026/"


def _title(slug: str) -> str:
    """The title `article_text` gives a slug."""
    return article_text(slug).split("\n")[1].removeprefix("title: ")


def _export(run: Run, root: Path, article: str, tmp_path: Path, width: int = 100) -> str:
    target = tmp_path / f"{Path(article).stem}.txt"
    result = run("preview", article, "--width", str(width), "--export", "txt", str(target),
                 cwd=root)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {target}\n"
    return "\n".join(line.rstrip() for line in target.read_text().splitlines()) + "\n"


@pytest.mark.parametrize("slug", SAMPLES)
def test_golden_render_of_each_sample_article(slug: str, run: Run, tmp_path: Path) -> None:
    """A change in layout shows as a diff of these files (BOTBEAT_UPDATE_GOLDEN=1 rewrites)."""
    text = _export(run, PROJECT, slug, tmp_path)
    golden = GOLDEN / f"{slug}.txt"
    if UPDATE:
        golden.write_text(text)
    assert golden.is_file(), f"no golden render for {slug}: run with BOTBEAT_UPDATE_GOLDEN=1"
    assert text == golden.read_text()


def _blocks(newsroom: Newsroom, run: Run, tmp_path: Path, text: str, width: int = 100) -> str:
    newsroom.write(P + "shown-story.md", text)
    return _export(run, newsroom.root, "shown-story", tmp_path, width)


def test_header_title_and_draft_status(newsroom: Newsroom, run: Run, tmp_path: Path) -> None:
    out = _blocks(newsroom, run, tmp_path, article_text("shown-story", status="draft",
                                                        kind="policy-regulation"))  # fmt: skip
    lines = out.splitlines()
    assert lines[0] == "Anthropic   POLICY & REGULATION   2026-02-25   DRAFT"
    assert lines[2] == _title("shown-story")


def test_published_shows_no_status_badge(newsroom: Newsroom, run: Run, tmp_path: Path) -> None:
    out = _blocks(newsroom, run, tmp_path, article_text("shown-story"))
    assert out.splitlines()[0] == "Anthropic   UPDATE   2026-02-25"


def test_takeaways_and_source_label_from_config(
    newsroom: Newsroom, run: Run, tmp_path: Path
) -> None:
    text = article_text("shown-story", url="https://x.com/lab/status/42")
    out = _blocks(newsroom, run, tmp_path, text)
    assert "Key Takeaways\n  ▸ First takeaway about shown-story.\n  ▸ Second takeaway" in out
    assert "Source: X (Twitter)  https://x.com/lab/status/42\n" in out


def test_long_takeaways_wrap_under_their_text(newsroom: Newsroom, run: Run, tmp_path: Path) -> None:
    long = "word " * 30
    text = article_text("shown-story").replace("First takeaway about shown-story.", long)
    out = _blocks(newsroom, run, tmp_path, text, width=60)
    bullet = out.splitlines()[out.splitlines().index("Key Takeaways") + 1]
    following = out.splitlines()[out.splitlines().index("Key Takeaways") + 2]
    assert bullet.startswith("  ▸ word word") and following.startswith("    word")
    assert all(len(line) <= 60 for line in out.splitlines())


def test_body_markdown_is_rendered(newsroom: Newsroom, run: Run, tmp_path: Path) -> None:
    text = article_text("shown-story").replace(
        "Summary text about shown-story.",
        "Some *emphasis* and a [link](https://example.org/x).\n\n- item one\n- item two\n\n"
        "```\ncode line\n```\n\n### A subheading",
    )
    out = _blocks(newsroom, run, tmp_path, text)
    assert "Some emphasis and a link" in out
    assert "• item one" in out and "• item two" in out
    assert "code line" in out
    assert "A subheading" in out and "Editorial Opinion" in out
    assert "*emphasis*" not in out and "](https" not in out


def test_topics_show_labels_not_keys(newsroom: Newsroom, run: Run, tmp_path: Path) -> None:
    out = _blocks(newsroom, run, tmp_path, article_text("shown-story"))
    chips = next(line for line in out.splitlines() if "Large" in line).replace("\u00a0", " ")
    assert "Large Language Models (LLMs)" in chips and "AI Safety & Alignment" in chips
    assert "large-language-models" not in out


def test_related_blocks_resolve_and_missing_slugs_show(
    newsroom: Newsroom, run: Run, tmp_path: Path
) -> None:
    newsroom.article("sibling-story", date="2026-01-10", kind="research")
    newsroom.article("other-story", entity="openai", kind="industry-report", date="2026-01-11")
    text = article_text("shown-story").replace(
        "status: published\n",
        "status: published\nrelated:\n  pinned: [other-story]\n  more_from: [sibling-story]\n"
        "  suggested: [gone-story]\n",
    )
    out = _blocks(newsroom, run, tmp_path, text)
    sibling = _title("sibling-story")
    assert f"More from Anthropic\n  Anthropic  RESEARCH  2026-01-10\n  {sibling}\n" in out
    suggested = out.split("Suggested\n", 1)[1]
    assert suggested.startswith(
        f"  OpenAI  INDUSTRY REPORT  2026-01-11\n  {_title('other-story')}\n"
    )
    assert "gone-story: missing (no article has this slug)" in suggested


def test_validation_errors_show_in_a_banner(newsroom: Newsroom, run: Run, tmp_path: Path) -> None:
    out = _blocks(newsroom, run, tmp_path, article_text("shown-story", kind="updat"))
    assert "1 validation error" in out.splitlines()[0]
    assert "4:7 [unknown-kind] unknown kind 'updat'" in out
    assert _title("shown-story") in out  # the page still renders


HOSTILE_TITLE = '"[bold red]Pwned[/] \\e[2J\\e]52;c;ZXZpbA==\\a\\e]8;;https://evil.example\\a"'
HOSTILE_BODY = "Normal \x1b[31mred\x1b[0m text\rover\x08written \u202eevil\n"


def _hostile(newsroom: Newsroom) -> None:
    text = article_text("shown-story", title=HOSTILE_TITLE).replace(
        "Summary text about shown-story.", HOSTILE_BODY
    )
    newsroom.write(P + "shown-story.md", text)


def test_hostile_text_is_data_not_markup_or_escapes(
    newsroom: Newsroom, run: Run, tmp_path: Path
) -> None:
    _hostile(newsroom)
    out = _export(run, newsroom.root, "shown-story", tmp_path)
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out and "\x08" not in out
    assert "[bold red]Pwned[/]" in out  # printed literally, not as markup
    assert "\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07" in out
    assert "Normal \\x1b[31mred\\x1b[0m text\\x0dover\\x08written \\u202eevil" in out


def _terminal_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return {**env, "TERM": "xterm-256color", "COLUMNS": "90", "LINES": "40"}


def test_real_terminal_shows_the_page_with_colour_and_a_hyperlink() -> None:
    screen = pty_run(
        ["preview", "anthropic-announces-preservation-plan-for-retired-claude-opus-3"],
        PROJECT,
        _terminal_env(),
    )
    assert "Anthropic Announces Preservation Plan for Retired Claude Opus 3 Model" in screen
    assert _colours(screen)  # in colour
    assert "\x1b]8;" in screen and "https://x.com/AnthropicAI/status/2026765820098130111" in screen
    assert "More from Anthropic" in screen and "Suggested" in screen
    lines = [line for line in screen.replace("\r", "").split("\n") if line]
    assert max(len(_strip_ansi(line)) for line in lines) <= 90


def test_real_terminal_hostile_article_cannot_clear_or_copy(newsroom: Newsroom) -> None:
    _hostile(newsroom)
    screen = pty_run(["preview", "shown-story"], newsroom.root, _terminal_env())
    assert "\x1b[2J" not in screen and "\x1b]52" not in screen and "evil.example\x07" not in screen
    assert "[bold red]Pwned[/]" in screen


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", text)


def _colours(text: str) -> set[int]:
    """The colour codes (30-38, 40-48, 90-107) among the SGR sequences in `text`."""
    import re

    codes = {int(c) for seq in re.findall(r"\x1b\[([0-9;]*)m", text) for c in seq.split(";") if c}
    return {c for c in codes if 30 <= c <= 38 or 40 <= c <= 48 or 90 <= c <= 107}


def test_no_color_and_pager(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("shown-story")
    env = {**_terminal_env(), "NO_COLOR": "1"}
    plain = pty_run(["preview", "shown-story"], newsroom.root, env)
    assert _colours(plain) == set() and _title("shown-story") in plain
    paged = pty_run(["preview", "shown-story", "--pager"], newsroom.root,
                        {**env, "PAGER": "cat"})  # fmt: skip
    assert _title("shown-story") in paged


def test_export_svg_and_html(newsroom: Newsroom, run: Run, tmp_path: Path) -> None:
    newsroom.article("shown-story")
    for kind in ("svg", "html"):
        target = tmp_path / f"page.{kind}"
        result = run("preview", "shown-story", "--export", kind, str(target), cwd=newsroom.root)
        assert result.returncode == 0
        content = target.read_text()
        assert content.lstrip().startswith("<svg" if kind == "svg" else "<!DOCTYPE html>")
        assert "Shown" in content


def test_path_or_slug_and_unknown_article(newsroom: Newsroom, run: Run, tmp_path: Path) -> None:
    newsroom.article("shown-story")
    by_path = run("preview", P + "shown-story.md", "--width", "80", cwd=newsroom.root)
    by_slug = run("preview", "shown-story", "--width", "80", cwd=newsroom.root)
    assert by_path.returncode == 0 and by_path.stdout == by_slug.stdout
    missing = run("preview", "shown-stroy", cwd=newsroom.root)
    assert missing.returncode == 2
    assert "shown-stroy: no such article file or slug (did you mean 'shown-story'?)" in (
        missing.stderr
    )
