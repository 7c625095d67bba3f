"""A third generated newsroom, for quality rather than speed (issue 16): short, technical,
multi-topic articles whose words depend on their topics, as AI news is.

    python bench/generate_topical.py OUT_DIR --articles 3000 [--seed 5]

Each topic has its own words (a few dozen, drawn from one shared pool, so topics overlap and
share words) used with Zipf frequencies; an article has 1 to 4 topics (a few topics are
common, most rare), a title of 5 to 10 words, two takeaways and a body of 40 to 220 words,
where a word comes from one of its topics only a third of the time; the rest is the
newsroom's common vocabulary and filler. `generate.py` and `generate_alike.py` draw topics
independently of the text, so no method can find them there; this one has a signal to find,
as weak as short texts give. The same arguments give the same bytes.
"""

from __future__ import annotations

import functools
import itertools
import random
from datetime import date, timedelta
from pathlib import Path

from generate import FILLER, KINDS, TOPICS, WORDS, config, run_cli, write_article

POOL = 1500  # words topics draw their own from; the common vocabulary is all of them
OWN = 120  # words of each topic
TOPICAL = 0.12  # share of an article's words drawn from its topics


@functools.cache
def _cumulative(size: int, skew: float) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** skew for rank in range(size)))


def _zipf(rng: random.Random, items: list[str], skew: float = 1.0) -> str:
    return rng.choices(items, cum_weights=_cumulative(len(items), skew))[0]


def generate_topical(out: Path, count: int, seed: int = 5) -> Path:
    rng = random.Random(seed)
    endings = ["", "s", "ing", "ed", "er"]
    pool = [f"{rng.choice(WORDS)}{rng.choice(endings)}{n}" for n in range(POOL)]
    own = {topic: rng.sample(pool, OWN) for topic in TOPICS}
    ranked = TOPICS[:]
    rng.shuffle(ranked)  # which topics are common: not the list's order
    entities = [f"entity-{i:02d}" for i in range(40)]
    out.mkdir(parents=True, exist_ok=True)
    (out / "botbeat.yaml").write_text(config(entities), encoding="utf-8")
    start = date(2025, 1, 1)

    def words(topics: list[str], n: int) -> str:
        drawn = []
        for _ in range(n):
            roll = rng.random()
            if roll < TOPICAL:
                drawn.append(_zipf(rng, own[rng.choice(topics)]))
            elif roll < 0.75:
                drawn.append(_zipf(rng, pool, 0.8))
            else:
                drawn.append(rng.choice(FILLER))
        return " ".join(drawn)

    for index in range(count):
        when = start + timedelta(days=index * 600 // max(count, 1))
        topics = sorted({_zipf(rng, ranked, 1.2) for _ in range(rng.randint(1, 4))})
        title = words(topics, rng.randint(5, 10)).title()[:110].strip()
        slug = f"story-{index:05d}"
        takeaways = [words(topics, rng.randint(8, 16)).capitalize() + "." for _ in range(2)]
        body = words(topics, rng.randint(40, 220)).capitalize() + "."
        text = "\n".join([
            "---", f"title: {title}", f"date: {when.isoformat()}", f"kind: {rng.choice(KINDS)}",
            f"entity: {rng.choice(entities)}", f"topics: [{', '.join(topics)}]", "takeaways:",
            *[f"  - {t}" for t in takeaways],
            "source:", f"  url: https://example.org/story/{index}", "status: published",
            "---", "", "## Summary", "", body, "", "## Editorial Opinion", "",
            words(topics, 20).capitalize() + ".", "",
        ])  # fmt: skip
        write_article(out, when, slug, text)
    return out


if __name__ == "__main__":
    run_cli(generate_topical, 5, __doc__.splitlines()[0])
