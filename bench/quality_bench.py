"""Quality of `related` and `tag suggest` on several kinds of newsroom, each against its
plain baseline in the same run, with the spread over random splits (issue 16).

    python bench/quality_bench.py [--reuters PATH] [--splits 3] [--only tags|related]
                                  [--markdown] [--generator-seeds 1,2,3]

Variants, so that no one corpus flatters the methods:

- Reuters, ModApte: the standard split (bench/tag_bench.py's figure);
- Reuters, random: `--splits` random 70/30 splits of the articles;
- Reuters, rare topics: the same runs, scored on the test articles whose every topic is on
  fewer than 2% of the articles (the corpus's long tail; `earn` alone is on a third);
- Reuters, rare topics alone: those articles as a newsroom of their own (1,484 articles,
  80 topics), so the cut-off is calibrated on them: the `*` rate a newsroom of rare topics
  gets, where the row above is the rare part of a newsroom calibrated as a whole;
- Reuters, short: each article cut to its title, takeaways and first paragraph (what a
  short AI-news piece gives), random splits;
- topical: bench/generate_topical.py's short multi-topic articles, random splits;
- generated, alike: bench/generate.py's and bench/generate_alike.py's newsrooms, whose
  topics are drawn independently of the text: no method should find them, and these rows
  check that botbeat does not invent a signal (both sides at chance). `--generator-seeds`
  adds those two newsrooms drawn with other seeds: at chance, which side is ahead is a
  property of the instance, and the seeds show how far it moves.

Tags: the topics of the test articles are hidden, suggested from their text and the other
articles (the cut-off calibrated on those, as the command does), and what `--apply` would
add (the confident suggestions, else the best guess) compared with the hidden topics:
micro-averaged precision and recall; "* right" is the precision of the confident ones alone
(the `*` of `tag suggest`; "none" where nothing was confident). Baseline: TF-IDF cosine
(unweighted terms of the same text), the 10 most similar articles, every topic on at least
half of them (at least the most voted).

Related, blind: every article's topics replaced by one neutral topic, its entity by one of
40 at random and its date by one day, so only the text can decide; the 5 + 5 lists of each
test article, a pick a hit when it shares a topic with the article. Baseline: TF-IDF cosine
of the same unweighted text under the same list rules.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from generate_alike import generate_alike  # noqa: E402
from generate_topical import generate_topical  # noqa: E402
from related_bench import REUTERS, labels, precision  # noqa: E402
from tag_bench import knn_baseline, micro  # noqa: E402

from botbeat_cli import related  # noqa: E402
from botbeat_cli.config import load_config  # noqa: E402
from botbeat_cli.model.newsroom import NewsroomConfig  # noqa: E402
from botbeat_cli.newsroom import fields  # noqa: E402
from botbeat_cli.newsroom.docs import Doc, load_docs, story_text  # noqa: E402
from botbeat_cli.similarity import TextIndex, terms, weighted_terms  # noqa: E402
from botbeat_cli.store import files, frontmatter  # noqa: E402
from botbeat_cli.topics import learnt, suggestions  # noqa: E402

TEST_SHARE = 0.3
MAX_QUERIES = 1500  # test articles scored per split: enough for a stable micro average
RARE = 0.02
Story = tuple[str, list[str], str]  # title, takeaways, body


@dataclass
class Newsroom:
    """One variant's articles: `docs` with botbeat's weighted terms, `plain` the same
    articles with the baseline's unweighted terms of the same text; topics are the truth."""

    name: str
    config: NewsroomConfig
    docs: list[Doc]
    plain: list[Doc]
    splits: list[set[str]]  # the test slugs of each split
    scored: Callable[[Doc], bool] = lambda doc: True  # which test articles count


def stories(root: Path, short: bool) -> tuple[NewsroomConfig, list[Doc], list[Story]]:
    """The newsroom's documents and each one's (title, takeaways, body), the body whole or
    cut to its first paragraph."""
    config = load_config(root)
    sections = config.rules.required_sections
    docs, _ = load_docs(root, use_cache=False, sections=sections)
    out = []
    for doc in docs:
        parsed = frontmatter.parse(files.read_text(root / doc.path))
        read = fields.read(parsed.data)
        body = story_text(parsed.body, sections)
        if short:
            paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
            body = paragraphs[0] if paragraphs else ""
        out.append((read.title, list(read.takeaways), body))
    return config, docs, out


def read(root: Path, short: bool) -> tuple[NewsroomConfig, list[Doc], list[Doc]]:
    """The newsroom's documents, whole or cut to title, takeaways and first paragraph."""
    config, docs, told = stories(root, short)
    ours, plain = [], []
    for doc, (title, takeaways, body) in zip(docs, told, strict=True):
        ours.append(replace(doc, terms=weighted_terms(title, takeaways, body)))
        words = Counter(terms(" ".join([title, *takeaways, body])))
        plain.append(replace(doc, terms=words))
    return config, ours, plain


def random_splits(docs: list[Doc], count: int) -> list[set[str]]:
    tagged = sorted(d.slug for d in docs if d.topics)
    out = []
    for seed in range(count):
        rng = random.Random(seed)
        out.append(set(rng.sample(tagged, int(len(tagged) * TEST_SHARE))))
    return out


def rare_only(docs: list[Doc]) -> Callable[[Doc], bool]:
    on = Counter(t for d in docs for t in set(d.topics))
    rare = {t for t, n in on.items() if n < RARE * len(docs)}
    return lambda doc: bool(doc.topics) and set(doc.topics) <= rare


def sample(test: set[str], docs: list[Doc], scored: Callable[[Doc], bool]) -> list[int]:
    rows = [i for i, d in enumerate(docs) if d.slug in test and scored(d)]
    return random.Random(len(rows)).sample(rows, min(len(rows), MAX_QUERIES))


def tags(room: Newsroom, test: set[str]) -> tuple[float, ...]:
    """(botbeat P, R, `*` precision, baseline P, R) for one split: the test articles are
    untagged, so each gets its confident suggestions or its best guess, as `--apply`
    would add; the cut-off is the one the command calibrates on the other articles."""
    gold = {d.slug: set(d.topics) for d in room.docs}
    hidden = [replace(d, topics=()) if d.slug in test else d for d in room.docs]
    rows = sample(test, room.docs, room.scored)
    index = TextIndex([d.terms for d in hidden])
    cutoff, combine = suggestions.calibrate(hidden, room.config, index)
    words = learnt.train(hidden, sorted(room.config.topics))
    words = replace(words, combine=combine) if words is not None else None
    found = suggestions.Suggester(hidden, room.config, words, index).for_rows(rows)
    ours, sure = {}, {}
    for row, listed in zip(rows, found, strict=True):
        slug = hidden[row].slug
        ours[slug] = {s.topic for s in suggestions.chosen(listed, cutoff, has_topics=False)}
        sure[slug] = {s.topic for s in listed if s.score >= cutoff}
    base_docs = [replace(d, topics=()) if d.slug in test else d for d in room.plain]
    base = knn_baseline(base_docs, rows)
    only = {room.docs[row].slug for row in rows}
    marked = sum(map(len, sure.values()))
    sure_right = micro(sure, gold, only)[0] if marked else float("nan")
    return (*micro(ours, gold, only), sure_right, *micro(base, gold, only))


def blind(docs: list[Doc]) -> list[Doc]:
    rng = random.Random(1)
    day = date(2026, 1, 1).toordinal()
    entities = [f"desk-{i:02d}" for i in range(40)]
    return [
        replace(d, topics=("neutral",), entity=rng.choice(entities), day=day, status="published")
        for d in docs
    ]


def related_blind(room: Newsroom, test: set[str]) -> tuple[float, float, float, float]:
    """(botbeat, baseline) precision of the 5 + 5 lists for one split's test articles,
    each with its entries per article (botbeat's threshold leaves weak picks out)."""
    gold = {d.slug: set(d.topics) for d in room.docs}
    rows = sample(test, room.docs, room.scored)
    settings = room.config.related.model_copy(
        update={"include_newer": True, "more_from": 5, "suggested": 5}
    )
    ours_config = room.config.model_copy(update={"related": settings})
    plain_weights = settings.weights.model_copy(
        update={"text": 1.0, "topics": 0.0, "entity": 0.0, "recency": 0.0}
    )
    base_settings = settings.model_copy(update={"threshold": 0.0, "weights": plain_weights})
    base_config = room.config.model_copy(update={"related": base_settings})
    today = date(2026, 1, 2)
    ours = precision(related.Engine(blind(room.docs), ours_config, today), gold, rows)
    base = precision(related.Engine(blind(room.plain), base_config, today, latent=False), gold,
                     rows)  # fmt: skip
    return ours[0], base[0], ours[1], base[1]


def spread(values: list[float]) -> str:
    """Mean and standard deviation; "none" where nothing was marked (no `*` at all)."""
    values = [v for v in values if v == v]
    if not values:
        return "none"
    if len(values) == 1:
        return f"{values[0]:.3f}"
    return f"{statistics.mean(values):.3f}±{statistics.pstdev(values):.3f}"


def run(rooms: list[Newsroom], only: str, markdown: bool) -> None:
    tag_rows, related_rows = [], []
    for room in rooms:
        started = time.perf_counter()
        if only in ("", "tags"):
            found = [tags(room, test) for test in room.splits]
            columns = [[f[i] for f in found] for i in range(5)]
            wins = sum(f[0] > f[3] and f[1] > f[4] for f in found)
            tag_rows.append((room.name, len(found), *map(spread, columns), f"{wins}/{len(found)}"))
        if only in ("", "related"):
            found = [related_blind(room, test) for test in room.splits]
            columns = [[f[i] for f in found] for i in range(4)]
            wins = sum(f[0] > f[1] for f in found)
            entries = [f"{statistics.mean(c):.1f}" for c in columns[2:]]
            scores = spread(columns[0]), entries[0], spread(columns[1]), entries[1]
            related_rows.append((room.name, len(found), *scores, f"{wins}/{len(found)}"))
        print(f"  ({room.name}: {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if tag_rows:
        head: tuple[str, ...] = ("variant", "splits", "botbeat P", "botbeat R", "* right",
                                 "baseline P", "baseline R", "both better")  # fmt: skip
        table("tag suggest: micro precision and recall of the chosen topics", head, tag_rows,
              markdown)  # fmt: skip
    if related_rows:
        head = ("variant", "splits", "botbeat P@10", "entries", "baseline P@10", "entries",
                "better")  # fmt: skip
        table("related, blind (text only): precision of the 5 + 5 lists", head, related_rows,
              markdown)  # fmt: skip


def table(title: str, head: tuple[str, ...], rows: Sequence[tuple[object, ...]], md: bool) -> None:
    cells = [head, *[tuple(str(c) for c in row) for row in rows]]
    if md:
        print(f"\n{title} (mean±sd over splits):\n")
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join("---" for _ in head) + "|")
        for row in cells[1:]:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    print(f"\n{title} (mean±sd over splits)")
    for row in cells:
        padded = [c.rjust(w) for c, w in zip(row, widths, strict=True)]
        padded[0] = row[0].ljust(widths[0])
        print("  " + "  ".join(padded))


def main() -> None:
    parser = argparse.ArgumentParser(description="Quality of botbeat on several newsrooms.")
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--splits", type=int, default=3)
    parser.add_argument("--articles", type=int, default=3000, help="generated newsroom sizes")
    parser.add_argument("--only", choices=("tags", "related"), default="")
    parser.add_argument("--markdown", action="store_true", help="tables for the README")
    parser.add_argument("--generator-seeds", default="", help="more generated and alike "
                        "newsrooms, one per seed (e.g. 1,2,3)")  # fmt: skip
    args = parser.parse_args()
    rooms = []
    with tempfile.TemporaryDirectory(prefix="botbeat-quality-") as tmp:
        if (args.reuters / "botbeat.yaml").is_file():
            config, docs, plain = read(args.reuters, short=False)
            _, modapte = labels(args.reuters)
            splits = random_splits(docs, args.splits)
            rooms += [
                Newsroom("Reuters, ModApte", config, docs, plain, [modapte]),
                Newsroom("Reuters, random", config, docs, plain, splits),
                Newsroom("Reuters, rare topics", config, docs, plain, splits, rare_only(docs)),
            ]
            keep = rare_only(docs)
            alone = [i for i, doc in enumerate(docs) if keep(doc)]
            rare_docs, rare_plain = [docs[i] for i in alone], [plain[i] for i in alone]
            rooms.append(Newsroom("Reuters, rare topics alone", config, rare_docs, rare_plain,
                                  random_splits(rare_docs, args.splits)))  # fmt: skip
            config, docs, plain = read(args.reuters, short=True)
            rooms.append(Newsroom("Reuters, short", config, docs, plain, splits))
        made = (("topical", generate_topical), ("generated", generate), ("alike", generate_alike))
        seeds = [int(s) for s in args.generator_seeds.split(",") if s.strip()]
        again = [(f"{name}, seed {s}", make, s) for name, make in made[1:] for s in seeds]
        for name, make, seed in [(name, make, None) for name, make in made] + again:
            folder = Path(tmp) / name.replace(", ", "-").replace(" ", "-")
            chosen = {} if seed is None else {"seed": seed}  # None: the generator's own
            config, docs, plain = read(make(folder, args.articles, **chosen), short=False)
            rooms.append(Newsroom(name, config, docs, plain, random_splits(docs, args.splits)))
        run(rooms, args.only, args.markdown)


if __name__ == "__main__":
    main()
