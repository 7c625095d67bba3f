"""Topic suggestions: from the vocabulary found in the text, and from similar articles.

Two signals, both explainable:

- vocabulary: a topic's label, aliases and optional `keywords` (botbeat.yaml), tokenised
  like the text (so `LLMs` matches `LLM`), found in the title (1.0) or in the body (0.5 for
  two or more mentions, 0.25 for one);
- neighbours: the topics of the k most similar tagged articles (TF-IDF cosine, shared with
  `related`), each vote weighted by its similarity, as a share of the total similarity.

score = NEIGHBOURS * neighbours + VOCABULARY * vocabulary. Topics scoring at least the
cut-off are suggested, and always the best one (every article needs a topic).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.similarity import terms

if TYPE_CHECKING:
    from botbeat_cli.crosslinks import Doc
    from botbeat_cli.similarity import TextIndex

NEIGHBOURS, VOCABULARY = 0.7, 0.3
K = 15
CUTOFF = 0.33  # tuned on the Reuters benchmark: bench/tag_bench.py


@dataclass(frozen=True, slots=True)
class Suggestion:
    topic: str
    score: float
    reasons: tuple[str, ...]


class Suggester:
    """Built once for a newsroom; `for_row` (an article in it) or `for_text` (a new one)."""

    def __init__(self, docs: Sequence[Doc], config: NewsroomConfig, index: TextIndex | None = None):
        from botbeat_cli.similarity import TextIndex

        self.docs = list(docs)
        self.config = config
        self.index = index or TextIndex([d.terms for d in self.docs])
        self.tagged = [i for i, d in enumerate(self.docs) if d.topics]
        self.patterns: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for key, topic in config.topics.items():
            names = [topic.label, *topic.aliases, *topic.keywords, key.replace("-", " ")]
            patterns = []
            for name in names:
                words = frozenset(terms(name))
                if words and (name, words) not in patterns:
                    patterns.append((name, words))
            self.patterns[key] = patterns

    def for_row(self, row: int) -> list[Suggestion]:
        return self.for_rows([row])[0]

    def for_rows(self, rows: Sequence[int]) -> list[list[Suggestion]]:
        """Suggestions for articles of the index, in blocks (an article never votes for
        itself)."""
        import numpy as np

        tagged = np.array(self.tagged, dtype=np.int64)
        out: list[list[Suggestion]] = []
        for start in range(0, len(rows), 256):
            block = np.asarray(rows[start : start + 256], dtype=np.int64)
            sims = self.index.cosines(block)[:, tagged] if len(tagged) else None
            for offset, row in enumerate(block):
                doc = self.docs[int(row)]
                neighbours: list[tuple[int, float]] = []
                asked = 0
                if sims is not None:
                    others = tagged != row
                    line, ids = sims[offset][others], tagged[others]
                    top = np.argsort(-line, kind="stable")[:K]
                    asked = len(top)
                    neighbours = [(int(ids[i]), float(line[i])) for i in top if line[i] > 0]
                out.append(self._score(neighbours, asked, doc.title, doc.terms))
        return out

    def for_text(self, title: str, counts: Mapping[str, int]) -> list[Suggestion]:
        """Suggestions for a text that is not in the index (a new article)."""
        import numpy as np

        tagged = np.array(self.tagged, dtype=np.int64)
        neighbours: list[tuple[int, float]] = []
        if len(tagged):
            sims = (self.index.vector(counts) @ self.index.matrix[tagged].T).toarray().ravel()
            top = np.argsort(-sims, kind="stable")[:K]
            neighbours = [(int(tagged[i]), float(sims[i])) for i in top if sims[i] > 0]
        return self._score(neighbours, min(K, len(tagged)), title, counts)

    def _score(
        self,
        neighbours: list[tuple[int, float]],
        asked: int,
        title: str,
        counts: Mapping[str, int],
    ) -> list[Suggestion]:
        scores: dict[str, float] = {}
        reasons: dict[str, list[str]] = {}
        total = sum(sim for _, sim in neighbours)
        votes: dict[str, float] = {}
        voters: dict[str, list[str]] = {}
        for row, sim in neighbours:
            doc = self.docs[row]
            for topic in set(doc.topics):
                votes[topic] = votes.get(topic, 0.0) + sim
                voters.setdefault(topic, []).append(doc.slug)
        for topic, vote in votes.items():
            scores[topic] = NEIGHBOURS * (vote / total if total else 0.0)
            names = ", ".join(voters[topic][:3])
            reasons.setdefault(topic, []).append(
                f"on {len(voters[topic])} of the {asked} most similar articles ({names})"
            )
        title_terms = set(terms(title))
        for topic, patterns in self.patterns.items():
            best, why = 0.0, ""
            for name, words in patterns:
                if words <= title_terms:
                    best, why = 1.0, f"'{name}' in the title"
                    break
                mentions = min(counts.get(w, 0) for w in words)
                strength = 0.5 if mentions >= 2 else 0.25 if mentions == 1 else 0.0
                if strength > best:
                    best, why = strength, f"'{name}' in the text"
            if best:
                scores[topic] = scores.get(topic, 0.0) + VOCABULARY * best
                reasons.setdefault(topic, []).insert(0, why)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [
            Suggestion(topic, round(score, 4), tuple(reasons.get(topic, [])))
            for topic, score in ranked
            if topic in self.config.topics
        ]


def chosen(suggestions: Sequence[Suggestion], cutoff: float = CUTOFF) -> list[Suggestion]:
    """The suggestions at or above the cut-off, and at least the best one."""
    picked = [s for s in suggestions if s.score >= cutoff]
    return picked or list(suggestions[:1])


@dataclass(frozen=True, slots=True)
class ArticleSuggestions:
    path: str
    current: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]


def suggest(
    root: Any, config: NewsroomConfig, paths: Sequence[Any] = (), untagged: bool = False
) -> list[ArticleSuggestions]:
    """Suggestions for the given articles (all when none given; only those without topics
    with `untagged`), each article's own topics hidden from its neighbours' vote."""
    from botbeat_cli.crosslinks import load_docs
    from botbeat_cli.store.newsroom import relative

    docs, _ = load_docs(root)
    suggester = Suggester(docs, config)
    wanted = {relative(root, p) for p in paths}
    rows = [
        row
        for row, doc in enumerate(docs)
        if not (wanted and doc.path not in wanted) and not (untagged and doc.topics)
    ]
    return [
        ArticleSuggestions(docs[row].path, tuple(docs[row].topics), tuple(found))
        for row, found in zip(rows, suggester.for_rows(rows), strict=True)
    ]


def suggest_new(
    root: Any, config: NewsroomConfig, title: str, takeaways: Sequence[str]
) -> list[Suggestion]:
    """Suggestions for an article being created (`botbeat new` without --topic)."""
    from botbeat_cli.crosslinks import load_docs
    from botbeat_cli.similarity import weighted_terms

    docs, _ = load_docs(root)
    return Suggester(docs, config).for_text(title, weighted_terms(title, takeaways, ""))
