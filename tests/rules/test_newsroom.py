"""The newsroom-wide rules: exact near-identical titles, and the hook's one-file run saying
what the whole-newsroom run says of that file (issue 10, defect 10)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from botbeat_cli.rules.newsroom import (
    SCAN_UP_TO,
    KnownAlike,
    Summary,
    alike_since,
    earliest_alike,
    titles_alike,
)
from botbeat_cli.validate import ValidateOptions, validate
from tests.conftest import Newsroom, article_text
from tests.depth import examples


def brute_force(bags: list[frozenset[str]], t: float, queries: list[int]) -> list[tuple[int, int]]:
    out = []
    for i in queries:
        if len(bags[i]) < 2:
            continue
        match = next((j for j in range(i) if titles_alike(bags[i], bags[j], t)), None)
        if match is not None:
            out.append((i, match))
    return out


def template_titles(n: int, seed: int) -> list[frozenset[str]]:
    """Titles as newsrooms write them: a few templates per company, so most words are
    shared ("<company> launches new <product> for <market>")."""
    rng = random.Random(seed)
    companies = [f"company{i}" for i in range(12)]
    verbs = ["launche", "unveil", "release", "announce", "ship"]
    things = [f"product{i}" for i in range(40)]
    markets = ["developer", "enterprise", "phone", "agent", "cloud", "europe"]
    bags = []
    for _ in range(n):
        words = {rng.choice(companies), rng.choice(verbs), rng.choice(things), "model"}
        words |= {rng.choice(markets) for _ in range(rng.randint(0, 2))}
        bags.append(frozenset(words))
    return bags


@pytest.fixture(params=["variants", "prefixes"])
def method(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Either index of `earliest_alike`: the deletion variants (`by_variants`, given room
    for any number) or the prefix filter (given none)."""
    from botbeat_cli.rules import newsroom

    monkeypatch.setattr(newsroom, "VARIANTS_PER_TITLE", 10**6 if request.param == "variants" else 0)
    return str(request.param)


@pytest.mark.parametrize("threshold", [0.5, 0.6, 0.75, 0.85, 1.0])
@pytest.mark.parametrize("seed", [1, 2])
def test_the_index_finds_exactly_what_every_pair_finds(
    threshold: float, seed: int, method: str
) -> None:
    bags = template_titles(600, seed)
    everyone = list(range(len(bags)))
    assert len(everyone) > SCAN_UP_TO  # the prefix-filter index, not the scan
    assert list(earliest_alike(bags, threshold, everyone)) == brute_force(bags, threshold, everyone)
    few = everyone[-SCAN_UP_TO:]  # the scan of a pre-commit run gives the same answers
    assert list(earliest_alike(bags, threshold, few)) == brute_force(bags, threshold, few)


@settings(max_examples=examples(300), deadline=None)
@given(
    st.lists(st.frozensets(st.sampled_from("abcdefghij"), max_size=7), min_size=70, max_size=90),
    st.sampled_from([0.5, 0.67, 0.8, 0.85, 0.9]),
)
def test_exact_on_any_word_sets(bags: list[frozenset[str]], threshold: float) -> None:
    from botbeat_cli.rules import newsroom

    everyone = list(range(len(bags)))
    expected = brute_force(bags, threshold, everyone)
    assert list(earliest_alike(bags, threshold, everyone)) == expected
    wanted = [i for i in everyone if len(bags[i]) >= 2]  # as earliest_alike asks
    assert newsroom.by_variants(bags, threshold, wanted) in (None, expected)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(newsroom, "VARIANTS_PER_TITLE", 10**6)
        assert newsroom.by_variants(bags, threshold, wanted) == expected


def test_the_variants_index_gives_way_where_it_would_be_large() -> None:
    """Near-identical titles of a few templates go by their deletion variants; long
    titles at a low threshold (thousands of variants each) and short ones sharing common
    words (every title a candidate of every other) by the prefix filter."""
    from botbeat_cli.rules.newsroom import by_variants

    rng = random.Random(4)
    alike = template_titles(600, 3)
    assert by_variants(alike, 0.85, list(range(600))) is not None
    long = [frozenset(rng.sample([f"w{i}" for i in range(80)], 20)) for _ in range(600)]
    assert by_variants(long, 0.5, list(range(600))) is None
    short = [frozenset({"model", f"w{i % 3}"}) for i in range(600)]
    assert by_variants(short, 0.5, list(range(600))) is None


def titled(newsroom: Newsroom, slug: str, title: str, day: str, url: str) -> None:
    newsroom.article(slug, title=title, date=f"2026-03-{day}", url=url)


def test_one_file_run_compares_with_the_whole_newsroom(newsroom: Newsroom) -> None:
    titled(newsroom, "first-launch", "Anthropic Launches Claude Model For Agents", "01",
           "https://example.org/launch")  # fmt: skip
    for i in range(5):
        titled(newsroom, f"other-story-{i}", f"Unrelated Headline Number {i} About Chips", "02",
               f"https://example.org/other-{i}")  # fmt: skip
    titled(newsroom, "second-launch", "Anthropic Launches Claude Models For Agents", "05",
           "https://www.example.org/launch/?utm_source=x")  # fmt: skip
    path = newsroom.root / "articles/2026/second-launch.md"
    whole = [
        d.plain() for d in validate(newsroom.root).sorted() if d.path.endswith("second-launch.md")
    ]
    rules = [line.split("[")[1].split("]")[0] for line in whole]
    assert rules == ["similar-title", "duplicate-source"]  # title on line 2, source on 11
    for _ in range(2):  # cold, then from the cache
        hook = [d.plain() for d in validate(newsroom.root, ValidateOptions(paths=[path])).sorted()]
        assert hook == whole
    titled(newsroom, "first-launch", "A Completely Different Story Now Here", "01",
           "https://example.org/elsewhere")  # fmt: skip
    assert validate(newsroom.root, ValidateOptions(paths=[path])).diagnostics == []


def test_paths_that_hold_no_article_are_named(newsroom: Newsroom) -> None:
    readme = newsroom.write("README.md", "# Newsroom\n")
    notes = newsroom.write("articles/notes.txt", "notes\n")
    report = validate(newsroom.root, ValidateOptions(paths=[readme, notes]))
    assert report.summary() == (
        "0 files checked: 0 errors, 0 warnings; skipped 2 path(s) holding no article: "
        f"{readme}, {notes}"
    )


def test_one_file_runs_agree_on_a_newsroom_of_alike_titles(newsroom: Newsroom) -> None:
    """Titles from a few templates share most words, so the one-file run's filter (only
    the titles the rule itself would call alike) is what decides; it must drop none that
    matters."""
    rng = random.Random(3)
    companies, verbs = ["Anthropic", "OpenAI", "Mistral"], ["Launches", "Unveils", "Ships"]
    things = ["Model", "Agent", "Chip", "Cloud", "Tool"]
    slugs = []
    for n in range(60):
        title = f"{rng.choice(companies)} {rng.choice(verbs)} New {rng.choice(things)} Today"
        title += " For Developers" * rng.randint(0, 1)
        slug = f"story-{n}"
        titled(
            newsroom, slug, title, f"{1 + n % 28:02d}", f"https://example.org/{rng.randint(0, 30)}"
        )
        slugs.append(slug)
    whole = validate(newsroom.root).sorted()
    assert sum(d.rule == "similar-title" for d in whole) > 10
    for slug in slugs[::4]:
        path = newsroom.root / f"articles/2026/{slug}.md"
        mine = [d.plain() for d in whole if d.path.endswith(f"/{slug}.md")]
        hook = [d.plain() for d in validate(newsroom.root, ValidateOptions(paths=[path])).sorted()]
        assert hook == mine, slug


def _summaries(rows: list[tuple[str, int, frozenset[str]]]) -> list[Summary]:
    """(path, day, title words) as the newsroom's order sorts them (day, then path)."""
    made = [Summary(p, p, f"{day:04d} {p}", "t", words, None, ()) for p, day, words in rows]
    return sorted(made, key=lambda s: s.order)


WORDS = st.frozensets(st.sampled_from("abcdefg"), max_size=5)
EDIT = st.tuples(st.integers(0, 60), st.sampled_from(["edit", "move", "remove", "add"]),
                 st.integers(0, 30), WORDS)  # fmt: skip


@settings(max_examples=examples(400), deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), WORDS), min_size=2, max_size=40),
    st.lists(EDIT, max_size=6),
    st.sampled_from([0.5, 0.67, 0.85]),
)
def test_judging_again_only_what_changed_finds_what_judging_all_finds(
    before: list[tuple[int, frozenset[str]]],
    edits: list[tuple[int, str, int, frozenset[str]]],
    threshold: float,
) -> None:
    """After titles are edited, moved in time, removed or added, `alike_since` from the
    last answer and the changed paths equals a comparison of every pair."""
    rows = {f"p{i:02d}": (day, words) for i, (day, words) in enumerate(before)}
    old = _summaries([(p, day, words) for p, (day, words) in rows.items()])
    bags = [s.words for s in old]
    pairs = brute_force(bags, threshold, list(range(len(old))))
    known = {old[i].path: old[j].path for i, j in pairs}
    changed = set()
    for which, kind, day, words in edits:
        path = f"p{which:02d}"
        if kind == "remove":
            rows.pop(path, None)
            continue
        if kind != "add" and path not in rows:
            continue
        was_day, was_words = rows.get(path, (day, words))
        if kind == "edit":
            rows[path] = (was_day, words)
        else:
            rows[path] = (day, was_words if kind == "move" else words)
        changed.add(path)
    new = _summaries([(p, day, words) for p, (day, words) in rows.items()])
    bags = [s.words for s in new]
    since = list(alike_since(new, threshold, KnownAlike(known, changed)))
    assert since == brute_force(bags, threshold, list(range(len(new))))


def test_a_changed_title_between_a_title_and_its_match_does_not_take_its_place() -> None:
    same = frozenset("ab")
    titled = _summaries([("p0", 0, same), ("p1", 1, same), ("p2", 2, same)])
    known = KnownAlike({"p1": "p0", "p2": "p0"}, {"p1"})
    assert list(alike_since(titled, 0.85, known)) == [(1, 0), (2, 0)]


@pytest.mark.parametrize("threshold", [0.6, 0.85, 1.0])
def test_a_recurring_title_is_judged_as_every_pair_judges_it(threshold: float, method: str) -> None:
    """A title a newsroom runs every week ("Weekly AI roundup") made each copy a candidate
    of every later one (12.5 million candidates for 5,000 copies); equal bags are now judged
    once, with the same answers: the first copy, or an earlier bag alike to it."""
    rng = random.Random(3)
    weekly = frozenset({"weekly", "ai", "roundup", "story", "week"})
    near = frozenset({"weekly", "ai", "roundup", "story", "week", "special"})
    bags = template_titles(300, 3)
    for _ in range(900):
        bags.insert(rng.randrange(len(bags) + 1), weekly)
    bags.insert(500, near)  # alike to the copies at 0.6, before most of them
    everyone = list(range(len(bags)))
    expected = brute_force(bags, threshold, everyone)
    assert list(earliest_alike(bags, threshold, everyone)) == expected
    later = everyone[400:]  # a run that judges only some titles again
    assert list(earliest_alike(bags, threshold, later)) == brute_force(bags, threshold, later)


def test_files_asked_again_after_many_others_are_placed_the_same(newsroom: Newsroom) -> None:
    """The newsroom-wide rules' locator holds the last files it parsed, not every one: a
    file asked again (a related slug, then its source) after more than that many others
    is read again and placed where it was."""
    from botbeat_cli.validate import _Locator

    count = _Locator.KEPT * 2
    for i in range(count):
        text = article_text(f"story-{i:03d}", url="https://example.org/one-page")
        text = text.replace("status: published\n", "related:\n  suggested: [gone-story]\n"
                            "status: published\n")  # fmt: skip
        newsroom.write(f"articles/2026/story-{i:03d}.md", text)
    found = validate(newsroom.root).diagnostics
    where: dict[str, set[tuple[str, int, int]]] = {}
    for d in found:
        where.setdefault(d.path, set()).add((d.rule, d.line, d.col))
    first = "articles/2026/story-000.md"
    assert where.pop(first) == {("related-unknown", 13, 15)}
    assert len(where) == count - 1
    for path, diagnostics in where.items():
        assert diagnostics == {("related-unknown", 13, 15), ("duplicate-source", 11, 8)}, path
