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
        known, stored, order = _cached_entries(root, *names) if use_cache else ({}, None, [])
        row_of = {digest: row for row, digest in enumerate(order)}
        rels = sorted(p for paths in slug_index(root).values() for p in paths)
        read, unreadable = cache.digests(root, rels, STATS_NAME, known if use_cache else None)
        missing = [raw for _, raw, digest, _ in read if raw is not None and digest not in known]
        global _sections
        _sections = tuple(sections)
        fresh = iter(fork_map(_entries, missing))
        seen: dict[str, dict[str, Any] | None] = {}  # None: the bytes do not parse
        docs: list[Doc] = []
        learnt = False  # a file found not to parse: remember it, or it is parsed every run
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
                    learnt = True
                    continue
                entry = {k: v for k, v in fresh_entry.items() if k != "terms"}
                terms = fresh_entry["terms"]
            seen[digest] = entry
            slug = rel.rsplit("/", 1)[-1][:-3]
            docs.append(Doc(slug=slug, path=rel, digest=digest, stamp=stamp, terms=terms, **entry))
        # Anything parsed is saved: a digest in the store whose entry is missing (a run
        # stopped between the two saves) would otherwise be parsed again every run.
        reused = (
            stored is not None and not learnt and not missing and [d.digest for d in docs] == order
        )
        if not reused:  # one store for all, a row per document, in order
            store = TermStore.of([d.terms for d in docs])
            for doc, terms in zip(docs, store.rows(), strict=True):
                doc.terms = terms
    if use_cache and not reused:
        digests = np.asarray([d.digest for d in docs], dtype=str)
        # Entries first: a run stopped between the two saves leaves entries the old store
        # does not list, which the next run parses again and saves whole.
        cache.save(root, names[0], seen)
        cache.save_arrays(root, names[1], {**store.arrays(), "digests": digests})
    return docs, sorted(unreadable)


def _cached_entries(
    root: Path, entries_name: str, terms_name: str
) -> tuple[dict[str, dict[str, Any] | None], TermStore | None, list[str]]:
    """The cached entries whose terms are in the cached TermStore (and the digests known
    not to parse, as None), that store, and the digest of each of its rows (the documents
    in the order they were saved)."""
    from botbeat_cli.similarity import TermStore
    from botbeat_cli.store import cache

    entries = cache.load(root, entries_name)
    arrays = cache.load_arrays(root, terms_name) if entries else {}
    store = TermStore.from_arrays(arrays)
    digests = arrays["digests"].tolist() if store is not None and "digests" in arrays else None
    if store is None or digests is None or len(digests) != len(store):
        return {}, None, []  # missing, another version or damaged: parse everything again
    known = set(digests)
    return {d: e for d, e in entries.items() if d in known or e is None}, store, digests


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
    many were remembered.

    `rewrites`: (the digests of the old bytes and of the new, `store.cache.digest_of`, the
    lists written), for files whose only change is their LISTS (`store.rewrite.set_values`
    keeps all else byte for byte), so the new bytes have the old ones' terms and fields.
    A file whose old bytes are not cached, or whose row of the term store is shared with
    another file of the same bytes, is left for the next run to parse.
    """
    import numpy as np

    from botbeat_cli.store import cache

    if not rewrites:
        return 0
    entries_name, terms_name = cache_names(_required(root, sections))
    entries = cache.load(root, entries_name)
    arrays = cache.load_arrays(root, terms_name) if entries else {}
    if "digests" not in arrays:
        return 0
    order = arrays["digests"].tolist()
    rows: dict[str, list[int]] = {}
    for row, digest in enumerate(order):
        rows.setdefault(digest, []).append(row)
    remembered = 0
    for old, new, lists in rewrites:
        entry, at = entries.get(old), rows.get(old, [])
        if not isinstance(entry, dict) or len(at) != 1 or new in rows:
            continue
        stored = dict(entry.get("stored") or {})
        stored.update({name: list(lists[name]) for name in LISTS})
        entries[new] = {**entry, "stored": stored, "base": entry.get("base") or old}
        del entries[old]  # no row holds the old bytes now
        order[at[0]] = new
        rows[new] = rows.pop(old)
        remembered += 1
    if remembered:  # entries first, as `load_docs` saves them
        cache.save(root, entries_name, entries)
        cache.save_arrays(root, terms_name, {**arrays, "digests": np.asarray(order, dtype=str)})
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
