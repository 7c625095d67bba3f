"""Text similarity shared by `related` (and topic suggestions): TF-IDF over words.

Each article's text is title, takeaways and body, the title and takeaways counted several
times (they say what the story is about). Weights are sublinear (1 + log tf) times a
smoothed IDF, rows L2-normalised, so a dot product is a cosine. numpy and scipy are
imported here only: commands that do not compare texts never load them.

Tradeoffs: a hand-built vectoriser instead of scikit-learn's, whose import alone takes more
than `botbeat related ARTICLE` may spend in all (bench/related_bench.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from itertools import accumulate, chain
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

TITLE_WEIGHT, TAKEAWAY_WEIGHT = 3, 2
# TextIndex.latent: from this many documents on, a rank-LATENT_RANK reduction of the TF-IDF
# rows. Fewer documents give too few co-occurrences to learn from.
LATENT_FROM, LATENT_RANK = 500, 100
DENSE_VOCABULARY, DENSE_MEMORY = 4096, 512 * 2**20  # TextIndex.dense: at most, float64
# From this many documents on, a term found in every one of them is what the newsroom's
# format puts there (a fixed line under a heading), not what a story is about: it weighs
# nothing in the text signal (issue 10). Below it, a shared term may be chance.
FORMAT_TERMS_FROM = 10
# TextIndex.split: a product of this many rows or more uses the split matrix; a term in at
# least 1 / COMMON_SHARE of the documents is in its dense part, of at most SPLIT_MEMORY.
SPLIT_FROM_ROWS, COMMON_SHARE, SPLIT_MEMORY = 32, 20, 128 * 2**20
# TextIndex.order_columns: the sparse part's column side in this many pieces, so that a
# product with the first m columns of the order costs about m / n of one with all of them.
PREFIX_PIECES = 16
_TOKEN = re.compile(r"[a-z][a-z0-9]+")
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves said says say new one two also would could may might must
    year years inc corp co ltd""".split()
)


@cache
def _normal(word: str) -> str:
    """Light normalisation: a plural `s` off (models -> model, but not `ss` or short words)."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    return [_normal(t) for t in _TOKEN.findall(text.lower()) if t not in STOP_WORDS]


def weighted_terms(title: str, takeaways: Sequence[str], body: str) -> Counter[str]:
    counts = Counter(terms(body))
    for term in terms(title):
        counts[term] += TITLE_WEIGHT
    for takeaway in takeaways:
        for term in terms(takeaway):
            counts[term] += TAKEAWAY_WEIGHT
    return counts


class TermStore:
    """The term counts of many documents as flat arrays, a row per document: what the docs
    cache keeps, so 10,000 articles load as a few arrays instead of a million dict entries,
    and a TextIndex is built from them without a Python loop."""

    __slots__ = ("_columns", "counts", "ids", "indptr", "words")

    def __init__(self, words: Sequence[str], ids: Any, counts: Any, indptr: Any) -> None:
        self.words = list(words)
        self.ids, self.counts, self.indptr = ids, counts, indptr
        self._columns: tuple[Mapping[str, int], Any] | None = None

    def columns_in(self, vocabulary: Mapping[str, int]) -> Any:
        """Each of the store's word ids as a column of another vocabulary (-1 where it has
        none); kept for the last vocabulary asked, since `tag suggest --all` asks for one
        model's many times."""
        import numpy as np

        if self._columns is None or self._columns[0] is not vocabulary:
            found = [vocabulary.get(word, -1) for word in self.words]
            self._columns = (vocabulary, np.asarray(found, dtype=np.int64))
        return self._columns[1]

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def _pointers(self, documents: Sequence[StoredTerms]) -> tuple[Any, Any, Any]:
        """These documents' rows, each row's entry count, and the row pointers of their
        entries concatenated."""
        import numpy as np

        rows = np.fromiter((d.row for d in documents), dtype=np.int64, count=len(documents))
        lengths = self.indptr[rows + 1] - self.indptr[rows]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        return rows, lengths, indptr

    def gather(self, documents: Sequence[StoredTerms]) -> tuple[Any, Any]:
        """The positions of these rows' entries in the store, rows concatenated, and the
        row pointers of that concatenation."""
        import numpy as np

        rows, lengths, indptr = self._pointers(documents)
        starts = self.indptr[rows]
        positions = np.arange(indptr[-1], dtype=np.int64) + np.repeat(starts - indptr[:-1], lengths)
        return positions, indptr

    def entries(self, documents: Sequence[StoredTerms]) -> tuple[Any, Any, Any]:
        """These rows' word ids and counts, rows concatenated, and their row pointers. Runs
        of consecutive rows are copied as slices: documents in path order over a store
        journalled to (`newsroom.docs`) are a few long runs, and gathering 10 million
        entries one by one took seconds at 100,000 articles."""
        import numpy as np

        rows, _, indptr = self._pointers(documents)
        breaks = np.flatnonzero(np.diff(rows) != 1) + 1
        if len(breaks) * 8 > len(rows):
            gather, indptr = self.gather(documents)
            return self.ids[gather], self.counts[gather], indptr
        firsts = rows[np.concatenate([[0], breaks])] if len(rows) else rows
        lasts = rows[np.concatenate([breaks - 1, [len(rows) - 1]])] if len(rows) else rows
        spans = list(
            zip(self.indptr[firsts].tolist(), self.indptr[lasts + 1].tolist(), strict=True)
        )
        if not spans:
            return self.ids[:0], self.counts[:0], indptr
        ids = np.concatenate([self.ids[a:b] for a, b in spans])
        counts = np.concatenate([self.counts[a:b] for a, b in spans])
        return ids, counts, indptr

    def rows(self) -> list[StoredTerms]:
        return [StoredTerms(self, row) for row in range(len(self))]

    def arrays(self) -> dict[str, Any]:
        """The store as named arrays, for `store.cache.save_arrays`."""
        import numpy as np

        words = np.asarray(self.words, dtype=str)
        return {"words": words, "ids": self.ids, "counts": self.counts, "indptr": self.indptr}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, Any]) -> TermStore | None:
        """A store saved by `arrays`, or None if these are not (missing, another version,
        damaged or hand-made: ids outside the words, row pointers going backwards)."""
        import numpy as np

        try:
            words, ids, counts, indptr = (arrays[k] for k in ("words", "ids", "counts", "indptr"))
        except KeyError:
            return None
        if (
            not all(np.issubdtype(a.dtype, np.integer) for a in (ids, counts, indptr))
            or not len(indptr)
            or not indptr[-1] == len(ids) == len(counts)
            or indptr[0] != 0
            or bool(np.any(np.diff(indptr) < 0))
            or (len(ids) and not 0 <= ids.min() <= ids.max() < len(words))
        ):
            return None
        return cls(words.tolist(), ids, counts, indptr)

    def with_rows(self, documents: Sequence[Mapping[str, int]]) -> TermStore:
        """This store with these documents' rows after its own (their new words after its
        words): a few new articles join a cached store without a pass over all of it."""
        import numpy as np

        words = list(self.words)
        vocabulary = {word: i for i, word in enumerate(words)}
        ids = [self.ids]
        counts = [self.counts]
        for document in documents:
            keys = [vocabulary.setdefault(w, len(vocabulary)) for w in document]
            ids.append(np.asarray(keys, dtype=self.ids.dtype))
            counts.append(np.asarray(list(document.values()), dtype=self.counts.dtype))
        words.extend(list(vocabulary)[len(words) :])
        lengths = [len(part) for part in ids[1:]]
        ends = self.indptr[-1] + np.cumsum(lengths, dtype=np.int64)
        indptr = np.concatenate([self.indptr, ends.astype(self.indptr.dtype)])
        return TermStore(words, np.concatenate(ids), np.concatenate(counts), indptr)

    @classmethod
    def of(cls, documents: Sequence[Mapping[str, int]]) -> TermStore:
        """A store of these documents, in order (dicts, or rows of other stores)."""
        import numpy as np

        vocabulary: dict[str, int] = {}
        moved: dict[int, Any] = {}  # id(store) -> its word ids in this store
        ids: list[Any] = []
        counts: list[Any] = []
        for document in documents:
            if isinstance(document, StoredTerms):
                store = document.store
                if id(store) not in moved:
                    new = [vocabulary.setdefault(w, len(vocabulary)) for w in store.words]
                    moved[id(store)] = np.asarray(new, dtype=np.int32)
                start, end = store.indptr[document.row], store.indptr[document.row + 1]
                ids.append(moved[id(store)][store.ids[start:end]])
                counts.append(store.counts[start:end])
            else:
                keys = [vocabulary.setdefault(w, len(vocabulary)) for w in document]
                ids.append(np.asarray(keys, dtype=np.int32))
                counts.append(np.asarray(list(document.values()), dtype=np.int32))
        indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum([len(part) for part in ids], out=indptr[1:])
        flat = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32)
        values = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int32)
        return cls(list(vocabulary), flat, values, indptr)


class StoredTerms(Mapping[str, int]):
    """One document's row of a TermStore, read as a mapping (made a dict on first use)."""

    __slots__ = ("_dict", "row", "store")

    def __init__(self, store: TermStore, row: int) -> None:
        self.store, self.row = store, row
        self._dict: dict[str, int] | None = None

    def _terms(self) -> dict[str, int]:
        if self._dict is None:
            start, end = self.store.indptr[self.row], self.store.indptr[self.row + 1]
            words = self.store.words
            ids = self.store.ids[start:end].tolist()
            counts = self.store.counts[start:end].tolist()
            self._dict = dict(zip([words[i] for i in ids], counts, strict=True))
        return self._dict

    def __getitem__(self, term: str) -> int:
        return self._terms()[term]

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms())

    def __len__(self) -> int:
        return int(self.store.indptr[self.row + 1] - self.store.indptr[self.row])

    def as_dict(self) -> dict[str, int]:
        """The row as a plain dict, for loops of many lookups (a Mapping's `get` goes
        through `__getitem__` and an exception for every missing term)."""
        return self._terms()


def _of_one_store(documents: Sequence[Mapping[str, int]]) -> bool:
    """Whether the documents are all rows of one TermStore (then numpy alone reads them)."""
    if not documents or not all(isinstance(d, StoredTerms) for d in documents):
        return False
    return len({id(d.store) for d in documents}) == 1  # type: ignore[attr-defined]


def plain(counts: Mapping[str, int]) -> Mapping[str, int]:
    """Term counts with C-speed lookups: a StoredTerms row as its dict, others as they are."""
    return counts.as_dict() if isinstance(counts, StoredTerms) else counts


class TextIndex:
    """TF-IDF rows for a list of documents (term counts), as a CSR matrix."""

    # order_columns: the products' column side in this order of the rows (None: their own)
    # and each row's place in it
    _order: Any = None
    _place: Any = None
    _latent_ordered: Any = None
    # the rows the latent reduction is fitted on (`reduced`'s `fit`; None: every row)
    fit_rows: Any = None

    def __init__(self, documents: Sequence[Mapping[str, int]], fit: Any = None) -> None:
        """`fit`: the rows (numbers, ascending) whose document frequencies make the IDF and
        whose directions the latent part (`fit_rows`), every row when None. A row outside
        them changes no other row's weights: `related` fits on `fitted_on`'s oldest rows,
        so that an article added today leaves every older row as it was, to the bit
        (`related.plan`'s cache of lists). A term none of them has weighs as the rarest."""
        import numpy as np

        self.fit_rows = fit
        if _of_one_store(documents):
            self._from_store(documents)  # type: ignore[arg-type]
            return
        # Flat lists through C-level iteration (chain, map): a third of a per-term loop.
        flat = list(chain.from_iterable(documents))
        vocabulary = {term: i for i, term in enumerate(dict.fromkeys(flat))}
        indices = list(map(vocabulary.__getitem__, flat))
        values = list(chain.from_iterable(counts.values() for counts in documents))
        indptr = list(accumulate(map(len, documents), initial=0))
        self.vocabulary = vocabulary
        self.terms = list(vocabulary)
        columns = np.asarray(indices, dtype=np.int64)
        self.idf = self._idf(columns, indptr, len(vocabulary))
        self.matrix = _normalised_rows(columns, values, indptr, self.idf)
        self.counts: Any = np.asarray(values, dtype=np.int32)  # each entry's, for snapshots
        self._densify()

    def _from_store(self, documents: Sequence[StoredTerms]) -> None:
        """The same index from rows of one TermStore, in numpy alone: the store's words
        used by these rows, in the store's order (which is first use when the rows are all
        of the store, as in the dict path)."""
        import numpy as np

        store = documents[0].store
        if len(documents) == len(store) and all(d.row == i for i, d in enumerate(documents)):
            ids, counts, indptr = store.ids, store.counts, store.indptr  # the store whole
        else:
            ids, counts, indptr = store.entries(documents)
        used = np.bincount(ids, minlength=len(store.words)) if len(ids) else np.zeros(0)
        present = used > 0
        # Every word used: a word's id is its column, copied (scipy sorts a matrix's
        # indices in place, and these are the term store's).
        column_of = None if present.all() else (np.cumsum(present) - 1).astype(ids.dtype)
        columns = ids.copy() if column_of is None else column_of[ids]
        self.terms = [store.words[i] for i in np.flatnonzero(present).tolist()]
        self.vocabulary = {term: i for i, term in enumerate(self.terms)}
        self.idf = self._idf(columns, indptr, len(self.terms))
        self.matrix = _normalised_rows(columns, counts, indptr, self.idf)
        self.counts = counts  # the store's own: read, never written
        self._densify()

    def _idf(self, columns: Any, indptr: Any, width: int) -> Any:
        """`text_idf` of the document frequencies in the `fit_rows` (all rows: None)."""
        import numpy as np

        fit, n = self.fit_rows, len(indptr) - 1
        if fit is not None and len(fit) < n:
            columns = columns[entries_of(fit, indptr)]
            n = len(fit)
        df = np.bincount(columns, minlength=width) if len(columns) else np.zeros(width)
        return text_idf(df, n)

    def _densify(self) -> None:
        # A small vocabulary makes every row overlap every other: then a dense copy and
        # BLAS beat sparse products by far. Real news vocabularies stay sparse. float64, as
        # the split's dense part: BLAS's float32 products differ in their last places with
        # the product's shape and threads, and near-equal picks swapped places with them.
        import numpy as np

        self.dense: np.ndarray | None = None
        self._split: tuple[np.ndarray, Any, list[tuple[int, Any]]] | None = None
        self._latent: np.ndarray | None = None
        self._directions: np.ndarray | None = None
        n, width = self.matrix.shape
        if width <= DENSE_VOCABULARY and n * width * 8 <= DENSE_MEMORY:
            self.dense = np.ascontiguousarray(self.matrix.toarray(), dtype=np.float64)

    def cosines(self, rows: Any) -> np.ndarray:
        """Dense (len(rows), n) cosine similarities of the given rows with every row."""
        if self.dense is None and len(rows) < SPLIT_FROM_ROWS:
            return (self.matrix[rows] @ self.matrix.T).toarray()  # type: ignore[no-any-return]
        out = self.cosines_prefix(rows, self.matrix.shape[0])
        return out if self._order is None else out[:, self._place]

    def order_columns(self, order: Any) -> None:
        """Keep the column side of the products of many rows in `order` (a permutation of
        the rows), so that `cosines_prefix` can score rows against the first m documents
        of that order alone, for about m / n of the work: related scores an article
        against older ones only, a prefix when the order is by date (Engine.block_slugs).
        `cosines` still answers in the rows' own order."""
        import numpy as np

        self._order = np.asarray(order, dtype=np.int64)
        self._place = np.empty_like(self._order)
        self._place[self._order] = np.arange(len(self._order))
        if self.dense is not None:
            self.dense = self.dense[self._order]
        self._split = self._latent_ordered = None

    def cosines_prefix(self, rows: Any, m: int) -> np.ndarray:
        """Dense (len(rows), m) cosines of the given rows with the first m documents of
        the column order (`order_columns`; the rows' own order without it), the same
        values as `cosines`' (a cell's sum runs over the same terms in the same order)."""
        place = rows if self._place is None else self._place[rows]
        if self.dense is not None:
            return self.dense[place] @ self.dense[:m].T  # type: ignore[no-any-return]
        common, rare, pieces = self.split()
        out = common[place] @ common[:m].T
        mine = rare[place]
        for start, piece in pieces:
            if start >= m:
                break
            stop = min(start + piece.shape[1], m)
            out[:, start:stop] += (mine @ piece).toarray()[:, : stop - start]
        return out  # type: ignore[no-any-return]

    def latent(self) -> np.ndarray | None:
        """Each row reduced to LATENT_RANK dimensions (latent semantic analysis), unit
        length; None below LATENT_FROM documents. Two short stories on one subject share few
        words but many co-occurring ones: the reduction sees that and the exact words do
        not (bench/quality_bench.py, related blind). Made once, on first use."""
        if self._latent is None and self.matrix.shape[0] >= LATENT_FROM:
            self._latent = projected(self.matrix, self.directions())
        return self._latent

    def directions(self) -> np.ndarray:
        """The latent part's directions (`similarity.directions`, of the `fit_rows`), one
        row per term: made on first use, unless adopted (`adopt_directions`)."""
        if self._directions is None:
            probe = term_probe(self.terms, min(LATENT_RANK + 11, *self.matrix.shape))
            self._directions = directions(self.matrix, LATENT_RANK, probe=probe, fit=self.fit_rows)
        return self._directions

    def adopt_directions(self, terms: Sequence[str], found: Any) -> bool:
        """Take `found` (a row per term of `terms`: a cached reduction of the same fitted
        rows) as this index's directions if they can be: finite float32, at most
        LATENT_RANK of them. A term of this index they lack has none (no fitted row has
        it); one of theirs this index lacks, no row to project."""
        import numpy as np

        if not (
            isinstance(found, np.ndarray)
            and found.dtype == np.float32
            and found.ndim == 2
            and found.shape[0] == len(terms)
            and found.shape[1] <= LATENT_RANK
            and bool(np.isfinite(found).all())
        ):
            return False
        mine = np.fromiter((self.vocabulary.get(t, -1) for t in terms), np.int64, len(terms))
        known = mine >= 0
        self._directions = np.zeros((len(self.terms), found.shape[1]), dtype=np.float32)
        self._directions[mine[known]] = found[known]
        self._latent = self._latent_ordered = None
        return True

    def kept_directions(self) -> tuple[list[str], np.ndarray]:
        """The directions' terms and rows worth caching: those of the terms they give a
        direction (the fitted rows' terms that weigh something)."""
        import numpy as np

        found = self.directions()
        used = np.flatnonzero(found.any(axis=1))
        return [self.terms[i] for i in used.tolist()], found[used]

    def latent_cosines(self, rows: Any) -> np.ndarray | None:
        """Dense (len(rows), n) cosines of the given rows with every row in the latent
        space (`latent`), float64; None where the newsroom is too small for one."""
        columns = self._latent_columns()
        if columns is None:
            return None
        place = rows if self._place is None else self._place[rows]
        out = columns[place] @ columns.T
        return out if self._place is None else out[:, self._place]  # type: ignore[no-any-return]

    def latent_cosines_prefix(self, rows: Any, m: int) -> np.ndarray | None:
        """`latent_cosines` against the first m documents of the column order alone."""
        columns = self._latent_columns()
        if columns is None:
            return None
        place = rows if self._place is None else self._place[rows]
        return columns[place] @ columns[:m].T  # type: ignore[no-any-return]

    def _latent_columns(self) -> np.ndarray | None:
        """The latent rows in the column order, as float64: products in float32 come out
        of BLAS a few units in the last place apart with the shape and the threads of the
        product, and a pick's place among near-equal ones followed them (a list could
        change with the number of cores); in float64 that noise stays under the scores'
        float32 rounding."""
        import numpy as np

        latent = self.latent()
        if latent is None:
            return None
        if self._latent_ordered is None:
            ordered = latent if self._order is None else latent[self._order]
            self._latent_ordered = ordered.astype(np.float64)
        return self._latent_ordered  # type: ignore[no-any-return]

    def ready_for_many(self) -> None:
        """Build what products of many rows use now, before forking workers that would
        each build their own."""
        if self.dense is None:
            self.split()

    def split(self) -> tuple[np.ndarray, Any, list[tuple[int, Any]]]:
        """The matrix as its common terms' columns, dense, and the rest, sparse (with its
        transpose, in pieces of rows from the given start: one piece unless the columns
        are ordered, `order_columns`): the products of many rows with every row, summed.
        Both in the column order, if any.

        A term in d documents costs about d * d steps of a sparse product over the
        newsroom, and N * N of BLAS's far cheaper ones in a dense product: terms in at
        least N / COMMON_SHARE documents are the dense part, at most SPLIT_MEMORY bytes
        of it. On a newsroom whose articles share many words this made the products of a
        block several times faster (bench/related_bench.py, bench/tag_bench.py); float64,
        so the sum is the sparse product's up to rounding. Made once, on first use.
        COMMON_SHARE: with one BLAS thread per worker (`parallel.one_blas_thread`), a
        twentieth took the least time over the blocks of the alike and Reuters newsrooms
        (a tenth and a fortieth 10-45% more; the generated one is dense throughout).
        """
        import numpy as np

        if self._split is None:
            n, width = self.matrix.shape
            df = np.bincount(self.matrix.indices, minlength=width)
            most = max(SPLIT_MEMORY // (8 * max(n, 1)), 1)
            order = np.argsort(-df, kind="stable")[:most]
            chosen = np.zeros(width, dtype=bool)
            chosen[order[df[order] * COMMON_SHARE >= n]] = True
            matrix = self.matrix if self._order is None else self.matrix[self._order]
            common = matrix[:, np.flatnonzero(chosen)].toarray()
            rare = matrix[:, np.flatnonzero(~chosen)].tocsr()
            span = n if self._order is None else -(-n // PREFIX_PIECES)
            pieces = [(at, rare[at : at + span].T.tocsr()) for at in range(0, n, span or 1)]
            self._split = (common, rare, pieces)
        return self._split

    def vector(self, counts: Mapping[str, int]) -> Any:
        """A new document as a normalised row in this index's space (unknown terms drop)."""
        return tfidf_rows([counts], self.vocabulary, self.idf)

    def shared_terms(self, a: int, b: int, limit: int = 3) -> list[tuple[str, float]]:
        """The terms that contribute most to the similarity of rows a and b."""
        product = self.matrix[a].multiply(self.matrix[b]).tocoo()
        ranked = sorted(zip(product.col, product.data, strict=True), key=lambda p: -p[1])
        return [(self.terms[int(c)], float(v)) for c, v in ranked if v > 0][:limit]


def idf(document_frequency: Any, documents: int) -> Any:
    """Smoothed inverse document frequency, for a count or an array of counts."""
    import numpy as np

    return np.log((documents + 1) / (np.asarray(document_frequency) + 1)) + 1.0


def topic_idf(document_frequency: Any, documents: int, cutoff: float) -> Any:
    """Each topic's weight in `related`'s topic signal: its `idf`, and 0 for a topic on
    more than `cutoff` of the articles (too common to mean anything)."""
    import numpy as np

    df = np.asarray(document_frequency)
    weights = np.asarray(idf(df, documents), dtype=np.float64)
    weights[df > cutoff * documents] = 0.0
    return weights


def text_idf(document_frequency: Any, documents: int) -> Any:
    """`idf`, with the terms of every document at zero (FORMAT_TERMS_FROM)."""
    import numpy as np

    weights = idf(document_frequency, documents)
    if documents >= FORMAT_TERMS_FROM:
        weights[np.asarray(document_frequency) >= documents] = 0.0
    return weights


def tfidf_rows(
    documents: Sequence[Mapping[str, int]],
    vocabulary: Mapping[str, int],
    weights: Any,
    light: bool = False,
) -> Any:
    """Documents as rows over a fixed vocabulary and IDF (another index's, a trained
    model's); terms outside the vocabulary count for nothing. `light`: as `Rows`, without
    scipy (whose import is a quarter of a second: `tag suggest ARTICLE` from a snapshot)."""
    if _of_one_store(documents) and not light:
        return _stored_rows(documents, vocabulary, weights)  # type: ignore[arg-type]
    indptr = [0]
    indices: list[int] = []
    values: list[int] = []
    for counts in documents:
        for term, count in counts.items():
            column = vocabulary.get(term)
            if column is not None:
                indices.append(column)
                values.append(count)
        indptr.append(len(indices))
    import numpy as np

    columns = np.asarray(indices, dtype=np.int64)
    if light:
        return Rows(_normalised(columns, values, indptr, weights), columns, np.asarray(indptr))
    return _normalised_rows(columns, values, indptr, weights)


class Rows:
    """A few CSR rows as numpy arrays alone (`data`, `indices`, `indptr`, as scipy names
    them), with the one product the topic words take: by a dense matrix."""

    def __init__(self, data: Any, indices: Any, indptr: Any) -> None:
        self.data, self.indices, self.indptr = data, indices, indptr

    def __matmul__(self, dense: Any) -> Any:
        import numpy as np

        out = np.zeros((len(self.indptr) - 1, dense.shape[1]), dtype=np.float64)
        for row in range(len(self.indptr) - 1):
            span = slice(int(self.indptr[row]), int(self.indptr[row + 1]))
            out[row] = self.data[span] @ dense[self.indices[span]]
        return out


def _stored_rows(
    documents: Sequence[StoredTerms], vocabulary: Mapping[str, int], weights: Any
) -> Any:
    """`tfidf_rows` for rows of one TermStore, in numpy alone: the same matrix, entries in
    the same order (bench/tag_bench.py, `suggest --all`)."""
    import numpy as np

    store = documents[0].store
    gather, offsets = store.gather(documents)
    columns = store.columns_in(vocabulary)[store.ids[gather]]
    kept = columns >= 0
    owner = np.repeat(np.arange(len(documents)), np.diff(offsets))[kept]
    indptr = np.zeros(len(documents) + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=len(documents)), out=indptr[1:])
    return _normalised_rows(columns[kept], store.counts[gather][kept], indptr, weights)


def _normalised_rows(columns: Any, counts: Any, indptr: Any, weights: Any) -> Any:
    """CSR rows of sublinear tf times `weights` (the IDF), L2-normalised: a dot product of
    two rows is their cosine."""
    import numpy as np
    from scipy.sparse import csr_matrix

    data = _normalised(columns, counts, indptr, weights)
    pointers = np.array(indptr, dtype=np.int64)  # a copy: never the term store's own
    return csr_matrix((data, columns, pointers), shape=(len(pointers) - 1, len(weights)))


def _normalised(columns: Any, counts: Any, indptr: Any, weights: Any) -> np.ndarray:
    """The data of `_normalised_rows`."""
    import numpy as np

    # In place where it can be, and int32 row numbers: at 100,000 articles every
    # temporary array is a hundred megabytes the kernel must first map and clear.
    data = np.array(counts, dtype=np.float64)
    np.log(data, out=data)
    data += 1.0
    data *= weights[columns]
    pointers = np.asarray(indptr, dtype=np.int64)  # only read here
    n = len(pointers) - 1
    # Norms straight from the data (a row's columns are distinct): faster than scipy's
    # elementwise products, which build intermediate matrices.
    rows = np.repeat(np.arange(n, dtype=np.int32), np.diff(pointers))
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n))
    norms[norms == 0] = 1.0
    data /= norms[rows]
    return data


def term_probe(terms: Sequence[str], size: int) -> np.ndarray:
    """A random sign (+1 or -1) for each term and column, from the term itself: the
    randomised SVD's probe (`reduced`), the same for a term whatever the other terms and
    their order. With a probe drawn by position, one new article (new terms, in first-seen
    order) drew another probe for every term, and the latent rows, and the lists of the
    articles that use them, moved with it (tests/test_related.py)."""
    import zlib

    import numpy as np

    seeds: Any = np.fromiter((zlib.crc32(t.encode()) for t in terms), np.uint64, len(terms))
    mixed: Any = seeds[:, None] * np.uint64(0x9E3779B97F4A7C15) + np.arange(size, dtype=np.uint64)
    mixed ^= mixed >> np.uint64(31)  # splitmix64's finaliser: every bit depends on both
    mixed *= np.uint64(0xBF58476D1CE4E5B9)
    mixed ^= mixed >> np.uint64(27)
    mixed *= np.uint64(0x94D049BB133111EB)
    mixed ^= mixed >> np.uint64(31)
    return np.where(mixed >> np.uint64(63), 1.0, -1.0)


def entries_of(rows: Any, indptr: Any) -> np.ndarray:
    """Which entries of a CSR layout (its row pointers) are those of `rows`, a mask: the
    fitted rows' terms (`TextIndex`) or topics (`newsroom.snapshot`)."""
    import numpy as np

    pointers = np.asarray(indptr, dtype=np.int64)
    chosen = np.zeros(len(pointers) - 1, dtype=bool)
    chosen[rows] = True
    lengths: Any = np.diff(pointers)
    return np.repeat(chosen, lengths)


def fitted_on(days: Any, least: int = LATENT_FROM) -> np.ndarray:
    """The rows a reduction of these documents (their dates, ordinals) is fitted on: the
    oldest (by date, then row) as many as the largest power of two not above their number,
    every row where that is fewer than `least`. The newsroom's statistics (the IDF,
    `newsroom.docs.text_index`; the topics' weights, `related.Engine`) and the latent
    basis are fitted on them, so an article added today moves no older article's row
    until the newsroom doubles, where statistics of every article moved with each new
    one (bench/related_bench.py, stable lists and warm writes)."""
    import numpy as np

    n = len(days)
    size = 1 << (n.bit_length() - 1) if n else 0
    order = np.argsort(np.asarray(days, dtype=np.int64), kind="stable")
    return np.sort(order[: size if size >= least else n])


def reduced(
    matrix: Any,
    rank: int,
    passes: int = 4,
    probe: np.ndarray | None = None,
    fit: np.ndarray | None = None,
) -> np.ndarray:
    """The rows of a sparse matrix in their singular directions 2 to rank + 1 (U times
    S), each scaled to unit length, float32: a randomised SVD (Halko, Martinsson and Tropp
    2011, with `passes` power iterations), its `probe` (columns x at least rank + 11;
    seeded by default), so the same rows give the same result.
    Its cost is a few sparse products with a (n, rank + 11) block, linear in the entries,
    and QR factorisations of that block.

    The directions are those of the `fit` rows (row numbers; every row when None:
    `directions`), and every row is projected on them (`projected`): a row outside them,
    or a term none of them has, changes no direction.

    The first direction is left out: of rows that are all positive it is their average,
    on which every pair agrees; without it two unrelated stories score about 0, as
    their words' cosine does, and the `related` threshold keeps its meaning."""
    return projected(matrix, directions(matrix, rank, passes, probe, fit))


def directions(
    matrix: Any,
    rank: int,
    passes: int = 4,
    probe: np.ndarray | None = None,
    fit: np.ndarray | None = None,
) -> np.ndarray:
    """`reduced`'s right singular vectors V of the `fit` rows (all: None), (columns, at
    most rank): a row's product with them is its U S row. float32, as the cache keeps
    them (`related.Engine.latent_earns`), so that a fresh reduction and a cached one
    project every row alike."""
    import numpy as np

    n = matrix.shape[0]
    fitted = matrix if fit is None or len(fit) == n else matrix[fit]
    found = _singular(fitted, rank, passes, probe)
    if found is None:
        return np.zeros((matrix.shape[1], 0), dtype=np.float32)
    across, vectors, values = found
    values[values == 0] = 1.0  # U S = M V, with V = across @ vectors / values
    return ((across @ vectors) / values).astype(np.float32)  # type: ignore[no-any-return]


def projected(matrix: Any, scaled: np.ndarray) -> np.ndarray:
    """Rows of `matrix` on `directions`' scaled directions, unit length, float32."""
    import numpy as np

    out = np.asarray(matrix @ scaled.astype(np.float64))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (out / norms).astype(np.float32)  # type: ignore[no-any-return]


def _singular(fitted: Any, rank: int, passes: int, probe: np.ndarray | None) -> Any:
    """The randomised SVD of `reduced`: the matrix's transpose times the range's basis, the
    chosen eigenvectors of its Gram matrix and the singular values; None when there is no
    direction to find."""
    import numpy as np

    size = min(rank + 11, *fitted.shape)
    if size <= 0:
        return None
    if probe is None:
        probe = np.random.default_rng(0).standard_normal((fitted.shape[1], size))
    probe = probe[:, :size]
    basis, _ = np.linalg.qr(fitted @ probe)
    for _ in range(passes):  # orthonormal on the rows' side only: the narrow one
        basis, _ = np.linalg.qr(fitted @ (fitted.T @ basis))
    across = fitted.T @ basis
    # The SVD of basis.T @ fitted from its small Gram matrix: left vectors and squared values
    squares, vectors = np.linalg.eigh(across.T @ across)
    chosen = np.argsort(-squares, kind="stable")[1 : rank + 1]
    return across, vectors[:, chosen], np.sqrt(np.maximum(squares[chosen], 0.0))


def top_k(values: Any, k: int) -> Any:
    """Indices of the k largest values, largest first, ties by lowest index: what a stable
    argsort gives, in O(n) instead of O(n log n)."""
    import numpy as np

    if k >= len(values):
        return np.argsort(-values, kind="stable")
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    kth = np.partition(values, len(values) - k)[len(values) - k]
    above = np.flatnonzero(values > kth)
    ties = np.flatnonzero(values == kth)[: k - len(above)]
    chosen = np.concatenate([above, ties])
    return chosen[np.argsort(-values[chosen], kind="stable")]
