"""Inline disables, per rule family: a schema rule on one line, a rule across articles for
the whole file, a body rule from a Markdown comment; unknown and unused disables."""

from __future__ import annotations

from tests.conftest import Newsroom, Run, article_text

P = "articles/2026/"


def lines(run: Run, newsroom: Newsroom, *args: str) -> list[str]:
    return run("validate", *args, cwd=newsroom.root).stdout.splitlines()


def test_a_trailing_comment_silences_its_line_only(newsroom: Newsroom, run: Run) -> None:
    text = article_text("short-one", title="Too short  # botbeat: disable=title-length")
    newsroom.write(P + "short-one.md", text)
    assert lines(run, newsroom) == ["1 file checked: 0 errors, 0 warnings"]
    # the same comment on another line does not reach the title
    moved = article_text("short-one", title="Too short").replace(
        "kind: update", "kind: update  # botbeat: disable=title-length")  # fmt: skip
    newsroom.write(P + "short-one.md", moved)
    assert lines(run, newsroom)[0].startswith(P + "short-one.md:2:8: error[title-length]")


def test_an_own_line_comment_silences_a_rule_across_articles(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("first-story", url="https://example.org/shared")
    follow = article_text("follow-up", date="2026-02-26", url="https://example.org/shared")
    newsroom.write(P + "follow-up.md", follow)
    assert lines(run, newsroom)[0].startswith(P + "follow-up.md:11:8: warning[duplicate-source]")
    silenced = follow.replace("---\ntitle:", "---\n# botbeat: disable=duplicate-source\ntitle:", 1)
    newsroom.write(P + "follow-up.md", silenced)
    assert lines(run, newsroom) == ["2 files checked: 0 errors, 0 warnings"]
    # as pre-commit runs it, on the one file: the same
    assert lines(run, newsroom, P + "follow-up.md") == ["1 file checked: 0 errors, 0 warnings"]


def test_a_markdown_comment_silences_a_body_rule(newsroom: Newsroom, run: Run) -> None:
    body = article_text("draft-story", status="draft").replace(
        "Summary text about draft-story.", "TODO: write the summary")  # fmt: skip
    newsroom.write(P + "draft-story.md", body)
    assert "warning[placeholder]" in lines(run, newsroom)[0]
    newsroom.write(P + "draft-story.md", body + "\n<!-- botbeat: disable=placeholder -->\n")
    assert lines(run, newsroom) == ["1 file checked: 0 errors, 0 warnings"]


def test_unknown_and_unused_disables(newsroom: Newsroom, run: Run) -> None:
    comment = "# botbeat: disable=similar-titel, title-length"
    text = article_text("fine-story").replace("---\ntitle:", f"---\n{comment}\ntitle:", 1)
    newsroom.write(P + "fine-story.md", text)
    assert lines(run, newsroom) == [
        P + "fine-story.md:2:1: warning[disable-unknown] 'similar-titel' is not a rule id, so "
        "this disables nothing; `docs/format.md` lists the rules",
        "1 file checked: 0 errors, 1 warning",
    ]
    strict = run("validate", "--strict", cwd=newsroom.root)
    assert strict.returncode == 1
    assert (
        P + "fine-story.md:2:1: warning[disable-unused] nothing here breaks 'title-length' "
        "any more: remove this disable" in strict.stdout.splitlines()
    )


def test_each_of_many_disables_is_placed_at_its_own_line(newsroom: Newsroom) -> None:
    """Each comment's line was counted from the top of the file (4.6 s for 20,000 of them):
    counted on from the last one now, and each still lands on its own line and column."""
    from botbeat_cli.validate import validate

    head = article_text("many-disables").replace(
        "title:", "# botbeat: disable=no-such-a\ntitle:", 1).replace(
        "kind: update", "kind: update  # botbeat: disable=no-such-b", 1)  # fmt: skip
    body = "".join(f"\nText {i}. <!-- botbeat: disable=no-such-{i} -->\n" for i in range(20_000))
    text = head + body
    newsroom.write(P + "many-disables.md", text)
    lines = text.split("\n")
    expected = [
        ("no-such-a", lines.index("# botbeat: disable=no-such-a") + 1, 1),
        ("no-such-b", lines.index("kind: update  # botbeat: disable=no-such-b") + 1, 15),
    ]
    expected += [(f"no-such-{i}", lines.index(f"Text {i}. <!-- botbeat: disable=no-such-{i} -->")
                  + 1, len(f"Text {i}. ") + 1) for i in (0, 1, 9_999, 19_999)]  # fmt: skip
    found = {d.message.split("'")[1]: (d.line, d.col) for d in validate(newsroom.root).diagnostics
             if d.rule == "disable-unknown"}  # fmt: skip
    assert len(found) == 20_002
    assert [(rule, *found[rule]) for rule, _, _ in expected] == expected
