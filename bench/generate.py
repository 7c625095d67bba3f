"""Generate a deterministic N-article newsroom in the BotBeat format, for benchmarks.

    python bench/generate.py OUT_DIR --articles 10000 [--seed 7]

Realistic sizes: 400 to 700 words a body, 1 to 5 topics, 2 to 5 takeaways, 40 entities.
The same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

KINDS = ["update", "research", "policy-regulation", "industry-report"]
TOPICS = [
    "large-language-models", "mlops-infrastructure", "ethics-bias", "ai-safety-alignment",
    "product-launch", "robotics", "computer-vision", "speech-audio", "ai-chips-hardware",
    "open-source", "funding-deals", "regulation-policy", "healthcare-ai", "education-ai",
    "autonomous-vehicles", "cybersecurity", "data-privacy", "reinforcement-learning",
    "multimodal-models", "ai-agents", "evaluation-benchmarks", "climate-energy",
    "creative-ai", "enterprise-adoption", "labor-economy",
]  # fmt: skip
WORDS = (
    "model models training inference agent agents benchmark dataset parameters release "
    "research researchers company lab safety alignment policy regulators chips gpu cluster "
    "startup funding round investors open weights license evaluation accuracy latency cost "
    "users developers api platform cloud data privacy security attack defense robot vision "
    "speech audio video image text code reasoning memory retrieval context window tokens "
    "deployment enterprise customers market revenue growth competition government law court "
    "study paper results performance scale compute energy efficiency hardware software update "
    "feature launch preview beta access pricing subscription partnership acquisition team"
).split()
FILLER = "the a of to in and for on with that is as by from this it at its".split()


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [
        rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(FILLER)
        for _ in range(rng.randint(low, high))
    ]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(sentence(rng))
    return " ".join(out)


def config(entities: list[str]) -> str:
    lines = ["kinds:"]
    lines += [f"  {k}: {{label: {k.replace('-', ' ').upper()}}}" for k in KINDS]
    lines.append("entities:")
    lines += [f"  {e}: {{name: {e.replace('-', ' ').title()}}}" for e in entities]
    lines.append("topics:")
    lines += [f"  {t}: {{label: {t.replace('-', ' ').title()}}}" for t in TOPICS]
    lines += [
        "sources:",
        "  x.com: X (Twitter)",
        "rules:",
        "  takeaways: {min: 2, max: 5}",
        "  required_sections: [Summary, Editorial Opinion]",
    ]
    return "\n".join(lines) + "\n"


def article(rng: random.Random, index: int, entities: list[str], when: date) -> tuple[str, str]:
    title_words = [rng.choice(WORDS) for _ in range(rng.randint(5, 10))]
    title = " ".join(title_words).title() + f" {index}"
    slug = "-".join(title.lower().split())
    topics = rng.sample(TOPICS, rng.randint(1, 5))
    takeaways = [sentence(rng) for _ in range(rng.randint(2, 5))]
    total = rng.randint(400, 700)
    summary = "\n\n".join(paragraph(rng, total // 4) for _ in range(3))
    opinion = paragraph(rng, total // 4)
    fm = [
        "---",
        f"title: {title}",
        f"date: {when.isoformat()}",
        f"kind: {rng.choice(KINDS)}",
        f"entity: {rng.choice(entities)}",
        f"topics: [{', '.join(topics)}]",
        "takeaways:",
        *[f"  - {t}" for t in takeaways],
        "source:",
        f"  url: https://example.org/news/{index}",
        "status: published",
        "---",
    ]
    body = f"\n## Summary\n\n{summary}\n\n## Editorial Opinion\n\n{opinion}\n"
    return slug, "\n".join(fm) + "\n" + body


def generate(out: Path, count: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    entities = [f"entity-{i:02d}" for i in range(40)]
    out.mkdir(parents=True, exist_ok=True)
    (out / "botbeat.yaml").write_text(config(entities), encoding="utf-8")
    start = date(2024, 1, 1)
    for index in range(count):
        when = start + timedelta(days=index * 900 // max(count, 1))
        slug, text = article(rng, index, entities, when)
        write_article(out, when, slug, text)
    return out


def write_article(out: Path, when: date, slug: str, text: str) -> None:
    folder = out / "articles" / str(when.year)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.md").write_text(text, encoding="utf-8")


def run_cli(make: Callable[[Path, int, int], Path], seed: int, about: str) -> None:
    """`python bench/<generator>.py OUT_DIR --articles N [--seed S]`."""
    parser = argparse.ArgumentParser(description=about)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=seed)
    args = parser.parse_args()
    make(args.out, args.articles, args.seed)
    print(f"{args.articles} articles in {args.out}")


if __name__ == "__main__":
    run_cli(generate, 7, __doc__.splitlines()[0])
