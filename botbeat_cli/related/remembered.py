"""The lists of the last computation, each under what decides it (`related.plan`), so that
a warm `--write` or `--check` scores only the articles whose key changed: after one new
article, it alone, and those dated on its day (bench/related_bench.py, warm writes).

An article's lists are a function of its own file, of the articles it may take (those
published and dated up to it, or up to today with `include_newer`), of the statistics
fitted on the oldest articles (`similarity.fitted_on`: the words' IDF, the topics'
weights, the latent directions and verdict) and of the settings. The key hashes all of
these: the fitted articles' contents and the settings once, and the articles by date,
chained, so that each article's candidates are one prefix of the chain. What the key
leaves out (the other articles' lists; anything newer than the candidates) cannot move a
list. Its own stored lists are compared, not hashed: a list `--write` stored is the
one computed from it again (a fixed point of `Engine._kept`), so the entry serves both
before and after the write.

A newsroom where two articles share a slug, or an article was not hashed, is computed in
full, as a newsroom without a cache is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.newsroom.docs import LISTS, Doc

NAME = "related-lists-v1.json"
Slugs = tuple[list[str], list[str]]  # more_from's slugs, suggested's


@dataclass(slots=True)
class Remembered:
    """Each row's key (None: no cache for this newsroom), and the cached entries: key ->
    [computed more_from, computed suggested], followed by the lists the file stored when
    they were others (None for a list it did not have)."""

    root: Path
    docs: Sequence[Doc]
    keys: list[str] | None
    entries: dict[str, list[Any]]

    @classmethod
    def of(cls, root: Path, docs: Sequence[Doc], config: NewsroomConfig, today: date) -> Remembered:
        from botbeat_cli.parallel import no_gc
        from botbeat_cli.store import cache

        with no_gc():  # many small objects, no cycles (as load_docs)
            keys = row_keys(docs, config, today)
            entries: dict[str, list[Any]] = {}
            if keys is not None:
                found = cache.load(root, NAME).get("rows")
                entries = found if isinstance(found, dict) else {}
        return cls(root, docs, keys, entries)

    def known(self, rows: Sequence[int]) -> dict[int, Slugs]:
        """The rows whose lists the cache holds for the file as it is now."""
        out: dict[int, Slugs] = {}
        if self.keys is None:
            return out
        for row in rows:
            entry = self.entries.get(self.keys[row])
            if not (isinstance(entry, list) and len(entry) in (2, 4)):
                continue
            stored = [self.docs[row].stored.get(name) for name in LISTS]
            if stored in (entry[:2], entry[2:]) and _slugs(entry[0]) and _slugs(entry[1]):
                out[row] = (list(entry[0]), list(entry[1]))
        return out

    def save(self, computed: Mapping[int, Slugs]) -> None:
        """Keep `computed` (row -> lists, under the files' stored lists as they are now)
        with the entries still of some row, the others dropped. Best effort, as every
        cache."""
        from botbeat_cli.store import cache

        if self.keys is None or not computed:
            return
        current = set(self.keys)
        rows = {key: entry for key, entry in self.entries.items() if key in current}
        for row, (more, suggested) in computed.items():
            stored = [self.docs[row].stored.get(name) for name in LISTS]
            entry = [more, suggested]
            rows[self.keys[row]] = entry if stored == entry else [*entry, *stored]
        cache.save(self.root, NAME, {"rows": rows})


def _slugs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(s, str) for s in value)


# The modules whose code decides a list: a botbeat installed from another commit of the
# same version must not take lists another scoring made (CI's fresh clone would disagree).
CODE = ("related/__init__.py", "related/remembered.py", "similarity.py", "newsroom/docs.py",
        "newsroom/fields.py", "model/newsroom.py")  # fmt: skip


def _code() -> str:
    """A hash of the CODE modules' source, or "" where it cannot be read (then the version
    alone keys the code)."""
    import botbeat_cli

    digest = hashlib.blake2b(digest_size=16)
    package = Path(botbeat_cli.__file__).parent
    try:
        for name in CODE:
            digest.update((package / name).read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()


def row_keys(docs: Sequence[Doc], config: NewsroomConfig, today: date) -> list[str] | None:
    """Each document's key (module docstring), or None where no cache can be trusted."""
    import numpy as np

    from botbeat_cli import __version__, similarity
    from botbeat_cli.related import JUDGE_FROM, JUDGED, LATENT_SHARE, NEAR, STABLE

    if not all(d.content for d in docs) or len({d.slug for d in docs}) != len(docs):
        return None
    days = np.asarray([d.day for d in docs], dtype=np.int64)
    made = (
        __version__,
        _code(),
        STABLE,
        NEAR,
        LATENT_SHARE,
        JUDGE_FROM,
        JUDGED,
        similarity.LATENT_FROM,
        similarity.LATENT_RANK,
        similarity.FORMAT_TERMS_FROM,
        config.related.model_dump_json(),
        *config.rules.required_sections,
    )
    # What of a document a list may read: its file (`Doc.content`, whatever related lists
    # it holds), where it is, its slug and its date.
    signatures = [f"{d.path}\0{d.slug}\0{d.day}\0{d.content}\n".encode() for d in docs]
    settings = hashlib.blake2b(repr(made).encode(), digest_size=16)
    for i in similarity.fitted_on(days).tolist():
        settings.update(signatures[i])
    chain = [settings.digest()]  # chain[m]: of the first m documents by date, then path
    order = sorted(range(len(docs)), key=[(d.day, d.path) for d in docs].__getitem__)
    for i in order:
        chain.append(hashlib.blake2b(chain[-1] + signatures[i], digest_size=16).digest())
    cut = np.full(len(docs), today.toordinal(), dtype=np.int64)
    if not config.related.include_newer:
        cut = np.minimum(cut, days)
    upto = np.searchsorted(days[order] if order else days, cut, side="right").tolist()
    return [
        hashlib.blake2b(chain[m] + mine, digest_size=16).hexdigest()
        for m, mine in zip(upto, signatures, strict=True)
    ]
