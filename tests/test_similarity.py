"""similarity: TF-IDF rows and the top-k selection the suggesters rely on."""

from __future__ import annotations

import numpy as np
import pytest

from botbeat_cli.similarity import StoredTerms, TermStore, TextIndex, tfidf_rows, top_k


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


DOCUMENTS = [
    {"gpu": 2, "wafer": 1},
    {"refusal": 3, "gpu": 1},
    {"wafer": 1, "foundry": 4},
    {"jailbreak": 1},
]


def test_a_term_store_reads_back_as_the_documents_and_mixes_with_dicts() -> None:
    rows = TermStore.of(DOCUMENTS).rows()
    assert [dict(row) for row in rows] == DOCUMENTS
    assert len(rows[1]) == 2 and rows[1]["refusal"] == 3 and rows[1].get("wafer", 0) == 0
    mixed = TermStore.of([rows[2], {"new": 5, "gpu": 1}, rows[0]]).rows()
    assert [dict(row) for row in mixed] == [DOCUMENTS[2], {"new": 5, "gpu": 1}, DOCUMENTS[0]]
    assert all(isinstance(row, StoredTerms) for row in mixed)


def test_rows_added_to_a_store_read_back_and_runs_of_rows_are_gathered_alike() -> None:
    """`with_rows` (the docs cache's journal): the old rows as they were, the new ones
    after them with their new words; `entries` copies runs of consecutive rows as slices,
    the same entries as gathering them one by one."""
    grown = TermStore.of(DOCUMENTS[:2]).with_rows([*DOCUMENTS[2:], {"gpu": 7, "euv": 2}])
    rows = grown.rows()
    assert [dict(row) for row in rows] == [*DOCUMENTS, {"gpu": 7, "euv": 2}]
    assert grown.words[:3] == ["gpu", "wafer", "refusal"] and grown.words[-1] == "euv"
    many = TermStore.of([{f"w{i}": 1 + i % 3, "gpu": 1} for i in range(40)]).with_rows(DOCUMENTS)
    inserted = [*range(20), 40, *range(20, 40), 41, 42]  # a few long runs: sliced
    cases = [(grown, p) for p in ([0, 1, 4, 2], [4, 0, 1, 2, 3], [1, 2], [], [4])]
    for store, pick in [*cases, (many, inserted)]:
        rows = store.rows()
        chosen = [rows[i] for i in pick]
        ids, counts, indptr = store.entries(chosen)
        gather, pointers = store.gather(chosen)
        assert ids.tolist() == store.ids[gather].tolist() and indptr.tolist() == pointers.tolist()
        assert counts.tolist() == store.counts[gather].tolist()
        if pick:
            plain = TextIndex([dict(row) for row in chosen])
            index = TextIndex(chosen)
            order = [plain.vocabulary[t] for t in index.terms]
            assert np.allclose(index.matrix.toarray(), plain.matrix.toarray()[:, order])


@pytest.mark.parametrize("pick", [[0, 1, 2, 3], [2, 0], [3], [1, 1, 2]])
def test_an_index_from_store_rows_is_the_index_from_dicts(pick: list[int]) -> None:
    rows = TermStore.of(DOCUMENTS).rows()
    fast = TextIndex([rows[i] for i in pick])
    plain = TextIndex([DOCUMENTS[i] for i in pick])
    assert sorted(fast.terms) == sorted(plain.terms)
    order = [plain.vocabulary[t] for t in fast.terms]
    assert np.allclose(fast.matrix.toarray(), plain.matrix.toarray()[:, order])
    assert np.allclose(fast.idf, plain.idf[order])
    if pick == [0, 1, 2, 3]:  # a whole store: the very same columns as the dict path
        assert fast.terms == plain.terms


@pytest.mark.parametrize("pick", [[0, 1, 2, 3], [2, 0], [3], [1, 1, 2]])
def test_store_rows_in_a_fixed_vocabulary_are_the_dict_rows(pick: list[int]) -> None:
    rows = TermStore.of(DOCUMENTS).rows()
    model = TextIndex([DOCUMENTS[0], DOCUMENTS[2], {"other": 1}])  # knows gpu, wafer, foundry
    fast = tfidf_rows([rows[i] for i in pick], model.vocabulary, model.idf)
    plain = tfidf_rows([DOCUMENTS[i] for i in pick], model.vocabulary, model.idf)
    assert fast.indptr.tolist() == plain.indptr.tolist()
    assert fast.indices.tolist() == plain.indices.tolist()
    assert fast.data.tolist() == plain.data.tolist()


def _newsroom_texts(count: int, seed: int) -> list[dict[str, int]]:
    """Documents over a vocabulary too large for the dense copy: a few common words that
    every other document shares, and a long tail."""
    rng = np.random.default_rng(seed)
    documents = []
    for _ in range(count):
        common = {f"common{i}": int(rng.integers(1, 4)) for i in rng.choice(30, 12)}
        tail = {f"rare{i}": int(rng.integers(1, 3)) for i in rng.choice(6000, 40)}
        documents.append(common | tail)
    return documents


@pytest.mark.parametrize("seed", [1, 2])
def test_many_rows_through_the_split_matrix_are_the_sparse_product(seed: int) -> None:
    index = TextIndex(_newsroom_texts(300, seed))
    assert index.dense is None  # the vocabulary is past DENSE_VOCABULARY
    common, rare, _ = index.split()
    assert common.shape[1] and rare.shape[1]  # both parts in use
    rows = np.arange(0, 300, 3)
    exact = (index.matrix[rows] @ index.matrix.T).toarray()
    many = index.cosines(rows)
    assert np.allclose(many, exact, rtol=0, atol=1e-12)
    assert np.allclose(index.cosines(rows[:2]), exact[:2], rtol=0, atol=1e-12)
    for line, wanted in zip(many, exact, strict=True):  # the same neighbours, in order
        assert top_k(line, 10).tolist() == top_k(wanted, 10).tolist()


def test_the_reduction_is_the_exact_svd_without_its_first_direction() -> None:
    """Rows of a matrix with a clear spectrum (five subjects and noise): the randomised
    reduction gives the cosines of the exact SVD's directions 2 to k + 1, and the same
    bytes every time (lists must not change between runs)."""
    from scipy.sparse import csr_matrix

    from botbeat_cli.similarity import reduced

    rng = np.random.default_rng(4)
    subjects = rng.random((5, 300)) * (rng.random((5, 300)) < 0.1)
    rows = subjects[rng.integers(0, 5, 400)] * 3 + rng.random((400, 300)) * 0.2
    matrix = csr_matrix(rows * (rng.random((400, 300)) < 0.5))
    u, s, _ = np.linalg.svd(matrix.toarray(), full_matrices=False)
    exact = u[:, 1:5] * s[1:5]
    exact /= np.linalg.norm(exact, axis=1, keepdims=True)
    got = reduced(matrix, 4)
    assert got.shape == (400, 4) and got.dtype == np.float32
    assert np.allclose(got @ got.T, exact @ exact.T, atol=1e-3)
    assert reduced(matrix, 4).tobytes() == got.tobytes()


def test_the_latent_rows_do_not_depend_on_the_order_terms_are_first_seen_in() -> None:
    """The reduction's probe is drawn from each term (`term_probe`): the same documents in
    another order (another first-seen order of the terms, as one new article makes) give
    the same latent cosines; a probe drawn by position gave others."""
    import random

    from botbeat_cli.similarity import term_probe

    words = [f"w{i}" for i in range(400)]
    chooser = random.Random(2)
    documents = [
        {w: chooser.randint(1, 3) for w in chooser.sample(words[i % 8 * 50 : i % 8 * 50 + 60], 12)}
        for i in range(600)
    ]
    order = list(range(600))
    chooser.shuffle(order)
    first, second = TextIndex(documents), TextIndex([documents[i] for i in order])
    assert first.terms != second.terms
    a, b = first.latent(), second.latent()
    assert a is not None and b is not None
    assert np.allclose((a @ a.T)[np.ix_(order, order)], b @ b.T, atol=1e-4)
    probe = term_probe(["gpu", "chips"], 7)
    assert probe.shape == (2, 7) and set(np.unique(probe)) == {-1.0, 1.0}
    assert (term_probe(["chips", "gpu"], 7) == probe[::-1]).all()


def test_a_reduction_fitted_on_the_oldest_rows_ignores_a_new_row_and_its_new_terms() -> None:
    """`fitted_on` takes the oldest rows, as many as the largest power of two (all of them
    below its `least`); with a reduction fitted on them, a row added outside them, with
    terms of its own, moves no other row, where a reduction of every row moves them."""
    from scipy.sparse import csr_matrix, vstack

    from botbeat_cli.similarity import fitted_on, reduced, term_probe

    days = [5, 3, 9, 1, 7, 2]
    assert fitted_on(days, least=2).tolist() == [0, 1, 3, 5]  # days 5, 3, 1, 2
    assert fitted_on(days, least=5).tolist() == [0, 1, 2, 3, 4, 5]
    assert fitted_on([], least=2).tolist() == []

    rng = np.random.default_rng(8)
    old = csr_matrix(rng.random((300, 200)) * (rng.random((300, 200)) < 0.05))
    terms = [f"t{i}" for i in range(200)]
    fit = fitted_on(list(range(300)), least=100)  # the oldest 256
    before = reduced(old, 20, probe=term_probe(terms, 31), fit=fit)
    extra = csr_matrix(np.hstack([np.zeros((1, 200)), rng.random((1, 5))]))
    grown = vstack([csr_matrix((old.data, old.indices, old.indptr), shape=(300, 205)), extra])
    probe = term_probe([*terms, "n0", "n1", "n2", "n3", "n4"], 31)
    after = reduced(grown.tocsr(), 20, probe=probe, fit=fit)
    assert np.allclose(after[:300], before, atol=1e-6)
    moved = reduced(grown.tocsr(), 20, probe=probe)[:300]  # a basis of every row
    assert not np.allclose(moved @ moved.T, before @ before.T, atol=1e-2)


def test_an_index_fitted_on_its_oldest_rows_keeps_them_to_the_bit_when_one_is_added() -> None:
    """With `fit` (`newsroom.docs.text_index`: the oldest rows) the IDF is of those rows
    alone, so a row added after them, with terms of its own, leaves every other row's
    weights and latent row bit for bit (a term no fitted row has weighs as the rarest);
    directions taken from a cache by term (`adopt_directions`) project as made ones, in
    another vocabulary order too."""
    from botbeat_cli.similarity import fitted_on, idf

    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(300)]
    documents = [
        {str(w): int(rng.integers(1, 4)) for w in rng.choice(words, 25, replace=False)}
        for _ in range(600)
    ]
    fit = fitted_on(list(range(600)))
    before = TextIndex(documents, fit=fit)
    after = TextIndex([*documents, {"w1": 2, "brand-new": 1}], fit=fitted_on(list(range(601))))
    assert (after.fit_rows == fit).all() and before.terms == after.terms[:-1]
    rows = before.matrix.toarray()
    assert (after.matrix.toarray()[:600, :300] == rows).all()
    assert after.idf[-1] == idf(0, len(fit)) and before.idf.min() > 0
    assert not np.allclose(TextIndex(documents).idf, before.idf)  # all rows: other weights
    first, second = before.latent(), after.latent()
    assert first is not None and second is not None and (second[:600] == first).all()
    terms, found = before.kept_directions()
    shuffled = TextIndex([documents[i] for i in rng.permutation(600)], fit=fit)
    assert shuffled.terms != before.terms and shuffled.adopt_directions(terms, found)
    assert shuffled._directions is not None
    assert (shuffled._directions[[shuffled.vocabulary[t] for t in terms]] == found).all()
    grown = TextIndex([*documents, {"w1": 2, "brand-new": 1}], fit=fit)
    assert grown.adopt_directions(terms, found)
    adopted = grown.latent()
    assert adopted is not None and (adopted == second).all()
    assert not grown.adopt_directions(terms, found[:-1])  # a row short: made again


def test_an_index_of_a_whole_store_leaves_the_store_its_own_arrays() -> None:
    rows = TermStore.of(DOCUMENTS).rows()  # row 1's words are not in column order
    index = TextIndex(rows)
    index.matrix.sort_indices()  # scipy does this in place, in some of its operations
    index.matrix.indptr[:] = 0
    assert [dict(row) for row in rows] == DOCUMENTS


@pytest.mark.parametrize("vocabulary", [6000, 300])  # the split matrix, the dense copy
def test_products_against_a_prefix_of_an_order_are_those_columns_of_the_whole(
    vocabulary: int,
) -> None:
    rng = np.random.default_rng(vocabulary)
    documents = [
        {f"w{i}": int(rng.integers(1, 4)) for i in rng.choice(vocabulary, 30)}
        for _ in range(520)  # past LATENT_FROM: the latent rows too
    ]
    index = TextIndex(documents)
    assert (index.dense is None) == (vocabulary > 4096)
    rows = np.arange(0, 520, 7)
    whole, latent = index.cosines(rows), index.latent_cosines(rows)
    assert latent is not None
    order = rng.permutation(520)
    index.order_columns(order)
    close = {"rtol": 0, "atol": 1e-6 if index.dense is not None else 1e-12}
    assert np.allclose(index.cosines(rows), whole, **close)  # still in the rows' own order
    assert np.allclose(index.cosines(rows[:3]), whole[:3], **close)
    for m in (0, 1, 37, 333, 520):  # across the pieces of the sparse part, and all of it
        prefix = index.cosines_prefix(rows, m)
        assert prefix.shape == (len(rows), m)
        assert np.allclose(prefix, whole[:, order[:m]], **close)
        found = index.latent_cosines_prefix(rows, m)
        assert found is not None and np.allclose(found, latent[:, order[:m]], rtol=0, atol=1e-6)
