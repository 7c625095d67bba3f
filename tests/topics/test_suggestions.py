"""`botbeat tag suggest` and `botbeat new --auto-topics` on real newsrooms."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PROJECT, Newsroom, Run, article_text

P = "articles/2026/"
CHIPS = "GPU silicon accelerator datacenter chips wafer foundry supply."
SAFETY = "Alignment red teaming misuse safeguards evaluation refusal jailbreak."


def story(slug: str, body: str, topics: str, **fields: str) -> str:
    return article_text(slug, topics=topics, **fields).replace(f"Summary text about {slug}.", body)


@pytest.fixture
def room(newsroom: Newsroom) -> Newsroom:
    for index in range(4):
        newsroom.write(
            P + f"chips-{index}.md", story(f"chips-{index}", CHIPS, "[mlops-infrastructure]")
        )
        newsroom.write(
            P + f"safety-{index}.md", story(f"safety-{index}", SAFETY, "[ai-safety-alignment]")
        )
    title = "New Product Launch Of Datacenter Chips"
    newsroom.write(
        P + "target.md", story("target", CHIPS + " " + CHIPS, "[ethics-bias]", title=title)
    )
    return newsroom


def test_suggest_explains_and_marks_the_chosen(room: Newsroom, run: Run) -> None:
    out = run("tag", "suggest", "target", cwd=room.root).stdout.splitlines()
    assert out[0] == f"{P}target.md  (topics: ethics-bias)"
    first = out[1]
    assert first.startswith("  * ") and "mlops-infrastructure: " in first
    assert "on 4 of the 8 most similar articles (chips-0, chips-1, chips-2)" in first
    assert any("product-launch: 'Product Launch' in the title" in line for line in out)


def test_suggest_json_and_apply(room: Newsroom, run: Run) -> None:
    data = json.loads(run("tag", "suggest", "target", "--format", "json", cwd=room.root).stdout)
    chosen = [s["topic"] for s in data[0]["suggestions"] if s["chosen"]]
    assert chosen[0] == "mlops-infrastructure"
    applied = run("tag", "suggest", "target", "--apply", cwd=room.root)
    assert applied.stdout.splitlines()[-1] == (
        f"updated {P}target.md: topics [ethics-bias, {', '.join(chosen)}]"
    )
    text = (room.root / P / "target.md").read_text()
    assert f"topics: [ethics-bias, {', '.join(chosen)}]\n" in text


def test_all_untagged(room: Newsroom, run: Run) -> None:
    room.write(P + "bare.md", story("bare", SAFETY, "[]"))
    out = run("tag", "suggest", "--all", "--untagged", "--format", "json", cwd=room.root)
    data = json.loads(out.stdout)
    assert [item["path"] for item in data] == [f"{P}bare.md"]
    assert data[0]["suggestions"][0]["topic"] == "ai-safety-alignment"
    assert run("tag", "suggest", cwd=room.root).returncode == 2


def test_new_auto_topics(room: Newsroom, run: Run) -> None:
    result = run(
        "new", "Foundry Supply Limits Datacenter GPU Output", "--entity", "google",
        "--kind", "update", "--takeaway", "GPU silicon supply from the foundry is short.",
        "--takeaway", "Datacenter accelerator orders wait.", "--source-url",
        "https://example.org/foundry", "--auto-topics", cwd=room.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (room.root / result.stdout.strip()).read_text()
    assert "topics: [mlops-infrastructure]\n" in text


def test_help_and_readme_give_the_default_cutoff(room: Newsroom, run: Run) -> None:

    from botbeat_cli.topics import suggestions

    help_text = " ".join(run("tag", "suggest", "--help", cwd=room.root).stdout.split())
    assert f"Cut-off (default {suggestions.CUTOFF})" in help_text
    readme = (PROJECT / "README.md").read_text()
    assert f"Suggestions scoring at least\n{suggestions.CUTOFF}" in readme


def test_suggestions_shared_out_to_workers_are_those_of_one_process(
    room: Newsroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botbeat_cli.config import load_config
    from botbeat_cli.topics import suggestions

    config = load_config(room.root)
    monkeypatch.setattr(suggestions, "BLOCK", 2)  # five blocks of the nine articles
    alone = suggestions.suggest(room.root, config)
    monkeypatch.setattr(suggestions, "PARALLEL_FROM", 2)
    shared = suggestions.suggest(room.root, config)
    assert len(alone.articles) == 9 and shared == alone


def test_all_names_the_articles_it_cannot_read(room: Newsroom, run: Run) -> None:
    room.write("articles/2026/broken.md", "---\ntitle: [unclosed\n---\nbody\n")
    done = run("tag", "suggest", "--all", "--format", "json", cwd=room.root)
    assert done.returncode == 0, done.stderr
    paths = [item["path"] for item in json.loads(done.stdout)]
    assert len(paths) == 9 and "articles/2026/broken.md" not in paths
    assert done.stderr == (
        "1 file(s) could not be read and got no suggestions (first: articles/2026/broken.md); "
        "run botbeat validate\n"
    )
