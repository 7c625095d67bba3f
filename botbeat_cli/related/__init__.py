"""`related`: "More from <entity>" and "Suggested", computed and explained.

A pair of articles scores a weighted blend of four signals (weights in `related:` of
botbeat.yaml, docs/related.md):

- text: TF-IDF cosine of title, takeaways and body (`similarity`), blended with a latent
  cosine for an article without telling topics (`Engine._with_latent`, docs/related.md);
- topics: weighted Jaccard of their topics, each topic weighted by its rarity (IDF), topics
  used by more than `topic_cutoff` of the articles ignored;
- entity: 1 when both are filed under the same entity;
- recency: exp(-days apart / `recency_days` * ln 2).

Rules: never the article itself; only published articles dated today or earlier, and (unless
`include_newer`) not newer than the article, so old lists do not churn as news arrives;
`more_from` only the same entity, `suggested` only others; pinned slugs first in
`suggested` and never removed; no slug in both lists; ties broken by date (newer first),
then slug. Scores are computed in blocks of rows with numpy/scipy.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botbeat_cli.diagnostics import Diagnostic, Severity
from botbeat_cli.errors import BotbeatError
from botbeat_cli.model.newsroom import NewsroomConfig, RelatedConfig
from botbeat_cli.newsroom.docs import LISTS, Doc, load_docs
from botbeat_cli.parallel import fork_map
from botbeat_cli.store import files
from botbeat_cli.store.newsroom import relative
from botbeat_cli.store.problems import ReadProblem

if TYPE_CHECKING:
    import numpy as np

    from botbeat_cli.newsroom.snapshot import Seen
    from botbeat_cli.similarity import TextIndex

BLOCK = 256  # rows scored at once, at most; fewer in a large newsroom (`Engine.block_rows`)
BLOCK_CELLS = BLOCK * 10_000  # (row, article) pairs per block: a block of 256 at 10,000
LATENT_SHARE = 0.5  # of the text signal, for articles without telling topics (_with_latent)
JUDGE_FROM, JUDGED = 100, 400  # tagged articles that judge the latent part (latent_earns)
LATENT_NAME = "related-latent-v3.npz"  # the latent directions and verdict, for one newsroom
PARALLEL_FROM = 2000  # fewer rows than this are scored in this process alone
NEAR = 1e-6  # float32 scores within this of a cut may round to it (Engine._top)
# A stored list stays while each of its picks scores within this of the pick that would
# take its place (Engine._kept): one new article moves every score a little, through the
# newsroom's statistics, and without it old articles' lists churned (docs/related.md).
STABLE = 1e-3


@dataclass(frozen=True, slots=True)
class Pick:
    """One related article, with the parts of its score for the explanation."""

    slug: str
    score: float
    text: float  # the text signal: the words' cosine, or its blend with the latent one
    topics: tuple[str, ...]
    same_entity: bool
    days_apart: int | None
    pinned: bool = False
    words: float | None = None  # the words' cosine, where the text signal is a blend
    latent: float | None = None  # the latent cosine in that blend


@dataclass(slots=True)
class Lists:
    more_from: list[Pick] = field(default_factory=list)
    suggested: list[Pick] = field(default_factory=list)


Choice = tuple[list[int], list[int], list[str]]  # more_from's rows, suggested's, pinned slugs


@dataclass(frozen=True, slots=True)
class Columns:
    """The documents a block is scored against, as their per-document arrays: every
    document in its row order, or (`Engine.by_date`) the first ones by date. `rows`: each
    column's row, None when the columns are the rows themselves."""

    days: np.ndarray
    entities: np.ndarray
    candidate: np.ndarray
    topic_mass: np.ndarray
    rows: np.ndarray | None = None
    upto: int | None = None  # the first `upto` documents by date; None: all, in row order
    dates: np.ndarray | None = None  # each column's date as an index into Engine.dates

    def prefix(self, m: int) -> Columns:
        return Columns(
            self.days[:m],
            self.entities[:m],
            self.candidate[:m],
            self.topic_mass[:m],
            None if self.rows is None else self.rows[:m],
            m,
            None if self.dates is None else self.dates[:m],
        )


_active: Engine | None = None  # the engine whose lists forked workers compute


def _slugs_for(rows: Sequence[int]) -> list[tuple[int, tuple[list[str], list[str]]]]:
    assert _active is not None
    return _active.block_slugs(rows)


@dataclass(frozen=True, slots=True)
class _Keep:
    """One row's signals as `Engine._kept` judges a stored list by, by column."""

    signals: dict[str, np.ndarray]
    offset: int
    rules: np.ndarray  # the candidates the rules allow, whatever their score
    rows: np.ndarray | None  # each column's row (None: the columns are the rows)
    place: np.ndarray | None  # each row's column

    @property
    def score(self) -> Any:
        return self.signals["score"][self.offset]

    @property
    def evidence(self) -> Any:
        return self.signals["evidence"][self.offset]

    def columns(self, rows: Sequence[int]) -> list[int]:
        return [int(self.place[j]) if self.place is not None else j for j in rows]

    def allows(self, column: int, same: bool) -> bool:
        inside = column < len(self.rules) and bool(self.rules[column])
        return inside and bool(self.signals["same"][self.offset, column]) == same


class Engine:
    """Scores and lists for a newsroom's documents; build once, ask for any rows."""

    _by_date: Columns | None = None  # by_date(), once built
    _dated_topics: Any = None  # the topics' matrix in that order, transposed, in pieces
    dates: np.ndarray | None = None  # the newsroom's distinct dates (ordinals), ascending
    date_ids: np.ndarray | None = None  # each document's, as an index into `dates`

    def __init__(
        self,
        docs: Sequence[Doc],
        config: NewsroomConfig,
        today: date,
        latent: bool = True,
        cache_root: Path | None = None,
    ) -> None:
        """`latent=False`: the words' cosine alone is the text signal (the benchmarks'
        baselines). `cache_root`: the newsroom whose cache keeps the latent part between
        runs (`latent_earns`)."""
        import numpy as np
        from scipy.sparse import csr_matrix

        from botbeat_cli.newsroom.docs import text_index
        from botbeat_cli.similarity import topic_idf

        self.docs: Sequence[Doc] = list(docs)
        self.config = config
        self.settings = config.related
        self.index: TextIndex = text_index(self.docs)  # its statistics: of the oldest
        self.row: Mapping[str, int] = {d.slug: i for i, d in enumerate(self.docs)}
        n = len(self.docs)
        self.days = np.array([d.day for d in self.docs], dtype=np.int32)  # ordinals fit
        entity_ids: dict[str, int] = {}
        self.entities = np.array([entity_ids.setdefault(d.entity, len(entity_ids)) for d in docs])
        self.candidate = np.array(
            [d.status == "published" and 0 < d.day <= today.toordinal() for d in docs], dtype=bool
        )
        topic_ids: dict[str, int] = {}
        rows, cols = [], []
        for i, doc in enumerate(self.docs):
            for topic in set(doc.topics):
                rows.append(i)
                cols.append(topic_ids.setdefault(topic, len(topic_ids)))
        topics = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(len(topic_ids), 1)))
        fit = self.index.fit_rows  # the topics' weights, as the words': of the oldest
        used = np.asarray(topics[fit].sum(axis=0)).ravel()
        weights = topic_idf(used, len(fit), self.settings.topic_cutoff)
        self.topics = topics
        self.weighted_topics = csr_matrix(topics.multiply(weights))
        self.topic_mass = np.asarray(self.weighted_topics.sum(axis=1)).ravel().astype(np.float32)
        self._latent_earns: bool | None = None if latent else False
        self._cache_root = cache_root
        self._decay = recency_decay(self.settings)
        dates, ids = np.unique(self.days, return_inverse=True)
        self.dates, self.date_ids = dates.astype(np.int32), ids.astype(np.intp)

    def scores(self, rows: np.ndarray, columns: Columns | None = None) -> dict[str, np.ndarray]:
        """The signals and the blended score of each row against every document (or the
        `columns` given: `by_date`).

        float32 and in-place arithmetic: a block is 256 x N, and this runs N / 256 times.
        """
        import numpy as np

        w = self.settings.weights
        total = (w.text + w.topics + w.entity + w.recency) or 1.0
        upto = columns.upto if columns is not None else None
        cols = columns or self.columns()
        if upto is None:
            words = self.index.cosines(rows).astype(np.float32, copy=False)
        else:
            words = self.index.cosines_prefix(rows, upto).astype(np.float32, copy=False)
        text, latent = self._with_latent(rows, words, upto)
        score = text * np.float32(w.text / total)
        inter = self._topic_overlap(rows, upto)
        union = self.topic_mass[rows, None] + cols.topic_mass[None, :] - inter
        np.divide(inter, union, out=inter, where=union > 0)
        inter[union <= 0] = 0.0
        topics = inter
        if w.topics:
            score += topics * np.float32(w.topics / total)
        same = self.entities[rows, None] == cols.entities[None, :]
        if w.entity:
            score += same * np.float32(w.entity / total)
        if w.recency:
            score += self._recency(rows, cols)
        # What the threshold is held against: the score with the words' cosine as its text
        # part, so that a pick must share wording, not only a subject (_with_latent).
        evidence = score if text is words else score + (words - text) * np.float32(w.text / total)
        return {
            "score": score,
            "text": text,
            "words": words,
            "latent": latent,
            "topics": topics,
            "same": same,
            "evidence": evidence,
        }

    def _topic_overlap(self, rows: np.ndarray, upto: int | None = None) -> np.ndarray:
        """For each row and every document (the first `upto` by date: `by_date`), the
        weights of the topics they share, float32."""
        import numpy as np

        mine = self.weighted_topics[rows]
        if upto is None:
            return (mine @ self.topics.T).toarray().astype(np.float32)  # type: ignore[no-any-return]
        out = np.empty((len(rows), upto), dtype=np.float32)
        for start, piece in self._dated_topics:
            if start >= upto:
                break
            stop = min(start + piece.shape[1], upto)
            out[:, start:stop] = (mine @ piece).toarray()[:, : stop - start]
        return out

    def _recency(self, rows: np.ndarray, cols: Columns) -> np.ndarray:
        """The recency part of each row's score against each column, weighted: from the
        row's decay towards each of the newsroom's dates, spread over the columns of that
        date, where it has far fewer dates than articles (a third of the time of a
        lookup per cell: bench/related_bench.py); else looked up per cell, int32 in place
        with a clipped take (the values of indexing with min(apart, 3650))."""
        import numpy as np

        dates = self.dates
        if cols.dates is None or dates is None or len(dates) * 4 > len(cols.days):
            apart = self.days[rows, None] - cols.days[None, :]
            return np.take(self._decay, np.abs(apart, out=apart), mode="clip")  # type: ignore[no-any-return]
        apart = self.days[rows, None] - dates[None, :]
        by_date = np.take(self._decay, np.abs(apart, out=apart), mode="clip")
        return by_date[:, cols.dates]  # type: ignore[no-any-return]

    def columns(self) -> Columns:
        """Every document, in row order: what a block is scored against by default."""
        ids = self.date_ids
        return Columns(self.days, self.entities, self.candidate, self.topic_mass, dates=ids)

    def by_date(self) -> Columns:
        """Every document by date, oldest first (ties in row order), for blocks scored
        against the older documents alone (`_chosen`): with `include_newer` off, the only
        ones a list may take, about half of all. The index keeps its products' column side
        in that order (`TextIndex.order_columns`); built once, before workers fork."""
        import numpy as np

        from botbeat_cli.similarity import PREFIX_PIECES

        if self._by_date is None:
            order = np.argsort(self.days, kind="stable")
            self.index.order_columns(order)
            dated = self.topics[order]
            span = -(-len(order) // PREFIX_PIECES) or 1
            self._dated_topics = [
                (at, dated[at : at + span].T.tocsr()) for at in range(0, len(order), span)
            ]
            self._by_date = Columns(
                self.days[order],
                self.entities[order],
                self.candidate[order],
                self.topic_mass[order],
                order,
                dates=None if self.date_ids is None else self.date_ids[order],
            )
        return self._by_date

    def _with_latent(
        self, rows: np.ndarray, words: np.ndarray, upto: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The text signal: for an article whose topics say nothing (none, or only topics
        too common to count), its words' cosine blended with the latent one (LATENT_SHARE
        of it, `TextIndex.latent`); two short stories on one subject share few words but
        many co-occurring ones. Where an editor's topics say what the story is about, they
        are the better evidence, and the words' cosine alone is the text signal (the latent
        part only lost precision there: bench/related_bench.py, topics visible). Also the
        latent cosines, NaN for the rows without them, for the explanations."""
        import numpy as np

        untagged = np.flatnonzero(self.topic_mass[rows] == 0)
        use = len(untagged) and self.latent_earns()
        if not use:
            found = None
        elif upto is None:
            found = self.index.latent_cosines(rows[untagged])
        else:
            found = self.index.latent_cosines_prefix(rows[untagged], upto)
        if found is None:  # NaN everywhere, as a view that costs nothing
            return words, np.broadcast_to(np.float32(np.nan), words.shape)
        found = found.astype(np.float32)
        latent = np.full(words.shape, np.nan, dtype=np.float32)
        latent[untagged] = found
        text = words.copy()
        text[untagged] = _blend(words[untagged], found)
        return text, latent

    def latent_earns(self) -> bool:
        """Whether the latent part finds articles on the same subject better than the words
        alone do in this newsroom, judged on its own tagged articles (up to JUDGED of them,
        evenly spaced): the share of each one's ten nearest tagged articles that share a
        telling topic with it, words' cosine against the blend. It does on news (bench/
        quality_bench.py) and can lose where a subject's words rarely meet (tests). With
        fewer than JUDGE_FROM tagged articles there is nothing to judge by: it is on.

        The reduction and the verdict are cached by the documents' content (LATENT_NAME):
        a warm `related ARTICLE` computes neither (bench/related_bench.py)."""
        if self._latent_earns is None:
            key = self._latent_key()
            cached = self._cached_verdict(key) if key else None
            self._latent_earns = self._judge() if cached is None else cached
            if key and cached is None:
                self._save_verdict(key)
        return self._latent_earns

    def _judge(self) -> bool:
        import numpy as np

        tagged = self._judging()
        if self.index.latent() is None:
            return False
        if len(tagged) < JUDGE_FROM:
            return True
        rows = tagged[np.linspace(0, len(tagged) - 1, min(JUDGED, len(tagged))).astype(int)]
        words = self.index.cosines(rows).astype(np.float32)
        latent = self.index.latent_cosines(rows)
        assert latent is not None
        latent = latent.astype(np.float32)
        shares = (self.weighted_topics[rows] @ self.topics.T).toarray() > 0
        blend = _blend(words, latent)
        return _found(blend, rows, tagged, shares) >= _found(words, rows, tagged, shares)

    def _judging(self) -> np.ndarray:
        """The tagged articles that judge the latent part, and are judged: those its
        directions are fitted on (`similarity.fitted_on`), so that articles added since
        change neither the sample nor the candidates, and with them the verdict (a verdict
        that flipped would change the lists of every article without telling topics)."""
        import numpy as np

        fitted = self.index.fit_rows
        tagged = np.flatnonzero(self.topic_mass > 0)
        return tagged if fitted is None else np.intersect1d(tagged, fitted)

    def _latent_key(self) -> str | None:
        """What the latent part's directions and verdict depend on: the text and topics of
        the documents its statistics are fitted on (`TextIndex.fit_rows`), in order
        (`Doc.content`: the lists `--write` stores do not count, so the `--check` after a
        `--write` finds it cached), the settings that read them, and its own constants;
        None without a cache or below LATENT_FROM (where there is nothing worth keeping).
        An article added today leaves it as it was: its latent row is its projection on
        the cached directions."""
        import hashlib

        from botbeat_cli import similarity

        fit = self.index.fit_rows
        docs = self.docs if fit is None else [self.docs[i] for i in fit.tolist()]
        if self._cache_root is None or len(self.docs) < similarity.LATENT_FROM:
            return None
        if not all(d.content for d in docs):
            return None
        made = (
            similarity.LATENT_RANK,
            LATENT_SHARE,
            JUDGE_FROM,
            JUDGED,
            self.settings.topic_cutoff,
            *self.config.rules.required_sections,
        )
        key = hashlib.blake2b(repr(made).encode(), digest_size=16)
        key.update("\n".join(d.content for d in docs).encode())
        return key.hexdigest()

    def _cached_verdict(self, key: str) -> bool | None:
        """The cached verdict for `key` (and, where it is yes, the reduction, adopted by
        the index); None if missing, stale or damaged."""
        from botbeat_cli.store import cache

        assert self._cache_root is not None
        arrays = cache.load_arrays(self._cache_root, LATENT_NAME)
        try:
            if str(arrays["key"][0]) != key:
                return None
            earns = bool(arrays["earns"][0])
        except (KeyError, IndexError, TypeError, ValueError):
            return None
        if earns:
            terms = bytes(arrays.get("terms", b"")).decode(errors="replace").split("\n")
            if not self.index.adopt_directions(terms, arrays.get("directions")):
                return None
        return earns

    def _save_verdict(self, key: str) -> None:
        import numpy as np

        from botbeat_cli.store import cache

        assert self._cache_root is not None and self._latent_earns is not None
        terms, found = self.index.kept_directions() if self._latent_earns else ([], None)
        arrays = {
            "key": np.asarray([key]),
            "earns": np.asarray([self._latent_earns]),
            "terms": np.frombuffer("\n".join(terms).encode(), dtype=np.uint8),
            "directions": found if found is not None else np.zeros((0, 0), dtype=np.float32),
        }
        cache.save_arrays(self._cache_root, LATENT_NAME, arrays)

    def snapshot(self, root: Path, seen: Seen, unread: Sequence[str]) -> None:
        """Record what this engine scores with (`newsroom.snapshot`; `unread`: the
        articles it could not read), so that `related ARTICLE` need not build it again
        while nothing changes."""
        from botbeat_cli.newsroom import snapshot

        earns = self._latent_earns
        latent = self.index.latent() if earns else None
        snapshot.save(root, self.config, self.docs, self.index, seen, earns, latent, unread)

    def lists(self, rows: Iterable[int]) -> dict[int, Lists]:
        """The two lists, with every pick's signals, for each of the given rows."""
        return dict(self.block_lists(list(rows)))

    def slugs(self, rows: Iterable[int]) -> dict[int, tuple[list[str], list[str]]]:
        """Just the slugs of both lists, for many rows: computed on every core."""
        global _active
        _active = self
        wanted = self._balanced(list(rows))
        if len(wanted) >= PARALLEL_FROM:
            self.index.ready_for_many()
            if bool((self.topic_mass == 0).any()):
                self.latent_earns()  # once, before the workers fork
        try:
            return dict(fork_map(_slugs_for, wanted, minimum=PARALLEL_FROM))
        finally:
            _active = None

    def _balanced(self, rows: list[int]) -> list[int]:
        """`rows` in blocks by date, the oldest and the newest blocks taking turns: scored
        against older articles alone (`_chosen`), a new article costs more than an old
        one, and the workers take contiguous slices of these (`fork_map`)."""
        import numpy as np

        if self.settings.include_newer or len(rows) < PARALLEL_FROM:
            return rows
        self.by_date()  # before the workers fork
        ordered = np.asarray(rows, dtype=np.int64)
        ordered = ordered[np.argsort(self.days[ordered], kind="stable")]
        size = self.block_rows()
        blocks = [ordered[i : i + size] for i in range(0, len(ordered), size)]
        turns = [blocks[i // 2] if i % 2 == 0 else blocks[-1 - i // 2] for i in range(len(blocks))]
        return np.concatenate(turns).tolist() if turns else []

    def block_lists(self, rows: Sequence[int]) -> list[tuple[int, Lists]]:
        """The lists of `rows`, each pick with its signals (`related ARTICLE`, the bench)."""
        out = []
        for row, offset, signals, (more, others, pinned) in self._chosen(rows):
            lists = Lists()
            lists.more_from = [self._describe(row, j, signals, offset) for j in more]
            lists.suggested = [self._pinned(row, slug) for slug in pinned] + [
                self._describe(row, j, signals, offset) for j in others
            ]
            out.append((row, lists))
        return out

    def block_slugs(self, rows: Sequence[int]) -> list[tuple[int, tuple[list[str], list[str]]]]:
        """The same lists as `block_lists`, as slugs alone: what `--write` and `--check`
        store and compare, without describing every pick (a fifth of their time on
        Reuters: bench/related_bench.py)."""
        slug = [d.slug for d in self.docs]
        return [
            (row, ([slug[j] for j in more], pinned + [slug[j] for j in others]))
            for row, _, _, (more, others, pinned) in self._chosen(rows, dated=True)
        ]

    def _chosen(
        self, rows: Sequence[int], dated: bool = False
    ) -> Iterator[tuple[int, int, dict[str, np.ndarray], Choice]]:
        """Block by block, each row with its offset in the block, the block's signals
        (their columns: every document in row order), and its choice: the rows of
        `more_from`, those of `suggested` after its pinned slugs, and those slugs.

        `dated` (the slugs alone: `block_slugs`), unless `include_newer`: the rows in
        blocks by date, each scored against the documents up to its newest date alone
        (`by_date`), since no list takes a newer one: about half the work, the same
        lists (tests/related)."""
        import numpy as np

        from botbeat_cli.similarity import SPLIT_FROM_ROWS

        wanted = np.asarray(rows, dtype=np.int64)
        # fewer rows are scored through the matrix itself, not its split (TextIndex.cosines)
        dated = dated and not self.settings.include_newer and len(wanted) >= SPLIT_FROM_ROWS
        everyone = self.by_date() if dated else self.columns()
        if dated:
            wanted = wanted[np.argsort(self.days[wanted], kind="stable")]
        size = self.block_rows()
        for start in range(0, len(wanted), size):
            block = wanted[start : start + size]
            columns = everyone
            if dated:
                upto = int(np.searchsorted(everyone.days, self.days[block].max(), side="right"))
                columns = everyone.prefix(upto)
            signals = self.scores(block, columns if dated else None)
            eligible = np.broadcast_to(columns.candidate, signals["score"].shape).copy()
            if not self.settings.include_newer:
                eligible &= columns.days[None, :] <= self.days[block, None]
            own = block if columns.rows is None else self.index._place[block]
            eligible[np.arange(len(block)), own] = False
            allowed = eligible  # before the threshold: what a stored list may keep (_kept)
            eligible = eligible & (signals["evidence"] >= self.settings.threshold)
            same = eligible & signals["same"]  # once for the block, not per row
            other = eligible ^ same
            for offset, row in enumerate(block.tolist()):
                choice = self._pick(row, offset, signals, same, other, columns.rows, allowed)
                yield row, offset, signals, choice

    def block_rows(self) -> int:
        """Rows per block: BLOCK, or fewer where the newsroom is large, so that a block's
        arrays (a dozen of rows x articles, float32 and float64) stay near BLOCK_CELLS
        cells. At 100,000 articles blocks of 256 made a gigabyte of them per worker; never
        under SPLIT_FROM_ROWS, the products' split (`TextIndex.cosines`)."""
        from botbeat_cli.similarity import SPLIT_FROM_ROWS

        return max(SPLIT_FROM_ROWS, min(BLOCK, BLOCK_CELLS // max(len(self.docs), 1)))

    def _pick(
        self,
        row: int,
        offset: int,
        signals: dict[str, np.ndarray],
        same: np.ndarray,
        other: np.ndarray,
        columns: np.ndarray | None,
        allowed: np.ndarray,
    ) -> Choice:
        """`same`, `other`: the block's eligible candidates of the row's entity, and of
        the others; `columns`: the row of each column (None: the columns are the rows);
        `allowed`: the block's candidates the rules allow, whatever their score."""
        import numpy as np

        doc = self.docs[row]
        pinned = [s for s in doc.stored.get("pinned", []) if s != doc.slug]
        blocked = {self.row[s] for s in pinned if s in self.row}
        more = self._top(
            np.flatnonzero(same[offset]), signals, offset, self.settings.more_from, blocked, columns
        )
        place = None if columns is None else self.index._place
        keep = _Keep(signals, offset, allowed[offset], columns, place)
        k = self.settings.more_from
        stored = doc.stored.get("more_from")
        if stored is not None:  # a list never stored is computed afresh
            more = self._kept(stored, more, keep, same[offset], True, k, blocked)
        room = max(self.settings.suggested - len(pinned), 0)
        taken = blocked | set(more)
        others = self._top(np.flatnonzero(other[offset]), signals, offset, room, taken, columns)
        stored = doc.stored.get("suggested")  # its pins first, as written
        if stored is not None and list(stored[: len(pinned)]) == pinned:
            left = stored[len(pinned) :]
            others = self._kept(left, others, keep, other[offset], False, room, taken)
        return more, others, pinned

    def _kept(
        self, stored: Sequence[str], best: list[int], keep: _Keep, eligible: np.ndarray,
        same: bool, k: int, exclude: set[int],
    ) -> list[int]:  # fmt: skip
        """The stored list's rows where it is as good as the best to within STABLE, else
        `best`: what keeps an old article's list as it was when news arrives. As good: at
        most `k` picks, each allowed by the rules (of the row's entity or not, as `same`
        says; none excluded) with its words' cosine at least the threshold minus STABLE,
        and, against the best list of the `eligible` picks clearly above the threshold (at
        least STABLE above it; made only for a stored list that is not `best`), no shorter,
        and at each place both fill a score at least that one's minus STABLE. A pick within
        STABLE of the threshold may be in or out (and a list stored empty stays empty while
        every pick is)."""
        import numpy as np

        if len(stored) > k:
            return best
        rows = [self.row.get(slug) for slug in stored]
        if None in rows or len(set(rows)) != len(rows) or exclude.intersection(rows):
            return best
        kept = [row for row in rows if row is not None]
        if kept == best:
            return best
        threshold = self.settings.threshold
        mine = keep.columns(kept)
        if not all(keep.allows(c, same) and keep.evidence[c] >= threshold - STABLE for c in mine):
            return best
        clear = eligible & (keep.evidence >= threshold + STABLE)
        reference = self._top(np.flatnonzero(clear), keep.signals, keep.offset, k, exclude,
                              keep.rows)  # fmt: skip
        theirs = keep.columns(reference)
        if len(theirs) > len(mine):
            return best
        scores = keep.score
        if any(scores[a] < scores[b] - STABLE for a, b in zip(mine, theirs, strict=False)):
            return best
        return kept

    def _top(
        self,
        candidates: np.ndarray,
        signals: dict[str, np.ndarray],
        offset: int,
        k: int,
        exclude: set[int],
        columns: np.ndarray | None = None,
    ) -> list[int]:
        """The k best candidates (columns of the block's signals; rows out, through
        `columns` where they differ); ties (to 1e-9) by date, newer first, then slug."""
        import numpy as np

        if k <= 0 or not len(candidates):
            return []
        need = k + len(exclude)
        scores = signals["score"][offset, candidates]
        if len(candidates) > need:
            # Only those near the need-th best are rounded: rounding is monotone, so every
            # candidate whose rounded score reaches the cut is within float error of it
            # (a row has thousands of candidates, and rounding them all was a third of
            # choosing the lists: bench/related_bench.py, alike).
            edge = np.partition(scores, -need)[-need]
            near = scores >= edge - NEAR
            candidates, scores = candidates[near], scores[near]
        scores = np.round(scores, 9)
        if len(candidates) > need:
            cut = np.partition(scores, -need)[-need]
            keep = scores >= cut
            candidates, scores = candidates[keep], scores[keep]
        if columns is not None:
            candidates = columns[candidates]
        ranked = sorted(
            zip(candidates.tolist(), scores.tolist(), strict=True),
            key=lambda item: (-item[1], -self.days[item[0]], self.docs[item[0]].slug),
        )
        return [j for j, _ in ranked if j not in exclude][:k]

    def _describe(self, row: int, other: int, signals: dict[str, np.ndarray], offset: int) -> Pick:
        mine, theirs = set(self.docs[row].topics), set(self.docs[other].topics)
        shared = tuple(t for t in self.docs[other].topics if t in mine and t in theirs)
        a, b = self.docs[row].day, self.docs[other].day
        latent: float | None = float(signals["latent"][offset, other])
        words: float | None = round(float(signals["words"][offset, other]), 4)
        if latent != latent:  # NaN: no latent part for this row
            latent = words = None
        return Pick(
            slug=self.docs[other].slug,
            score=round(float(signals["score"][offset, other]), 4),
            text=round(float(signals["text"][offset, other]), 4),
            topics=shared,
            same_entity=bool(signals["same"][offset, other]),
            days_apart=abs(a - b) if a and b else None,
            words=words,
            latent=None if latent is None else round(latent, 4),
        )

    def _pinned(self, row: int, slug: str) -> Pick:
        return Pick(slug, 1.0, 0.0, (), False, None, pinned=True)

    def reasons(self, row: int, pick: Pick) -> str:
        """Why `pick` is related to the article at `row`, in words."""
        if pick.pinned:
            return "pinned by an editor"
        parts = []
        if pick.topics:
            labels = [self._topic_label(t) for t in pick.topics]
            parts.append(f"shares topic{'s' if len(labels) > 1 else ''} {', '.join(labels)}")
        if pick.same_entity:
            parts.append("same entity")
        if pick.days_apart is not None:
            parts.append(f"{pick.days_apart} day{'s' if pick.days_apart != 1 else ''} apart")
        other = self.row.get(pick.slug)
        words = self.index.shared_terms(row, other) if other is not None else []
        text = f"text similarity {pick.text:.2f}"
        shared = " on " + ", ".join(f"'{w}'" for w, _ in words) if words else ""
        if pick.latent is None:
            parts.append(text + shared)
        else:
            parts.append(
                f"{text} (shared words {pick.words:.2f}{shared}; "
                f"related vocabulary {pick.latent:.2f})"
            )
        return "; ".join(parts)

    def _topic_label(self, key: str) -> str:
        topic = self.config.topics.get(key)
        return topic.label if topic else key


def recency_decay(settings: RelatedConfig) -> np.ndarray:
    """The recency signal, weighted, for 0..3650 days apart (beyond ten years it is as
    good as zero), float32."""
    import numpy as np

    w = settings.weights
    share = w.recency / ((w.text + w.topics + w.entity + w.recency) or 1.0)
    span = np.arange(3651, dtype=np.float32)
    decay = share * np.exp(-span * (math.log(2) / settings.recency_days))
    return decay.astype(np.float32)  # type: ignore[no-any-return]


def _blend(words: np.ndarray, latent: np.ndarray) -> np.ndarray:
    """The text signal where the latent part joins: LATENT_SHARE of it, the rest words."""
    import numpy as np

    return words * np.float32(1 - LATENT_SHARE) + latent * np.float32(LATENT_SHARE)


def _found(similar: np.ndarray, rows: np.ndarray, among: np.ndarray, shares: np.ndarray) -> int:
    """How many of each row's ten most similar articles of `among` (never itself) share a
    telling topic with it (`shares`, a row per row, a column per article)."""
    import numpy as np

    from botbeat_cli.similarity import top_k

    hits = 0
    for offset, row in enumerate(rows):
        scores = similar[offset, among].copy()
        scores[among == row] = -np.inf
        hits += int(shares[offset, among[top_k(scores, 10)]].sum())
    return hits


@dataclass(slots=True)
class Change:
    """An article whose stored lists differ from the computed ones."""

    path: str
    slug: str
    stored: dict[str, list[str]]
    computed: dict[str, list[str]]

    def describe(self) -> str:
        parts = []
        for name in LISTS:
            old, new = self.stored.get(name, []), self.computed[name]
            if old != new:
                parts.append(
                    f"{name}: {', '.join(old) or '(none)'} -> {', '.join(new) or '(none)'}"
                )
        return "; ".join(parts)


STALE_RULES = {
    "related-stale": (
        Severity.ERROR,
        "stored related lists differ from what `related --write` would store",
    ),
    "related-unread": (
        Severity.ERROR,
        "an article that cannot be read got no related lists, so they were not checked",
    ),
}


def made_stale(root: Path, changes: Sequence[Change], base: str | None) -> list[Change]:
    """The stale lists a change against `base` (git, as `validate --changed`) is the cause
    of: those of the changed articles, and those whose difference adds or drops a changed
    article. Lists that were stale before are not this change's to fix."""
    from botbeat_cli.store.git import changed_articles

    changed = changed_articles(root, base)
    if changed.whole:
        return list(changes)
    touched = {path.stem for path in changed.paths}

    def moved(change: Change) -> bool:
        return any(
            (set(change.stored.get(name, [])) ^ set(change.computed[name])) & touched
            for name in LISTS
        )

    return [c for c in changes if c.slug in touched or moved(c)]


def stale_findings(
    root: Path, changes: Sequence[Change], unread: Sequence[Unread] = ()
) -> list[Diagnostic]:
    """Each stale article as a diagnostic at its `related:` key (at the front matter's first
    key when it has none yet), and each unread one where it fails to read: `related --check
    --format sarif`."""
    from botbeat_cli.newsroom.catalog import read_article

    found = []
    for change in changes:
        try:
            positions = read_article(root, change.path).positions
            line, col = positions.of_key(("related",))
        except ReadProblem:
            line, col = 1, 1
        found.append(
            Diagnostic(
                change.path,
                line,
                col,
                Severity.ERROR,
                "related-stale",
                f"stale related lists: {change.describe()}",
            )
        )
    for item in unread:
        rel = relative(root, item.path)
        found.append(
            Diagnostic(rel, item.line, item.col, Severity.ERROR, "related-unread", item.why)
        )
    return found


@dataclass(frozen=True, slots=True)
class Unread:
    """An article `plan` could not read: where it fails and why, with what to do."""

    path: Path
    why: str
    line: int = 1
    col: int = 1


@dataclass(slots=True)
class Plan:
    """What `plan` computed: the documents, the lists that would change, the articles it
    could not read, which got no lists (`--write` and `--check` name them), and the
    engine that scored them (None where every list came from the cache of the last
    computation, `related.remembered`)."""

    docs: Sequence[Doc]
    changes: list[Change]
    unread: list[Unread]
    engine: Engine | None = None


def plan(
    root: Path,
    config: NewsroomConfig,
    today: date,
    paths: Sequence[Path] = (),
    scored: bool = False,
) -> Plan:
    """Compute the lists for every article (or those at `paths`) and what would change.
    The lists nothing they depend on changed since the last computation come from its
    cache (`related.remembered`); `scored`: none do, so the plan has the engine (`explain`
    shows the picks' signals).

    A link to an article that exists but cannot be read now (a broken merge, say) is kept
    where it is: botbeat cannot tell whether it still belongs, and dropping it would lose
    an editor's work silently. Once the article reads again, the next run decides."""
    from botbeat_cli.newsroom.snapshot import Seen
    from botbeat_cli.related.remembered import Remembered

    seen = Seen.now(root)  # before the articles are listed and read
    docs, unreadable = load_docs(root, sections=config.rules.required_sections)
    unreadable_slugs = {rel.rsplit("/", 1)[-1].removesuffix(".md") for rel in unreadable}
    unreadable_slugs -= {doc.slug for doc in docs}
    chosen = {relative(root, p) for p in paths}
    rows = [i for i, d in enumerate(docs) if not chosen or d.path in chosen]
    remembered = Remembered.of(root, docs, config, today)
    lists = {} if scored else remembered.known(rows)
    engine = None
    if len(lists) < len(rows):
        engine = Engine(docs, config, today, cache_root=root)
        fresh = engine.slugs([row for row in rows if row not in lists])
        remembered.save(fresh)
        lists.update(fresh)
        engine.snapshot(root, seen, unreadable)
    changes = []
    for row, (more_from, suggested) in sorted(lists.items()):
        doc = docs[row]
        stored = {name: doc.stored.get(name, []) for name in LISTS}
        computed = {"more_from": more_from, "suggested": suggested}
        for name, slugs in computed.items():
            slugs += [s for s in stored[name] if s in unreadable_slugs and s not in slugs]
        if computed != stored:
            changes.append(Change(doc.path, doc.slug, stored, computed))
    unread = [] if chosen else [_unread(root, rel) for rel in unreadable]
    return Plan(docs, changes, unread, engine)


@dataclass(slots=True)
class Explained:
    """`related ARTICLE`: the engine that scored the article, its row, and its lists."""

    engine: Engine
    row: int
    lists: Lists


def explain(root: Path, config: NewsroomConfig, today: date, name: str) -> Explained:
    """The lists of the article named by path or slug, each pick with its signals: from
    the snapshot of the last full computation where it can answer (`related.snapshot`,
    which says when), else computed over the whole newsroom (which records it anew)."""
    from botbeat_cli.newsroom.catalog import find_article
    from botbeat_cli.related import snapshot

    warm = snapshot.explained(root, config, today, name)
    if warm is not None:
        return Explained(*warm)
    path = find_article(root, name, readable=True)
    engine = plan(root, config, today, [path], scored=True).engine
    assert engine is not None
    rel = relative(root, path)
    row = next((i for i, d in enumerate(engine.docs) if d.path == rel), None)
    if row is None:  # reached another way (a symlinked articles/): by its slug
        row = engine.row.get(path.stem)
    if row is None:  # readable when found, not when `plan` read it: a save between
        from botbeat_cli.errors import NewsroomError

        raise NewsroomError(f"{rel} changed while botbeat read it; run again")
    return Explained(engine, row, engine.lists([row])[row])


def _unread(root: Path, rel: str) -> Unread:
    """Why an article `load_docs` left out cannot be read, where, and what to do."""
    from botbeat_cli.newsroom.catalog import read_article

    line, col = 1, 1
    try:
        read_article(root, rel)
    except ReadProblem as problem:
        line, col = problem.line, problem.col
        where = f"line {line}: {problem.message}"
    except OSError as problem:
        where = problem.strerror or str(problem)
    else:  # mended since load_docs read it
        where = "it changed while botbeat read it"
    why = f"cannot be read ({where}), so it got no related lists; mend it and run again"
    return Unread(root / rel, why, line, col)


def write(
    root: Path,
    changes: Iterable[Change],
    advance: Callable[[], None] | None = None,
    sections: Sequence[str] | None = None,
    unread: Sequence[Unread] = (),
) -> files.Replaced:
    """Store the computed lists; only `related.more_from` and `related.suggested` change.
    `advance` is called once a file is prepared (for a progress bar). A file that cannot be
    read now, or was saved by an editor meanwhile, is skipped and named, never lost; so is
    each article `plan` could not read (`unread`).

    The files written are remembered in the documents' cache (`remember_rewrites`, under
    the newsroom's required `sections`), so the next command does not parse them again."""
    from botbeat_cli.newsroom.docs import remember_rewrites

    global _preparing
    changes = list(changes)
    unreadable = [(item.path, item.why) for item in unread]
    _preparing = (root, os.path.realpath(root), advance, os.getpid())
    try:  # on every core: reading and editing 100,000 files was a quarter of a cold run
        prepared = fork_map(_prepare, changes, minimum=PREPARE_PARALLEL_FROM)
    finally:
        _preparing = None
    edits, lists_of = [], {}
    for change, (original, text) in zip(changes, prepared, strict=True):
        if original is None:
            unreadable.append((root / change.path, text))
            continue
        edits.append((original, text))
        lists_of[original.path] = change.computed
    if advance is not None:
        for _ in range(len(changes) - _advanced):
            advance()  # the workers' share, now done
    done = files.replace_all(edits)
    done.skipped[:0] = unreadable
    written = set(done.written)
    from botbeat_cli.newsroom import snapshot
    from botbeat_cli.store.cache import digest_of

    # Each rewritten file's old and new digests, once for the two caches that learn them.
    rewrites = [
        (
            relative(root, original.path),
            digest_of(original.raw),
            digest_of(original.encode(text)),
            lists_of[original.path],
        )
        for original, text in edits
        if original.path in written
    ]
    remember_rewrites(root, sections, [(old, new, lists) for _, old, new, lists in rewrites])
    snapshot.rewritten(root, [(rel, old, new) for rel, old, new, _ in rewrites])
    return done


PREPARE_PARALLEL_FROM = 2000  # files to edit from which `write` prepares them on every core
# what `_prepare` works in (the newsroom, its real path, the progress callback and the
# process that shows it), set by `write` before forking; and how many files that process
# has advanced the progress by
_preparing: tuple[Path, str, Callable[[], None] | None, int] | None = None
_advanced = 0


def _prepare(changes: Sequence[Change]) -> list[tuple[files.Original | None, str]]:
    """Each change's original (without its decoded text, not needed again: 300 MB at
    100,000 files) and new text; or None and why the file cannot be edited (unreadable,
    an alias or a `related:` that is not a mapping). Runs in `write`'s workers too."""
    from botbeat_cli.store.rewrite import set_values

    global _advanced
    assert _preparing is not None
    root, base, advance, shown_by = _preparing
    if os.getpid() != shown_by:
        advance = None  # a worker: its copy of the progress bar is not on the terminal
    _advanced = 0
    out: list[tuple[files.Original | None, str]] = []
    for change in changes:
        if advance is not None:
            advance()
            _advanced += 1
        try:
            original = files.read_original(root / change.path, root, base)
        except ReadProblem as problem:
            out.append((None, f"cannot be read ({problem.message})"))
            continue
        try:
            lists = [(("related", name), change.computed[name]) for name in LISTS]
            text = set_values(original.text, lists)
        except BotbeatError as problem:  # e.g. `related:` is a list, or an alias
            out.append((None, str(problem)))
            continue
        out.append((replace(original, text=""), text))
    return out


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two articles that are probably the same story."""

    first: str  # paths, the earlier article first
    second: str
    similarity: float
    same_source: bool


def duplicates(
    root: Path, config: NewsroomConfig, today: date, threshold: float
) -> list[Duplicate]:
    """Pairs with text similarity >= threshold, or citing the same normalised source."""
    import numpy as np

    docs, _ = load_docs(root, sections=config.rules.required_sections)
    if not docs:
        return []
    engine = Engine(docs, config, today)
    found: dict[tuple[int, int], Duplicate] = {}

    def pair(i: int, j: int, similarity: float) -> None:
        a, b = sorted((i, j), key=lambda k: (docs[k].day, docs[k].slug))
        same = bool(docs[a].source) and docs[a].source == docs[b].source
        found[(min(i, j), max(i, j))] = Duplicate(
            docs[a].path, docs[b].path, round(similarity, 4), same
        )

    size = engine.block_rows()
    for start in range(0, len(docs), size):
        rows = np.arange(start, min(start + size, len(docs)))
        text = engine.index.cosines(rows)
        for offset, j in zip(*np.nonzero(text >= threshold), strict=True):
            i = int(rows[offset])
            if i < int(j):
                pair(i, int(j), float(text[offset, j]))
    by_source: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        if doc.source:
            by_source.setdefault(doc.source, []).append(i)
    for rows_with_source in by_source.values():
        for x, i in enumerate(rows_with_source):
            for j in rows_with_source[x + 1 :]:
                if (min(i, j), max(i, j)) not in found:
                    similarity = float(engine.index.cosines(np.array([i]))[0, j])
                    pair(i, j, similarity)
    return sorted(found.values(), key=lambda d: (-d.similarity, d.first, d.second))
