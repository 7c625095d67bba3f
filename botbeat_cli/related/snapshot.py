"""`related ARTICLE` from the snapshot of the last full computation (`newsroom.snapshot`,
which says what it trusts): the same `Engine` code on the snapshot's arrays, for the one
article (bench/related_bench.py --article-sizes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from botbeat_cli.newsroom.snapshot import Docs, SlugRows, Snapshot, Texts
from botbeat_cli.related import Engine, Lists, recency_decay

if TYPE_CHECKING:
    import numpy as np

    from botbeat_cli.model.newsroom import NewsroomConfig


def explained(
    root: Path, config: NewsroomConfig, today: date, name: str
) -> tuple[Engine, int, Lists] | None:
    """The engine, the article's row and its lists, from the snapshot; None where it
    cannot answer, for the full computation: it cannot answer for the article
    (`Snapshot.for_article`), the article has no telling topics and the latent part was
    never judged, or an article its lists show changed."""
    found = Snapshot.for_article(root, config, name)
    if found is None:
        return None
    snap, row = found
    engine = _Warm(snap, config, today)
    if engine.topic_mass[row] == 0 and snap.header.get("earns") is None:
        return None  # the latent part would have to be judged: only the full run can
    lists = engine.lists([row])[row]
    shown = [engine.row.get(p.slug) for p in (*lists.more_from, *lists.suggested)]
    if not snap.unchanged(root, [r for r in shown if r is not None]):
        return None
    return engine, row, lists


class _Warm(Engine):
    """An `Engine` whose arrays are the snapshot's: the same scores, picks and reasons for
    the rows it is asked about, without building the index, the topic matrices or the
    documents of the whole newsroom."""

    def __init__(self, snap: Snapshot, config: NewsroomConfig, today: date) -> None:
        arrays = snap.arrays
        self.docs = Docs(snap)
        self.config = config
        self.settings = config.related
        self.index = Texts(snap)
        self.row = SlugRows(snap)
        self.days = snap.days
        self.entities = arrays["entities"]
        self.candidate = arrays["published"] & (snap.days > 0) & (snap.days <= today.toordinal())
        self.topic_weights = snap.topic_weights(self.settings.topic_cutoff)
        self.topic_mass = snap.topic_mass(self.topic_weights)
        self._latent_earns = snap.header.get("earns")
        self._cache_root = None
        self._decay = recency_decay(self.settings)
        self._snap = snap

    def _topic_overlap(self, rows: np.ndarray, upto: int | None = None) -> np.ndarray:
        import numpy as np

        assert upto is None  # a few rows, against every document (never `by_date`)
        a = self._snap.arrays
        out = np.zeros((len(rows), self._snap.docs), dtype=np.float64)
        for i, row in enumerate(rows.tolist()):
            for topic in a["doc_topics"][a["doc_topics_at"][row] : a["doc_topics_at"][row + 1]]:
                docs = a["topic_docs"][a["topic_docs_at"][topic] : a["topic_docs_at"][topic + 1]]
                out[i, docs] += self.topic_weights[topic]
        return out.astype(np.float32)
