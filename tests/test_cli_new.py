"""`botbeat new`: the file it writes, byte for byte, and what it refuses."""

from __future__ import annotations

import os
import pty
import subprocess
import time
from datetime import date
from pathlib import Path

from tests.conftest import Newsroom, Run, article_text, botbeat_command

FULL = [
    "--entity", "Google DeepMind", "--kind", "RESEARCH", "--topic", "LLMs",
    "--topic", "AI Safety & Alignment", "--topic", "llm",
    "--takeaway", "It does one thing.", "--takeaway", "It says: another thing.",
    "--source-url", "https://x.com/a/status/1", "--date", "2026-02-25",
]  # fmt: skip
TITLE = "Gemini's New Model Beats Benchmarks — Again!"
SLUG = "gemini-s-new-model-beats-benchmarks-again"
P = "articles/2026/"


def test_new_writes_the_exact_file_and_prints_its_path(newsroom: Newsroom, run: Run) -> None:
    result = run("new", TITLE, *FULL, cwd=newsroom.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"articles/2026/{SLUG}.md\n"
    written = (newsroom.root / "articles" / "2026" / f"{SLUG}.md").read_bytes()
    assert (
        written
        == (
            "---\n"
            "title: Gemini's New Model Beats Benchmarks — Again!\n"
            "date: 2026-02-25\n"
            "kind: research\n"
            "entity: google\n"
            "topics: [large-language-models, ai-safety-alignment]\n"
            "takeaways:\n"
            "  - It does one thing.\n"
            "  - 'It says: another thing.'\n"
            "source:\n"
            "  url: https://x.com/a/status/1\n"
            "status: draft\n"
            "---\n"
            "\n"
            "## Summary\n"
            "\n"
            "TODO: write the summary.\n"
            "\n"
            "## Editorial Opinion\n"
            "\n"
            "TODO: write the editorial opinion.\n"
        ).encode()
    )


def test_new_article_validates_with_placeholder_warnings(newsroom: Newsroom, run: Run) -> None:
    run("new", TITLE, *FULL, cwd=newsroom.root)
    result = run("validate", cwd=newsroom.root)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        f"articles/2026/{SLUG}.md:17:1: warning[placeholder] placeholder text left from "
        "`botbeat new`: write this part before publishing",
        f"articles/2026/{SLUG}.md:21:1: warning[placeholder] placeholder text left from "
        "`botbeat new`: write this part before publishing",
        "1 file checked: 0 errors, 2 warnings",
    ]
    path = newsroom.root / "articles" / "2026" / f"{SLUG}.md"
    path.write_text(path.read_text().replace("status: draft", "status: review"))
    assert run("validate", cwd=newsroom.root).returncode == 1


def test_existing_slug_anywhere_is_refused(newsroom: Newsroom, run: Run) -> None:
    newsroom.article(SLUG, year="2024", date="2024-05-05")
    result = run("new", TITLE, *FULL, cwd=newsroom.root)
    assert result.returncode == 1
    assert result.stderr == (
        f"botbeat: slug '{SLUG}' is taken by articles/2024/{SLUG}.md; choose another title or "
        "pass --slug\n"
    )
    assert not (newsroom.root / "articles" / "2026").exists()


def test_missing_values_without_a_terminal_are_a_usage_error(newsroom: Newsroom, run: Run) -> None:
    result = run("new", TITLE, "--entity", "openai", cwd=newsroom.root, input="")
    assert result.returncode == 2
    assert result.stderr == "botbeat: missing values: --kind, --topic, --takeaway, --source-url\n"
    assert list((newsroom.root / "articles").rglob("*.md")) == []


def test_unknown_names_and_bad_values_are_listed(newsroom: Newsroom, run: Run) -> None:
    result = run(
        "new", "Short", "--entity", "anthropik", "--kind", "update", "--topic", "llms",
        "--takeaway", "one", "--takeaway", "two", "--source-url", "ftp://x", cwd=newsroom.root,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "botbeat: cannot create the article:",
        "  the title has 5 characters; it needs 10-120",
        "  unknown entity 'anthropik' (did you mean 'anthropic'?); known: anthropic, google, "
        "openai, llm-agent-ecosystem",
        "  --source-url: the URL must start with https:// or http://",
    ]


def test_slug_option_cannot_escape_articles(newsroom: Newsroom, run: Run) -> None:
    result = run("new", TITLE, *FULL, "--slug", "../../../evil", cwd=newsroom.root)
    assert result.returncode == 2
    assert "slug '../../../evil' is not valid" in result.stderr
    assert sorted(p.name for p in newsroom.root.parent.iterdir()) == ["newsroom"]


def test_future_date_needs_draft(newsroom: Newsroom, run: Run) -> None:
    args = [a if a != "2026-02-25" else "2099-01-01" for a in FULL]
    refused = run("new", TITLE, *args, "--status", "published", cwd=newsroom.root)
    assert refused.returncode == 2
    assert "in the future" in refused.stderr
    ok = run("new", TITLE, *args, cwd=newsroom.root)
    assert ok.stdout == f"articles/2099/{SLUG}.md\n"


def test_default_date_is_today_and_long_titles_cut_at_a_word(newsroom: Newsroom, run: Run) -> None:
    title = ("Straße " * 17).strip()  # 118 characters; 'ß' becomes 'ss' in the slug
    args = [a for a in FULL if a not in ("--date", "2026-02-25")]
    result = run("new", title, *args, cwd=newsroom.root)
    path = Path(result.stdout.strip())
    assert path.parent.name == str(date.today().year)
    assert path.stem == "-".join(["strasse"] * 15)  # 119 characters, cut at a word


def test_edit_opens_the_editor_on_the_new_file(
    newsroom: Newsroom, run: Run, tmp_path: Path
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\necho "$1" > "$(dirname "$0")/opened"\n')
    editor.chmod(0o755)
    result = run("new", TITLE, *FULL, "--edit", cwd=newsroom.root, env={"EDITOR": str(editor)})
    assert result.returncode == 0
    assert (tmp_path / "opened").read_text().strip().endswith(f"articles/2026/{SLUG}.md")


def _on_a_terminal(newsroom: Newsroom, title: str, answers: list[str]) -> tuple[int, str]:
    """`botbeat new TITLE` on a pty, each answer typed when a prompt ends with ':'."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*botbeat_command(), "new", title],
        cwd=newsroom.root, stdin=follower, stdout=follower, stderr=follower, close_fds=True,
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"},
    )  # fmt: skip
    os.close(follower)
    queue = iter(answers)
    seen = b""
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        seen += data
        if data.rstrip().endswith((b":", b"]:")):
            answer = next(queue, None)
            if answer is not None:
                os.write(leader, answer.encode())
    process.wait(timeout=30)
    os.close(leader)
    return process.returncode, seen.decode()


def test_prompts_on_a_terminal(newsroom: Newsroom) -> None:
    code, text = _on_a_terminal(newsroom, "An Interactive Story About Agents", [
        "OpenAI\n", "update\n", "llms, ethics-bias\n", "First point.\n", "Second point.\n",
        "\n", "https://example.org/interactive\n", "\n", "\n", "\n"])  # fmt: skip
    assert "Entities: anthropic (Anthropic), google (Google / Alphabet)" in text
    assert "Topics: large-language-models (Large Language Models (LLMs))" in text
    assert code == 0, text
    written = newsroom.root / "articles" / str(date.today().year)
    path = written / "an-interactive-story-about-agents.md"
    assert f"articles/{date.today().year}/an-interactive-story-about-agents.md" in text
    content = path.read_text()
    assert "entity: openai\n" in content
    assert "topics: [large-language-models, ethics-bias]\n" in content
    assert "  - First point.\n  - Second point.\n" in content
    assert "status: draft\n" in content


def test_a_wrong_answer_is_asked_again_with_the_reason(newsroom: Newsroom) -> None:
    """Each answer is checked as it is typed: the earlier ones are kept, not lost."""
    code, text = _on_a_terminal(newsroom, "A Story Typed With Some Mistakes", [
        "openai\n", "updat\n", "update\n", "no-such-topic\n", "ethics-bias\n", "One.\n",
        "Two.\n", "\n", "example.org/x\n", "https://example.org/typed\n", "Lab blog\n",
        "25/02/2026\n", "20260225\n", "2026-02-30\n", "2026-02-25\n", "publishd\n",
        "published\n"])  # fmt: skip
    assert code == 0, text
    assert "unknown kind 'updat' (did you mean 'update'?)" in text
    assert "unknown topic 'no-such-topic'" in text
    assert "'25/02/2026' is not a date: write YYYY-MM-DD" in text
    # the same reading as `--date` (tests/test_cli_options.py): Python's own would take
    # 20260225, and a day that does not exist is named as such
    assert "'20260225' is not a date: write YYYY-MM-DD" in text
    assert "'2026-02-30' is not a day of the calendar (day is out of range for month)" in text
    assert "'publishd' is not a status" in text
    content = (
        newsroom.root / "articles" / "2026" / "a-story-typed-with-some-mistakes.md"
    ).read_text()
    assert "date: 2026-02-25\nkind: update\nentity: openai\ntopics: [ethics-bias]\n" in content
    assert "  label: Lab blog\n  url: https://example.org/typed\nstatus: published\n" in content


def test_a_kind_template_gives_the_body(newsroom: Newsroom, run: Run) -> None:
    """templates/<kind>.md, as Hugo's archetypes: the body of that kind; others as before."""
    newsroom.write("templates/research.md", "## Summary\n\nTODO: the finding.\n\n"
                   "## Method\n\nTODO: how.\n\n## Editorial Opinion\n\nTODO: why.\n")  # fmt: skip
    done = run("new", TITLE, *FULL, cwd=newsroom.root)  # FULL's kind is research
    text = (newsroom.root / done.stdout.strip()).read_text()
    assert text.endswith("---\n\n## Summary\n\nTODO: the finding.\n\n## Method\n\nTODO: how."
                         "\n\n## Editorial Opinion\n\nTODO: why.\n")  # fmt: skip
    update = [a if a != "RESEARCH" else "update" for a in FULL]
    other = run("new", "Another Story With Its Own Title", *update, "--slug", "another-story",
                cwd=newsroom.root)  # fmt: skip
    assert "TODO: write the summary." in (newsroom.root / other.stdout.strip()).read_text()


def test_source_label_is_stored(newsroom: Newsroom, run: Run) -> None:
    result = run("new", TITLE, *FULL, "--source-label", "Lab blog: post", cwd=newsroom.root)
    text = Path(newsroom.root / result.stdout.strip()).read_text()
    assert "source:\n  label: 'Lab blog: post'\n  url: https://x.com/a/status/1\n" in text


def test_new_warns_about_a_story_already_covered(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("covered-story", url="https://x.com/a/status/1?s=20")
    result = run("new", TITLE, *FULL, cwd=newsroom.root)
    assert result.returncode == 0
    assert result.stderr == (
        "warning: this may be a story already covered: articles/2026/covered-story.md cites "
        "the same source\n"
    )


def test_new_warns_of_alike_titles_and_sources_from_the_newsrooms_index(
    newsroom: Newsroom, run: Run
) -> None:
    """The look-alikes come from the index the hook looks up (not a read of every
    article), in path order; an article saved since the last run is seen with what it says
    now (its folder changed), as an editor's save through a rename leaves it."""
    newsroom.article(
        "zz-alike",
        year="2025",
        date="2025-05-01",
        title="Gemini's new model beats benchmarks again",
    )
    newsroom.article(
        "aa-other", title="Something else entirely, this time", url="https://example.org/b"
    )
    warning = "warning: this may be a story already covered: "
    first = run("new", TITLE, *FULL, "--slug", "first-take", cwd=newsroom.root)
    assert first.returncode == 0
    assert first.stderr == f"{warning}articles/2025/zz-alike.md has a near-identical title\n"
    saved = newsroom.root / P / ".aa-other.md.saving"  # an editor's save: write, then rename
    saved.write_text(
        article_text("aa-other", title="Something else", url="https://x.com/a/status/1")
    )
    saved.replace(newsroom.root / P / "aa-other.md")
    second = run("new", TITLE, *FULL, "--slug", "second-take", cwd=newsroom.root)
    assert second.stderr.splitlines() == [
        f"{warning}articles/2025/zz-alike.md has a near-identical title",
        f"{warning}{P}aa-other.md cites the same source",
        f"{warning}{P}first-take.md cites the same source",
    ]


def test_new_never_writes_through_a_symlinked_folder(
    newsroom: Newsroom, run: Run, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (newsroom.root / "articles" / "2026").symlink_to(elsewhere)
    result = run("new", TITLE, *FULL, cwd=newsroom.root)
    assert result.returncode == 1
    assert "a folder on its way is a symlink leading outside" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_new_refuses_windows_reserved_slugs(newsroom: Newsroom, run: Run) -> None:
    result = run("new", TITLE, *FULL, "--slug", "con", cwd=newsroom.root)
    assert result.returncode == 2
    assert "slug 'con' is a reserved file name on Windows" in result.stderr
    assert not list((newsroom.root / "articles").rglob("*.md"))
