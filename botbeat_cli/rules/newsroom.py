"""Rules across articles: unique slugs, related slugs that resolve, repeated stories.

They run after every file was read, on small per-file `Summary` records (which cross
process boundaries cheaply when files are checked in parallel).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cache
from typing import NamedTuple

from botbeat_cli.diagnostics import Diagnostic, Severity
from botbeat_cli.suggest import did_you_mean

STOP_WORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or over the their "
    "this to was were will with after new says".split()
)
_WORD = re.compile(r"[a-z0-9]+")
_MAX_BLOCK = 400  # titles sharing a word more common than this are not paired on it


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


def check(
    summaries: list[Summary],
    slugs: dict[str, list[str]],
    similar_titles: float,
    locate: Locate,
) -> Iterator[Diagnostic]:
    yield from check_slugs(summaries, slugs)
    yield from check_related(summaries, slugs, locate)
    yield from check_sources(summaries, locate)
    yield from check_titles(summaries, similar_titles, locate)


def check_slugs(summaries: list[Summary], slugs: dict[str, list[str]]) -> Iterator[Diagnostic]:
    for summary in summaries:
        others = [p for p in slugs.get(summary.slug, []) if p != summary.path]
        if others:
            yield Diagnostic(
                summary.path, 1, 1, Severity.ERROR, "slug-duplicate",
                f"slug '{summary.slug}' is also used by {', '.join(others)}; "
                "slugs are unique across the newsroom: rename one file",
            )  # fmt: skip


def check_related(
    summaries: list[Summary], slugs: dict[str, list[str]], locate: Locate
) -> Iterator[Diagnostic]:
    for summary in summaries:
        for name, index, slug in summary.related:
            if slug == summary.slug:
                line, col = locate(summary.path, ("related", name, index))
                yield Diagnostic(
                    summary.path, line, col, Severity.ERROR, "related-self",
                    "an article cannot be related to itself: remove this slug",
                )  # fmt: skip
            elif slug not in slugs:
                line, col = locate(summary.path, ("related", name, index))
                yield Diagnostic(
                    summary.path, line, col, Severity.ERROR, "related-unknown",
                    f"no article has the slug '{slug}'{did_you_mean(slug, slugs)}",
                )  # fmt: skip


def check_sources(summaries: list[Summary], locate: Locate) -> Iterator[Diagnostic]:
    """Each later article citing a source already cited gets one warning naming the first."""
    first: dict[str, Summary] = {}
    for summary in sorted(summaries, key=lambda s: s.order):
        if summary.source is None:
            continue
        earlier = first.setdefault(summary.source, summary)
        if earlier is not summary:
            line, col = locate(summary.path, ("source", "url"))
            yield Diagnostic(
                summary.path, line, col, Severity.WARNING, "duplicate-source",
                f"this source is already covered in {earlier.path}",
            )  # fmt: skip


def title_words(title: str) -> frozenset[str]:
    """A title's words: lower case, stop words dropped, a plural `s` folded."""
    return frozenset(filter(None, map(_fold, _WORD.findall(title.lower()))))


@cache
def _fold(word: str) -> str:
    if word in STOP_WORDS:
        return ""
    return word.removesuffix("s") if len(word) > 3 else word


def check_titles(
    summaries: list[Summary], threshold: float, locate: Locate
) -> Iterator[Diagnostic]:
    """Near-identical titles (word-set Jaccard >= threshold), each later one warned once.

    Tradeoffs: candidate pairs come from the two rarest words of each title, so the check
    stays near-linear on 10,000 titles; a pair sharing neither rare word is not found.
    """
    titled = sorted((s for s in summaries if s.title), key=lambda s: s.order)
    words = [s.words for s in titled]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, bag in enumerate(words):
        for word in bag:
            postings[word].append(index)
    frequency = {word: len(where) for word, where in postings.items()}
    first_with: dict[frozenset[str], int] = {}
    for index, bag in enumerate(words):
        if len(bag) < 2:
            continue
        if first_with.setdefault(bag, index) != index:  # the same words as an earlier title
            yield _similar(titled[index], titled[first_with[bag]], locate)
            continue
        rare = sorted(sorted(bag), key=frequency.__getitem__)[:2]
        candidates: set[int] = set()
        for word in rare:
            if len(postings[word]) <= _MAX_BLOCK or word == rare[0]:
                candidates.update(i for i in postings[word][:_MAX_BLOCK] if i < index)
        match = _first_similar(bag, sorted(candidates), words, threshold)
        if match is not None:
            yield _similar(titled[index], titled[match], locate)


def _similar(later: Summary, earlier: Summary, locate: Locate) -> Diagnostic:
    line, col = locate(later.path, ("title",))
    return Diagnostic(
        later.path, line, col, Severity.WARNING, "similar-title",
        f"title nearly identical to {earlier.path}: is this the same story?",
    )  # fmt: skip


def _first_similar(
    bag: frozenset[str], candidates: list[int], words: list[frozenset[str]], threshold: float
) -> int | None:
    """The first candidate whose title words are alike `bag`."""
    return next((i for i in candidates if titles_alike(bag, words[i], threshold)), None)


def titles_alike(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    """Word-set Jaccard >= threshold. Sizes alone rule most pairs out, cheaply:
    overlap / union <= smaller size / larger size."""
    if not a or not b or not threshold * len(a) <= len(b) <= len(a) / threshold:
        return False
    common = len(a & b)
    return common >= threshold * (len(a) + len(b) - common)
