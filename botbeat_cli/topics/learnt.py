"""Topic words learnt from the newsroom's tagged articles: a signal of topic suggestions.

For each topic on at least MIN_ARTICLES tagged articles, a linear classifier (scikit-learn's
linear SVM, liblinear) gives every word a weight: words of that topic's articles weigh for it,
words of the others against. An article's margin for the topic is the sum of its TF-IDF
terms times their weights, and the words that add the most are the reason shown to editors.

The weights live in their own TF-IDF space, built from the tagged articles alone, so a new
draft or an edit to an untagged article leaves them valid. They are cached (`store.cache`,
`topic-words-v3.npz`) and retrained when the topic keys change or more than STALE of the
tagged articles changed since: a few edits move weights learnt from thousands very little.

Tradeoffs: scikit-learn is slow to import and training takes seconds on a large newsroom
(both cores), paid only when the cache is cold; in return the suggestions' recall rose to
what names and neighbours alone never reached (bench/tag_bench.py prints both).
"""

from __future__ import annotations

import contextlib
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botbeat_cli.parallel import fork_map

if TYPE_CHECKING:
    import numpy as np

    from botbeat_cli.newsroom.docs import Doc
CACHE_NAME = "topic-words-v3.npz"  # bump when what is trained or stored changes
MIN_ARTICLES = 10  # from fewer examples a topic's words are guesswork: names and neighbours decide
STALE = 0.02  # retrain when more than this share of the tagged articles changed
C = 1.0  # SVM regularisation, scikit-learn's default; flat from 0.5 to 2 on Reuters
PRIMAL_RATIO = 50  # the primal solver when articles outnumber words this many times (_dual)


@dataclass(frozen=True, slots=True)
class TopicWords:
    topics: tuple[str, ...]
    words: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray
    weights: np.ndarray  # (words, topics)
    bias: np.ndarray  # (topics,)
    # The newsroom's own cut-off for a confident suggestion (`suggestions.calibrate`,
    # computed when the weights are trained): None when it was not calibrated (too few
    # tagged articles), inf when no cut-off is confident enough.
    cutoff: float | None = None
    # The logistic combination of a suggestion's evidence it calibrated (weights, then the
    # intercept), or None: scores are then the signals' weighted mean.
    combine: tuple[float, ...] | None = None

    def rows(self, documents: Sequence[Mapping[str, int]], light: bool = False) -> Any:
        """Documents (term counts) as rows of this model's TF-IDF space (`light`: without
        scipy, `similarity.tfidf_rows`)."""
        from botbeat_cli.similarity import tfidf_rows

        return tfidf_rows(documents, self.vocabulary, self.idf, light)

    def margins(self, rows: Any) -> np.ndarray:
        """(documents, topics) SVM margins: above 0 leans towards the topic."""
        return rows @ self.weights + self.bias  # type: ignore[no-any-return]

    def words_for(self, rows: Any, row: int, topic: int, limit: int = 3) -> list[str]:
        """The words of one document (row `row` of `rows`, what `rows()` gave) that add the
        most to a topic's margin, ties in the row's order."""
        import numpy as np

        start, end = rows.indptr[row], rows.indptr[row + 1]
        indices = rows.indices[start:end]
        gains = rows.data[start:end] * self.weights[indices, topic]
        best = np.argsort(-gains, kind="stable")[:limit]
        return [self.words[int(indices[i])] for i in best.tolist() if gains[i] > 0]


def train(docs: Sequence[Doc], topics: Sequence[str]) -> TopicWords | None:
    """Weights for every topic with enough tagged articles; None if there is none."""
    import numpy as np

    from botbeat_cli.similarity import TextIndex

    tagged = [d for d in docs if d.topics]
    counts = Counter(t for d in tagged for t in set(d.topics))
    trainable = tuple(t for t in topics if MIN_ARTICLES <= counts[t] < len(tagged))
    if not trainable:
        return None
    import sklearn.svm  # noqa: F401  (before forking: the workers inherit it, not import it)

    index = TextIndex([d.terms for d in tagged])
    labels = np.array([[t in d.topics for t in trainable] for d in tagged], dtype=bool)
    global _TRAINING
    _TRAINING = (index.matrix, labels)
    try:
        fitted = fork_map(_fit, list(range(len(trainable))), minimum=8)
    finally:
        _TRAINING = None
    weights = np.stack([w for w, _ in fitted], axis=1).astype(np.float32)
    bias = np.array([b for _, b in fitted], dtype=np.float32)
    words = tuple(index.terms)
    return TopicWords(trainable, words, index.vocabulary, index.idf, weights, bias)


_TRAINING: tuple[Any, Any] | None = None  # (matrix, labels), set around fork_map


def _fit(columns: Sequence[int]) -> list[tuple[np.ndarray, float]]:
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    assert _TRAINING is not None
    matrix, labels = _TRAINING
    out = []
    for column in columns:
        with warnings.catch_warnings():
            # Not converging in liblinear's 1,000 rounds still leaves usable weights.
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = LinearSVC(C=C, dual=_dual(*matrix.shape)).fit(matrix, labels[:, column])
        out.append((model.coef_[0], float(model.intercept_[0])))
    return out


def _dual(articles: int, words: int) -> bool:
    """liblinear's dual solver (coordinate descent, cost per pass linear in the terms)
    unless the vocabulary is tiny beside the articles, where the primal (Newton) solver
    converges in a few passes. scikit-learn's "auto" picks the primal as soon as articles
    outnumber words, 2-5x slower per topic on a 100,000-article newsroom of 20,000 words
    (the alike shape of bench/related_bench.py --article-sizes); the generator's 85 words
    are the opposite case, the primal 5x faster there."""
    return words * PRIMAL_RATIO >= articles


def load_or_train(
    root: Path,
    docs: Sequence[Doc],
    topics: Sequence[str],
    calibrate: Callable[[], tuple[float, tuple[float, ...] | None]] | None = None,
) -> TopicWords | None:
    """The cached weights if still valid for these articles, else freshly trained (and
    cached), with the cut-off and combination `calibrate` gives when they are trained
    (they are as stale or as fresh as the weights)."""
    import numpy as np

    from botbeat_cli.store import cache

    keys = "\n".join(sorted(topics))
    trained_on = np.array(sorted(_fingerprint(d) for d in docs if d.topics))
    found = cached(root, topics, trained_on)
    if found is not None:
        return found
    model = train(docs, sorted(topics))
    if model is not None and calibrate is not None:
        cutoff, combine = calibrate()
        model = replace(model, cutoff=cutoff, combine=combine)
    if model is not None:
        cache.save_arrays(
            root,
            CACHE_NAME,
            {**_to_arrays(model), "keys": np.array(keys), "trained_on": trained_on},
        )
    return model


def cached(root: Path, topics: Sequence[str], trained_on: np.ndarray) -> TopicWords | None:
    """The cached weights if still valid for the tagged articles of these fingerprints
    (`_fingerprint`, sorted): trained for the same topic keys, on articles of which at
    most STALE have changed since."""
    import numpy as np

    from botbeat_cli.store import cache

    stored = cache.load_arrays(root, CACHE_NAME)
    with contextlib.suppress(KeyError):  # an entry from another version: retrain
        if stored and str(stored["keys"]) == "\n".join(sorted(topics)):
            before = stored["trained_on"]
            # An edit adds one fingerprint and drops another: count it once. Equal arrays
            # first: nothing changed is the common case, and the set differences of
            # 100,000 fingerprints take more than half a second.
            changed = 0
            if not np.array_equal(trained_on, before):
                changed = max(
                    len(np.setdiff1d(trained_on, before)), len(np.setdiff1d(before, trained_on))
                )
            found = _from_arrays(stored)
            if changed <= STALE * max(len(trained_on), 1) and _consistent(found):
                return found
    return None


def _fingerprint(doc: Doc) -> str:
    """What a tagged article taught the weights: its text and topics, as the hash of its
    file's bytes before `related --write` stored lists in it (`Doc.content`)."""
    if doc.content:
        return doc.content
    taught = repr((sorted(doc.topics), sorted(doc.terms.items())))
    return hashlib.blake2b(taught.encode(), digest_size=16).hexdigest()


def _to_arrays(model: TopicWords) -> dict[str, np.ndarray]:
    import numpy as np

    return {
        "topics": np.array(model.topics),
        "words": np.array(model.words),
        "idf": model.idf,
        "weights": model.weights,
        "bias": model.bias,
        "cutoff": np.array(np.nan if model.cutoff is None else model.cutoff),
        "combine": np.array(model.combine or (), dtype=np.float64),
    }


def _consistent(model: TopicWords) -> bool:
    """Shapes that agree (a cache entry this version wrote, not a damaged one)."""
    words, topics = len(model.words), len(model.topics)
    return (
        model.weights.shape == (words, topics)
        and model.bias.shape == (topics,)
        and model.idf.shape == (words,)
        and all(math.isfinite(w) for w in model.combine or ())
    )


def _from_arrays(arrays: Mapping[str, np.ndarray]) -> TopicWords:
    words = tuple(arrays["words"].tolist())
    return TopicWords(
        tuple(arrays["topics"].tolist()),
        words,
        {w: i for i, w in enumerate(words)},
        arrays["idf"],
        arrays["weights"],
        arrays["bias"],
        None if math.isnan(cutoff := float(arrays["cutoff"])) else cutoff,
        tuple(arrays["combine"].tolist()) or None,
    )
