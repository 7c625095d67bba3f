"""`sources`: which articles cite which URLs, checked once each, in outcome order."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from botbeat_cli.diagnostics import Diagnostic, Severity
from botbeat_cli.errors import ExitCode
from botbeat_cli.sources.checker import Settings, Tally, run
from botbeat_cli.sources.outcome import Outcome, Result
from botbeat_cli.store.files import Original, Replaced
from botbeat_cli.store.places import place as place_of
from botbeat_cli.store.problems import ReadProblem

ORDER = [
    Outcome.BROKEN,
    Outcome.UNREACHABLE,
    Outcome.SERVER_ERROR,
    Outcome.TIMEOUT,
    Outcome.SUSPECT,
    Outcome.REFUSED,
    Outcome.RATE_LIMITED,
    Outcome.BLOCKED,
    Outcome.REDIRECTED,
    Outcome.UNVERIFIABLE,
    Outcome.SKIPPED,
    Outcome.OK,
]


@dataclass(frozen=True, slots=True)
class Checked:
    result: Result
    articles: tuple[str, ...]  # paths of the articles that cite the URL as their source
    body_articles: tuple[str, ...] = ()  # ... that link to it in their body (--body-links)
    unreachable_runs: int = 0  # runs in a row this URL was unreachable (from the cache)
    cached: bool = False
    # articles citing this source (URLs normalised), earliest first
    same_source: tuple[str, ...] = ()


def check_sources(
    root: Path,
    settings: Settings,
    paths: Sequence[Path] = (),
    cache_mode: str = "use",
    max_age: float | None = None,
    with_body_links: bool = False,
    tally: Tally | None = None,
) -> list[Checked]:
    """Every article's `source.url` (and with `with_body_links` its body's links), or the
    given articles', each distinct URL requested once, as soon as the article citing it is
    read (`checker.check_found`). `cache_mode` "use": answers still fresh in the cache are
    not requested again; "refresh": every URL is requested and the cache updated; "off":
    the cache is neither read nor written."""
    from botbeat_cli.sources.cache import ResultCache
    from botbeat_cli.urls import normalise

    cited = _Cited(root, paths, with_body_links)
    cache = (
        ResultCache(root, settings.allow_private, read=cache_mode == "use")
        if cache_mode != "off"
        else None
    )
    known: dict[str, Result] = {}

    def wanted(url: str) -> bool:
        if cache is not None and (result := cache.get(url, max_age)) is not None:
            known[url] = result
            return False
        return True

    try:
        fresh = run(cited.urls(), settings, wanted, tally)
        runs = {url: cache.put(result) if cache else 0 for url, result in fresh.items()}
    finally:
        if cache:
            cache.close()
    same: dict[str, set[str]] = {}
    for url, paths_ in cited.citing.items():
        same.setdefault(normalise(url), set()).update(paths_)
    checked = []
    for url in dict.fromkeys([*cited.citing, *cited.in_body]):
        group = same.get(normalise(url), set()) if url in cited.citing else set()
        checked.append(
            Checked(
                known.get(url) or fresh[url],
                tuple(sorted(cited.citing.get(url, []))),
                tuple(sorted(cited.in_body.get(url, []))),
                runs.get(url, 0),
                url in known,
                tuple(sorted(group, key=cited.order.__getitem__)) if len(group) > 1 else (),
            )
        )
    return sorted(checked, key=lambda c: (ORDER.index(c.result.outcome), c.result.url))


class _Cited:
    """The URLs the articles cite, found as each article is read once (front matter and
    body together), and who cites each: `urls()` yields every URL as it is found, and
    fills `citing`, `in_body` and `order` as it goes."""

    def __init__(self, root: Path, paths: Sequence[Path], with_body_links: bool) -> None:
        from botbeat_cli.store.newsroom import relative

        self.root = root
        self.wanted = {relative(root, p) for p in paths}
        self.with_body_links = with_body_links
        self.citing: dict[str, list[str]] = {}
        self.in_body: dict[str, list[str]] = {}
        self.order: dict[str, tuple[str, str]] = {}  # path -> (date, slug): who came first

    def urls(self) -> Iterator[str]:
        from botbeat_cli.markdown import links
        from botbeat_cli.newsroom.catalog import read_all

        for rel, read in read_all(self.root):
            if read is None:  # `validate` names it; nothing to check here
                continue
            entry, article = read
            self.order[rel] = (entry.date.isoformat() if entry.date else "~", entry.slug)
            if self.wanted and rel not in self.wanted:
                continue
            if entry.source:
                self.citing.setdefault(entry.source, []).append(rel)
                yield entry.source
            if self.with_body_links:
                for link in links(article.body):
                    self.in_body.setdefault(link, []).append(rel)
                    yield link


def fails(checked: Checked, fail_on: Sequence[str]) -> bool:
    """Whether this URL fails the run: its outcome is in the newsroom's `fail_on`, or it
    is `unreachable-twice` (unreachable this run and the one before). The one place that
    decides: the exit status and the annotations' level both ask it."""
    outcome = checked.result.outcome.value
    if outcome in fail_on:
        return True
    return (
        outcome == "unreachable"
        and "unreachable-twice" in fail_on
        and (checked.unreachable_runs >= 2)
    )


def exit_status(
    checked: Sequence[Checked], fail_on: Sequence[str] = ("broken", "unreachable-twice")
) -> ExitCode:
    """PROBLEMS (1) when any URL fails the run (`fails`), else OK."""
    return ExitCode.PROBLEMS if any(fails(c, fail_on) for c in checked) else ExitCode.OK


Annotation = tuple[str, str, int, int, str, str]  # level, path, line, col, title, message


def github_annotations(
    root: Path, checked: Sequence[Checked], fail_on: Sequence[str]
) -> list[Annotation]:
    """A workflow annotation on each line that cites a URL that is not ok: `error` when
    the URL fails the run (`fails`), `warning` otherwise."""
    out = []
    place = _places(root)
    for c in checked:
        r = c.result
        if r.outcome in (Outcome.OK, Outcome.SKIPPED):
            continue
        level = "error" if fails(c, fail_on) else "warning"
        status = f" ({r.status})" if r.status else ""
        message = f"{r.url} is {r.outcome.value}{status}" + (f": {r.detail}" if r.detail else "")
        for path in [*c.articles, *c.body_articles]:
            line, col = place(path, r.url)
            out.append((level, path, line, col, f"source-{r.outcome.value}", message))
    return out


def findings(
    root: Path, checked: Sequence[Checked], fail_on: Sequence[str]
) -> tuple[list[Diagnostic], dict[str, tuple[Severity, str]]]:
    """The annotations as diagnostics (rule `source-<outcome>`), and every such rule with
    its level by this newsroom's `fail_on`: for SARIF."""
    from botbeat_cli.model.outcomes import MEANINGS

    annotations = github_annotations(root, checked, fail_on)
    found = [
        Diagnostic(path, line, col, Severity(level), rule, message)
        for level, path, line, col, rule, message in annotations
    ]
    level = {True: Severity.ERROR, False: Severity.WARNING}
    rules = {
        f"source-{outcome.value}": (level[outcome.value in fail_on], text)
        for outcome, text in MEANINGS.items()
    }
    return found, rules


def plan_fixes(root: Path, checked: Sequence[Checked]) -> dict[Path, tuple[Original, str]]:
    """For URLs moved permanently (every hop 301/308, ending on a good page): each citing
    article's text now and with `source.url` set to the final URL (nothing else changes)."""
    from botbeat_cli.store import files
    from botbeat_cli.store.rewrite import set_value

    fixes: dict[Path, tuple[Original, str]] = {}
    for item in checked:
        result = item.result
        final = result.final_url or result.url
        if result.outcome is not Outcome.REDIRECTED or not result.permanent:
            continue
        if not storable_url(final):  # the server's word: never write what validate rejects
            continue
        for rel in item.articles:
            path = root / rel
            try:
                original = files.read_original(path, root)
            except ReadProblem:
                continue  # validate reports it; the URL is fixed once it can be read
            fixes[path] = (original, set_value(original.text, ("source", "url"), final))
    return fixes


def fix_redirects(
    root: Path, checked: Sequence[Checked], apply: bool
) -> tuple[dict[Path, tuple[Original, str]], Replaced | None]:
    """`--fix-redirects`: the planned edits, and with `apply` what was written (checked)."""
    fixes = plan_fixes(root, checked)
    done = apply_fixes(fixes) if apply else None
    return fixes, done


def apply_fixes(fixes: dict[Path, tuple[Original, str]]) -> Replaced:
    from botbeat_cli.store.files import replace_all

    return replace_all(fixes.values())


def storable_url(url: str) -> bool:
    """A URL `validate` accepts as `source.url` (no spaces, controls, credentials...)."""
    from pydantic_core import PydanticCustomError

    from botbeat_cli.model.article import check_source_url

    try:
        check_source_url(url)
    except PydanticCustomError:
        return False
    return not any(ord(ch) < 0x21 or 0x7F <= ord(ch) <= 0x9F for ch in url)


def _places(root: Path) -> Callable[[str, str], tuple[int, int]]:
    """Where an article cites a URL: its `source.url` value, else the link in the body.
    Each article is read and parsed once, however many of its links are reported (once per
    link before); one gone or unreadable since it was checked is placed at its first line."""
    from botbeat_cli.store import files, frontmatter

    read: dict[str, tuple[str, frontmatter.ParsedArticle | None]] = {}

    def place(path: str, url: str) -> tuple[int, int]:
        if path not in read:
            try:
                text = files.read_text(root / path, root)
                read[path] = (text, frontmatter.parse(text))
            except ReadProblem:
                read[path] = ("", None)
        text, parsed = read[path]
        if parsed is None:
            return (1, 1)
        source = parsed.data.get("source")
        if isinstance(source, dict) and source.get("url") == url:
            return parsed.positions.of_value(("source", "url"))
        at = text.find(url)
        if at < 0:
            return (1, 1)
        return place_of(text, at)

    return place
