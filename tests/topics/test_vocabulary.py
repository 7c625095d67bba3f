"""`botbeat tag`: vocabulary and article edits, exact bytes, safe to interrupt."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import Newsroom, Run, article_text, botbeat_command, pty_run

P = "articles/2026/"


@pytest.fixture
def room(newsroom: Newsroom) -> Newsroom:
    newsroom.article("first-story", topics="[large-language-models, ethics-bias]  # picked")
    newsroom.article("second-story", topics="[product-launch, large-language-models]")
    newsroom.article("third-story", topics="[ethics-bias]", status="draft")
    return newsroom


def test_list_counts_and_unused(room: Newsroom, run: Run) -> None:
    items = json.loads(run("tag", "list", "--format", "json", cwd=room.root).stdout)
    by_key = {item["key"]: item for item in items}
    assert by_key["large-language-models"] == {
        "key": "large-language-models", "label": "Large Language Models (LLMs)",
        "aliases": ["LLMs", "LLM"], "published": 2, "articles": 2, "unused": False,
    }  # fmt: skip
    assert (by_key["ethics-bias"]["published"], by_key["ethics-bias"]["articles"]) == (1, 2)
    assert by_key["mlops-infrastructure"]["unused"] is True
    table = run("tag", "list", cwd=room.root).stdout
    assert "mlops-infrastructure" in table and "unused" in table


def test_list_on_a_terminal_fits_its_width_and_marks_unused(room: Newsroom) -> None:
    """On a real pty: a row a line when the terminal is wide, the counts aligned right and
    "unused" in yellow; a narrow one wraps labels and aliases within its width."""
    import re

    from rich.cells import cell_len

    env = {**os.environ, "NO_COLOR": ""}
    wide = pty_run(["tag", "list"], room.root, {**env, "COLUMNS": "200"}).splitlines()
    mlops = next(line for line in wide if line.startswith("mlops-infrastructure"))
    assert mlops.endswith("0         0  \x1b[33munused\x1b[0m")
    llm = next(line for line in wide if line.startswith("large-language-models"))
    assert llm.endswith("2         2")
    narrow = pty_run(["tag", "list"], room.root, {**env, "COLUMNS": "64"})
    lines = re.sub("\x1b\\[[0-9;]*m", "", narrow).splitlines()
    assert len(lines) > len(wide) and all(cell_len(line) <= 64 for line in lines)
    assert "Language" in narrow and "unused" in narrow


def test_add_and_remove_change_only_the_topics_value(room: Newsroom, run: Run) -> None:
    path = room.root / P / "first-story.md"
    before = path.read_bytes()
    result = run("tag", "add", "first-story", "MLOps & infrastructure", "AI SAFETY & ALIGNMENT",
                 cwd=room.root)  # fmt: skip
    assert result.stdout == (
        f"updated {P}first-story.md: topics [large-language-models, ethics-bias, "
        "mlops-infrastructure, ai-safety-alignment]\n"
    )
    assert path.read_bytes() == before.replace(
        b"[large-language-models, ethics-bias]  # picked",
        b"[large-language-models, ethics-bias, mlops-infrastructure, ai-safety-alignment]"
        b"  # picked",
    )
    run("tag", "remove", P + "first-story.md", "LLM", "mlops-infrastructure", cwd=room.root)
    assert path.read_bytes() == before.replace(
        b"[large-language-models, ethics-bias]", b"[ethics-bias, ai-safety-alignment]"
    )
    again = run("tag", "add", "first-story", "Ethics & Bias", cwd=room.root)
    assert again.stdout.startswith("unchanged ")


def test_unknown_topic_and_the_limit(room: Newsroom, run: Run) -> None:
    unknown = run("tag", "add", "first-story", "ethic-bias", cwd=room.root)
    assert unknown.returncode == 2
    assert "unknown topic 'ethic-bias' (did you mean 'ethics-bias'?)" in unknown.stderr
    five = ["mlops-infrastructure", "ai safety & alignment", "product launch", "LLM"]
    run("tag", "add", "first-story", *five, cwd=room.root)
    config = room.root / "botbeat.yaml"
    config.write_text(config.read_text().replace(
        "  product-launch: {label: Product Launch}",
        "  product-launch: {label: Product Launch}\n  extra-one: {label: Extra One}\n"
        "  extra-two: {label: Extra Two}",
    ))  # fmt: skip
    too_many = run("tag", "add", "first-story", "extra-one", "extra-two", cwd=room.root)
    assert too_many.returncode == 1
    assert "would have 7 topics; an article has at most 6" in too_many.stderr


def test_rename_dry_run_then_apply_exact_bytes(room: Newsroom, run: Run) -> None:
    config = room.root / "botbeat.yaml"
    snapshot = {p: p.read_bytes() for p in [config, *(room.root / "articles").rglob("*.md")]}
    taken = run("tag", "rename", "ethics-bias", "LLMs", cwd=room.root)
    assert taken.returncode == 2
    assert "'LLMs' already names topic 'large-language-models'" in taken.stderr
    dry = run("tag", "rename", "ethics-bias", "ai-ethics", cwd=room.root)
    assert dry.stdout.splitlines() == [
        "rename ethics-bias -> ai-ethics: would change 3 file(s) (dry run)",
        "  botbeat.yaml",
        f"  {P}first-story.md",
        f"  {P}third-story.md",
        "run again with --apply to write them",
    ]
    assert {p: p.read_bytes() for p in snapshot} == snapshot
    applied = run("tag", "rename", "ethics-bias", "ai-ethics", "--apply", cwd=room.root)
    assert applied.returncode == 0
    assert config.read_bytes() == snapshot[config].replace(
        b"  ethics-bias: {label: Ethics & Bias}",
        b"  ai-ethics: {label: Ethics & Bias, aliases: [ethics-bias]}",
    )
    first = room.root / P / "first-story.md"
    assert first.read_bytes() == snapshot[first].replace(
        b"[large-language-models, ethics-bias]", b"[large-language-models, ai-ethics]"
    )
    assert run("validate", cwd=room.root).returncode == 0
    rerun = run("tag", "rename", "ethics-bias", "ai-ethics", "--apply", cwd=room.root)
    assert rerun.stdout == "rename ethics-bias -> ai-ethics: 0 file(s) written\n"


def test_merge_dedupes_and_keeps_aliases(room: Newsroom, run: Run) -> None:
    result = run("tag", "merge", "product-launch", "llms", "--apply", cwd=room.root)
    assert result.returncode == 0
    second = (room.root / P / "second-story.md").read_text()
    assert "topics: [large-language-models]\n" in second
    config = (room.root / "botbeat.yaml").read_text()
    assert "product-launch:" not in config
    assert "aliases: [LLMs, LLM, product-launch]" in config
    assert run("validate", cwd=room.root).returncode == 0


def test_interrupted_apply_leaves_every_file_old_or_new(newsroom: Newsroom) -> None:
    for index in range(1500):
        newsroom.article(f"bulk-story-{index}", topics="[ethics-bias, product-launch]")
    files = sorted((newsroom.root / "articles").rglob("*.md"))
    old = {p: p.read_bytes() for p in files}
    new = {p: b.replace(b"[ethics-bias, product-launch]", b"[fairness, product-launch]")
           for p, b in old.items()}  # fmt: skip
    command = [*botbeat_command(), "tag", "rename", "ethics-bias", "fairness", "--apply"]
    process = subprocess.Popen(command, cwd=newsroom.root, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ})  # fmt: skip
    deadline = time.monotonic() + 60  # kill it as soon as the first article is replaced
    while process.poll() is None and time.monotonic() < deadline:
        if files[0].read_bytes() == new[files[0]]:
            break
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "finished before it could be interrupted"
    states = {"old": 0, "new": 0}
    for path in files:
        content = path.read_bytes()
        assert content in (old[path], new[path]), path
        states["old" if content == old[path] else "new"] += 1
    assert states["new"] >= 1 and states["old"] >= 1, states  # really cut in the middle
    finish = subprocess.run(command, cwd=newsroom.root, capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert finish.returncode == 0, finish.stderr
    assert all(p.read_bytes() == new[p] for p in files)
    assert not [p for p in (newsroom.root / "articles").rglob(".*.tmp")]
    assert (
        "fairness: {label: Ethics & Bias, aliases: [ethics-bias]}"
        in (newsroom.root / "botbeat.yaml").read_text()
    )


def test_article_text_helper_is_untouched_by_tag_list(room: Newsroom, run: Run) -> None:
    before = {p: p.read_bytes() for p in (room.root / "articles").rglob("*.md")}
    run("tag", "list", cwd=room.root)
    assert {p: p.read_bytes() for p in before} == before
    assert Path(room.root / P / "first-story.md").read_text() == article_text(
        "first-story", topics="[large-language-models, ethics-bias]  # picked"
    )


def test_edits_never_follow_a_symlink_out_of_the_newsroom(
    room: Newsroom, run: Run, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(article_text("outside-story"))
    before = outside.read_bytes()
    (room.root / P / "linked-story.md").symlink_to(outside)
    for name in ("linked-story", P + "linked-story.md", str(outside)):
        result = run("tag", "add", name, "ethics-bias", cwd=room.root)
        assert result.returncode in (1, 2), result
        assert "Traceback" not in result.stderr
    assert outside.read_bytes() == before
    result = run("tag", "add", "linked-story", "ethics-bias", cwd=room.root)
    assert result.stderr.splitlines()[0] == (
        P + "linked-story.md:1:1: error[file-outside] this is a symlink to a file outside the "
        "newsroom, which botbeat does not follow: replace it with the file itself"
    )


def test_rename_names_the_articles_it_could_not_read(room: Newsroom, run: Run) -> None:
    room.write(P + "broken-story.md", "---\ntitle: [unclosed\n---\n")
    dry = run("tag", "rename", "ethics-bias", "ethics", cwd=room.root)
    said = (f"{P}broken-story.md: would not be written: cannot be read, so a use of the topic "
            "there is left as it was: fix the file and run again")  # fmt: skip
    assert said in dry.stdout.splitlines()
    result = run("tag", "rename", "ethics-bias", "ethics", "--apply", cwd=room.root)
    assert result.returncode == 1
    assert (P + "broken-story.md: not written: cannot be read, so a use of the topic there "
            "is left as it was") in result.stderr  # fmt: skip
    assert (
        "topics: [large-language-models, ethics]" in (room.root / P / "first-story.md").read_text()
    )
