"""Quality and speed of `botbeat related`, with baselines measured in the same run.

    python bench/related_bench.py [--reuters PATH] [--articles 10000]

Quality, on the Reuters-21578 newsroom (7,722 real stories, human topic labels; read its
README): for each `test` article, every entry of `more_from` and `suggested` is a hit when
it shares a Reuters label with the article; precision over all entries, with the default
3 + 3 lists and with 5 + 5 (precision@10). Two settings: topics visible, and topics hidden
(every article's topics replaced by one neutral topic, so only the text can find related
stories). The baseline is plain TF-IDF cosine (the same tokens, no field weights, no topic,
entity or date signal) picking the same numbers from the same entity and from others, under
the same eligibility rules. Both run with include_newer on, as the judge is topical.

Speed: `botbeat related --write` (cold) and `--check` (warm, then on an empty cache) on
copies of three newsrooms, each against the exact scikit-learn baseline in the same run:
bench/generate.py's, an alike one (bench/generate_alike.py: titles sharing most words, a
long-tail vocabulary, short and long articles) and Reuters; wall time and peak memory of
the real command. Then one article is
added and `--write` runs again on the warm cache, against the cold `--write`, and the
other files it changed are counted (a follow-up dated in the middle, then an article dated
today, which no older list may take). Stable lists: on a topical newsroom with half its
articles untagged, the older files one article dated today changes. With
`--article-sizes 100000`, `related ARTICLE` and `tag suggest ARTICLE` too, cold and warm, on
newsrooms of those sizes and on Reuters.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from generate_alike import generate_alike  # noqa: E402
from spawn import as_installed, measured  # noqa: E402

from botbeat_cli import related  # noqa: E402
from botbeat_cli.config import load_config  # noqa: E402
from botbeat_cli.newsroom.docs import Doc, load_docs  # noqa: E402
from botbeat_cli.similarity import terms  # noqa: E402

REUTERS = HERE.parent.parent / "shared" / "corpora" / "reuters-21578" / "newsroom"


def labels(root: Path) -> tuple[dict[str, set[str]], set[str]]:
    """slug -> Reuters labels, and the slugs of the test split."""
    by_slug: dict[str, set[str]] = {}
    test: set[str] = set()
    with open(root.parent / "labels.jsonl", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            by_slug[item["slug"]] = set(item["labels"])
            if item["split"] == "test":
                test.add(item["slug"])
    return by_slug, test


def precision(
    engine: related.Engine, gold: dict[str, set[str]], queries: list[int]
) -> tuple[float, float]:
    """(precision over every entry, entries per article): a threshold that leaves weak
    picks out raises the first and lowers the second, so both are printed."""
    hits = total = 0
    for row, lists in engine.lists(queries).items():
        mine = gold.get(engine.docs[row].slug, set())
        for pick in lists.more_from + lists.suggested:
            total += 1
            hits += bool(mine & gold.get(pick.slug, set()))
    return (hits / total if total else 0.0), total / max(len(queries), 1)


def plain_tfidf(docs: list[Doc], root: Path) -> list[Doc]:
    """The baseline's documents: unweighted terms of title, takeaways and body together."""
    from botbeat_cli.store import files, frontmatter

    out = []
    for doc in docs:
        parsed = frontmatter.parse(files.read_text(root / doc.path))
        data = parsed.data
        text = " ".join([str(data.get("title", "")), *map(str, data.get("takeaways", []))])
        out.append(replace(doc, terms=Counter(terms(text + " " + parsed.body))))
    return out


def quality(root: Path) -> None:
    config = load_config(root)
    gold, test = labels(root)
    docs, _ = load_docs(root)
    hidden = [replace(d, topics=("neutral",)) for d in docs]
    baseline_docs = plain_tfidf(docs, root)
    today = date.today()
    print(f"\nquality on {root} ({len(docs)} articles, {len(test)} test queries)")
    print(
        f"  {'setting':<16} {'lists':>6} {'botbeat':>8} {'entries':>8} {'baseline':>9} "
        f"{'entries':>8} {'diff':>7}"
    )
    for label, ours_docs in (("topics visible", docs), ("topics hidden", hidden)):
        for size in (3, 5):
            settings = config.related.model_copy(
                update={"include_newer": True, "more_from": size, "suggested": size}
            )
            ours_config = config.model_copy(update={"related": settings})
            base_settings = settings.model_copy(
                update={
                    "threshold": 0.0,
                    "weights": settings.weights.model_copy(
                        update={"text": 1.0, "topics": 0.0, "entity": 0.0, "recency": 0.0}
                    ),
                }
            )
            base_config = config.model_copy(update={"related": base_settings})
            started = time.perf_counter()
            ours = related.Engine(ours_docs, ours_config, today)
            queries = [i for i, d in enumerate(ours.docs) if d.slug in test]
            p_ours, n_ours = precision(ours, gold, queries)
            elapsed = time.perf_counter() - started
            base = related.Engine(baseline_docs, base_config, today, latent=False)
            p_base, n_base = precision(base, gold, queries)
            print(
                f"  {label:<16} {size}+{size:<4} {p_ours:>8.3f} {n_ours:>8.2f} {p_base:>9.3f} "
                f"{n_base:>8.2f} {p_ours - p_base:>+7.3f}   ({elapsed:.1f} s)"
            )


def speed(root: Path, label: str) -> None:
    """The real command on a copy (the cache is emptied first: a cold run), then the exact
    scikit-learn baseline computing the same lists, both fresh processes."""
    botbeat = shutil.which("botbeat") or "botbeat"
    baseline = [sys.executable, str(HERE / "exact_related_baseline.py"), "."]
    with tempfile.TemporaryDirectory(prefix="botbeat-related-") as tmp:
        copy = Path(tmp) / "newsroom"
        shutil.copytree(root, copy)
        for path in copy.rglob("*"):  # the corpus may be read-only: the copy is the newsroom
            path.chmod(path.stat().st_mode | 0o200)
        # The copy's pages are still dirty: without this, the os.sync() that makes --write
        # durable would also write back the benchmark's own copy (seconds, from run to run).
        os.sync()
        env = {**os.environ, "BOTBEAT_CACHE_DIR": str(Path(tmp) / "cache")}
        # --check warm (after the write: every list from the cache of the last
        # computation), then cold (the cache emptied, as CI's fresh clone).
        runs = [
            ("botbeat related --write", [botbeat, "related", "--write"]),
            ("botbeat related --check", [botbeat, "related", "--check"]),
            ("--check, empty cache", [botbeat, "related", "--check"]),
            ("exact baseline (sklearn)", baseline),
        ]
        walls = {}
        for name, command in runs:
            if name == "--check, empty cache":
                shutil.rmtree(env["BOTBEAT_CACHE_DIR"])
            walls[name], shown = _timed(command, copy, env)
            print(f"  {label:<28} {name:<26} {shown}")
        base = walls["exact baseline (sklearn)"]
        for name in list(walls)[:3]:
            print(f"  {'':<28} {name:<26} ratio to the exact baseline: {walls[name] / base:.2f}")
        # The everyday write: one new article, the cache warm; the target is a
        # tenth of the cold write. First a follow-up of one in the middle (its date: the
        # lists of the articles after it may take it), then one dated today (yesterday, so
        # that it is not in the future in any time zone; no older list may take it: the
        # other files it changes are churn).
        articles = sorted((copy / "articles").rglob("*.md"))
        model = articles[len(articles) // 2]
        text = model.read_text(encoding="utf-8")
        cold = walls["botbeat related --write"]
        added = (
            ("one new article", "follow-up", text),
            ("one dated today", "today", _dated(text, date.today() - timedelta(days=1))),
        )
        for name, suffix, new in added:
            before = {path: path.read_bytes() for path in articles}
            model.with_name(f"{model.stem}-{suffix}.md").write_text(
                new.rstrip("\n") + "\n\nA follow-up, a day later.\n", encoding="utf-8"
            )
            warm, shown = _timed([botbeat, "related", "--write"], copy, env)
            others = sum(path.read_bytes() != old for path, old in before.items())
            print(f"  {'':<28} {'--write, ' + name:<26} {shown}  ratio to the cold --write: "
                  f"{warm / cold:.2f}; {others:,} other files changed")  # fmt: skip
            articles = sorted((copy / "articles").rglob("*.md"))


def _dated(text: str, day: date) -> str:
    """The article's text with this date and no stored lists (a new article's)."""
    import re

    text = re.sub(r"^date: .*$", f"date: {day}", text, count=1, flags=re.M)
    return re.sub(r"^related:\n(?:  .*\n)+", "", text, count=1, flags=re.M)


def stability(size: int) -> None:
    """How many older articles' lists one article added today changes, where half the
    articles are untagged (their lists use the latent part): bench/generate_topical.py's
    newsroom, every other article's topics removed, `--write`, then one article dated
    today and `--write` again. No older list may take it (include_newer off), so every
    other file changed is churn from the newsroom's statistics (docs/related.md)."""
    import re

    from generate_topical import generate_topical

    botbeat = shutil.which("botbeat") or "botbeat"
    with tempfile.TemporaryDirectory(prefix="botbeat-stable-") as tmp:
        root = generate_topical(Path(tmp) / "topical", size)
        articles = sorted((root / "articles").rglob("*.md"))
        for number, path in enumerate(articles):
            if number % 2:
                text = path.read_text(encoding="utf-8")
                path.write_text(re.sub(r"^topics: .*$", "topics: []", text, count=1, flags=re.M))
        env = {**os.environ, "BOTBEAT_CACHE_DIR": str(Path(tmp) / "cache")}
        subprocess.run([botbeat, "related", "--write"], cwd=root, env=env, check=True,
                       capture_output=True)  # fmt: skip
        before = {path: path.read_bytes() for path in articles}
        text = _dated(articles[len(articles) // 3].read_text(encoding="utf-8"),
                      date.today() - timedelta(days=1))  # fmt: skip
        (articles[0].parent / "new-today.md").write_text(text, encoding="utf-8")
        subprocess.run([botbeat, "related", "--write"], cwd=root, env=env, check=True,
                       capture_output=True)  # fmt: skip
        others = sum(path.read_bytes() != old for path, old in before.items())
        print(f"  topical, {size:,} articles, half untagged: one article dated today changed "
              f"{others:,} other files")  # fmt: skip


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """A fresh process's wall time, and that with its peak memory and exit status shown
    (started by a small launcher, so the peak is its own: `spawn`)."""
    wall, peak, status = measured(command, cwd, env)
    return wall, f"{wall:>7.2f} s {peak:>6.0f} MB  exit {status}"


def one_article(root: Path, label: str) -> None:
    """`related ARTICLE` and `tag suggest ARTICLE` for the article in the middle, fresh
    processes on an empty cache folder: each cold once, then warm (median of 3). Neither
    writes to the newsroom, so it is used in place."""
    botbeat = shutil.which("botbeat") or "botbeat"
    articles = sorted((root / "articles").rglob("*.md"))
    slug = articles[len(articles) // 2].stem
    with tempfile.TemporaryDirectory(prefix="botbeat-one-") as tmp:
        env = {**os.environ, "BOTBEAT_CACHE_DIR": str(Path(tmp) / "cache")}
        for name, args in (("related ARTICLE", ["related", slug]),
                           ("tag suggest ARTICLE", ["tag", "suggest", slug])):  # fmt: skip
            walls = []
            for _ in range(4):
                started = time.perf_counter()
                subprocess.run([botbeat, *args], cwd=root, env=env, capture_output=True,
                               check=True)  # fmt: skip
                walls.append(time.perf_counter() - started)
            warm = sorted(walls[1:])[1]
            print(f"  {label:<28} {name:<20} cold {walls[0]:>6.2f} s  warm {warm:>5.2f} s")


def _newsrooms(sizes: str, reuters: Path) -> Iterator[tuple[Path, str]]:
    """Each shape's newsroom at each of the sizes (comma-separated), made in a temp folder
    that lasts while it is used, then Reuters if it is there."""
    for size in (int(n) for n in sizes.split(",") if n):
        for make, name in ((generate, "generated"), (generate_alike, "alike")):
            with tempfile.TemporaryDirectory(prefix="botbeat-gen-") as tmp:
                yield make(Path(tmp) / name, size), f"{name}, {size:,} articles"
    if (reuters / "botbeat.yaml").is_file():
        yield reuters, "Reuters, 7,722 articles"


def main() -> None:
    as_installed()  # timed runs meet botbeat's bytecode, as an install has it
    parser = argparse.ArgumentParser(description="Benchmark botbeat related.")
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument(
        "--sizes", default="1000,10000", help="generated newsroom sizes, comma-separated"
    )
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument(
        "--stable-sizes", default="3000", help="topical newsroom sizes for the stable lists"
    )
    parser.add_argument(
        "--article-sizes",
        default="",
        help="also time one article's related and tag suggest on generated newsrooms of "
        "these sizes (e.g. 100000) and on Reuters, cold and warm",
    )
    args = parser.parse_args()
    # Speed first, then quality (the long part). Each timed process is started by a small
    # launcher (`spawn`), so its peak memory is its own whatever this process holds.
    print("\nspeed (a fresh process each)")
    for root, label in _newsrooms(args.sizes, args.reuters):
        speed(root, label)
    print("\nstable lists (older articles' files changed by one article dated today)")
    for size in (int(n) for n in args.stable_sizes.split(",") if n):
        stability(size)
    if args.article_sizes:
        print("\none article (a fresh process each; the target at 100,000 is under 1 s warm)")
        for root, label in _newsrooms(args.article_sizes, args.reuters):
            one_article(root, label)
    if not args.skip_quality and (args.reuters / "botbeat.yaml").is_file():
        quality(args.reuters)


if __name__ == "__main__":
    main()
