"""Quality and speed of `botbeat tag suggest`, with a baseline measured in the same run.

    python bench/tag_bench.py [--reuters PATH] [--cutoff X]

Quality, on Reuters-21578 (read its README): the topics of the `test` articles are hidden,
topics are suggested from their text and the `train` articles, and what `--apply` would add
(the confident suggestions at the cut-off calibrated on the `train` articles, as the
command does, else the best guess) is compared with the human labels: micro-averaged
precision and recall, with and without the queries whose only labels are `earn`/`acq` (the
corpus's skew). The baseline is a plain nearest-neighbour vote: TF-IDF cosine (unweighted
terms), the 10 most similar train articles, every topic on at least half of them (at least
the most voted one).

Speed: `botbeat tag suggest` for one article (cold and warm) and `--all` on four newsrooms
(bench/generate.py's, bench/generate_alike.py's, the generated one with a topic vocabulary
that grows with it, and Reuters), fresh processes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from generate_alike import generate_alike  # noqa: E402
from related_bench import REUTERS, labels, plain_tfidf  # noqa: E402
from spawn import as_installed  # noqa: E402

from botbeat_cli.config import load_config  # noqa: E402
from botbeat_cli.newsroom.docs import Doc, load_docs  # noqa: E402
from botbeat_cli.similarity import TextIndex  # noqa: E402
from botbeat_cli.topics import learnt, suggestions  # noqa: E402


def micro(
    predicted: dict[str, set[str]], gold: dict[str, set[str]], only: set[str]
) -> tuple[float, float]:
    tp = fp = fn = 0
    for slug in only:
        p, g = predicted.get(slug, set()), gold[slug]
        tp += len(p & g)
        fp += len(p - g)
        fn += len(g - p)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def knn_baseline(docs: list[Doc], test_rows: list[int]) -> dict[str, set[str]]:
    import numpy as np

    index = TextIndex([d.terms for d in docs])
    train = np.array([i for i, d in enumerate(docs) if d.topics], dtype=np.int64)
    out: dict[str, set[str]] = {}
    for row in test_rows:
        sims = (index.matrix[row] @ index.matrix[train].T).toarray().ravel()
        top = train[np.argsort(-sims, kind="stable")[:10]]
        votes = Counter(t for j in top for t in set(docs[j].topics))
        chosen = {t for t, n in votes.items() if n >= 5}
        if not chosen and votes:
            chosen = {votes.most_common(1)[0][0]}
        out[docs[row].slug] = chosen
    return out


def quality(root: Path, given: float | None) -> None:
    config = load_config(root)
    gold, test = labels(root)
    docs, _ = load_docs(root)
    hidden = [replace(d, topics=()) if d.slug in test else d for d in docs]
    rows = [i for i, d in enumerate(hidden) if d.slug in test]
    started = time.perf_counter()
    words = learnt.train(hidden, sorted(config.topics))
    trained = time.perf_counter() - started
    index = TextIndex([d.terms for d in hidden])
    cutoff, combine = suggestions.calibrate(hidden, config, index)
    cutoff = cutoff if given is None else given
    words = replace(words, combine=combine) if words is not None else None
    suggester = suggestions.Suggester(hidden, config, words, index)
    ours = {
        hidden[row].slug: {s.topic for s in suggestions.chosen(found, cutoff, has_topics=False)}
        for row, found in zip(rows, suggester.for_rows(rows), strict=True)
    }
    elapsed = time.perf_counter() - started
    base_docs = [replace(d, topics=()) if d.slug in test else d for d in plain_tfidf(docs, root)]
    base = knn_baseline(base_docs, rows)
    skewed = {s for s in test if gold[s] <= {"earn", "acq"}}
    print(f"\nquality on {root} ({len(rows)} test articles, cut-off {cutoff:.4f})")
    print(f"  {'queries':<28} {'botbeat P':>10} {'R':>6} {'baseline P':>11} {'R':>6}")
    for label, only in (("all", set(test)), ("without earn/acq-only", set(test) - skewed)):
        p, r = micro(ours, gold, only)
        bp, br = micro(base, gold, only)
        print(f"  {label:<28} {p:>10.3f} {r:>6.3f} {bp:>11.3f} {br:>6.3f}")
    print(
        f"  ({elapsed:.1f} s for botbeat's {len(rows)} suggestions, of which {trained:.1f} s "
        f"learning the topic words of {len(words.topics) if words else 0} topics)"
    )


def speed(label: str, source: Path) -> None:
    """The real command on a copy of `source` (the cache emptied first), fresh processes."""
    botbeat = shutil.which("botbeat") or "botbeat"
    with tempfile.TemporaryDirectory(prefix="botbeat-tag-") as tmp:
        root = Path(tmp) / "newsroom"
        shutil.copytree(source, root)
        for path in root.rglob("*"):  # the corpus may be read-only: the copy is the newsroom
            path.chmod(path.stat().st_mode | 0o200)
        files = sorted((root / "articles").rglob("*.md"))
        slug = files[len(files) // 2].stem
        env = {**os.environ, "BOTBEAT_CACHE_DIR": str(Path(tmp) / "cache")}
        runs = (
            ("suggest ARTICLE (cold cache)", ["tag", "suggest", slug], 1),
            ("suggest ARTICLE (warm, median of 3)", ["tag", "suggest", slug], 3),
            ("suggest --all", ["tag", "suggest", "--all", "--format", "json"], 1),
        )
        for name, args, repeat in runs:
            walls = []
            for _ in range(repeat):
                started = time.perf_counter()
                subprocess.run([botbeat, *args], cwd=root, env=env, capture_output=True, check=True)
                walls.append(time.perf_counter() - started)
            elapsed = sorted(walls)[len(walls) // 2]
            print(f"  {label:<28} {name:<36} {elapsed:>6.2f} s")


def with_many_topics(root: Path, seed: int = 5) -> Path:
    """`root` (a generated newsroom) with a topic vocabulary that grows with it, as a site
    that tags freely has: 0.6 topics an article (6,000 for 10,000), each article given 1 to
    6 of them at random, so most topics have a few articles and some have enough to learn
    words from. Every article's topics line and botbeat.yaml's topics are rewritten."""
    import random
    import re

    rng = random.Random(seed)
    files = sorted((root / "articles").rglob("*.md"))
    topics = [f"topic-{i:05d}" for i in range(max(30, len(files) * 6 // 10))]
    config = (root / "botbeat.yaml").read_text(encoding="utf-8")
    listed = "".join(f"  {t}: {{label: Tag {t[6:]}}}\n" for t in topics)
    config = re.sub(r"^topics:\n(?:  .*\n)+", lambda _: "topics:\n" + listed, config, flags=re.M)
    (root / "botbeat.yaml").write_text(config, encoding="utf-8")
    for path in files:
        chosen = ", ".join(rng.sample(topics, rng.randint(1, 6)))
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^topics: .*$", f"topics: [{chosen}]", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
    return root


def main() -> None:
    as_installed()  # timed runs meet botbeat's bytecode, as an install has it
    parser = argparse.ArgumentParser(description="Benchmark botbeat tag suggest.")
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--cutoff", type=float, help="default: calibrated, as the command does")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    if (args.reuters / "botbeat.yaml").is_file():
        quality(args.reuters, args.cutoff)
    if not args.skip_speed:
        print("\nspeed (fresh processes)")
        for make, name in ((generate, "generated"), (generate_alike, "alike")):
            with tempfile.TemporaryDirectory(prefix="botbeat-gen-") as tmp:
                made = make(Path(tmp) / name, args.articles)
                speed(f"{name}, {args.articles:,} articles", made)
                if make is generate:
                    many = with_many_topics(made)
                    speed(f"many topics, {args.articles:,} articles", many)
        if (args.reuters / "botbeat.yaml").is_file():
            speed("Reuters, 7,722 articles", args.reuters)


if __name__ == "__main__":
    main()
