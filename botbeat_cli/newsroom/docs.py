"""The newsroom's articles as documents for the commands that compare texts (`related`,
`tag suggest`): each article's fields (read leniently, `newsroom.fields`), its terms and
its stored lists, cached by content and trusted by stat, so a warm run reads no file that
did not change (bench/related_bench.py, bench/tag_bench.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botbeat_cli.newsroom import fields
from botbeat_cli.parallel import fork_map, no_gc
from botbeat_cli.store import files, frontmatter
from botbeat_cli.store.newsroom import slug_index
from botbeat_cli.store.problems import ReadProblem
from botbeat_cli.urls import normalise

if TYPE_CHECKING:
    from botbeat_cli.similarity import TermStore, TextIndex

LISTS = ("more_from", "suggested")  # the lists `related --write` owns


@dataclass(slots=True)
class Doc:
    slug: str
    path: str
    title: str
    day: int  # date.toordinal(); 0 when the article has no valid date
    entity: str
    status: str
    topics: Sequence[str]
    terms: Mapping[str, int]
    stored: dict[str, list[str]] = field(default_factory=dict)  # related lists in the file
    source: str = ""  # normalised source URL
    digest: str = ""  # hash of the file's bytes, when read by load_docs
    # The hash of the bytes this file had before `related --write` stored lists in it
    # (`remember_rewrites`), "" when it was parsed as it is: the same base means the same
    # text and topics, so what only those decide stays cached (`content`).
    base: str = ""
    stamp: tuple[int, int, int] = (0, 0, 0)  # size, mtime and inode when load_docs read it

    @property
    def date(self) -> date | None:
        return date.fromordinal(self.day) if self.day else None

    @property
    def content(self) -> str:
        """What identifies the article's text and topics, whatever related lists it holds:
        the key of what they alone decide (the latent part of `related`, topic words)."""
        return self.base or self.digest


CACHE_NAME = "related-docs-v7-{}.json"  # bump when what a document's entry holds changes
TERMS_NAME = "related-terms-v4-{}.npz"  # the entries' term counts, as a TermStore
STATS_NAME = "related-files-v1.json"  # size, mtime, inode and digest of each file


def text_index(docs: Sequence[Doc]) -> TextIndex:
    """The newsroom's TF-IDF index, its statistics fitted on its oldest articles
    (`similarity.fitted_on`): one for `related` and topic suggestions, which share the
    snapshot of it (`newsroom.snapshot`)."""
    from botbeat_cli.similarity import TextIndex, fitted_on

    return TextIndex([d.terms for d in docs], fit=fitted_on([d.day for d in docs]))


def cache_names(sections: Sequence[str]) -> tuple[str, str]:
    """The docs cache and term store names for these required sections (terms differ)."""
    import hashlib

    key = hashlib.blake2b("\n".join(sections).lower().encode(), digest_size=4).hexdigest()
    return CACHE_NAME.format(key), TERMS_NAME.format(key)


def load_docs(
    root: Path, use_cache: bool = True, sections: Sequence[str] | None = None
) -> tuple[list[Doc], list[str]]:
    """Every readable article (sorted by path) and the paths that could not be read.

    What an article contributes (its terms, dates, topics...) is cached by a hash of its
    bytes (`store.cache`), so after one article changes only that one is parsed again; and
    a file whose size and mtime did not change is not even read (`cache.digests`). The term
    counts are kept apart, as arrays (`similarity.TermStore`): every document's `terms` is a
    row of one store, from which a TextIndex is built without a Python loop.

    The body's terms leave out what every article carries by format: the headings of
    `rules.required_sections` (`sections`, default: botbeat.yaml's) and `botbeat new`'s
    placeholder lines (issue 10: reasons said "text similarity on 'opinion', 'editorial'").
    The caches are per set of sections.
    """
    import numpy as np

    from botbeat_cli.similarity import StoredTerms, TermStore
    from botbeat_cli.store import cache

    sections = _required(root, sections)
    names = cache_names(sections)
    with no_gc():  # the cache alone is hundreds of thousands of small objects
        cached_state = _cached_entries(root, *names) if use_cache else _Cached({}, None, [])
        known, stored, order = cached_state.entries, cached_state.store, cached_state.order
        row_of = {digest: row for row, digest in enumerate(order)}
        rels = sorted(p for paths in slug_index(root).values() for p in paths)
        read, unreadable = cache.digests(root, rels, STATS_NAME, known if use_cache else None)
        missing = [raw for _, raw, digest, _ in read if raw is not None and digest not in known]
        global _sections
        _sections = tuple(sections)
        fresh = iter(fork_map(_entries, missing))
        seen: dict[str, dict[str, Any] | None] = {}  # None: the bytes do not parse
        docs: list[Doc] = []
        learnt: list[str] = []  # digests found not to parse: remembered, or parsed every run
        for rel, _, digest, stamp in read:
            terms: Mapping[str, int]
            cached = known.get(digest)
            if cached is None and digest in known:  # known not to parse
                seen[digest] = None
                unreadable.append(rel)
                continue
            if stored is not None and cached is not None:
                entry, terms = cached, StoredTerms(stored, row_of[digest])
            else:
                fresh_entry = next(fresh)
                if fresh_entry is None:
                    seen[digest] = None
                    unreadable.append(rel)
                    learnt.append(digest)
                    continue
                entry = {k: v for k, v in fresh_entry.items() if k != "terms"}
                terms = fresh_entry["terms"]
            seen[digest] = entry
            slug = rel.rsplit("/", 1)[-1][:-3]
            docs.append(Doc(slug=slug, path=rel, digest=digest, stamp=stamp, terms=terms, **entry))
        new = {d.digest: d for d in docs if not isinstance(d.terms, StoredTerms)}
        if stored is not None and use_cache and not (new or learnt):
            return docs, sorted(unreadable)  # nothing parsed: nothing to save
        grown = None
        if stored is not None and use_cache:
            grown = _journalled(root, names[0], cached_state, seen, learnt, new, len(docs))
        if grown is not None and stored is not None:  # the new rows follow the cached ones
            at = {digest: len(stored) + k for k, digest in enumerate(new)}
            for doc in docs:  # rows of one store, as a TextIndex is built from without a loop
                old = doc.terms.row if isinstance(doc.terms, StoredTerms) else at[doc.digest]
                doc.terms = StoredTerms(grown, old)
        else:  # one store for all, a row per document, in order
            store = TermStore.of([d.terms for d in docs])
            for doc, terms in zip(docs, store.rows(), strict=True):
                doc.terms = terms
    if use_cache and grown is None:
        digests = np.asarray([d.digest for d in docs], dtype=str)
        # Entries first: a run stopped between the two saves leaves entries the old store
        # does not list, which the next run parses again and saves whole. Then the journal
        # goes: all it held is in them.
        cache.save(root, names[0], seen)
        cache.save_arrays(root, names[1], {**store.arrays(), "digests": digests})
        cache.discard(root, journal_name(names[0]))
    return docs, sorted(unreadable)


# The documents' cache journal (`journal_name`): what runs parsed or `--write` rewrote since
# the cache was last saved whole, a JSON line each, so that one new article costs its own
# line, not a rewrite of every entry and term row (71 MB and 80 MB at 100,000 articles:
# docs/related.md). Saved whole again once it passes JOURNAL_BYTES, or once the store holds
# more rows no article uses than GARBAGE_SHARE of the articles (deleted or edited ones).
JOURNAL_BYTES = 8 * 2**20
GARBAGE_SHARE = 8  # rows no article uses, at most this fraction of the articles (1 / 8)


def journal_name(entries_name: str) -> str:
    return entries_name.removesuffix(".json") + ".log"


@dataclass(slots=True)
class _Cached:
    """The documents' cache as loaded: entries by digest (None: known not to parse), the
    term store, the digest of each of its rows, and the journal's size in bytes."""

    entries: dict[str, dict[str, Any] | None]
    store: TermStore | None
    order: list[str]
    journal: int = 0


def _journalled(
    root: Path,
    entries_name: str,
    cached: _Cached,
    seen: Mapping[str, dict[str, Any] | None],
    learnt: Sequence[str],
    new: Mapping[str, Doc],
    articles: int,
) -> TermStore | None:
    """Record what this run parsed (`new`: by digest, a document whose terms are its own;
    `learnt`: digests found not to parse) as journal lines, and return the cached store
    with the new documents' rows after its own, in `new`'s order; None (nothing done)
    where the journal would pass JOURNAL_BYTES or the store hold too many unused rows,
    for a save of the whole cache."""
    import orjson

    from botbeat_cli.store import cache

    assert cached.store is not None
    used = {digest for digest, entry in seen.items() if entry is not None}
    unused = len(set(cached.order) - used)
    if unused * GARBAGE_SHARE > max(articles, 64):
        return None
    records = [{"add": d, "entry": seen[d], "terms": dict(doc.terms)} for d, doc in new.items()]
    records += [{"add": digest, "entry": None} for digest in learnt]
    lines = b"".join(orjson.dumps(record) + b"\n" for record in records)
    if cached.journal + len(lines) > JOURNAL_BYTES:
        return None
    cache.append_bytes(root, journal_name(entries_name), lines)
    return cached.store.with_rows([doc.terms for doc in new.values()])


def _cached_entries(root: Path, entries_name: str, terms_name: str) -> _Cached:
    """The cached entries whose terms are in the cached TermStore (and the digests known
    not to parse, as None), that store, and the digest of each of its rows (the documents
    in the order they were saved, then those the journal added), with the journal's
    lines applied in order (`_replay`)."""
    from botbeat_cli.similarity import TermStore
    from botbeat_cli.store import cache

    entries = cache.load(root, entries_name)
    arrays = cache.load_arrays(root, terms_name) if entries else {}
    store = TermStore.from_arrays(arrays)
    digests = arrays["digests"].tolist() if store is not None and "digests" in arrays else None
    if store is None or digests is None or len(digests) != len(store):
        return _Cached({}, None, [])  # missing, another version or damaged: parse all again
    known = set(digests)
    entries = {d: e for d, e in entries.items() if d in known or e is None}
    journal = cache.load_bytes(root, journal_name(entries_name))
    return _replay(_Cached(entries, store, digests, len(journal)), journal)


def _replay(cached: _Cached, journal: bytes) -> _Cached:
    """`cached` with the journal's lines applied in order: an added document (its entry
    and term row, or None for bytes that do not parse) unless its digest is known, and a
    rewrite (`remember_rewrites`) where its old bytes have one row and the new none. A
    line that does not read as one (cut short by a crash) is skipped; applying a line
    twice changes nothing, so a journal read beside a cache saved since is harmless."""
    import orjson

    assert cached.store is not None
    entries, order = cached.entries, cached.order
    rows = _rows_of(order)
    added: list[Mapping[str, int]] = []
    for line in journal.splitlines():
        try:
            record = orjson.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict):
            continue
        if isinstance(record.get("add"), str):
            _added(record, entries, rows, added, order)
        elif isinstance(record.get("old"), str) and isinstance(record.get("new"), str):
            _moved(record, entries, rows, order)
    store = cached.store.with_rows(added) if added else cached.store
    return _Cached(entries, store, order, cached.journal)


def _rows_of(order: Sequence[str]) -> dict[str, list[int]]:
    """Each digest's rows of the term store."""
    rows: dict[str, list[int]] = {}
    for row, digest in enumerate(order):
        rows.setdefault(digest, []).append(row)
    return rows


def _added(
    record: dict[str, Any],
    entries: dict[str, dict[str, Any] | None],
    rows: dict[str, list[int]],
    added: list[Mapping[str, int]],
    order: list[str],
) -> None:
    """One added document: its entry, and its terms as the next row (`order`)."""
    digest, entry, terms = record["add"], record.get("entry"), record.get("terms")
    if digest in entries:
        return
    if entry is None:
        entries[digest] = None
        return
    if not isinstance(entry, dict) or not isinstance(terms, dict):
        return
    if not all(isinstance(t, str) and type(c) is int and c > 0 for t, c in terms.items()):
        return
    entries[digest] = entry
    rows[digest] = [len(order)]
    order.append(digest)
    added.append(terms)


def _moved(
    record: dict[str, Any],
    entries: dict[str, dict[str, Any] | None],
    rows: dict[str, list[int]],
    order: list[str],
) -> bool:
    """One rewrite (`remember_rewrites`): the new bytes take the old ones' entry and row;
    whether they did."""
    old, new, lists = record["old"], record["new"], record.get("lists")
    entry, at = entries.get(old), rows.get(old, [])
    if not isinstance(entry, dict) or len(at) != 1 or new in rows or not isinstance(lists, dict):
        return False
    stored = dict(entry.get("stored") or {})
    stored.update({name: list(lists.get(name) or []) for name in LISTS})
    entries[new] = {**entry, "stored": stored, "base": entry.get("base") or old}
    del entries[old]  # no row holds the old bytes now
    order[at[0]] = new
    rows[new] = rows.pop(old)
    return True


def _required(root: Path, sections: Sequence[str] | None) -> Sequence[str]:
    """The required sections given, else botbeat.yaml's."""
    if sections is not None:
        return sections
    from botbeat_cli.config import load_config

    return load_config(root).rules.required_sections


def remember_rewrites(
    root: Path,
    sections: Sequence[str] | None,
    rewrites: Sequence[tuple[str, str, Mapping[str, Sequence[str]]]],
) -> int:
    """After `related --write`: each rewritten file's entry, from the entry of its old
    bytes with the written lists, so the next run parses none of them (it still reads
    and hashes them; bench/related_bench.py runs `--check` after `--write`). Returns how
    many were remembered: a few are journal lines (`journal_name`), applied as the next
    run loads the cache, which skips one it cannot apply; more are applied and saved whole.

    `rewrites`: (the digests of the old bytes and of the new, `store.cache.digest_of`, the
    lists written), for files whose only change is their LISTS (`store.rewrite.set_values`
    keeps all else byte for byte), so the new bytes have the old ones' terms and fields.
    A file whose old bytes are not cached, or whose row of the term store is shared with
    another file of the same bytes, is left for the next run to parse.
    """
    import numpy as np
    import orjson

    from botbeat_cli.store import cache

    if not rewrites:
        return 0
    entries_name, terms_name = cache_names(_required(root, sections))
    records = [{"old": old, "new": new, "lists": dict(lists)} for old, new, lists in rewrites]
    lines = b"".join(orjson.dumps(record) + b"\n" for record in records)
    journal = journal_name(entries_name)
    if len(cache.load_bytes(root, journal)) + len(lines) <= JOURNAL_BYTES:
        cache.append_bytes(root, journal, lines)  # applied as the next run loads the cache
        return len(records)
    cached = _cached_entries(root, entries_name, terms_name)
    if cached.store is None:
        return 0
    rows = _rows_of(cached.order)
    remembered = 0
    for record in records:
        remembered += _moved(record, cached.entries, rows, cached.order)
    if remembered:  # entries first, as `load_docs` saves them
        digests = np.asarray(cached.order, dtype=str)
        cache.save(root, entries_name, cached.entries)
        cache.save_arrays(root, terms_name, {**cached.store.arrays(), "digests": digests})
        cache.discard(root, journal)
    return remembered


_sections: tuple[str, ...] = ()  # the required sections, for forked workers (`_entries`)


def _entries(raws: Sequence[bytes]) -> list[dict[str, Any] | None]:
    return [_entry(raw, _sections) for raw in raws]


def story_text(body: str, sections: Sequence[str]) -> str:
    """The body without what the format puts in every article: the required section
    headings and `botbeat new`'s placeholder lines."""
    from botbeat_cli.rules.article import is_format_line

    wanted = {name.lower() for name in sections}
    return "\n".join(line for line in body.split("\n") if not is_format_line(line, wanted))


def _entry(raw: bytes, sections: Sequence[str] = ()) -> dict[str, Any] | None:
    """The cacheable part of a document, from the file's bytes; None if unreadable."""
    from botbeat_cli.similarity import weighted_terms

    try:
        parsed = frontmatter.parse(files.decode(raw))
    except ReadProblem:
        return None
    read = fields.read(parsed.data)
    return {
        "title": read.title,
        "day": read.date.toordinal() if read.date else 0,
        "entity": read.entity,
        "status": read.status,
        "topics": list(read.topics),
        "terms": dict(
            weighted_terms(read.title, read.takeaways, story_text(parsed.body, sections))
        ),
        "stored": {name: list(lists) for name, lists in read.related.items()},
        "source": normalise(read.source_url),
    }
