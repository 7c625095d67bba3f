"""similarity: TF-IDF rows and the top-k selection the suggesters rely on."""

from __future__ import annotations

import numpy as np
import pytest

from botbeat_cli.similarity import TextIndex, tfidf_rows, top_k


@pytest.mark.parametrize("k", [0, 1, 3, 15, 40])
def test_top_k_is_a_stable_argsort_cut(k: int) -> None:
    rng = np.random.default_rng(k)
    for trial in range(40):
        size = int(rng.integers(1, 30))
        # Half the trials draw from four values only: many ties, also at the cut.
        values = rng.integers(0, 4, size).astype(float) if trial % 2 else rng.random(size)
        assert top_k(values, k).tolist() == np.argsort(-values, kind="stable")[:k].tolist()


def test_rows_in_a_fixed_vocabulary_match_the_index_and_drop_unknown_terms() -> None:
    documents = [{"gpu": 2, "wafer": 1}, {"gpu": 1, "refusal": 3}, {"wafer": 1}]
    index = TextIndex(documents)
    again = tfidf_rows(documents, index.vocabulary, index.idf)
    assert np.allclose(again.toarray(), index.matrix.toarray())
    norms = np.linalg.norm(index.matrix.toarray(), axis=1)
    assert np.allclose(norms, 1.0)
    unknown = tfidf_rows([{"gpu": 2, "wafer": 1, "never-seen": 5}], index.vocabulary, index.idf)
    assert np.allclose(unknown.toarray(), index.matrix[0].toarray())
    assert tfidf_rows([{}], index.vocabulary, index.idf).nnz == 0
