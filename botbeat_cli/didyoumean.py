"""Did-you-mean: the closest known name for a mistyped key or value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice, any case (difflib's ratio, at least 0.6), as it is written."""
    import difflib  # only when something is misspelt: keeps it off the start-up path

    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    matches = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[matches[0]] if matches else None


VECTORISED_FROM = 500  # choices; with fewer, numpy's import costs more than it saves


class Closest:
    """`closest` over one large set of choices asked many times (the newsroom's slugs, for
    every unknown related slug): the same answers, at a fraction of the cost.

    difflib looks at every choice in Python for each word; here a vectorised bound (its
    `quick_ratio`, the characters two strings share) leaves the few choices that can reach
    the cutoff, and only those are scored by difflib, in its order, so the pick is the one
    `closest` makes (bench/hostile_bench.py: thousands of unknown slugs over Reuters).
    Each word is answered once: an article deleted from 5,000 related lists is 5,000
    questions of one word (bench/recurring_bench.py).
    """

    def __init__(self, choices: Iterable[str], small: int = VECTORISED_FROM) -> None:
        self._small = small
        self._choices = choices  # indexed on the first question: most runs ask none
        self._by_lower: dict[str, str] = {}
        self._counts: Any = None  # per choice, how often each character occurs in it
        self._lengths: Any = None
        self._column: dict[str, int] = {}
        self._answers: dict[str, str | None] = {}

    @cached_property
    def _lowers(self) -> list[str]:
        for choice in self._choices:
            self._by_lower.setdefault(choice.lower(), choice)
        return list(self._by_lower)

    def __call__(self, word: str) -> str | None:
        if word not in self._answers:
            self._answers[word] = self._closest(word)
        return self._answers[word]

    def _closest(self, word: str) -> str | None:
        if len(self._lowers) < self._small or not word or not self._vectorised():
            match = closest(word, self._lowers)
            return None if match is None else self._by_lower[match]
        import difflib

        word = word.lower()
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best: tuple[float, str] | None = None
        for index in self._candidates(word):
            choice = self._lowers[index]
            matcher.set_seq1(choice)
            if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
                score = matcher.ratio()
                if score >= 0.6 and (best is None or (score, choice) > best):
                    best = (score, choice)
        return None if best is None else self._by_lower[best[1]]

    def _vectorised(self) -> bool:
        """numpy comes with the 'related' extra; validate runs without it (the hook)."""
        from importlib.util import find_spec

        return find_spec("numpy") is not None

    def _candidates(self, word: str) -> list[int]:
        import numpy as np

        if self._counts is None:
            alphabet = sorted({c for choice in self._lowers for c in choice})
            self._column = {c: i for i, c in enumerate(alphabet)}
            lengths = np.fromiter(map(len, self._lowers), dtype=np.int64, count=len(self._lowers))
            joined = "".join(self._lowers)
            columns = np.fromiter(map(self._column.__getitem__, joined), np.int64, len(joined))
            rows = np.repeat(np.arange(len(self._lowers)), lengths)
            self._counts = np.zeros((len(self._lowers), len(alphabet) + 1), dtype=np.int32)
            np.add.at(self._counts, (rows, columns), 1)
            self._lengths = lengths.astype(np.float64)
        wanted: dict[int, int] = {}
        for c in word:
            column = self._column.get(c, len(self._column))  # the last column is all 0
            wanted[column] = wanted.get(column, 0) + 1
        columns = np.fromiter(wanted, dtype=np.int64, count=len(wanted))
        shared = np.minimum(self._counts[:, columns], np.fromiter(wanted.values(), np.int32))
        bound = 2.0 * shared.sum(axis=1) / (self._lengths + len(word))
        return np.flatnonzero(bound >= 0.6 - 1e-9).tolist()


def did_you_mean(word: str, choices: Iterable[str] | Closest) -> str:
    """ " (did you mean 'x'?)" or "" - ready to append to a message."""
    match = choices(word) if isinstance(choices, Closest) else closest(word, choices)
    return f" (did you mean '{match}'?)" if match else ""


def did_you_mean_name(word: str, names: Mapping[str, str]) -> str:
    """The same over names (keys, labels, aliases) -> keys: a close label or alias names the
    key to use, " (did you mean 'Claude'? use the key 'anthropic')" (issue 10)."""
    match = closest(word, names)
    if match is None:
        return ""
    if names[match] == match:
        return f" (did you mean '{match}'?)"
    return f" (did you mean '{match}'? use the key '{names[match]}')"


def unknown(what: str, word: str, choices: Iterable[str] | Mapping[str, str]) -> str:
    """ "unknown topic 'x' (did you mean 'y'?)": the start of every unknown-name message;
    `choices` names -> keys (`NewsroomConfig.names`), or plain values."""
    hint = (
        did_you_mean_name(word, choices)
        if isinstance(choices, Mapping)
        else did_you_mean(word, choices)
    )
    return f"unknown {what} '{word}'{hint}"


TOPICS_HINT = "`botbeat tag list` shows the vocabulary"  # where an unknown topic's choices are


def known(keys: Iterable[str]) -> str:
    """What follows an unknown entity or kind: every key it could have been."""
    return f"known: {', '.join(keys) or 'none in botbeat.yaml'}"
