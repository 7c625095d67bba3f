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

    def for_row(self, row: int, exclude: frozenset[int] = frozenset()) -> list[Suggestion]:
        doc = self.docs[row]
        vector = self.index.matrix[row]
        return self._suggest(vector, doc.title, doc.terms, exclude | {row})

    def for_text(self, title: str, counts: Mapping[str, int]) -> list[Suggestion]:
        return self._suggest(self.index.vector(counts), title, counts, frozenset())

    def _suggest(
        self, vector: Any, title: str, counts: Mapping[str, int], exclude: frozenset[int]
    ) -> list[Suggestion]:
        import numpy as np

        scores: dict[str, float] = {}
        reasons: dict[str, list[str]] = {}
        candidates = np.array([i for i in self.tagged if i not in exclude], dtype=np.int64)
        if len(candidates):
            sims = (vector @ self.index.matrix[candidates].T).toarray().ravel()
            top = np.argsort(-sims, kind="stable")[:K]
            total = float(sims[top].sum())
            votes: dict[str, float] = {}
            voters: dict[str, list[str]] = {}
            for position in top:
                if sims[position] <= 0:
                    continue
                doc = self.docs[int(candidates[position])]
                for topic in set(doc.topics):
                    votes[topic] = votes.get(topic, 0.0) + float(sims[position])
                    voters.setdefault(topic, []).append(doc.slug)
            for topic, vote in votes.items():
                share = vote / total if total else 0.0
                scores[topic] = NEIGHBOURS * share
                names = ", ".join(voters[topic][:3])
                reasons.setdefault(topic, []).append(
                    f"on {len(voters[topic])} of the {len(top)} most similar articles ({names})"
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
    out = []
    for row, doc in enumerate(docs):
        if (wanted and doc.path not in wanted) or (untagged and doc.topics):
            continue
        out.append(ArticleSuggestions(doc.path, tuple(doc.topics), tuple(suggester.for_row(row))))
    return out
