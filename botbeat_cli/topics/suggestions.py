"""Topic suggestions: from the vocabulary in the text, the newsroom's learnt topic words,
and similar articles.

Three signals, each explainable in words:

- vocabulary: a topic's label, aliases and optional `keywords` (botbeat.yaml), tokenised
  like the text (so `LLMs` matches `LLM`), found in the title (1.0) or in the body (0.5 for
  two or more mentions, 0.25 for one);
- learnt words: the margin of the topic's linear classifier over the article's words
  (`topics.learnt`), squashed to 0..1; the reason names the words that weigh most;
- neighbours: the topics of the k most similar tagged articles (TF-IDF cosine, shared with
  `related`), each vote weighted by its similarity, as a share of the total similarity.

On a newsroom with enough tagged articles (CALIBRATE_FROM), a topic's score is the
probability that it is right, from a logistic combination of its signals and its size
fitted on the newsroom's own tagged articles with their topics hidden (`calibrate`), and a
suggestion is confident (`*`) at or above the cut-off calibrated with it: the same signals
are not the same evidence on every newsroom (bench/quality_bench.py: a fixed cut-off was
right 55% to 92% of the time across newsrooms; the fitted combination raised precision on
every variant there). Elsewhere the score is the weighted mean of the signals (LEARNT,
NEIGHBOURS, VOCABULARY; learnt words count only for topics with enough tagged articles),
weights chosen on Reuters (bench/tag_bench.py) from a broad plateau, and the cut-off is
CUTOFF. An article without topics gets its best suggestion as a guess when none is
confident (every article needs a topic).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.parallel import fork_map
from botbeat_cli.similarity import plain, terms, top_k

if TYPE_CHECKING:
    from botbeat_cli.newsroom.docs import Doc
    from botbeat_cli.newsroom.snapshot import Snapshot
    from botbeat_cli.similarity import TextIndex
    from botbeat_cli.topics.learnt import TopicWords

LEARNT, NEIGHBOURS, VOCABULARY = 0.5, 0.3, 0.2
SLOPE, OFFSET = 4.0, 1.0  # margin -> 0..1: a margin of -0.25 gives 0.5, of 0.5 gives 0.95
K = 15
# The cut-off of the weighted mean, where a newsroom has too few tagged articles to
# calibrate its own (chosen on Reuters, bench/tag_bench.py), and the lowest one of the
# weighted mean may be calibrated to.
CUTOFF = 0.38
TARGET = 0.85  # a confident suggestion is right at least this often (95% lower bound)
CALIBRATE_FROM = 100  # tagged articles needed to calibrate the cut-off
CALIBRATION_ROWS = 600  # held-out articles scored in each of the two folds
BLOCK = 256  # articles whose similarities are computed at once
LISTED = 0.05  # weaker suggestions are noise: not listed
EVIDENCE = 5  # the numbers `_evidence` gives for a suggestion
SHOWN = 8  # at most this many suggestions, each with its reasons (an article has <= 6 topics)


@dataclass(frozen=True, slots=True)
class Suggestion:
    topic: str
    score: float
    reasons: tuple[str, ...]
    evidence: tuple[float, ...] = ()  # `_evidence`: what the score was made of


class Suggester:
    """Built once for a newsroom; `for_row` (an article in it) or `for_text` (a new one)."""

    def __init__(
        self,
        docs: Sequence[Doc],
        config: NewsroomConfig,
        topic_words: TopicWords | None = None,
        index: TextIndex | None = None,
    ):
        from botbeat_cli.newsroom.docs import text_index

        self.docs: Sequence[Doc] = list(docs)
        self.config = config
        self.words = topic_words
        self.learnt_columns = {
            t: i for i, t in enumerate(topic_words.topics if topic_words else ())
        }
        self.index = index or text_index(self.docs)
        self.tagged = [i for i, d in enumerate(self.docs) if d.topics]
        self.sizes = Counter(t for i in self.tagged for t in set(self.docs[i].topics))
        self.combine = _combination(topic_words)
        self.patterns = _Names(config)

    @property
    def cutoff(self) -> float | None:
        """The newsroom's calibrated cut-off, if its topic words were calibrated."""
        return self.words.cutoff if self.words is not None else None

    def for_row(self, row: int) -> list[Suggestion]:
        return self.for_rows([row])[0]

    def for_rows(self, rows: Sequence[int]) -> list[list[Suggestion]]:
        """Suggestions for articles of the index, in blocks (an article never votes for
        itself)."""
        import numpy as np

        tagged = np.array(self.tagged, dtype=np.int64)
        place = {row: i for i, row in enumerate(self.tagged)}
        out: list[list[Suggestion]] = []
        for start in range(0, len(rows), BLOCK):
            block = np.asarray(rows[start : start + BLOCK], dtype=np.int64)
            sims = self.index.cosines(block)[:, tagged] if len(tagged) else None
            learnt = self._learnt([self.docs[int(row)].terms for row in block])
            for offset, row in enumerate(block.tolist()):
                doc = self.docs[row]
                neighbours: list[tuple[int, float]] = []
                asked = 0
                if sims is not None:
                    line = sims[offset]
                    own = place.get(row)
                    if own is not None:
                        line[own] = -1.0  # never its own neighbour: below every cosine
                    top = top_k(line, K).tolist()
                    asked = min(K, len(tagged) - (own is not None))
                    neighbours = [(int(tagged[i]), float(line[i])) for i in top if line[i] > 0]
                found = (learnt[0], offset, learnt[1][offset]) if learnt else None
                out.append(self._score(neighbours, asked, doc.title, doc.terms, found))
        return out

    def for_text(self, title: str, counts: Mapping[str, int]) -> list[Suggestion]:
        """Suggestions for a text that is not in the index (a new article)."""
        import numpy as np

        tagged = np.array(self.tagged, dtype=np.int64)
        neighbours: list[tuple[int, float]] = []
        if len(tagged):
            sims = (self.index.vector(counts) @ self.index.matrix[tagged].T).toarray().ravel()
            top = top_k(sims, K)
            neighbours = [(int(tagged[i]), float(sims[i])) for i in top if sims[i] > 0]
        learnt = self._learnt([counts])
        found = (learnt[0], 0, learnt[1][0]) if learnt else None
        return self._score(neighbours, min(K, len(tagged)), title, counts, found)

    light = False  # the rows of `_learnt` without scipy (`_WarmSuggester`: a few)

    def _learnt(self, documents: Sequence[Mapping[str, int]]) -> tuple[Any, Any] | None:
        """Rows and likeness (0..1, from the margins) of the learnt topic words for some
        documents, if any."""
        if self.words is None:
            return None
        import numpy as np

        rows = self.words.rows(documents, self.light)
        likeness = 1.0 / (1.0 + np.exp(-(SLOPE * self.words.margins(rows) + OFFSET)))
        return rows, likeness

    def _score(
        self,
        neighbours: list[tuple[int, float]],
        asked: int,
        title: str,
        counts: Mapping[str, int],
        learnt: tuple[Any, int, Any] | None,
    ) -> list[Suggestion]:
        """`learnt`: the block's rows in the topic words' space, this article's row in
        them, and its likeness to each learnt topic."""
        signals: dict[str, dict[str, float]] = {}  # topic -> {signal: value in 0..1}
        named: dict[str, str] = {}
        title_terms = set(terms(title))
        counts = plain(counts)
        present = counts.keys()
        for topic, patterns in self.patterns.met(title_terms, present):
            best, why = 0.0, ""
            for name, words in patterns:
                if words <= title_terms:
                    best, why = 1.0, f"'{name}' in the title"
                    break
                if not present >= words:  # a word not in the text: no mention
                    continue
                mentions = min(counts[w] for w in words)
                strength = 0.5 if mentions >= 2 else 0.25 if mentions == 1 else 0.0
                if strength > best:
                    best, why = strength, f"'{name}' in the text"
            if best:
                signals.setdefault(topic, {})["vocabulary"] = best
                named[topic] = why
        if learnt is not None and self.words is not None:
            for topic, like in zip(self.words.topics, learnt[2].tolist(), strict=True):
                signals.setdefault(topic, {})["learnt"] = like
        total = sum(sim for _, sim in neighbours)
        votes: dict[str, float] = {}
        voters: dict[str, list[str]] = {}
        for row_id, sim in neighbours:
            doc = self.docs[row_id]
            for topic in set(doc.topics):
                votes[topic] = votes.get(topic, 0.0) + sim
                voters.setdefault(topic, []).append(doc.slug)
        for topic, vote in votes.items():
            signals.setdefault(topic, {})["neighbours"] = vote / total if total else 0.0
        combine = self.combine
        evidence, scores = {}, {}
        for topic, found in signals.items():
            if topic not in self.config.topics:
                continue
            learnt_words = topic in self.learnt_columns
            evidence[topic] = _evidence(found, learnt_words, self.sizes.get(topic, 0))
            scores[topic] = (
                _combined(found, learnt_words)
                if combine is None
                else _probability(combine, evidence[topic])
            )
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:SHOWN]
        out = []
        for topic, score in ranked:
            if score < LISTED:
                break
            reasons = [named[topic]] if topic in named else []
            at = self.learnt_columns.get(topic)
            if learnt is not None and self.words is not None and at is not None:
                likeness = float(learnt[2][at])
                if likeness * LEARNT >= LISTED:
                    strongest = self.words.words_for(learnt[0], learnt[1], at)
                    shown = ", ".join(f"'{w}'" for w in strongest)
                    how = "written like" if likeness >= 0.5 else "a little like"
                    reasons.append(f"{how} its articles ({shown})")
            if topic in voters:
                names = ", ".join(voters[topic][:3])
                reasons.append(
                    f"on {len(voters[topic])} of the {asked} most similar articles ({names})"
                )
            out.append(Suggestion(topic, round(score, 4), tuple(reasons), evidence[topic]))
        return out


def _combination(topic_words: TopicWords | None) -> tuple[float, ...] | None:
    """The calibrated combination of the topic words, if it has the shape of one (not a
    damaged or hand-made cache's)."""
    combine = topic_words.combine if topic_words is not None else None
    return combine if combine and len(combine) == EVIDENCE + 1 else None


class _Names:
    """Each topic's names (label, aliases, keywords, key), as the words that mention it,
    indexed by one word of each (the one fewest names share), so that an article meets only
    the names whose words it may hold: O(its distinct words + names met) instead of every
    name of every topic, which made `tag suggest` quadratic where the vocabulary grows with
    the newsroom (a thousand topics or more: bench/tag_bench.py's many-topics shape)."""

    def __init__(self, config: NewsroomConfig) -> None:
        self.names: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for key, topic in config.topics.items():
            names = [topic.label, *topic.aliases, *topic.keywords, key.replace("-", " ")]
            patterns: list[tuple[str, frozenset[str]]] = []
            for name in names:
                words = frozenset(terms(name))
                if words and (name, words) not in patterns:
                    patterns.append((name, words))
            self.names[key] = patterns
        shared = Counter(w for patterns in self.names.values() for _, ws in patterns for w in ws)
        self.by_word: dict[str, list[tuple[str, int]]] = {}
        for key, patterns in self.names.items():
            for k, (_, words) in enumerate(patterns):
                rarest = min(words, key=lambda w: (shared[w], w))
                self.by_word.setdefault(rarest, []).append((key, k))

    def met(
        self, title: set[str], text: Iterable[str]
    ) -> Iterator[tuple[str, list[tuple[str, frozenset[str]]]]]:
        """Each topic with a name whose indexed word is in the title or the text, and those
        of its names, in its own order: every name that can be in either (a name's words
        are all there only if its indexed word is)."""
        met: dict[str, list[int]] = {}
        for word in title.union(text):
            for key, k in self.by_word.get(word, ()):
                met.setdefault(key, []).append(k)
        for key, ks in met.items():
            patterns = self.names[key]
            yield key, [patterns[k] for k in sorted(ks)]


def _combined(signals: Mapping[str, float], learnt: bool) -> float:
    """The weighted mean of a topic's signals; a topic with no learnt words (too few tagged
    articles) is scored on the other two alone."""
    neighbours = NEIGHBOURS * signals.get("neighbours", 0.0)
    vocabulary = VOCABULARY * signals.get("vocabulary", 0.0)
    if not learnt:
        return (neighbours + vocabulary) / (NEIGHBOURS + VOCABULARY)
    learnt_words = LEARNT * signals.get("learnt", 0.0)
    return (learnt_words + neighbours + vocabulary) / (LEARNT + NEIGHBOURS + VOCABULARY)


def _evidence(signals: Mapping[str, float], learnt: bool, size: int) -> tuple[float, ...]:
    """What a calibrated score is made of: the three signals, whether the topic has learnt
    words, and how many tagged articles it has (log): a vote for a topic of five articles
    is weaker evidence than one for a topic of five hundred."""
    return (
        signals.get("learnt", 0.0),
        signals.get("neighbours", 0.0),
        signals.get("vocabulary", 0.0),
        float(learnt),
        math.log1p(size),
    )


def _probability(combine: Sequence[float], evidence: Sequence[float]) -> float:
    """The logistic combination `calibrate` fitted (weights, then the intercept). Written
    out, not as a sum over a zip (the same additions in the same order, so the same bits):
    it runs for every topic with a signal in every article, most of `tag suggest --all`
    where many topics have learnt words (bench/tag_bench.py)."""
    w0, w1, w2, w3, w4, intercept = combine  # `_combination`: EVIDENCE weights, then it
    x0, x1, x2, x3, x4 = evidence
    z = intercept + (w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4)
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def chosen(suggestions: Sequence[Suggestion], cutoff: float, has_topics: bool) -> list[Suggestion]:
    """What `--apply` adds: the confident suggestions (at or above the cut-off); for an
    article without topics, at least the best one, as a guess."""
    picked = [s for s in suggestions if s.score >= cutoff]
    return picked or ([] if has_topics else list(suggestions[:1]))


def calibrate(
    docs: Sequence[Doc], config: NewsroomConfig, index: TextIndex
) -> tuple[float, tuple[float, ...] | None]:
    """The newsroom's own scoring, learnt from its tagged articles with their topics
    hidden: a logistic combination of each suggestion's evidence (`_evidence`), so that a
    score is the probability that the suggestion is right, and the cut-off of a confident
    one (`*`, what `--apply` adds); inf when no cut-off is confident enough, as on a
    newsroom whose text does not tell its topics.

    Two folds of the tagged articles: each fold's topics hidden (from the neighbours' vote
    and from the learnt words, trained on the other fold alone), up to CALIBRATION_ROWS of
    its articles suggested for and checked against the hidden topics.

    The cut-off is half the best F1 the folds reach (the threshold on calibrated
    probabilities that maximises F1 is half the best F1: Lipton, Elkan and Narayanaswamy,
    2014), and never where the suggestions at or above it fall below TARGET (the lower end
    of a one-sided 95% Wilson interval, `lowest_cutoff`). The weighted mean of the signals
    was chosen on Reuters alone and its one cut-off marked the rare-topic articles' topics
    right 78-80% of the time (bench/quality_bench.py); it stays for a newsroom whose
    folds cannot fit a combination (one class only, or fewer than 30 suggestions), with
    the old rule for its cut-off.
    """
    from dataclasses import replace

    from botbeat_cli.topics.learnt import train

    tagged = [row for row, doc in enumerate(docs) if doc.topics]
    evidence: list[tuple[float, ...]] = []
    right: list[bool] = []
    scored: list[tuple[float, bool]] = []
    wanted = 0  # the hidden topics of the rows suggested for: what recall counts
    for fold in (tagged[0::2], tagged[1::2]):
        hidden_rows = set(fold)
        hidden = [replace(d, topics=()) if i in hidden_rows else d for i, d in enumerate(docs)]
        suggester = Suggester(hidden, config, train(hidden, sorted(config.topics)), index)
        rows = fold[:: max(1, len(fold) // CALIBRATION_ROWS)][:CALIBRATION_ROWS]
        for row, found in zip(rows, suggester.for_rows(rows), strict=True):
            wanted += len(set(docs[row].topics))
            for s in found:
                evidence.append(s.evidence)
                right.append(s.topic in docs[row].topics)
                scored.append((s.score, right[-1]))
    if len(right) < 30 or all(right) or not any(right):
        return max(lowest_cutoff(scored), CUTOFF), None
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(max_iter=1000).fit(np.array(evidence), np.array(right))
    combine = (*(float(w) for w in model.coef_[0]), float(model.intercept_[0]))
    points = [(round(_probability(combine, e), 4), r) for e, r in zip(evidence, right, strict=True)]
    return max(best_f1(points, wanted) / 2, lowest_cutoff(points)), combine


def _cuts(points: Sequence[tuple[float, bool]]) -> Iterator[tuple[float, int, int]]:
    """Every cut-off the (score, right) points allow, highest first: (score, points taken,
    right ones among them). A cut takes all points of one score or none."""
    ranked = sorted(points, key=lambda point: -point[0])
    right = 0
    for taken, (score, correct) in enumerate(ranked, start=1):
        right += correct
        if taken == len(ranked) or ranked[taken][0] != score:
            yield score, taken, right


def best_f1(points: Sequence[tuple[float, bool]], wanted: int) -> float:
    """The best micro F1 of taking the points at or above some score, when `wanted` right
    answers exist in all (the points' right ones among them)."""
    return max((2 * right / (taken + wanted) for _, taken, right in _cuts(points)), default=0.0)


def lowest_cutoff(points: Sequence[tuple[float, bool]], least: int = 30) -> float:
    """The lowest score at which the (score, right) points at or above it are right at
    least TARGET of the time (Wilson lower bound, at least `least` of them); inf if none.
    A score seen, not a point between two: no evidence says anything of the gap below."""
    z = 1.645
    best = math.inf
    for score, taken, right in _cuts(points):
        if taken < least:
            continue
        share = right / taken
        centre = share + z * z / (2 * taken)
        margin = z * math.sqrt(share * (1 - share) / taken + z * z / (4 * taken * taken))
        if (centre - margin) / (1 + z * z / taken) >= TARGET:
            best = score
    return best


@dataclass(frozen=True, slots=True)
class ArticleSuggestions:
    path: str
    current: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True, slots=True)
class Suggested:
    articles: list[ArticleSuggestions]
    unreadable: list[str]  # the articles whose front matter does not parse: none for them
    cutoff: float  # a suggestion at or above it is confident
    calibrated: bool  # the cut-off is the newsroom's own (not --min-score, not CUTOFF)


def suggester_for(root: Any, config: NewsroomConfig, docs: Sequence[Doc]) -> Suggester:
    """The newsroom's suggester, its topic words (and the calibrated cut-off) cached."""
    from botbeat_cli.newsroom.docs import text_index
    from botbeat_cli.topics.learnt import load_or_train

    index = text_index(docs)
    tagged = sum(bool(d.topics) for d in docs)
    calibrated = (lambda: calibrate(docs, config, index)) if tagged >= CALIBRATE_FROM else None
    words = load_or_train(root, docs, list(config.topics), calibrated)
    return Suggester(docs, config, words, index)


def suggest(
    root: Any,
    config: NewsroomConfig,
    paths: Sequence[Any] = (),
    untagged: bool = False,
    cutoff: float | None = None,
) -> Suggested:
    """Suggestions for the given articles (all when none given; only those without topics
    with `untagged`), each article's own topics hidden from its neighbours' vote; the
    files that could not be read are named, not skipped in silence. `cutoff`: the
    editor's (--min-score), else the newsroom's calibrated one, else CUTOFF."""
    from botbeat_cli.newsroom import snapshot
    from botbeat_cli.newsroom.docs import load_docs
    from botbeat_cli.store.newsroom import relative

    seen = snapshot.Seen.now(root)  # before the articles are listed and read
    docs, unreadable = load_docs(root, sections=config.rules.required_sections)
    suggester = suggester_for(root, config, docs)
    snapshot.save(root, config, docs, suggester.index, seen, unread=unreadable)
    wanted = {relative(root, p) for p in paths}
    rows = [
        row
        for row, doc in enumerate(docs)
        if not (wanted and doc.path not in wanted) and not (untagged and doc.topics)
    ]
    if len(rows) >= PARALLEL_FROM:
        suggester.index.ready_for_many()
    global _SUGGESTER
    _SUGGESTER = suggester
    try:
        # Many articles (`--all`): blocks shared out to one process per core, forked with
        # the suggester built (bench/tag_bench.py). The blocks are for_rows' own, so a
        # block's similarities, and the ties they settle, are those of one process.
        blocks = [rows[i : i + BLOCK] for i in range(0, len(rows), BLOCK)]
        results = fork_map(_for_blocks, blocks, minimum=-(-PARALLEL_FROM // BLOCK))
    finally:
        _SUGGESTER = None
    articles = [
        ArticleSuggestions(docs[row].path, tuple(docs[row].topics), tuple(found))
        for row, found in zip(rows, chain.from_iterable(results), strict=True)
    ]
    unread = [rel for rel in unreadable if not wanted or rel in wanted]
    return _suggested(articles, unread, suggester.cutoff, cutoff)


def _suggested(
    articles: list[ArticleSuggestions], unread: list[str], own: float | None, cutoff: float | None
) -> Suggested:
    """The result, with the editor's cut-off, else the newsroom's calibrated one, else
    CUTOFF."""
    if cutoff is not None or own is None:
        return Suggested(articles, unread, CUTOFF if cutoff is None else cutoff, False)
    return Suggested(articles, unread, own, True)


def suggest_article(
    root: Any,
    config: NewsroomConfig,
    name: str,
    untagged: bool = False,
    cutoff: float | None = None,
) -> Suggested:
    """`suggest` for one article named by path or slug: from the snapshot of the last
    full computation where it can answer (`newsroom.snapshot` says what it trusts; the
    topic words must be cached and valid for its articles, and every article whose vote
    is counted as recorded), else over the whole newsroom, which records it anew."""
    from botbeat_cli.newsroom.catalog import find_article

    warm = None if untagged else _from_snapshot(root, config, name, cutoff)
    if warm is not None:
        return warm
    path = find_article(root, name, readable=True)
    return suggest(root, config, [path], untagged=untagged, cutoff=cutoff)


def _from_snapshot(
    root: Any, config: NewsroomConfig, name: str, cutoff: float | None
) -> Suggested | None:
    import numpy as np

    from botbeat_cli.newsroom.snapshot import Snapshot
    from botbeat_cli.topics.learnt import cached

    found = Snapshot.for_article(root, config, name)
    if found is None:
        return None
    snap, row = found
    contents = snap.arrays["contents"][snap.tagged()]
    if not all(contents.tolist()):
        return None  # recorded without every article's digest: no fingerprints
    words = cached(root, list(config.topics), np.sort(contents.astype("U32")))
    if words is None:
        return None  # to be trained (or too few tagged articles): the full run decides
    suggester = _WarmSuggester(snap, config, words)
    suggestions = suggester.for_row(row)
    if not snap.unchanged(root, suggester.read.made()):  # the article and its voters
        return None
    doc = suggester.docs[row]
    article = ArticleSuggestions(doc.path, tuple(doc.topics), tuple(suggestions))
    return _suggested([article], [], suggester.cutoff, cutoff)


class _WarmSuggester(Suggester):
    """A `Suggester` on the snapshot's arrays (`newsroom.snapshot`): the same suggestions
    for the rows it is asked about, without reading every article or building the index."""

    light = True

    def __init__(self, snap: Snapshot, config: NewsroomConfig, topic_words: TopicWords) -> None:
        import numpy as np

        from botbeat_cli.newsroom.snapshot import Docs, Texts

        self.read = Docs(snap)
        self.docs = self.read
        self.config = config
        self.words = topic_words
        self.learnt_columns = {t: i for i, t in enumerate(topic_words.topics)}
        self.index = Texts(snap)
        self.tagged = snap.tagged().tolist()
        sizes = np.diff(snap.arrays["topic_docs_at"]).tolist()
        self.sizes = Counter(dict(zip(snap.topics, sizes, strict=True)))
        self.combine = _combination(topic_words)
        self.patterns = _Names(config)


PARALLEL_FROM = 1000  # fewer articles than this take under a second in one process
_SUGGESTER: Suggester | None = None  # set around fork_map in `suggest`


def _for_blocks(blocks: Sequence[Sequence[int]]) -> list[list[list[Suggestion]]]:
    assert _SUGGESTER is not None
    return [_SUGGESTER.for_rows(block) for block in blocks]


def suggest_new(
    root: Any, config: NewsroomConfig, title: str, takeaways: Sequence[str]
) -> list[Suggestion]:
    """What `botbeat new` without --topic stores: the confident suggestions for the new
    article, or its best one."""
    from botbeat_cli.newsroom.docs import load_docs
    from botbeat_cli.similarity import weighted_terms

    docs, _ = load_docs(root, sections=config.rules.required_sections)
    suggester = suggester_for(root, config, docs)
    found = suggester.for_text(title, weighted_terms(title, takeaways, ""))
    own = suggester.cutoff
    return chosen(found, CUTOFF if own is None else own, has_topics=False)


def apply(
    root: Any, config: NewsroomConfig, results: Sequence[ArticleSuggestions], cutoff: float
) -> list[tuple[str, list[str]]]:
    """Add each article's chosen suggestions (as many as it has room for, TOPICS_MAX);
    returns the articles changed and their topics."""
    from botbeat_cli.model.article import TOPICS_MAX
    from botbeat_cli.topics.vocabulary import edit_article

    changed = []
    for result in results:
        keys = [s.topic for s in chosen(result.suggestions, cutoff, bool(result.current))]
        room = max(0, TOPICS_MAX - len(result.current))
        new = [t for t in keys if t not in result.current][:room]
        if new:
            topics, _ = edit_article(root, config, root / result.path, add=new)
            changed.append((result.path, topics))
    return changed
