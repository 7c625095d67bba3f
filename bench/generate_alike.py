"""A second generated newsroom, with the statistics `generate.py` lacks (issue 13): titles
made from a few templates per entity, so they share most of their words ("<Company>
launches ...", "<Company> study finds ..."); a large vocabulary with a long tail (Zipf);
short and long articles; skewed entity and topic sizes.

    python bench/generate_alike.py OUT_DIR --articles 10000 [--seed 11]

The same arguments give the same bytes.
"""

from __future__ import annotations

import functools
import itertools
import random
from datetime import date, timedelta
from pathlib import Path

from generate import FILLER, KINDS, TOPICS, WORDS, config, run_cli, write_article

TEMPLATES = [
    "{e} launches {a} {b} for {c}",
    "{e} study finds {a} {b} improves {c}",
    "{e} raises funding to build {a} {b}",
    "{e} releases new {a} model for {b} {c}",
    "{e} expands {a} {b} to more {c} customers",
    "{e} faces questions over {a} {b}",
]


def _zipf(rng: random.Random, items: list[str], skew: float = 1.1) -> str:
    """An item drawn with probability falling as 1 / rank ** skew: a few are everywhere."""
    return rng.choices(items, cum_weights=_cumulative(len(items), skew))[0]


@functools.cache
def _cumulative(size: int, skew: float) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** skew for rank in range(size)))


def generate_alike(out: Path, count: int, seed: int = 11) -> Path:
    rng = random.Random(seed)
    entities = [f"entity-{i:02d}" for i in range(40)]
    tail = [f"{rng.choice(WORDS)}{n}" for n in range(20_000)]  # rare words, a long tail
    out.mkdir(parents=True, exist_ok=True)
    (out / "botbeat.yaml").write_text(config(entities), encoding="utf-8")
    start = date(2023, 1, 1)
    for index in range(count):
        when = start + timedelta(days=index * 1200 // max(count, 1))
        entity = _zipf(rng, entities)
        words = [rng.choice(WORDS) for _ in range(3)]
        title = rng.choice(TEMPLATES[:3] if index % 5 else TEMPLATES).format(
            e=entity.replace("-", " ").title(), a=words[0], b=words[1], c=words[2]
        )
        slug = "-".join(title.lower().split()) + f"-{index}"
        length = min(3000, max(40, int(rng.lognormvariate(5.5, 0.9))))
        body = " ".join(
            _zipf(rng, tail, 1.0) if rng.random() < 0.25
            else rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(FILLER)
            for _ in range(length)
        ).capitalize() + "."  # fmt: skip
        topics = sorted({_zipf(rng, TOPICS, 1.3) for _ in range(rng.randint(1, 4))})
        text = "\n".join([
            "---", f"title: {title}", f"date: {when.isoformat()}", f"kind: {rng.choice(KINDS)}",
            f"entity: {entity}", f"topics: [{', '.join(topics)}]", "takeaways:",
            f"  - {title} in short.", f"  - What {words[0]} means for {words[2]}.",
            "source:", f"  url: https://example.org/{entity}/{index}", "status: published",
            "---", "", "## Summary", "", body, "", "## Editorial Opinion", "",
            f"{words[1].capitalize()} matters.", "",
        ])  # fmt: skip
        write_article(out, when, slug, text)
    return out


if __name__ == "__main__":
    run_cli(generate_alike, 11, __doc__.splitlines()[0])
