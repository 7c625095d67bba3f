"""topics.learnt: per-topic word weights learnt from a real newsroom's tagged articles, cached."""

from __future__ import annotations

import os

import pytest

from botbeat_cli.config import load_config
from botbeat_cli.newsroom.docs import load_docs
from botbeat_cli.store import cache
from botbeat_cli.topics import learnt
from tests.conftest import Newsroom, Run, article_text

CHIPS = "GPU silicon wafer foundry datacenter accelerator supply shortage. " * 2
SAFETY = "Red teaming found jailbreak refusal failures; safeguards and misuse evaluation. " * 2
LAUNCH = "The company shipped the product to customers today with pricing and availability. " * 2


def story(slug: str, body: str, topics: str) -> str:
    return article_text(slug, topics=topics).replace(f"Summary text about {slug}.", body)


@pytest.fixture
def room(newsroom: Newsroom) -> Newsroom:
    """60 tagged articles in three topics, so one changed article is under the STALE share."""
    for index in range(20):
        for name, body, topic in (
            ("chips", CHIPS, "mlops-infrastructure"),
            ("safety", SAFETY, "ai-safety-alignment"),
            ("launch", LAUNCH, "product-launch"),
        ):
            slug = f"{name}-{index}"
            newsroom.write(f"articles/2026/{slug}.md", story(slug, body, f"[{topic}]"))
    return newsroom


def trained_mtime(room: Newsroom) -> int:
    return os.stat(cache.cache_dir(room.root) / learnt.CACHE_NAME).st_mtime_ns


@pytest.mark.parametrize("ratio", [learnt.PRIMAL_RATIO, 0], ids=["dual", "primal"])
def test_learns_the_words_of_each_topic(
    room: Newsroom, ratio: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(learnt, "PRIMAL_RATIO", ratio)  # either solver learns the same
    docs, _ = load_docs(room.root)
    config = load_config(room.root)
    model = learnt.train(docs, sorted(config.topics))
    assert model is not None
    # Topics on fewer than MIN_ARTICLES articles get no weights.
    assert model.topics == ("ai-safety-alignment", "mlops-infrastructure", "product-launch")
    rows = model.rows([{"wafer": 2, "foundry": 1, "jailbreak": 1}])
    margins = dict(zip(model.topics, model.margins(rows)[0], strict=True))
    assert margins["mlops-infrastructure"] > 0 > margins["product-launch"]
    chips = model.topics.index("mlops-infrastructure")
    assert set(model.words_for(rows, 0, chips)) <= {"wafer", "foundry"}
    assert model.words_for(rows, 0, chips)


def test_the_solver_follows_the_shape_of_the_newsroom() -> None:
    assert learnt._dual(100_000, 20_097)  # the alike shape at 100,000: dual 2-5x faster
    assert learnt._dual(7_722, 24_151)  # Reuters: more words than articles
    assert not learnt._dual(50_000, 85)  # the generator's tiny vocabulary: primal 5x faster


def test_cached_kept_through_small_changes_retrained_after_big_ones(room: Newsroom) -> None:
    config = load_config(room.root)
    topics = list(config.topics)
    docs, _ = load_docs(room.root)
    first = learnt.load_or_train(room.root, docs, topics)
    stamp = trained_mtime(room)

    # A new untagged draft and one edited tagged article (1 in 60): the cached weights stay.
    room.write("articles/2026/draft.md", story("draft", CHIPS, "[]"))
    edited = story("chips-0", CHIPS + " Edited.", "[mlops-infrastructure]")
    room.write("articles/2026/chips-0.md", edited)
    docs, _ = load_docs(room.root)
    again = learnt.load_or_train(room.root, docs, topics)
    assert trained_mtime(room) == stamp
    assert first is not None and again is not None
    assert again.words == first.words

    # Ten retagged articles (over 2%): retrained, and the new weights show it.
    for index in range(10):
        slug = f"launch-{index}"
        room.write(f"articles/2026/{slug}.md", story(slug, LAUNCH, "[ethics-bias]"))
    docs, _ = load_docs(room.root)
    retrained = learnt.load_or_train(room.root, docs, topics)
    assert trained_mtime(room) != stamp
    assert retrained is not None and "ethics-bias" in retrained.topics

    # Other topic keys (a rename): retrained at once.
    stamp = trained_mtime(room)
    renamed = [t for t in topics if t != "product-launch"] + ["launches"]
    learnt.load_or_train(room.root, docs, renamed)
    assert trained_mtime(room) != stamp


def test_a_broken_cache_entry_is_retrained(room: Newsroom) -> None:
    docs, _ = load_docs(room.root)
    topics = list(load_config(room.root).topics)
    learnt.load_or_train(room.root, docs, topics)
    (cache.cache_dir(room.root) / learnt.CACHE_NAME).write_bytes(b"garbage")
    model = learnt.load_or_train(room.root, docs, topics)
    assert model is not None and len(model.topics) == 3
    assert cache.load_arrays(room.root, learnt.CACHE_NAME)["topics"].tolist() == list(model.topics)


def test_too_few_tagged_articles_learn_nothing(newsroom: Newsroom) -> None:
    newsroom.write("articles/2026/one.md", story("one", CHIPS, "[mlops-infrastructure]"))
    docs, _ = load_docs(newsroom.root)
    assert learnt.train(docs, sorted(load_config(newsroom.root).topics)) is None


def test_suggest_names_the_learnt_words_and_caches_them(room: Newsroom, run: Run) -> None:
    room.write("articles/2026/draft.md", story("draft", "Foundry wafer supply is short.", "[]"))
    out = run("tag", "suggest", "draft", cwd=room.root).stdout.splitlines()
    assert out[0] == "articles/2026/draft.md  (topics: none)"
    assert (
        out[1].startswith("  * ") and "mlops-infrastructure: written like its articles (" in out[1]
    )
    assert "'wafer'" in out[1] and "'foundry'" in out[1]
    assert (cache.cache_dir(room.root) / learnt.CACHE_NAME).is_file()


def test_a_cache_entry_with_mismatched_shapes_is_retrained(room: Newsroom) -> None:
    docs, _ = load_docs(room.root)
    topics = list(load_config(room.root).topics)
    learnt.load_or_train(room.root, docs, topics)
    arrays = cache.load_arrays(room.root, learnt.CACHE_NAME)
    arrays["weights"] = arrays["weights"][:5]
    cache.save_arrays(room.root, learnt.CACHE_NAME, arrays)
    model = learnt.load_or_train(room.root, docs, topics)
    assert model is not None and model.weights.shape == (len(model.words), 3)
    rows = model.rows([{"wafer": 2, "foundry": 1}])
    assert model.margins(rows).shape == (1, 3)


def test_lists_stored_by_related_write_do_not_make_the_words_stale(
    room: Newsroom, run: Run
) -> None:
    """`related --write` rewrites the lists of every tagged article here: that teaches the
    weights nothing, so the next suggestion keeps them (before, each rewritten file was a
    changed article, and `tag suggest` trained again after every `related --write`)."""
    topics = list(load_config(room.root).topics)
    learnt.load_or_train(room.root, load_docs(room.root)[0], topics)
    stamp = trained_mtime(room)
    before = {p: p.read_bytes() for p in (room.root / "articles").rglob("*.md")}
    assert run("related", "--write", cwd=room.root).returncode == 0
    rewritten = [p for p, raw in before.items() if p.read_bytes() != raw]
    assert len(rewritten) > 0.9 * len(before)
    docs, _ = load_docs(room.root)
    learnt.load_or_train(room.root, docs, topics)
    assert trained_mtime(room) == stamp
    assert all(doc.base and doc.base != doc.digest for doc in docs)
    # An edit to a rewritten article's text is a change again: it has no base any more.
    edited = rewritten[0]
    edited.write_text(edited.read_text().replace("Summary", "Summary, edited,", 1))
    assert {d.path for d in load_docs(room.root)[0] if not d.base} == {
        edited.relative_to(room.root).as_posix()
    }
