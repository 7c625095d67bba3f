"""`botbeat validate` as editors and CI run it: real processes on real newsrooms."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Newsroom, Run, article_text, botbeat_command, pty_run

P = "articles/2026/"


def test_clean_newsroom_exits_0_with_summary(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("first-story")
    newsroom.article("second-story")
    result = run("validate", cwd=newsroom.root)
    assert result.returncode == 0
    assert result.stdout == "2 files checked: 0 errors, 0 warnings\n"


def test_errors_exit_1_and_other_files_are_still_checked(newsroom: Newsroom, run: Run) -> None:
    newsroom.write(P + "broken.md", b"\x00binary")
    newsroom.article("good-story", kind="updat")
    result = run("validate", cwd=newsroom.root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(P + "broken.md:1:1: error[file-binary]")
    assert result.stdout.splitlines()[1].startswith(P + "good-story.md:4:7: error[unknown-kind]")
    assert "Traceback" not in result.stdout + result.stderr


def test_strict_makes_warnings_fail(newsroom: Newsroom, run: Run) -> None:
    newsroom.write(P + "draft.md", article_text("draft", status="draft").replace(
        "Summary text about draft.", "TODO: write it"))  # fmt: skip
    assert run("validate", cwd=newsroom.root).returncode == 0
    strict = run("validate", "--strict", cwd=newsroom.root)
    assert strict.returncode == 1
    assert strict.stdout.endswith("1 file checked: 0 errors, 1 warning (--strict: warnings fail)\n")


def test_json_format_has_the_six_fields(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("json-story", entity="nobody")
    result = run("validate", "--format", "json", cwd=newsroom.root)
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert items == [
        {
            "path": P + "json-story.md",
            "line": 5,
            "col": 9,
            "severity": "error",
            "rule": "unknown-entity",
            "message": "unknown entity 'nobody'; add it to 'entities' in botbeat.yaml or pick "
            "an existing one",
        }
    ]
    assert result.stderr == "1 file checked: 1 error, 0 warnings\n"


def test_github_format_escapes_properties_and_data(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("gh-story", topics="['100%,bad:topic']")
    result = run("validate", "--format", "github", cwd=newsroom.root)
    first = result.stdout.splitlines()[0]
    assert first == (
        f"::error file={P}gh-story.md,line=6,col=10,title=unknown-topic::unknown topic "
        "'100%25,bad:topic'; add it to 'topics' in botbeat.yaml or pick an existing one"
    )


def test_paths_as_pre_commit_passes_them(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("checked-story", kind="updat")
    newsroom.article("other-story", kind="updat")
    newsroom.write("README.md", "# not an article\n")
    newsroom.write("notes/draft.md", "not in articles\n")
    newsroom.write(P + "image.png", b"\x89PNG")
    result = run(
        "validate", P + "checked-story.md", "README.md", "notes/draft.md", P + "image.png",
        cwd=newsroom.root,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith(P + "checked-story.md:4:7:")
    assert lines[1] == (  # what was skipped is said, not a silent pass (issue 10)
        "1 file checked: 1 error, 0 warnings; skipped 3 path(s) holding no article: README.md, "
        "notes/draft.md, articles/2026/image.png"
    )


def test_a_markdown_file_misnamed_is_named_when_given(newsroom: Newsroom, run: Run) -> None:
    """`Story.MD` handed to validate is not "a path holding no article": it is one an
    editor meant, that nothing reads (rule file-extension): an error, so that the hook
    stops the commit of a story that would never be published."""
    newsroom.write(P + "Draft Story.MD", article_text("draft-story"))
    newsroom.write("notes/Other.MD", "not in articles\n")
    result = run("validate", P + "Draft Story.MD", "notes/Other.MD", cwd=newsroom.root)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{P}Draft Story.MD:1:1: error[file-extension] 'Draft Story.MD' is not read as an "
        "article: an article's file name ends in '.md', in lower case; rename it to "
        "draft-story.md",
        "0 files checked: 1 error, 0 warnings; skipped 1 path(s) holding no article: "
        "notes/Other.MD",
    ]


def test_an_article_given_in_a_folder_named_like_articles_is_an_error(
    newsroom: Newsroom, run: Run
) -> None:
    """The hook hands over `Articles/2026/story.md` (its pattern ignores case): that story
    is not read by botbeat or the site, so the commit stops with the folder named, as the
    whole-newsroom run names it, instead of passing as "holding no article"."""
    newsroom.article("first-story")
    newsroom.write("Articles/2026/second-story.md", article_text("second-story"))
    newsroom.write("Article/2026/notes.txt", "not an article\n")
    if (newsroom.root / "articles/2026/second-story.md").exists():
        pytest.skip("a case-insensitive file system: Articles/ is articles/ here")
    given = ["Articles/2026/second-story.md", "Article/2026/notes.txt", P + "first-story.md"]
    result = run("validate", *given, cwd=newsroom.root)
    assert result.stdout.splitlines() == [
        "Articles/:1:1: error[articles-folder] there is Articles/ beside articles/: botbeat "
        "reads articles/<YYYY>/<slug>.md only (folder names are case-sensitive); move its "
        "articles into articles/<YYYY>/",
        "1 file checked: 1 error, 0 warnings; skipped 1 path(s) holding no article: "
        "Article/2026/notes.txt",
    ]
    assert result.returncode == 1


def test_a_folder_named_like_articles_is_an_error_not_a_pass(newsroom: Newsroom, run: Run) -> None:
    """`Articles/` instead of articles/, or beside it: none of its files is read; "0 files
    checked" with exit 0 would pass CI on a newsroom nothing checked (articles-folder)."""
    (newsroom.root / "articles").rmdir()
    newsroom.write("Articles/2026/first-story.md", article_text("first-story"))
    if (newsroom.root / "articles").exists():
        pytest.skip("a case-insensitive file system: Articles/ is articles/ here")
    said = "error[articles-folder] there is Articles/"
    why = "botbeat reads articles/<YYYY>/<slug>.md only (folder names are case-sensitive)"
    result = run("validate", cwd=newsroom.root)
    assert result.stdout.splitlines() == [
        f"Articles/:1:1: {said} and no articles/: {why}; rename the folder to articles/",
        "0 files checked: 1 error, 0 warnings",
    ]
    assert result.returncode == 1
    newsroom.article("second-story", date="2026-02-26", url="https://example.org/second")
    result = run("validate", cwd=newsroom.root)
    assert result.stdout.splitlines() == [
        f"Articles/:1:1: {said} beside articles/: {why}; move its articles into articles/<YYYY>/",
        "1 file checked: 1 error, 0 warnings",
    ]
    (newsroom.root / "Articles/2026/first-story.md").unlink()  # an empty one: nothing said
    result = run("validate", cwd=newsroom.root)
    assert (result.stdout, result.returncode) == ("1 file checked: 0 errors, 0 warnings\n", 0)


def test_a_single_file_still_sees_every_slug(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("target-story", year="2025", date="2025-01-01")
    newsroom.write(
        P + "linker.md",
        article_text("linker").replace(
            "status: published\n", "status: published\nrelated:\n  more_from: [target-story]\n"
        ),
    )
    linked = run("validate", P + "linker.md", cwd=newsroom.root)
    assert linked.stdout == "1 file checked: 0 errors, 0 warnings\n"
    newsroom.article("target-story", title="Another Story With The Same Slug")
    result = run("validate", P + "target-story.md", cwd=newsroom.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{P}target-story.md:1:1: error[slug-duplicate] slug 'target-story' is also used by "
        "articles/2025/target-story.md; slugs are unique across the newsroom: rename one file",
        # the same source as the 2025 file: one file is compared with the whole newsroom
        f"{P}target-story.md:11:8: warning[duplicate-source] this source is already covered "
        "in articles/2025/target-story.md",
        "1 file checked: 1 error, 1 warning",
    ]


def test_folder_argument_and_missing_path(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("in-2026")
    newsroom.article("in-2025", year="2025", date="2025-03-03")
    result = run("validate", "articles/2025", cwd=newsroom.root)
    assert result.stdout == "1 file checked: 0 errors, 0 warnings\n"
    missing = run("validate", "articles/nope.md", cwd=newsroom.root)
    assert missing.returncode == 2
    assert missing.stderr == "botbeat: articles/nope.md: no such file or folder\n"


def test_bad_option_is_a_usage_error(newsroom: Newsroom, run: Run) -> None:
    result = run("validate", "--format", "xml", cwd=newsroom.root)
    assert result.returncode == 2
    assert "xml" in result.stderr


def test_root_is_found_from_a_subfolder_and_root_option(newsroom: Newsroom, run: Run,
                                                        tmp_path: Path) -> None:  # fmt: skip
    newsroom.article("found-story")
    assert run("validate", cwd=newsroom.root / "articles").stdout.startswith("1 file checked")
    assert run("validate", "--root", str(newsroom.root), cwd=tmp_path).returncode == 0
    elsewhere = run("validate", cwd=tmp_path)
    assert elsewhere.returncode == 2
    assert "no botbeat.yaml in" in elsewhere.stderr


def test_broken_config_is_reported_against_it_with_its_line(newsroom: Newsroom, run: Run) -> None:
    config = newsroom.root / "botbeat.yaml"
    config.write_text(config.read_text().replace("rules:", "rulez:"))
    newsroom.article("never-read")
    result = run("validate", cwd=newsroom.root)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1) if "rulez" in text)
    assert result.stdout.splitlines()[0] == (
        f"botbeat.yaml:{line}:1: error[unknown-key] unknown key 'rulez' (did you mean 'rules'?); "
        "known keys here: kinds, entities, topics, sources, source_checks, rules, related, timezone"
    )
    assert result.stdout.splitlines()[1] == "0 files checked: 1 error, 0 warnings"


def test_a_tab_that_indents_is_named_as_a_tab(newsroom: Newsroom, run: Run) -> None:
    """libyaml says "found character that cannot start any token" for a tab that indents,
    which does not say what to change; an editor whose editor put a tab sees it named."""
    story = newsroom.article("tabbed")
    text = story.read_text()
    story.write_text(text.replace("\n  - ", "\n\t- ", 1))  # the first takeaway, line 8
    result = run("validate", cwd=newsroom.root)
    tab = "a tab here: YAML indents with spaces, not tabs; replace the tab with spaces"
    assert f"articles/2026/tabbed.md:8:1: error[yaml-syntax] {tab}" in result.stdout.splitlines()
    assert result.returncode == 1
    story.write_text(text)
    config = newsroom.root / "botbeat.yaml"
    before = config.read_text()
    config.write_text(before.replace("\n  ", "\n\t", 1))
    line = next(n for n, x in enumerate(config.read_text().splitlines(), 1) if x.startswith("\t"))
    result = run("validate", cwd=newsroom.root)
    assert result.stdout.splitlines()[0] == f"botbeat.yaml:{line}:1: error[yaml-syntax] {tab}"


def test_a_colon_in_a_headline_is_named_with_the_quotes_to_add(
    newsroom: Newsroom, run: Run
) -> None:
    """libyaml's "mapping values are not allowed in this context" for `title: OpenAI: the
    launch` says nothing an editor can act on: the colon is named, with the line quoted."""
    story = newsroom.article("colon-story")
    text = story.read_text()
    title = text.splitlines()[1]
    story.write_text(text.replace(title, 'title: OpenAI: GPT-6 "ships" today'))
    crlf = newsroom.write(P + "crlf-story.md", article_text("crlf-story").replace("\n", "\r\n"))
    crlf.write_bytes(crlf.read_bytes().replace(b"\r\nstatus: published", b"\r\nstatus: a: b"))
    newsroom.write(P + "indented-story.md", article_text("indented-story").replace(
        "\nentity:", "\n  entity:"))  # fmt: skip
    said = "a ': ' inside a value, which YAML reads as the start of another key: put the whole "
    result = run("validate", cwd=newsroom.root)
    assert result.stdout.splitlines()[:3] == [
        f"{P}colon-story.md:2:14: error[yaml-syntax] {said}value in quotes "
        '(title: "OpenAI: GPT-6 \\"ships\\" today")',
        f'{P}crlf-story.md:12:10: error[yaml-syntax] {said}value in quotes (status: "a: b")',
        f"{P}indented-story.md:5:9: error[yaml-syntax] 'entity:' is indented under a line that "
        "has its value already, so YAML reads this line as more of that value: line its key up "
        "with the others",
    ]
    assert result.returncode == 1


def test_values_of_the_wrong_type_are_named_with_the_fix(newsroom: Newsroom, run: Run) -> None:
    """Pydantic's "Input should be a valid list" becomes what to write: `topics: LLMs`,
    `title: 1984`, a takeaway with a colon (YAML reads a key and a value), `status:
    Published`."""
    text = article_text("typed-story")
    for line, written in (
        ("title:", "title: 1984"),
        ("topics:", "topics: ai-safety-alignment"),
        ("  -", "  - OpenAI says: it ships"),  # the first takeaway
        ("status:", "status: Published"),
    ):
        text, done = re.subn(f"^{line} .*$", written, text, count=1, flags=re.M)
        assert done == 1, line
    newsroom.write(P + "typed-story.md", text)
    result = run("validate", cwd=newsroom.root)
    lines = [line.split(" error[schema-type] ", 1)[1] for line in result.stdout.splitlines()
             if "schema-type" in line]  # fmt: skip
    assert lines == [
        "'title' must be text, and YAML reads 1984 as a number: put it in quotes (\"1984\")",
        "'topics' must be a list, not 'ai-safety-alignment': one '- ' line per item under it, "
        "or [a, b] on one line",
        "'takeaways.0' must be text, and YAML reads it as a key and a value (the ': ' in it): "
        "put the whole text in quotes",
        "'status' is 'Published' (did you mean 'published'?); it is one of: draft, review, "
        "published",
    ]


def test_config_mistakes_are_named_with_their_fix(newsroom: Newsroom, run: Run) -> None:
    """In botbeat.yaml: a `- item` among a mapping's keys, and a source label that is
    neither text nor rules (Pydantic's one error per union member become one)."""
    config = newsroom.root / "botbeat.yaml"
    before = config.read_text()
    end = before.index("\nsources:\n") + 1  # after the last topic
    config.write_text(before[:end] + "  - safety\n" + before[end:])
    result = run("validate", cwd=newsroom.root)
    line = before[:end].count("\n") + 1
    block = before.splitlines().index("topics:") + 2  # the first topic's line
    assert result.stdout.splitlines()[0] == (
        f"botbeat.yaml:{line}:3: error[yaml-syntax] a list item ('- ') among keys: this block "
        f"(from line {block}) holds `key: value` lines; write it as a key and its value, or "
        "remove the '- '"
    )
    config.write_text(before)
    story = newsroom.article("listed-story")
    text = story.read_text()
    first = text.index("\n", text.index("\n  - ") + 1)  # the end of the first takeaway
    story.write_text(text[:first] + "\n  Second: x" + text[first:])
    said = run("validate", cwd=newsroom.root).stdout.splitlines()
    assert any("a line without '- ' among list items: this list (from line 8) holds '- ' "
               "lines; start it with '- '" in line for line in said), said  # fmt: skip
    story.unlink()
    assert "\n  x.com: X (Twitter)\n" in before
    config.write_text(before.replace("\n  x.com: X (Twitter)\n", "\n  x.com: [X]\n"))
    result = run("validate", cwd=newsroom.root)
    line = before[: before.index("\n  x.com:")].count("\n") + 2
    assert result.stdout.splitlines() == [
        f"botbeat.yaml:{line}:10: error[schema-type] 'sources.x.com' must be text or keys on "
        "indented lines under it, not a list",
        "0 files checked: 1 error, 0 warnings",
    ]
    config.write_text(before.replace("\n  x.com: X (Twitter)\n", "\n  x.com: {lable: X}\n"))
    result = run("validate", cwd=newsroom.root)  # the rules member's error, not the text one
    assert result.stdout.splitlines() == [
        f"botbeat.yaml:{line}:10: error[unknown-key] unknown key 'lable' (did you mean "
        "'label'?); known keys here: label, exclude, accept, concurrency, interval, headers",
        "0 files checked: 1 error, 0 warnings",
    ]


def test_config_yaml_error_and_bad_taxonomy_key(newsroom: Newsroom, run: Run) -> None:
    config = newsroom.root / "botbeat.yaml"
    config.write_text("kinds:\n  Update: {label: UPDATE}\nentities: {}\ntopics:\n  a: [\n")
    result = run("validate", cwd=newsroom.root)
    assert result.stdout.startswith("botbeat.yaml:6:1: error[yaml-syntax]")
    config.write_text("kinds:\n  Update: {label: UPDATE}\nentities: {}\ntopics: {}\n")
    result = run("validate", cwd=newsroom.root)
    assert result.stdout.splitlines()[0] == (
        "botbeat.yaml:2:3: error[taxonomy-key] key 'Update' must be a slug: lowercase ASCII "
        "letters, digits and single hyphens, 3 to 120 characters"
    )


def test_hostile_text_is_made_visible(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("hostile-story", kind='"\\e]52;c;ZXZpbA==\\a\\e[2J[bold]x[/]"')
    result = run("validate", cwd=newsroom.root)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "unknown kind '\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J[bold]x[/]'" in result.stdout


def test_colour_on_a_terminal_and_no_color_respected(newsroom: Newsroom) -> None:
    newsroom.article("tty-story", kind="updat")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm-256color"
    coloured = pty_run(["validate"], newsroom.root, env)
    assert "\x1b[" in coloured
    assert f"{P}tty-story.md" in coloured and "4:7" in coloured
    plain = pty_run(["validate"], newsroom.root, {**env, "NO_COLOR": "1"})
    assert "\x1b[" not in plain
    assert f"{P}tty-story.md:4:7: error[unknown-kind]" in plain


def test_large_newsroom_in_parallel_gives_the_same_report(newsroom: Newsroom, run: Run) -> None:
    for index in range(450):
        newsroom.article(f"bulk-story-{index}", kind="updat" if index % 50 == 0 else "update")
    serial = run("validate", "--jobs", "1", cwd=newsroom.root)
    parallel = run("validate", "--jobs", "2", cwd=newsroom.root)
    assert serial.stdout == parallel.stdout
    assert serial.stdout.endswith("450 files checked: 9 errors, 0 warnings\n")


def test_visible_escapes_controls_and_bidi_overrides() -> None:
    from botbeat_cli.diagnostics import visible

    assert visible("a\x1b[2Jb\u202ec\nd\te\x07") == "a\\x1b[2Jb\\u202ec\\nd e\\x07"
    assert visible("plain é — ok") == "plain é — ok"


def test_jobs_with_fewer_files_than_workers(newsroom: Newsroom, run: Run) -> None:
    assert run("validate", "--jobs", "4", cwd=newsroom.root).stdout.startswith("0 files checked")
    newsroom.article("only-story", kind="updat")
    result = run("validate", "--jobs", "4", cwd=newsroom.root)
    assert result.returncode == 1
    assert result.stdout.endswith("1 file checked: 1 error, 0 warnings\n")


def test_config_that_is_a_list_and_unknown_severity_rule(newsroom: Newsroom, run: Run) -> None:
    config = newsroom.root / "botbeat.yaml"
    original = config.read_text()
    config.write_text("- kinds\n- entities\n")
    result = run("validate", cwd=newsroom.root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "botbeat.yaml:1:1: error[config-not-mapping] it must be a mapping with kinds, entities "
        "and topics"
    )
    config.write_text(
        original.replace("  # severity: {similar-title: error}", "  severity: {similar-titel: off}")
    )
    result = run("validate", cwd=newsroom.root)
    line = original.splitlines().index("  # severity: {similar-title: error}   # per-rule "
                                       "override: error, warning or off") + 1  # fmt: skip
    assert result.stdout.splitlines()[0] == (
        f"botbeat.yaml:{line}:14: error[unknown-rule] rules.severity names no rule "
        "'similar-titel' (did you mean 'similar-title'?); rule ids are listed in docs/format.md"
    )


def test_a_closed_pipe_is_not_a_bug(newsroom: Newsroom) -> None:
    for index in range(700):  # ~120 KB of output: more than a pipe buffer holds
        newsroom.article(f"piped-story-{index}", kind="updat")
    pipeline = subprocess.run(
        f"{' '.join(botbeat_command())} validate | head -1",
        shell=True, cwd=newsroom.root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert pipeline.stdout.startswith(f"{P}piped-story-0.md:4:7: error[unknown-kind]")
    assert pipeline.stderr == ""
