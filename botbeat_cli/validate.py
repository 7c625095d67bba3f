"""`validate`: check articles against the format and the editorial rules.

Library entry point: `validate(root, options) -> Report`. It never prints.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from botbeat_cli.config import load_config
from botbeat_cli.diagnostics import Diagnostic, Report, Severity
from botbeat_cli.errors import NewsroomError, UsageError
from botbeat_cli.model.article import Article, Context
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.newsroom.checked import FileResult, Results, grouped
from botbeat_cli.newsroom.summaries import Index, Others, summary
from botbeat_cli.parallel import fork_map, no_gc
from botbeat_cli.rules import RULES, disables
from botbeat_cli.rules import article as article_rules
from botbeat_cli.rules import newsroom as newsroom_rules
from botbeat_cli.rules.schema import diagnostics_from_validation
from botbeat_cli.store import files, frontmatter
from botbeat_cli.store.newsroom import (
    ARTICLES_DIR,
    CONFIG_NAME,
    misnamed_given,
    relative,
    scan,
    select_articles,
)
from botbeat_cli.store.problems import ReadProblem
from botbeat_cli.store.yamlsafe import Positions

PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True, slots=True)
class ValidateOptions:
    paths: Sequence[Path] = ()
    strict: bool = False
    jobs: int | None = None  # worker processes; None = one per core for large runs
    now: datetime | None = None
    changed: bool = False  # only the articles git says changed against `base` (and new)
    base: str | None = None  # default: the merge base with origin's default branch, or HEAD
    # the text of given files as an editor holds it, unsaved (`lsp`), by absolute path
    texts: Mapping[str, str] = field(default_factory=dict)
    # the newsroom held in memory by a process that lives on (`lsp`): read instead of the disk
    index: Index | None = None


@dataclass(slots=True)
class Checked:
    """What checking some files found: their diagnostics and the readable ones' summaries.
    One per worker slice, so results cross process boundaries in one piece."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    summaries: list[newsroom_rules.Summary] = field(default_factory=list)
    disables: list[disables.Disable] = field(default_factory=list)
    timed: list[str] = field(default_factory=list)  # verdicts that can change later today

    def merge(self, other: Checked) -> None:
        self.diagnostics.extend(other.diagnostics)
        self.summaries.extend(other.summaries)
        self.disables.extend(other.disables)
        self.timed.extend(other.timed)

    def add(self, result: FileResult) -> None:
        self.diagnostics.extend(result.diagnostics)
        self.summaries.extend([result.summary] if result.summary else [])
        self.disables.extend(result.disables)


def validate(root: Path, options: ValidateOptions = ValidateOptions()) -> Report:
    report = Report(strict=options.strict)
    try:
        config = load_config(root)
    except NewsroomError as exc:
        report.extend(exc.diagnostics)
        return report
    if options.changed:
        narrowed = _changed(root, options, report)
        if narrowed is None:
            return report  # no article changed: nothing to check, and the scope says so
        options = narrowed
    whole = not options.paths or any(Path(p).resolve() == root / CONFIG_NAME for p in options.paths)
    rest: Index | Others | None = None
    slugs: Mapping[str, list[str]] = {}
    if whole:
        scanned = scan(root)
        slugs, misnamed, lookalike = scanned.slugs, scanned.misnamed, scanned.lookalike
        beside = scanned.has_articles
        paths = [os.path.join(root, rel) for rs in slugs.values() for rel in rs]
        paths.sort()
    else:  # the rest of the newsroom from the language server's index, or a cached one
        rest = options.index or Others(root)
        chosen, skipped = select_articles(root, options.paths)
        loose = misnamed_given(root, skipped)
        misnamed, lookalike, report.skipped = loose.misnamed, loose.lookalike, loose.rest
        beside = lookalike is None or ARTICLES_DIR in os.listdir(root)  # exactly that name
        paths = [os.fspath(path) for path in chosen]
    now = options.now or datetime.now(UTC)
    keeps = whole and not options.texts and options.index is None
    kept = Results(root, config, now) if keeps else None
    results = _check_files(root, paths, config, now, options.jobs, options.texts, kept)
    summaries = results.summaries
    found = results.diagnostics
    locate = _Locator(root, options.texts)
    given = None if whole else {relative(root, p) for p in paths}
    if rest is not None:  # the hook's run says what CI's would of these files (issue 10)
        if given:
            summaries = summaries + rest.others(summaries, config.rules.similar_titles)
        slugs = rest.slugs
    across = kept.across() if kept is not None else None
    if across is None:
        known = kept.known_alike() if kept is not None else None
        across = list(
            newsroom_rules.check(
                summaries, slugs, config.rules.similar_titles, locate, given, known
            )
        )
        if kept is not None and known is not None:
            kept.keep_across(across, known.found)
    found.extend(across)
    found.extend(newsroom_rules.check_misnamed(misnamed))
    found.extend(newsroom_rules.check_articles_folder(lookalike, beside))
    if kept is not None:
        kept.save()
    if results.disables:
        found = disables.apply(found, results.disables, RULES, options.strict)
    report.files_checked = len(paths)
    report.extend(_with_overrides(found, config.rules.severity))
    return report


def _changed(root: Path, options: ValidateOptions, report: Report) -> ValidateOptions | None:
    """The articles git says changed, as given paths (None when there are none); the
    report's scope says what was compared with. Newsroom-wide rules still see every
    article, as for given paths."""
    from dataclasses import replace

    from botbeat_cli.store.git import changed_articles

    if options.paths:
        raise UsageError("give PATHs or --changed, not both")
    changed = changed_articles(root, options.base)
    base = changed.base[:12] if len(changed.base) == 40 else changed.base
    if changed.whole:
        report.scope = f"the whole newsroom, since {changed.why} (against {base})"
        return replace(options, paths=())
    report.scope = f"{len(changed.paths)} article(s) changed against {base}"
    return replace(options, paths=changed.paths) if changed.paths else None


class _Locator:
    """Where a value stands in a file, for the newsroom-wide rules' diagnostics: each file
    parsed once however many it has (3,000 unknown related slugs in one file are 3,000).
    The rules ask file by file, so only the last KEPT files are held: a slug gone from
    5,000 related lists held 5,000 YAML trees (176 MB, bench/recurring_bench.py)."""

    KEPT = 64

    def __init__(self, root: Path, texts: Mapping[str, str]) -> None:
        self.root = root
        self.texts = texts
        self.parsed: dict[str, Positions | None] = {}

    def __call__(self, path: str, keys: tuple[str | int, ...]) -> tuple[int, int]:
        if path not in self.parsed:
            try:
                text = self.texts.get(os.path.join(self.root, path))
                if text is None:
                    text = files.read_text(self.root / path, self.root)
                self.parsed[path] = frontmatter.parse(text).positions
            except ReadProblem:
                self.parsed[path] = None
            if len(self.parsed) > self.KEPT:
                del self.parsed[next(iter(self.parsed))]
        positions = self.parsed[path]
        return (1, 1) if positions is None else positions.of_value(keys)


def _with_overrides(found: list[Diagnostic], overrides: Mapping[str, str]) -> list[Diagnostic]:
    if not overrides:
        return found
    out = []
    for diagnostic in found:
        wanted = overrides.get(diagnostic.rule)
        if wanted == "off":
            continue
        if wanted is not None and wanted != diagnostic.severity.value:
            diagnostic = replace(diagnostic, severity=Severity(wanted))
        out.append(diagnostic)
    return out


def _body_start(text: str) -> int:
    try:
        return frontmatter.split(text).fm_end
    except ReadProblem:
        return len(text)  # no body found: every comment is a front-matter one


def _check_files(
    root: Path,
    paths: list[str],
    config: NewsroomConfig,
    now: datetime,
    jobs: int | None,
    texts: Mapping[str, str],
    kept: Results | None = None,
) -> Checked:
    """Each file's findings; with `kept` (a whole-newsroom run), those of a past run where
    the file and everything else its verdict depends on are unchanged (`newsroom.checked`),
    the others checked now. A run on a few files (the hook) checks them: that is cheaper
    than loading what was kept of every article (bench/validate_bench.py, one file)."""
    global _worker_state
    if texts:  # an editor's buffers: one or a few files, in this process
        return check_files(root, paths, config, now, texts)
    rels = [relative(root, path) for path in paths]
    known = {rel: kept.get(rel) for rel in rels} if kept else {}
    fresh = [path for path, rel in zip(paths, rels, strict=True) if known.get(rel) is None]
    _worker_state = (root, config, now)
    try:
        with no_gc():
            parts = fork_map(_check_slice, fresh, minimum=PARALLEL_FROM, workers=jobs)
    finally:
        _worker_state = None
    checked = Checked()
    for part in parts:
        checked.merge(part)
    if kept is None:
        return checked
    found = grouped(
        [r for r in rels if known.get(r) is None],
        checked.diagnostics,
        checked.summaries,
        checked.disables,
        checked.timed,
    )
    for rel, made in found.items():
        kept.put(rel, made)
    out = Checked()
    for rel in rels:
        result = known[rel] or found.pop(rel, None)
        if result is not None:
            out.add(result)
    for made in found.values():  # a finding under another path: never dropped
        out.add(made)
    return out


_worker_state: tuple[Path, NewsroomConfig, datetime] | None = None


def _check_slice(paths: Sequence[str]) -> list[Checked]:
    assert _worker_state is not None
    return [check_files(_worker_state[0], paths, *_worker_state[1:])]


def check_files(
    root: Path,
    paths: Sequence[str],
    config: NewsroomConfig,
    now: datetime,
    texts: Mapping[str, str] | None = None,
) -> Checked:
    """Every per-file rule on each article, plus the summaries the newsroom-wide rules need;
    `texts` stands in for files an editor has open and unsaved."""
    checked = Checked()
    context = Context(config)
    today = config.today(now)
    for path in paths:
        rel = relative(root, path)
        try:
            given = texts.get(path) if texts else None
            text = files.read_text(path, root) if given is None else given
            if "botbeat:" in text:  # an inline disable, maybe (rules/disables.py)
                checked.disables += disables.find(rel, text, _body_start(text))
            parsed = frontmatter.parse(text)
        except ReadProblem as exc:
            checked.diagnostics.append(exc.diagnostic(rel))
            continue
        facts = article_rules.FileFacts(
            rel, parsed.data, parsed.positions, parsed.body, parsed.body_line
        )
        try:
            Article.model_validate(parsed.data, context=context)
        except ValidationError as exc:
            checked.diagnostics.extend(
                diagnostics_from_validation(exc, parsed.positions, rel, Article)
            )
        checked.diagnostics.extend(article_rules.check(facts, config, now, today))
        checked.summaries.append(summary(facts))
        if article_rules.changes_later_today(facts, now):
            checked.timed.append(rel)
    return checked
