"""Every rule, on a real file, with its exact line, column and message.

One table; each case runs through the library (`validate()`) in its own newsroom, and all
cases together run through the installed `botbeat validate` in one newsroom, whose output
must be exactly the union of the cases.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from botbeat_cli.rules import CONFIG_RULES, RULES, diagnose
from botbeat_cli.validate import ValidateOptions, validate
from tests.conftest import Newsroom, Run, article_text

BILLION_LAUGHS = "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['lol'] * 9)}]\n"
    for i in range(8)
)


@dataclass
class Case:
    id: str
    files: dict[str, str | bytes]
    expected: list[str]
    rules: set[str] = field(default_factory=set)


def a(slug: str, **fields: str) -> str:
    return article_text(slug, **fields)


def edit(slug: str, old: str, new: str, **fields: str) -> str:
    text = a(slug, **fields)
    assert old in text, old
    return text.replace(old, new, 1)


P = "articles/2026/"
CASES = [
    Case("file-empty", {P + "empty.md": ""}, [
        P + "empty.md:1:1: error[file-empty] the file is empty; an article needs front matter "
        "and a body"]),
    Case("file-binary", {P + "image.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, [
        P + "image.md:1:1: error[file-binary] this is a binary file, not a Markdown article"]),
    Case("file-encoding", {P + "latin.md": edit("latin", "Summary text about", "Caf\xe9 text")
                           .encode("utf-8").replace(b"\xc3\xa9", b"\xe9")}, [
        P + "latin.md:17:4: error[file-encoding] invalid UTF-8 (byte 0xe9); save the file as "
        "UTF-8"]),
    Case("front-matter-missing", {P + "plain.md": "# Just Markdown\n\nNo front matter.\n"}, [
        P + "plain.md:1:1: error[front-matter-missing] no front matter: the file must start with "
        "a '---' line, then YAML, then '---'"]),
    Case("front-matter-unclosed", {P + "open.md": "---\ntitle: An Unclosed Story Here\n\nBody\n"}, [
        P + "open.md:1:1: error[front-matter-unclosed] the front matter is not closed: add a "
        "'---' line after the YAML"]),
    Case("front-matter-empty", {P + "blank.md": "---\n---\n\n## Summary\n\nText.\n"}, [
        P + "blank.md:1:1: error[front-matter-empty] the front matter is empty; add the article "
        "fields"]),
    Case("front-matter-not-mapping", {P + "list.md": "---\n- a\n- b\n---\n\nBody.\n"}, [
        P + "list.md:2:1: error[front-matter-not-mapping] the front matter must be a mapping of "
        "fields (key: value), not a list or text"]),
    Case("yaml-syntax", {P + "broken.md": edit("broken", "kind: update\n", "kind: [update\n")}, [
        P + "broken.md:5:7: error[yaml-syntax] YAML syntax error: did not find expected ',' or "
        "']' (while parsing a flow sequence at line 4)"]),
    Case("yaml-duplicate-key", {P + "twice.md": edit(
        "twice", "date: 2026-02-25\n",
        "title: Another Headline Entirely Here\ndate: 2026-02-25\n")}, [
        P + "twice.md:3:1: error[yaml-duplicate-key] duplicate key 'title' (first at line 2); "
        "keep one of them"]),
    Case("yaml-control-character", {P + "esc.md": edit(
        "esc", "kind: update", "kind: upd\x1b[2Jate")}, [
        P + "esc.md:4:10: error[yaml-control-character] a raw control character (U+001B) is not "
        "allowed in YAML; delete it, or write it as an escape inside double quotes"]),
    Case("text-control", {P + "bidi.md": edit(
        "bidi", "  - First takeaway about bidi.", '  - "First \\u202eevil takeaway"')}, [
        P + "bidi.md:8:5: error[text-control] contains the invisible control character U+202E; "
        "remove it"]),
    Case("file-too-large", {P + "huge.md": a("huge") + "x" * (1 << 20)}, [
        P + "huge.md:1:1: error[file-too-large] the file is 1,048,928 bytes; botbeat reads "
        "articles of up to 1,048,576 bytes: move large data or media out of it"]),
    Case("yaml-tag", {P + "tagged.md": edit(
        "tagged", "kind: update", 'kind: !!python/object/apply:os.system ["echo pwned"]')}, [
        P + "tagged.md:4:7: error[yaml-tag] YAML tag '!!python/object/apply:os.system' is not "
        "allowed; write a plain value"]),
    Case("yaml-too-large", {P + "bomb.md": "---\n" + BILLION_LAUGHS + "---\n"}, [
        P + "bomb.md:2:10: error[yaml-too-large] YAML expands to more than 50,000 values or 64 "
        "levels (an alias bomb?); remove the anchors and aliases"]),
    Case("unknown-key", {P + "typo.md": edit(
        "typo", "date: 2026-02-25\n", "date: 2026-02-25\ntakeaway: oops\n")}, [
        P + "typo.md:4:1: error[unknown-key] unknown key 'takeaway' (did you mean 'takeaways'?); "
        "known keys here: title, date, kind, entity, topics, takeaways, source, status, "
        "authors, updated, related"]),
    Case("unknown-key-nested", {P + "typo2.md": edit(
        "typo2", "  url:", "  lable: X\n  url:")}, [
        P + "typo2.md:11:3: error[unknown-key] unknown key 'lable' (did you mean 'label'?); "
        "known keys here: label, url"], {"unknown-key"}),
    Case("missing-field", {P + "nostatus.md": edit("nostatus", "status: published\n", "")}, [
        P + "nostatus.md:1:1: error[missing-field] required field 'status' is missing"]),
    Case("schema-type", {P + "status.md": a("status", status="publishd")}, [
        P + "status.md:12:9: error[schema-type] 'status' is 'publishd' (did you mean "
        "'published'?); it is one of: draft, review, published"]),
    Case("title-length", {P + "short.md": a("short", title="Too short")}, [
        P + "short.md:2:8: error[title-length] the title has 9 characters; it needs 10 to 120"]),
    Case("title-line-break", {P + "twolines.md": a(
        "twolines", title='"A headline on one line\\nand another line"')}, [
        P + "twolines.md:2:8: error[title-line-break] the title must be one line: remove the "
        "line break"]),
    Case("date-format", {P + "baddate.md": a("baddate", date="2026-02-30")}, [
        P + "baddate.md:3:7: error[date-format] '2026-02-30' is not a day of the calendar "
        "(day is out of range for month)"]),
    Case("date-format-offset", {P + "naive.md": a("naive", date="2026-02-25T10:00:00")}, [
        P + "naive.md:3:7: error[date-format] 2026-02-25T10:00:00 has no UTC offset: add one "
        "(e.g. +00:00) or write the date alone"], {"date-format"}),
    Case("unknown-kind", {P + "kind.md": a("kind", kind="updat")}, [
        P + "kind.md:4:7: error[unknown-kind] unknown kind 'updat' (did you mean 'update'?); "
        "kinds are: update, research, policy-regulation, industry-report"]),
    Case("unknown-entity", {P + "entity.md": a("entity", entity="anthropik")}, [
        P + "entity.md:5:9: error[unknown-entity] unknown entity 'anthropik' (did you mean "
        "'anthropic'?); add it to 'entities' in botbeat.yaml or pick an existing one"]),
    Case("unknown-entity-alias", {P + "alias.md": a("alias", entity="Google DeepMind")}, [
        P + "alias.md:5:9: error[unknown-entity] 'Google DeepMind' is a name or alias: use the "
        "key 'google'"], {"unknown-entity"}),
    Case("unknown-topic", {P + "topic.md": a("topic", topics="[large-language-model]")}, [
        P + "topic.md:6:10: error[unknown-topic] unknown topic 'large-language-model' (did you "
        "mean 'large-language-models'?); add it to 'topics' in botbeat.yaml or pick an "
        "existing one"]),
    Case("topic-alias", {P + "llms.md": a("llms", topics="[ai-safety-alignment, LLMs]")}, [
        P + "llms.md:6:31: error[topic-alias] 'LLMs' is a label or alias: use the key "
        "'large-language-models'"]),
    Case("topics-count", {P + "many.md": a("many", topics=(
        "[large-language-models, mlops-infrastructure, ethics-bias, ai-safety-alignment, "
        "product-launch, large-language-models, ethics-bias]"))}, [
        P + "many.md:6:9: error[topics-count] 7 topics; an article has 1 to 6"]),
    Case("topics-count-none", {P + "none.md": a("none", topics="[]")}, [
        P + "none.md:6:9: error[topics-count] 0 topics; an article has 1 to 6"], {"topics-count"}),
    Case("topics-repeat", {P + "repeat.md": a(
        "repeat", topics="[large-language-models, ethics-bias, large-language-models]")}, [
        P + "repeat.md:6:46: error[topics-repeat] topic 'large-language-models' is listed twice"]),
    Case("takeaways-count", {P + "one.md": edit("one", "  - Second takeaway about one.\n", "")}, [
        P + "one.md:8:3: error[takeaways-count] 1 takeaways; this newsroom wants 2 to 5"]),
    Case("takeaway-empty", {P + "hollow.md": edit(
        "hollow", "  - Second takeaway about hollow.", '  - "  "')}, [
        P + "hollow.md:9:5: error[takeaway-empty] this takeaway is empty: write it or remove the "
        "item"]),
    Case("takeaway-repeat", {P + "echo.md": edit(
        "echo", "  - Second takeaway about echo.", "  - FIRST takeaway   about echo.")}, [
        P + "echo.md:9:5: error[takeaway-repeat] this takeaway repeats an earlier one"]),
    Case("source-url", {P + "ftp.md": a("ftp", url="ftp://example.org/ftp")}, [
        P + "ftp.md:11:8: error[source-url] the URL must start with https:// or http://"]),
    Case("source-url-credentials", {P + "creds.md": a(
        "creds", url="https://editor:secret@example.org/creds")}, [
        P + "creds.md:11:8: error[source-url] the URL carries credentials (user:password@): "
        "remove them"], {"source-url"}),
    Case("slug-format", {P + "Bad_Name.md": a("bad-name")}, [
        P + "Bad_Name.md:1:1: error[slug-format] file name 'Bad_Name' is not a slug: lowercase "
        "ASCII letters, digits and single hyphens, 3 to 120 characters"]),
    Case("slug-reserved", {P + "aux.md": a("aux")}, [
        P + "aux.md:1:1: error[slug-reserved] 'aux' is a reserved file name on Windows (the file "
        "cannot be checked out there): rename it"]),
    Case("file-extension", {P + "Launch Day.MD": a("launch-day"), P + "recap.markdown": a("recap"),
                            P + "recap.md~": a("recap"), P + "chart.png": b"\x89PNG\r\n"}, [
        P + "Launch Day.MD:1:1: error[file-extension] 'Launch Day.MD' is not read as an "
        "article: an article's file name ends in '.md', in lower case; rename it to "
        "launch-day.md",
        P + "recap.markdown:1:1: error[file-extension] 'recap.markdown' is not read as an "
        "article: an article's file name ends in '.md', in lower case; rename it to recap.md"]),
    Case("slug-duplicate", {
        "articles/2025/same.md": a("same", date="2025-05-01", title="The Older Of Two Stories",
                                   url="https://example.org/older"),
        P + "same.md": a("same")}, [
        "articles/2025/same.md:1:1: error[slug-duplicate] slug 'same' is also used by "
        "articles/2026/same.md; slugs are unique across the newsroom: rename one file",
        P + "same.md:1:1: error[slug-duplicate] slug 'same' is also used by "
        "articles/2025/same.md; slugs are unique across the newsroom: rename one file"]),
    Case("year-folder", {"articles/2025/misfiled.md": a("misfiled")}, [
        "articles/2025/misfiled.md:3:7: error[year-folder] dated 2026: move the file to "
        "articles/2026/misfiled.md"]),
    Case("date-future", {"articles/2099/later.md": a("later", date="2099-01-01")}, [
        "articles/2099/later.md:3:7: error[date-future] 'date' is in the future; set status: "
        "draft until then or fix the date"]),
    Case("updated-before-date", {P + "upd.md": edit(
        "upd", "status: published\n", "status: published\nupdated: 2026-01-01\n")}, [
        P + "upd.md:13:10: error[updated-before-date] 'updated' is earlier than 'date'"]),
    Case("section-missing", {P + "half.md": a("half").split("## Editorial Opinion")[0]}, [
        P + "half.md:14:1: error[section-missing] no '## Editorial Opinion' section; the body "
        "needs Summary, Editorial Opinion, in that order"]),
    Case("section-order", {P + "swap.md": a("swap").replace("## Summary", "## TMP").replace(
        "## Editorial Opinion", "## Summary").replace("## TMP", "## Editorial Opinion")}, [
        P + "swap.md:19:1: error[section-order] '## Summary' must come before '## Editorial "
        "Opinion' (order: Summary, Editorial Opinion)"]),
    Case("section-empty", {P + "void.md": edit("void", "Summary text about void.\n", "")}, [
        P + "void.md:15:1: error[section-empty] '## Summary' has no text under it"]),
    Case("section-duplicate", {P + "dup.md": a("dup") + "\n## Summary\n\nMore.\n"}, [
        P + "dup.md:23:1: error[section-duplicate] '## Summary' appears twice; merge the two "
        "sections"]),
    Case("placeholder", {P + "todo.md": edit("todo", "Summary text about todo.", "TODO: write")}, [
        P + "todo.md:17:1: error[placeholder] placeholder text left from `botbeat new`: write "
        "this part before publishing"]),
    Case("placeholder-draft", {P + "todo-draft.md": edit(
        "todo-draft", "Summary text about todo-draft.", "TODO: write", status="draft")}, [
        P + "todo-draft.md:17:1: warning[placeholder] placeholder text left from `botbeat new`: "
        "write this part before publishing"], {"placeholder"}),
    Case("related-unknown", {P + "rel.md": edit(
        "rel", "status: published\n",
        "status: published\nrelated:\n  more_from: [no-such-story]\n")}, [
        P + "rel.md:14:15: error[related-unknown] no article has the slug 'no-such-story'"]),
    Case("related-self", {P + "selfish.md": edit(
        "selfish", "status: published\n",
        "status: published\nrelated:\n  suggested:\n    - selfish\n")}, [
        P + "selfish.md:15:7: error[related-self] an article cannot be related to itself: "
        "remove this slug"]),
    Case("duplicate-source", {
        P + "first-report.md": a("first-report", date="2026-02-20",
                                 url="https://www.Example.org/story/?utm_source=feed#top"),
        P + "second-report.md": a("second-report", url="https://example.org/story")}, [
        P + "second-report.md:11:8: warning[duplicate-source] this source is already covered in "
        + P + "first-report.md"]),
    Case("too-many-problems", {P + "crowded.md": edit(
        "crowded", "status: published\n",
        "status: published\n" + "".join(f"zz{i}: 1\n" for i in range(53)))}, [
        P + "crowded.md:1:1: error[too-many-problems] 3 more problem(s) of this kind in this "
        "file are not shown; fix the ones above and run again",
        *(P + f"crowded.md:{13 + i}:1: error[unknown-key] unknown key 'zz{i}'; known keys here: "
          "title, date, kind, entity, topics, takeaways, source, status, authors, updated, "
          "related" for i in range(50))]),
    Case("disable-unknown", {P + "quiet.md": edit(
        "quiet", "status: published\n", "status: published  # botbeat: disable=titel-length\n")}, [
        P + "quiet.md:12:20: warning[disable-unknown] 'titel-length' is not a rule id, so this "
        "disables nothing; `docs/format.md` lists the rules"]),
    Case("similar-title", {
        P + "scoop.md": a("scoop", date="2026-02-20", title="OpenAI Ships Its New Voice Model"),
        P + "scoop-again.md": a("scoop-again", title="OpenAI ships its new voice models!")}, [
        P + "scoop-again.md:2:8: warning[similar-title] title nearly identical to " + P
        + "scoop.md: is this the same story?"]),
]  # fmt: skip

# made in their own tests below: a dangling symlink, a FIFO, a symlink leaving the newsroom;
# disable-unused, which needs --strict (tests/rules/test_disables.py); and articles-folder,
# which needs a newsroom without articles/ (tests/test_cli_validate.py)
SPECIAL = {
    "file-unreadable", "file-not-regular", "file-outside", "disable-unused", "articles-folder"
}  # fmt: skip


def _ids(case: Case) -> set[str]:
    return case.rules or {case.id}


def test_every_rule_has_a_case() -> None:
    covered = set().union(*(_ids(c) for c in CASES)) | SPECIAL
    assert covered == set(RULES)


def _lines(root: Path) -> list[str]:
    report = validate(root, ValidateOptions(jobs=1))
    return [d.plain() for d in report.sorted()]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_through_library(case: Case, newsroom: Newsroom) -> None:
    for name, content in case.files.items():
        newsroom.write(name, content)
    assert _lines(newsroom.root) == case.expected


def test_all_rules_through_cli(newsroom: Newsroom, run: Run) -> None:
    for case in CASES:
        for name, content in case.files.items():
            newsroom.write(name, content)
    result = run("validate", cwd=newsroom.root)
    expected = sorted(
        (line for case in CASES for line in case.expected),
        key=lambda line: (line.split(":")[0], int(line.split(":")[1]), int(line.split(":")[2])),
    )
    files = sum(name.endswith(".md") for c in CASES for name in c.files)  # articles only
    errors = sum(": error[" in line for line in expected)
    warnings = len(expected) - errors
    assert result.stdout.splitlines() == [
        *expected,
        f"{files} files checked: {errors} errors, {warnings} warnings",
    ]
    assert result.returncode == 1
    assert result.stderr == ""


def test_unreadable_file_is_reported_and_the_run_goes_on(newsroom: Newsroom) -> None:
    (newsroom.root / P).mkdir(parents=True)
    (newsroom.root / P / "gone.md").symlink_to(newsroom.root / "nowhere.md")
    newsroom.article("fine-story")
    assert _lines(newsroom.root) == [
        P + "gone.md:1:1: error[file-unreadable] cannot read the file: No such file or directory"
    ]


def test_fifo_device_and_folder_are_reported_not_read(newsroom: Newsroom) -> None:
    """A FIFO would block the run forever and /dev/zero never ends: neither is read."""
    (newsroom.root / P).mkdir(parents=True)
    os.mkfifo(newsroom.root / P / "pipe.md")
    (newsroom.root / P / "zero.md").symlink_to("/dev/zero")
    newsroom.article("fine-story")
    assert _lines(newsroom.root) == [
        P + "pipe.md:1:1: error[file-not-regular] this is a named pipe (FIFO), not a regular "
        "file; botbeat reads only regular files: remove it or replace it with the article",
        P + "zero.md:1:1: error[file-outside] this is a symlink to a file outside the newsroom, "
        "which botbeat does not follow: replace it with the file itself",
    ]


def test_symlinks_inside_the_newsroom_are_read_and_outside_refused(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(a("secret"))
    (newsroom.root / "drafts").mkdir()
    (newsroom.root / "drafts" / "inside.md").write_text(a("inside"))
    (newsroom.root / P).mkdir(parents=True)
    (newsroom.root / P / "inside.md").symlink_to(newsroom.root / "drafts" / "inside.md")
    (newsroom.root / P / "secret.md").symlink_to(secret)
    assert _lines(newsroom.root) == [
        P + "secret.md:1:1: error[file-outside] this is a symlink to a file outside the "
        "newsroom, which botbeat does not follow: replace it with the file itself"
    ]


def test_symlinked_folders_are_not_walked(newsroom: Newsroom) -> None:
    """A folder symlink loop must not make the listing (and every command) loop."""
    newsroom.article("fine-story")
    (newsroom.root / P / "loop").symlink_to(newsroom.root / "articles")
    assert _lines(newsroom.root) == []


def test_valid_article_has_no_diagnostics(newsroom: Newsroom) -> None:
    newsroom.article("all-good")
    assert _lines(newsroom.root) == []


def test_crlf_and_bom_are_tolerated_with_positions_kept(newsroom: Newsroom) -> None:
    text = "\ufeff" + a("windows", kind="updat").replace("\n", "\r\n")
    newsroom.write(P + "windows.md", text)
    lines = _lines(newsroom.root)
    assert len(lines) == 1
    assert lines[0].startswith(P + "windows.md:4:7: error[unknown-kind] unknown kind 'updat'")


def test_severity_override_in_config(newsroom: Newsroom) -> None:
    config = newsroom.root / "botbeat.yaml"
    config.write_text(
        config.read_text().replace(
            "  # severity: {similar-title: error}", "  severity: {placeholder: off}"
        )
    )
    newsroom.write(P + "todo.md", edit("todo", "Summary text about todo.", "TODO: write"))
    assert _lines(newsroom.root) == []


def test_every_diagnostic_has_its_rules_default_severity(newsroom: Newsroom) -> None:
    """The registry's default is the severity every emitting site uses (issue 11); the one
    documented exception is a placeholder in a draft, a warning until it is published."""
    for case in CASES:
        for relative, content in case.files.items():
            newsroom.write(relative, content)
    report = validate(newsroom.root)
    assert report.diagnostics
    for d in report.diagnostics:
        default = RULES[d.rule][0]
        if d.rule == "placeholder" and d.severity.value == "warning":
            continue  # status: draft
        assert d.severity is default, d.plain()


def test_diagnose_takes_the_severity_from_the_registry() -> None:
    for registry in (RULES, CONFIG_RULES):
        for rule, (severity, _) in registry.items():
            made = diagnose(rule, "articles/2026/x.md", 3, 4, "message")
            assert (made.severity, made.rule, made.line, made.col) == (severity, rule, 3, 4)
    with pytest.raises(KeyError):  # an unregistered rule is a bug, not a quiet error
        diagnose("no-such-rule", "articles/2026/x.md", 1, 1, "message")


def _as_nobody() -> None:
    os.setgid(65534)
    os.setuid(65534)


def _root_without_dac() -> None:
    """Root without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH: the permission bits apply to
    it as to anyone (prctl PR_CAPBSET_DROP; the exec'd process gets no such capability)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.skipif(os.geteuid() != 0, reason="drops root's power to read every file")
def test_an_unreadable_file_as_a_plain_user_is_reported_and_the_run_goes_on(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Root reads every file, so the check runs as `nobody` (uid 65534), as editors do, or
    where this Python is in a home `nobody` cannot enter, as root without the capabilities
    that override permission bits."""
    import subprocess
    import tempfile

    from tests.conftest import TEMPLATE_CONFIG, botbeat_command

    base = Path(tempfile.mkdtemp(prefix="botbeat-nobody-"))
    try:
        os.chmod(base, 0o755)
        room = base / "newsroom"
        (room / P).mkdir(parents=True)
        (room / "botbeat.yaml").write_bytes(TEMPLATE_CONFIG.read_bytes())
        (room / P / "fine-story.md").write_text(a("fine-story"))
        (room / P / "locked-story.md").write_text(a("locked-story"))
        os.chmod(room / P / "locked-story.md", 0)
        cache = base / "cache"
        cache.mkdir(mode=0o777)
        os.chmod(cache, 0o777)
        for folder in (room, room / "articles", room / P):
            os.chmod(folder, 0o755)
        drop = _as_nobody
        try:
            subprocess.run([*botbeat_command(), "--version"], preexec_fn=drop,
                           capture_output=True, check=True, timeout=60)  # fmt: skip
        except (PermissionError, subprocess.CalledProcessError):  # a private home
            drop = _root_without_dac
        done = subprocess.run(
            [*botbeat_command(), "validate"], cwd=room, capture_output=True, text=True,
            env={**os.environ, "NO_COLOR": "1", "BOTBEAT_CACHE_DIR": str(cache)},
            preexec_fn=drop, timeout=60,
        )  # fmt: skip
        assert done.stdout.splitlines() == [
            P + "locked-story.md:1:1: error[file-unreadable] cannot read the file: "
            "Permission denied",
            "2 files checked: 1 error, 0 warnings",
        ], done.stderr
        assert done.returncode == 1
    finally:
        import shutil

        shutil.rmtree(base)
