"""Rules across articles: unique slugs, related slugs that resolve, repeated stories.

They run after every file was read, on small per-file `Summary` records (which cross
process boundaries cheaply when files are checked in parallel).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from botbeat_cli.diagnostics import MAX_PER_FILE, Diagnostic, too_many
from botbeat_cli.didyoumean import Closest, did_you_mean
from botbeat_cli.model.slugs import is_slug, make_slug
from botbeat_cli.rules import diagnose
from botbeat_cli.store.newsroom import misnamed

STOP_WORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or over the their "
    "this to was were will with after new says".split()
)
_WORD = re.compile(r"[a-z0-9]+")


Locate = Callable[[str, tuple[str | int, ...]], tuple[int, int]]


class Summary(NamedTuple):
    """What the newsroom-wide rules need to know of one readable article.

    A tuple, because thousands of them cross from worker processes; positions are not
    kept but looked up (`Locate`) for the few values a diagnostic points at.
    """

    path: str
    slug: str
    order: str  # ISO date then slug: earlier articles come first
    title: str | None
    words: frozenset[str]  # title words for `similar-title`, made where the file is read
    source: str | None  # normalised URL
    related: tuple[tuple[str, int, str], ...]  # (list name, index, slug)


@dataclass(slots=True)
class KnownAlike:
    """The similar titles a whole-newsroom run found before (`before`: path -> the path of
    its earliest alike title) and the paths saved or added since (`changed`; None: not
    known), so that this run judges again only what those can have changed (`alike_since`);
    `found` is this run's answer, for the next."""

    before: Mapping[str, str] = field(default_factory=dict)
    changed: Collection[str] | None = None
    found: dict[str, str] = field(default_factory=dict)


def check(
    summaries: list[Summary],
    slugs: Mapping[str, list[str]],
    similar_titles: float,
    locate: Locate,
    only: set[str] | None = None,
    known: KnownAlike | None = None,
) -> Iterator[Diagnostic]:
    """Every newsroom-wide rule; with `only` (paths), the diagnostics of those files alone,
    each judged against every summary given: what a whole-newsroom run says of them."""
    mine = summaries if only is None else [s for s in summaries if s.path in only]
    yield from check_slugs(mine, slugs)
    yield from check_related(mine, slugs, locate)
    yield from check_sources(summaries, locate, only)
    yield from check_titles(summaries, similar_titles, locate, only, known)


def check_slugs(summaries: list[Summary], slugs: Mapping[str, list[str]]) -> Iterator[Diagnostic]:
    for summary in summaries:
        others = [p for p in slugs.get(summary.slug, []) if p != summary.path]
        if others:
            yield diagnose(
                "slug-duplicate",
                summary.path,
                1,
                1,
                f"slug '{summary.slug}' is also used by {', '.join(others)}; "
                "slugs are unique across the newsroom: rename one file",
            )


def check_misnamed(paths: Iterable[str]) -> Iterator[Diagnostic]:
    """Files under articles/ named like Markdown but not `*.md` (`store.newsroom.misnamed`):
    nothing reads them, so without a word the story never reaches the site."""
    for path in paths:
        name = path.rsplit("/", 1)[-1]
        stem = misnamed(name) or name
        yield diagnose(
            "file-extension",
            path,
            1,
            1,
            f"'{name}' is not read as an article: an article's file name ends in '.md', in "
            f"lower case; rename it to {_renamed(stem)}.md",
        )


def check_articles_folder(lookalike: str | None, beside: bool) -> Iterator[Diagnostic]:
    """`Articles/` instead of articles/ (or `beside` it): none of its files is read, and
    "0 files checked" would pass CI on a newsroom nothing checked."""
    if lookalike is None:
        return
    where = "beside articles/" if beside else "and no articles/"
    yield diagnose(
        "articles-folder",
        f"{lookalike}/",
        1,
        1,
        f"there is {lookalike}/ {where}: botbeat reads articles/<YYYY>/<slug>.md only (folder "
        f"names are case-sensitive); {folder_fix(beside)}",
    )


def folder_fix(beside: bool) -> str:
    """The fix for a folder named like articles/: `validate`'s and `doctor`'s words."""
    return "move its articles into articles/<YYYY>/" if beside else "rename the folder to articles/"


def _renamed(stem: str) -> str:
    """The slug an editor most likely means by `stem`: its own, lower-cased, else `new`'s."""
    return stem.lower() if is_slug(stem.lower()) else make_slug(stem) or "my-story"


HINTS_PER_FILE = 20


def check_related(
    summaries: list[Summary], slugs: Mapping[str, list[str]], locate: Locate
) -> Iterator[Diagnostic]:
    """Related slugs must name other articles. A did-you-mean compares a slug with every
    slug of the newsroom, so each file gets at most `HINTS_PER_FILE` of them: a file
    with 3,000 unknown slugs (bench/hostile_bench.py) must not cost minutes."""
    known = Closest(slugs)
    for summary in summaries:
        hints, shown = HINTS_PER_FILE, 0
        for position, (name, index, slug) in enumerate(summary.related):
            if shown == MAX_PER_FILE:
                hidden = sum(
                    s == summary.slug or s not in slugs for _, _, s in summary.related[position:]
                )
                if hidden:
                    yield too_many(summary.path, hidden)
                break
            if slug == summary.slug:
                shown += 1
                line, col = locate(summary.path, ("related", name, index))
                yield diagnose(
                    "related-self",
                    summary.path,
                    line,
                    col,
                    "an article cannot be related to itself: remove this slug",
                )
            elif slug not in slugs:
                shown += 1
                line, col = locate(summary.path, ("related", name, index))
                hint = did_you_mean(slug, known) if hints > 0 else ""
                hints -= 1
                yield diagnose(
                    "related-unknown",
                    summary.path,
                    line,
                    col,
                    f"no article has the slug '{slug}'{hint}",
                )


def check_sources(
    summaries: list[Summary], locate: Locate, only: set[str] | None = None
) -> Iterator[Diagnostic]:
    """Each later article citing a source already cited gets one warning naming the first."""
    first: dict[str, Summary] = {}
    for summary in sorted(summaries, key=lambda s: s.order):
        if summary.source is None:
            continue
        earlier = first.setdefault(summary.source, summary)
        if earlier is not summary and (only is None or summary.path in only):
            line, col = locate(summary.path, ("source", "url"))
            yield diagnose(
                "duplicate-source",
                summary.path,
                line,
                col,
                f"this source is already covered in {earlier.path}",
            )


def title_words(title: str) -> frozenset[str]:
    """A title's words: lower case, stop words dropped, a plural `s` folded."""
    return frozenset(filter(None, map(_fold, _WORD.findall(title.lower()))))


@cache
def _fold(word: str) -> str:
    if word in STOP_WORDS:
        return ""
    return word.removesuffix("s") if len(word) > 3 else word


def check_titles(
    summaries: list[Summary],
    threshold: float,
    locate: Locate,
    only: set[str] | None = None,
    known: KnownAlike | None = None,
) -> Iterator[Diagnostic]:
    """Near-identical titles (word-set Jaccard >= threshold): each title of two words or
    more that has an earlier alike one is warned once, naming the earliest (`earliest_alike`
    finds exactly the pairs a comparison of every pair would). With `only`, those files'
    titles alone are judged, against every earlier title. With `known` (a whole run), from
    what a run before found where few articles changed since (`alike_since`)."""
    titled = sorted((s for s in summaries if s.title), key=lambda s: s.order)
    if only is None and known is not None:
        pairs = list(alike_since(titled, threshold, known))
        known.found = {titled[later].path: titled[earlier].path for later, earlier in pairs}
    else:
        bags = [s.words for s in titled]
        queries = [i for i, s in enumerate(titled) if only is None or s.path in only]
        pairs = list(earliest_alike(bags, threshold, queries))
    for later, earlier in pairs:
        yield _similar(titled[later], titled[earlier], locate)


SINCE_UP_TO = 64  # changed titles at most for which `alike_since` beats judging all again


def alike_since(
    titled: list[Summary], threshold: float, known: KnownAlike
) -> Iterator[tuple[int, int]]:
    """`earliest_alike` of every title of `titled` (in the newsroom's order), from the
    answer of a run before. A title that did not change keeps its earliest alike one unless
    that one changed or is gone (then it is judged again), or a changed title now stands
    before it and is alike: each changed title is compared with every later one, and judged
    itself. Exact; O(changed x n) set comparisons instead of the whole index."""
    bags = [s.words for s in titled]
    changed = known.changed
    if changed is None or len(changed) > SINCE_UP_TO:
        yield from earliest_alike(bags, threshold, list(range(len(titled))))
        return
    position = {s.path: k for k, s in enumerate(titled)}
    fresh = sorted(position[p] for p in changed if p in position)
    again = set(fresh)
    answer: dict[int, int | None] = {}
    for k, summary in enumerate(titled):
        if k in again or len(bags[k]) < 2:
            continue
        earlier = known.before.get(summary.path)
        if earlier is None:
            answer[k] = None
        elif earlier in changed or earlier not in position:
            again.add(k)
        else:
            answer[k] = position[earlier]
    for c in fresh:  # a changed title may now be the earliest alike of a later one
        for k, current in answer.items():
            if (
                c < k
                and (current is None or c < current)
                and titles_alike(bags[k], bags[c], threshold)
            ):
                answer[k] = c
    answer.update(earliest_alike(bags, threshold, sorted(again)))
    for k in sorted(answer):
        match = answer[k]
        if match is not None:
            yield k, match


SCAN_UP_TO = 64  # queries (given files) at most for which a plain scan beats an index


def earliest_alike(
    bags: list[frozenset[str]], threshold: float, queries: list[int]
) -> Iterator[tuple[int, int]]:
    """(i, j) for each query i with two words or more: j the smallest index below i whose
    bag is alike (`titles_alike`).

    Exact, and near-linear on real titles, by prefix filtering (AllPairs, Bayardo et al.
    2007): with the words of every bag ordered rarest first (one order for all), two bags of
    Jaccard >= t both hold their rarest shared word among their first |x| - ceil(t|x|) + 1
    words. So only the prefixes are indexed, a query meets only bags that share a word of
    its prefix, and those are checked in full. Words every title has ("launches", a
    company's name) sit at the end of the order and are almost never in a prefix, which is
    what the blocking on shared words missed (issue 13). Postings are kept per bag size and
    word position, so a query visits only the sizes Jaccard allows and only the positions
    where the rarest shared word can stand: from positions (q, p) of the two orders at most
    min(|x| - q, |y| - p) words can be shared, and alike bags share at least
    ceil(t / (1 + t) * (|x| + |y|)) (positional filtering, PPJoin, Xiao et al. 2008).
    Cost: O(total prefix length + visited postings + candidates). For a few queries (a
    pre-commit run) a plain scan of the earlier bags is cheaper than the index: O(queries x
    n) set intersections, with the same answers. Where the threshold leaves a title few
    deletion variants, hashing them (`by_variants`) comes first: it is the cheaper index
    for near-identical titles. Equal bags are judged once (O(n) to group them), so a title
    that recurs n times costs n lookups, not n^2 / 2 candidates.
    """
    wanted = [i for i in queries if len(bags[i]) >= 2]
    if len(wanted) <= SCAN_UP_TO:
        for i in wanted:
            mine = bags[i]
            match = next((j for j in range(i) if titles_alike(mine, bags[j], threshold)), None)
            if match is not None:
                yield i, match
        return
    # Equal bags (a recurring "Weekly AI roundup") share every prefix word and every
    # variant: 5,000 of them made 12.5 million candidates. Each distinct bag is judged once,
    # at its first occurrence, and a later copy's earliest alike is that answer, else the
    # first copy (an earlier alike bag than the first copy is the distinct bag's answer).
    first: dict[frozenset[str], int] = {}
    for j, bag in enumerate(bags):
        first.setdefault(bag, j)
    if len(first) == len(bags):
        yield from _earliest_distinct(bags, threshold, wanted)
        return
    firsts = list(first.values())
    rank = {bag: r for r, bag in enumerate(first)}
    asked = sorted({rank[bags[i]] for i in wanted})
    distinct = list(first)
    answer = {r: firsts[s] for r, s in _earliest_distinct(distinct, threshold, asked)}
    for i in wanted:
        match = answer.get(rank[bags[i]])
        if match is None and first[bags[i]] < i:
            match = first[bags[i]]
        if match is not None:
            yield i, match


def _earliest_distinct(
    bags: list[frozenset[str]], threshold: float, wanted: list[int]
) -> Iterator[tuple[int, int]]:
    """`earliest_alike` of `wanted` (each of two words or more) where no two bags are
    equal: the variants' index where it stays small, else the prefix filter."""
    found = by_variants(bags, threshold, wanted)
    if found is not None:
        yield from found
        return
    frequency: dict[str, int] = defaultdict(int)
    for bag in bags:
        for word in bag:
            frequency[word] += 1
    rank = {w: r for r, w in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}
    prefixes = [
        sorted(bag, key=rank.__getitem__)[: prefix_length(len(bag), threshold)] for bag in bags
    ]
    # (word, bag size, position of the word in the bag's order) -> bags, ascending
    postings: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for j, prefix in enumerate(prefixes):
        for position, word in enumerate(prefix):
            postings[word, len(bags[j]), position].append(j)
    share = threshold / (1 + threshold)
    # the candidates are verified on bit masks (a word's bit is its rank): an AND and a
    # popcount instead of a set intersection, the same count (bench/validate_bench.py's
    # alike newsroom verifies hundreds of candidates per title)
    masks = [sum(1 << rank[word] for word in bag) for bag in bags]
    sizes = [len(bag) for bag in bags]
    for i in wanted:
        size = sizes[i]
        low = math.ceil(threshold * size - 1e-9)
        high = math.floor(size / threshold + 1e-9)
        candidates: set[int] = set()
        for other in range(low, high + 1):
            needed = math.ceil(share * (size + other) - 1e-9)  # shared words at least
            for word in prefixes[i][: max(size - needed + 1, 0)]:
                for p in range(max(other - needed + 1, 0)):
                    for j in postings.get((word, other, p), ()):
                        if j >= i:
                            break
                        candidates.add(j)
        mask = masks[i]
        for j in sorted(candidates):
            # Its size is in [low, high] (its postings' key): where titles_alike's size
            # test would say no, its overlap test does too, for whole-number sizes.
            other = sizes[j]
            common = (mask & masks[j]).bit_count()
            if common >= threshold * (size + other - common):  # titles_alike's test
                yield i, j
                break


VARIANTS_PER_TITLE = 16  # `by_variants`: its index's entries, and candidates, per title


def by_variants(
    bags: list[frozenset[str]], threshold: float, wanted: list[int]
) -> list[tuple[int, int]] | None:
    """`earliest_alike` of the `wanted` bags by hashing each bag's deletion variants, or
    None where that index would pass VARIANTS_PER_TITLE entries or candidates per bag
    (then the prefix filter is cheaper).

    Two alike bags x, y share S = x & y with |x| - |S| <= |x| - ceil(t|x|) (since |S| >=
    t max(|x|, |y|)), and as much for y: so indexing every bag under each of its subsets
    of at least ceil(t|x|) words, each alike pair meets under S. Near-identical titles
    (the default 0.85 allows one word in or out up to 13 words) have 1 + |x| of them,
    and a candidate is a title one word away: on 10,000 of bench/generate_alike.py's
    titles, whose words come from a few templates, the prefix filter verified 634,000
    candidates and these 24,000 (bench/validate_bench.py). Cost: O(variants + candidates),
    both at most VARIANTS_PER_TITLE per bag."""
    from itertools import combinations

    budget = VARIANTS_PER_TITLE * len(bags)
    keep = [prefix_length(len(bag), threshold) - 1 for bag in bags]  # words one may drop
    total = 0
    for bag, drop in zip(bags, keep, strict=True):
        total += sum(math.comb(len(bag), k) for k in range(drop + 1)) if bag else 0
        if total > budget:
            return None
    # A variant's key: the sum of its words' 64-bit hashes (`_mixed`), so that a variant is
    # its bag's sum less the dropped words', not a new set. Keys that collide by chance
    # cost a verification, never an answer.
    mixed = _mixed(bags)
    index: dict[int, list[int]] = defaultdict(list)
    variants: list[list[int]] = []
    for j, (bag, drop) in enumerate(zip(bags, keep, strict=True)):
        parts = list(map(mixed.__getitem__, bag))
        whole = sum(parts)
        mine = [whole & MASK] if bag else []
        if drop:
            mine.extend([(whole - part) & MASK for part in parts])
        for k in range(2, drop + 1):
            mine.extend((whole - sum(c)) & MASK for c in combinations(parts, k))
        variants.append(mine)
        for variant in mine:
            index[variant].append(j)
    if sum(len(js) * (len(js) - 1) // 2 for js in index.values()) > budget:
        return None  # common subsets (short titles, a low threshold): too many candidates
    out = []
    for i in wanted:
        candidates: set[int] = set()
        for variant in variants[i]:
            for j in index[variant]:
                if j >= i:
                    break
                candidates.add(j)
        bag = bags[i]
        match = next((j for j in sorted(candidates) if titles_alike(bag, bags[j], threshold)), None)
        if match is not None:
            out.append((i, match))
    return out


MASK = (1 << 64) - 1


def _mixed(bags: list[frozenset[str]]) -> dict[str, int]:
    """Each word's 64-bit hash for `by_variants`' keys (blake2b: sums of Python's own string
    hashes would do as well, but these are the same in every process)."""
    import hashlib

    words = frozenset().union(*bags)
    return {
        word: int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        for word in words
    }


def prefix_length(size: int, threshold: float) -> int:
    """|x| - ceil(t|x|) + 1, the shortest prefix that two alike bags must share a word in
    (a tolerance keeps float error from shortening it)."""
    return size - math.ceil(threshold * size - 1e-9) + 1


def _similar(later: Summary, earlier: Summary, locate: Locate) -> Diagnostic:
    line, col = locate(later.path, ("title",))
    return diagnose(
        "similar-title",
        later.path,
        line,
        col,
        f"title nearly identical to {earlier.path}: is this the same story?",
    )


def titles_alike(a: frozenset[str], b: Collection[str], threshold: float) -> bool:
    """Word-set Jaccard >= threshold. Sizes alone rule most pairs out, cheaply:
    overlap / union <= smaller size / larger size. `b`: distinct words, as a set or as a
    cached summary's list (`newsroom.summaries`)."""
    if not a or not b or not threshold * len(a) <= len(b) <= len(a) / threshold:
        return False
    common = len(a.intersection(b))
    return common >= threshold * (len(a) + len(b) - common)
