"""The exact baseline for `botbeat related`: scikit-learn TF-IDF, blockwise sparse
products, the same blend of text, topics, entity and date, every pair scored.

    python bench/exact_related_baseline.py NEWSROOM

Reads with python-frontmatter, computes every article's lists under the same rules
(published, not newer, same entity / others, threshold), writes nothing, and prints how
many lists it computed. related_bench.py times it beside `botbeat related --check`.
"""

from __future__ import annotations

import math
import sys
from datetime import date, datetime
from pathlib import Path

import frontmatter
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

WEIGHTS = {"text": 0.6, "topics": 0.3, "entity": 0.0, "recency": 0.02}
THRESHOLD, SIZE, HALF_LIFE, BLOCK = 0.1, 3, 30.0, 256


def main(root: Path) -> None:
    posts = [frontmatter.load(p) for p in sorted((root / "articles").rglob("*.md"))]
    texts = [
        " ".join([str(p.get("title", ""))] * 3 + [str(t) for t in p.get("takeaways", [])] * 2)
        + " " + p.content
        for p in posts
    ]  # fmt: skip
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    n = len(posts)

    def day(value: object) -> int:
        if isinstance(value, datetime):
            return value.date().toordinal()
        return value.toordinal() if isinstance(value, date) else 0

    days = np.array([day(p.get("date")) for p in posts])
    entities = np.unique([str(p.get("entity")) for p in posts], return_inverse=True)[1]
    published = np.array([p.get("status") == "published" for p in posts])
    names = sorted({t for p in posts for t in p.get("topics", [])})
    index = {t: i for i, t in enumerate(names)}
    rows = [i for i, p in enumerate(posts) for t in set(p.get("topics", []))]
    cols = [index[t] for p in posts for t in set(p.get("topics", []))]
    topics = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(len(names), 1)))
    df = np.asarray(topics.sum(axis=0)).ravel()
    idf = np.log((n + 1) / (df + 1)) + 1
    idf[df > 0.5 * n] = 0
    weighted = csr_matrix(topics.multiply(idf))
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    total = sum(WEIGHTS.values())
    computed = 0
    for start in range(0, n, BLOCK):
        block = np.arange(start, min(start + BLOCK, n))
        text = (matrix[block] @ matrix.T).toarray()
        inter = (weighted[block] @ topics.T).toarray()
        union = mass[block, None] + mass[None, :] - inter
        topic = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        same = entities[block, None] == entities[None, :]
        recency = np.exp(-np.abs(days[block, None] - days[None, :]) * math.log(2) / HALF_LIFE)
        score = (
            WEIGHTS["text"] * text + WEIGHTS["topics"] * topic
            + WEIGHTS["entity"] * same + WEIGHTS["recency"] * recency
        ) / total  # fmt: skip
        ok = published[None, :] & (days[None, :] <= days[block, None]) & (score >= THRESHOLD)
        ok[np.arange(len(block)), block] = False
        for offset in range(len(block)):
            for mask in (ok[offset] & same[offset], ok[offset] & ~same[offset]):
                candidates = np.flatnonzero(mask)
                best = candidates[np.argsort(-score[offset, candidates], kind="stable")[:SIZE]]
                computed += len(best) >= 0
    print(f"{computed} lists for {n} articles")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
