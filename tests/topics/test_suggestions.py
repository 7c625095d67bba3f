"""`botbeat tag suggest` and `botbeat new --auto-topics` on real newsrooms."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.topics.suggestions import _Names
from tests.conftest import PROJECT, Newsroom, Run, article_text, path_of
from tests.depth import examples

NAME_WORDS = ["chips", "model", "safety", "robots", "policy", "vision", "agents"]

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


def test_an_article_nothing_points_to_a_topic_for_says_so(newsroom: Newsroom, run: Run) -> None:
    """A newsroom's first article: no names in its text, nobody to learn from or vote. Its
    header alone read as if the output had been cut off."""
    newsroom.write(P + "lone-story.md", story("lone-story", "Plain words.", "[ethics-bias]"))
    done = run("tag", "suggest", "--all", cwd=newsroom.root)
    assert done.stdout.splitlines() == [
        f"{P}lone-story.md  (topics: ethics-bias)",
        "  (no suggestion: no topic scored 0.05 or more)",
    ]
    assert done.returncode == 0


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

    said = run("tag", "suggest", "--help", cwd=room.root).stdout.split()
    help_text = " ".join(word for word in said if word != "│")  # rich's box, wrapped
    fallback = f"{suggestions.CUTOFF} with fewer than {suggestions.CALIBRATE_FROM} of them"
    assert fallback in help_text
    readme = " ".join((PROJECT / "README.md").read_text().split())
    assert (
        f"{suggestions.CUTOFF} on a newsroom with fewer than {suggestions.CALIBRATE_FROM}" in readme
    )
    assert f"at least {suggestions.TARGET:.0%} of the time" in readme


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
    applying = run("tag", "suggest", "--all", "--apply", cwd=room.root)
    assert applying.returncode == 1  # the broken one got no topics: not done
    assert "could not be read and got no suggestions" in applying.stderr
    assert "\nupdated articles/2026/target.md: topics [" in applying.stdout  # others got theirs
    assert "broken.md" not in applying.stdout


def test_lowest_cutoff_is_where_precision_holds_with_confidence() -> None:
    from botbeat_cli.topics.suggestions import lowest_cutoff

    sure = [(0.9, True)] * 200  # right every time above 0.9
    mixed = [(0.5, i % 2 == 0) for i in range(400)]  # a coin toss at 0.5
    assert lowest_cutoff(sure + mixed) == 0.9
    assert lowest_cutoff(mixed) == float("inf")
    assert lowest_cutoff([(0.9, True)] * 10) == float("inf")  # too few to trust
    # 88% right on 100 points: above 85%, but not surely (the lower bound is about 81%)
    assert lowest_cutoff([(0.7, i % 25 >= 3) for i in range(100)]) == float("inf")
    assert lowest_cutoff([(0.7, i % 25 >= 3) for i in range(5000)]) == 0.7


WORDS = {
    "mlops-infrastructure": "gpu cluster datacenter kubernetes latency serving cache wafer",
    "ai-safety-alignment": "alignment jailbreak refusal misuse redteam safeguard oversight",
    "product-launch": "launch pricing subscription preview beta release waitlist customers",
}
COMMON = "company said week report team people plan market city today early update".split()


def _newsroom_of(newsroom: Newsroom, count: int, telling: bool) -> None:
    """`count` articles; when `telling`, each topic's words are in its articles' text,
    else topics and words are drawn apart (the text cannot tell the topics)."""
    import random

    rng = random.Random(3)
    keys = sorted(WORDS)
    for n in range(count):
        topic = rng.choice(keys)
        source = WORDS[topic if telling else rng.choice(keys)].split()
        body = " ".join(rng.choice(source) if rng.random() < 0.4 else rng.choice(COMMON)
                        for _ in range(40))  # fmt: skip
        title = f"Story number {n} " + " ".join(rng.sample(COMMON, 4))
        newsroom.write(P + f"s-{n}.md", story(f"s-{n}", body, f"[{topic}]", title=title))
    newsroom.write(P + "bare.md", story("bare", "gpu cluster latency serving", "[]"))


def test_the_cutoff_is_the_newsrooms_own(newsroom: Newsroom, run: Run) -> None:
    """Where the text tells the topics, the calibrated cut-off marks suggestions `*`, is
    cached with the topic words, and --min-score still overrides it."""
    _newsroom_of(newsroom, 160, telling=True)
    done = run("tag", "suggest", "--all", "--format", "json", cwd=newsroom.root)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    items = json.loads(done.stdout)
    right = sum(
        s["topic"] in item["topics"]
        for item in items
        for s in item["suggestions"]
        if s["confident"]
    )
    marked = sum(s["confident"] for item in items for s in item["suggestions"])
    assert marked > 100 and right / marked >= 0.85
    import numpy as np

    from botbeat_cli.store import cache
    from botbeat_cli.topics import learnt, suggestions

    stored = np.load(cache.cache_dir(newsroom.root) / learnt.CACHE_NAME)
    assert 0 < float(stored["cutoff"]) <= 0.95
    # The scores are the fitted combination's probabilities of each suggestion's evidence.
    combine = tuple(stored["combine"].tolist())
    assert len(combine) == suggestions.EVIDENCE + 1
    from botbeat_cli.config import load_config
    from botbeat_cli.newsroom.docs import load_docs

    config = load_config(newsroom.root)
    docs, _ = load_docs(newsroom.root)
    suggester = suggestions.suggester_for(newsroom.root, config, docs)
    found = suggester.for_row(0)
    assert found and suggester.combine == combine
    assert [s.score for s in found] == [
        round(suggestions._probability(combine, s.evidence), 4) for s in found
    ]
    strict = run(
        "tag", "suggest", "--all", "--format", "json", "--min-score", "1", cwd=newsroom.root
    )
    assert not any(
        s["confident"] for item in json.loads(strict.stdout) for s in item["suggestions"]
    )


def test_best_f1_takes_the_best_prefix_of_whole_scores() -> None:
    from botbeat_cli.topics.suggestions import best_f1

    points = [(0.9, True), (0.8, True), (0.7, False), (0.7, False), (0.2, True)]
    assert best_f1(points, 4) == 2 * 2 / (2 + 4)  # the top two; the 0.7s come together
    assert best_f1(points, 3) == 2 * 2 / (2 + 3)
    assert best_f1([(0.5, False)], 2) == 0.0


def test_a_combination_of_another_shape_is_not_used(newsroom: Newsroom) -> None:
    """A cached combination that does not fit the evidence (a damaged or hand-made cache)
    leaves the scores the signals' weighted mean, never a crash."""
    from dataclasses import replace

    from botbeat_cli.config import load_config
    from botbeat_cli.newsroom.docs import load_docs
    from botbeat_cli.topics import learnt, suggestions

    _newsroom_of(newsroom, 60, telling=True)
    config = load_config(newsroom.root)
    docs, _ = load_docs(newsroom.root)
    words = learnt.train(docs, sorted(config.topics))
    assert words is not None
    plain = suggestions.Suggester(docs, config, words).for_row(0)
    odd = suggestions.Suggester(docs, config, replace(words, combine=(1.0, 2.0)))
    assert odd.combine is None and odd.for_row(0) == plain


def test_a_newsroom_whose_text_does_not_tell_marks_nothing_confident(
    newsroom: Newsroom, run: Run
) -> None:
    _newsroom_of(newsroom, 160, telling=False)
    done = run("tag", "suggest", "--all", "--untagged", cwd=newsroom.root)
    assert done.returncode == 0
    assert "no suggestion is confident here" in done.stderr
    marks = [line[2] for line in done.stdout.splitlines()[1:]]
    assert "*" not in marks and marks[0] == "?"
    applied = run("tag", "suggest", "bare", "--apply", cwd=newsroom.root)
    assert applied.stdout.splitlines()[-1].startswith(f"updated {P}bare.md: topics [")


def _from_snapshot(root: Path, name: str) -> bool:
    """Whether `tag suggest NAME` is answered from the documents' snapshot now."""
    from botbeat_cli.config import load_config
    from botbeat_cli.topics import suggestions

    return suggestions._from_snapshot(root, load_config(root), name, None) is not None


def test_one_article_from_the_snapshot_as_from_the_whole_newsroom(
    aged_topical: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botbeat_cli.topics import suggestions

    root = aged_topical
    names = ["story-00100", "story-00301", "story-00598", "story-00599"]  # tagged, untagged

    def both(name: str) -> tuple[str, str]:
        text = run("tag", "suggest", name, cwd=root)
        data = run("tag", "suggest", name, "--format", "json", cwd=root)
        assert text.returncode == data.returncode == 0, text.stderr + data.stderr
        return text.stdout, data.stdout

    with monkeypatch.context() as patched:  # the whole newsroom each time
        patched.setattr(suggestions, "_from_snapshot", lambda *args: None)
        full = {name: both(name) for name in names}
    assert all("most similar articles" in full[name][0] for name in names)  # votes counted
    for name in names:
        assert _from_snapshot(root, name), name
        assert both(name) == full[name], name

    # --apply from the snapshot writes what the whole newsroom would have.
    path = path_of(root, names[1])
    assert "topics: []\n" in path.read_text()
    applied = run("tag", "suggest", names[1], "--apply", cwd=root)
    assert applied.returncode == 0 and "updated " in applied.stdout
    chosen = [s["topic"] for s in json.loads(full[names[1]][1])[0]["suggestions"] if s["chosen"]]
    assert chosen and f"topics: [{', '.join(chosen)}]\n" in path.read_text()


def test_the_snapshot_is_not_used_without_valid_topic_words_or_with_a_voter_changed(
    aged_topical: Path, run: Run
) -> None:
    from botbeat_cli.store.cache import cache_dir
    from botbeat_cli.topics.learnt import CACHE_NAME

    root, name = aged_topical, "story-00300"
    out = run("tag", "suggest", name, cwd=root).stdout
    assert _from_snapshot(root, name)
    (cache_dir(root) / CACHE_NAME).unlink()  # the topic words must be trained again
    assert not _from_snapshot(root, name)
    assert run("tag", "suggest", name, cwd=root).stdout == out  # trained, as before
    assert _from_snapshot(root, name)

    voter = re.search(r"most similar articles \(([a-z0-9-]+)", out)
    assert voter is not None
    with open(path_of(root, voter.group(1)), "ab") as handle:  # edited in place
        handle.write(b"\nMore words.\n")
    assert not _from_snapshot(root, name)
    untagged = run("tag", "suggest", name, "--untagged", cwd=root)  # never from the snapshot
    assert untagged.returncode == 0 and untagged.stdout == ""


@settings(max_examples=examples(300), deadline=None)
@given(
    names=st.lists(
        st.lists(
            st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=3), min_size=1, max_size=4
        ),
        min_size=1,
        max_size=12,
    ),
    title=st.sets(st.sampled_from(NAME_WORDS), max_size=4),
    text=st.sets(st.sampled_from(NAME_WORDS), max_size=8),
)
def test_names_met_are_every_name_the_title_or_text_holds(
    names: list[list[list[str]]], title: set[str], text: set[str]
) -> None:
    """`_Names.met` (an index on one word of each name) yields, for every topic, each of
    its names whose words are all in the title or all in the text, in the topic's order:
    what a scan of every name of every topic finds."""
    topics = {f"topic-{i}": {"label": " ".join(n[0]), "aliases": [" ".join(a) for a in n[1:]]}
              for i, n in enumerate(names)}  # fmt: skip
    config = NewsroomConfig.model_validate(
        {"kinds": {"kind": {"label": "K"}}, "entities": {"entity": {"name": "E"}}, "topics": topics}
    )
    index = _Names(config)
    met = dict(index.met(title, text))
    for key, patterns in index.names.items():
        held = [p for p in patterns if p[1] <= title or p[1] <= text]
        listed = met.get(key, [])
        assert [p for p in listed if p in held] == held
        assert listed == sorted(listed, key=patterns.index)
