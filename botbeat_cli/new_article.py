"""`new`: turn a title and a few choices into a correct article file.

Library entry points: `plan(root, config, draft) -> Planned` checks everything and picks the
path; `write(planned)` creates the file without ever overwriting one.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic_core import PydanticCustomError

from botbeat_cli.didyoumean import known, unknown
from botbeat_cli.errors import BotbeatError, UsageError
from botbeat_cli.model import days
from botbeat_cli.model.article import STATUSES, TITLE_MAX, TITLE_MIN, TOPICS_MAX, check_source_url
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.model.slugs import RESERVED, SLUG_RULE, is_slug, make_slug
from botbeat_cli.rules.article import FileFacts, skeleton
from botbeat_cli.store import files
from botbeat_cli.store.newsroom import ARTICLES_DIR, TEMPLATES, slug_index
from botbeat_cli.store.problems import ReadProblem
from botbeat_cli.store.quoting import ambiguous

if TYPE_CHECKING:
    from botbeat_cli.rules.newsroom import Summary

REQUIRED = ("entity", "kind", "topics", "takeaways", "source_url")
OPTION_NAMES = {
    "entity": "--entity",
    "kind": "--kind",
    "topics": "--topic",
    "takeaways": "--takeaway",
    "source_url": "--source-url",
}


@dataclass(slots=True)
class Draft:
    """What an editor asked for; names may be keys, labels or aliases."""

    title: str
    entity: str | None = None
    kind: str | None = None
    topics: list[str] = field(default_factory=list)
    takeaways: list[str] = field(default_factory=list)
    source_url: str | None = None
    source_label: str | None = None
    date: date | None = None
    status: str = "draft"
    slug: str | None = None

    def missing(self) -> list[str]:
        return [name for name in REQUIRED if not getattr(self, name)]


@dataclass(frozen=True, slots=True)
class Planned:
    root: Path
    path: Path
    text: str
    slug: str
    look_alikes: tuple[str, ...] = ()  # existing articles that may be the same story


def plan(root: Path, config: NewsroomConfig, draft: Draft, today: date) -> Planned:
    """Resolve names to keys, check every field, choose the path; raise with all problems."""
    problems: list[str] = []
    missing = draft.missing()
    if missing:
        raise UsageError("missing values: " + ", ".join(OPTION_NAMES[name] for name in missing))
    title = " ".join(draft.title.split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        problems.append(f"the title has {len(title)} characters; it needs {TITLE_MIN}-{TITLE_MAX}")
    entity = _resolve("entity", draft.entity, config.entity_key, config, "entities", problems)
    kind = _resolve("kind", draft.kind, config.kind_key, config, "kinds", problems)
    topics: list[str] = []
    for name in draft.topics:
        key = _resolve("topic", name, config.topic_key, config, "topics", problems)
        if key and key not in topics:
            topics.append(key)
    if len(topics) > TOPICS_MAX:
        problems.append(f"{len(topics)} topics; an article has at most {TOPICS_MAX}")
    takeaways = [" ".join(t.split()) for t in draft.takeaways if t.strip()]
    low, high = config.rules.takeaways.min, config.rules.takeaways.max
    if not low <= len(takeaways) <= high:
        problems.append(f"{len(takeaways)} takeaways; this newsroom wants {low} to {high}")
    try:
        check_source_url(draft.source_url or "")
    except PydanticCustomError as exc:
        problems.append(f"--source-url: {exc.context['msg'] if exc.context else exc}")
    if draft.status not in STATUSES:
        problems.append(f"--status must be one of {', '.join(STATUSES)}")
    when = draft.date or today
    if when > today and draft.status != "draft":
        problems.append(f"--date {when} is in the future: keep --status draft until then")
    slug = draft.slug if draft.slug is not None else make_slug(title)
    if not is_slug(slug):
        problems.append(
            f"slug '{slug}' is not valid ({SLUG_RULE}); pass --slug"
            if draft.slug is not None
            else f"the title gives no usable slug ('{slug}'); pass --slug"
        )
    elif slug in RESERVED:
        problems.append(f"slug '{slug}' is a reserved file name on Windows; pass another --slug")
    if problems:
        raise UsageError("cannot create the article:\n  " + "\n  ".join(problems))
    existing = slug_index(root).get(slug)
    if existing:
        raise BotbeatError(
            f"slug '{slug}' is taken by {existing[0]}; choose another title or pass --slug"
        )
    path = root / ARTICLES_DIR / f"{when.year:04d}" / f"{slug}.md"
    assert entity and kind  # resolved above, or problems were raised
    text = render(
        title,
        when,
        kind,
        entity,
        topics,
        takeaways,
        draft.source_label,
        draft.source_url or "",
        draft.status,
        kind_body(root, kind, config.rules.required_sections),
    )
    from botbeat_cli.newsroom.summaries import summary
    from botbeat_cli.store import frontmatter

    parsed = frontmatter.parse(text)  # the new article's summary as validate makes it
    rel = path.relative_to(root).as_posix()
    made = summary(FileFacts(rel, parsed.data, parsed.positions, parsed.body, parsed.body_line))
    similar = look_alikes(root, made, config.rules.similar_titles)
    return Planned(root, path, text, slug, look_alikes=tuple(similar))


def look_alikes(root: Path, new: Summary, threshold: float) -> list[str]:
    """Warnings for articles that look like the same story as the `new` one: the same
    source after URL normalisation, or a near-identical title (the `similar-title`
    measure), in path order. The candidates come from the cached index that the hook's
    `validate FILE` looks up (`newsroom_summaries`), so `new` no longer reads every article
    (bench/new_bench.py)."""
    from botbeat_cli.newsroom.summaries import newsroom_summaries
    from botbeat_cli.rules.newsroom import titles_alike

    warnings = []
    for other in sorted(newsroom_summaries(root, [new], threshold)):
        if new.source and other.source == new.source:
            warnings.append(f"{other.path} cites the same source")
        elif other.title and titles_alike(new.words, other.words, threshold):
            warnings.append(f"{other.path} has a near-identical title")
    return warnings


def answer_problem(field: str, value: str, config: NewsroomConfig) -> str:
    """Why an answer to `new`'s question about `field` cannot be used, "" when it can: on a
    terminal each answer is checked as it is given and asked again with this reason."""
    problems: list[str] = []
    if field == "entity":
        _resolve("entity", value, config.entity_key, config, "entities", problems)
    elif field == "kind":
        _resolve("kind", value, config.kind_key, config, "kinds", problems)
    elif field == "topics":
        names = [name.strip() for name in value.split(",") if name.strip()]
        for name in names:
            _resolve("topic", name, config.topic_key, config, "topics", problems)
        if not 1 <= len(names) <= TOPICS_MAX:
            problems.append(f"give 1 to {TOPICS_MAX} topics, separated by commas")
    elif field == "source_url":
        try:
            check_source_url(value)
        except PydanticCustomError as exc:
            problems.append(exc.context["msg"] if exc.context else str(exc))
    elif field == "date":
        try:
            days.day(value)
        except ValueError as exc:
            problems.append(str(exc))
    elif field == "status" and value not in STATUSES:
        problems.append(f"'{value}' is not a status: {', '.join(STATUSES)}")
    return "; ".join(problems)


Ask = Callable[[str, str | None, bool], str]
"""A question on the terminal: (question, default or None for "an answer is needed", whether
to show the default) -> the answer."""


@dataclass(frozen=True, slots=True)
class Interview:
    """How `new` asks on a terminal: the prompt, a line of help, and optionally the topics
    suggested for the draft so far (offered as the default answer)."""

    ask: Ask
    tell: Callable[[str], None]
    ask_status: bool = True
    suggest: Callable[[Draft], list[str]] | None = None

    def valid(
        self, question: str, field: str, config: NewsroomConfig, default: str | None = None
    ) -> str:
        """Ask until the answer can be used; each refusal says why (answer_problem)."""
        while True:
            answer = self.ask(question, default, True).strip()
            problem = answer_problem(field, answer, config)
            if not problem:
                return answer
            self.tell(f"  {problem}")

    def fill(self, draft: Draft, config: NewsroomConfig, today: date) -> None:
        """Ask for each missing value, with the taxonomy's choices, checking each answer as
        it comes; then the optional ones (source label, date, status) with their defaults."""
        if not draft.entity:
            self.tell(_choices("Entities", {k: e.name for k, e in config.entities.items()}))
            draft.entity = self.valid("Entity", "entity", config)
        if not draft.kind:
            self.tell(_choices("Kinds", {k: v.label for k, v in config.kinds.items()}))
            draft.kind = self.valid("Kind", "kind", config)
        if not draft.topics:
            offered = ", ".join(self.suggest(draft)) if self.suggest else ""
            self.tell(_choices("Topics", {k: t.label for k, t in config.topics.items()}))
            answer = self.valid("Topics (comma-separated)", "topics", config, offered or None)
            draft.topics = [t.strip() for t in answer.split(",") if t.strip()]
        if not draft.takeaways:
            self._takeaways(draft, config.rules.takeaways.min)
        if not draft.source_url:
            draft.source_url = self.valid("Source URL", "source_url", config)
        if draft.source_label is None:
            label = self.ask("Source label (empty: botbeat.yaml's for the host)", "", False)
            draft.source_label = label.strip() or None
        if draft.date is None:
            draft.date = days.day(self.valid("Date", "date", config, today.isoformat()))
        if self.ask_status:
            question = f"Status ({', '.join(STATUSES)})"
            draft.status = self.valid(question, "status", config, "draft")

    def _takeaways(self, draft: Draft, low: int) -> None:
        self.tell(f"Key takeaways: at least {low}; an empty line ends the list.")
        while True:
            line = self.ask(f"Takeaway {len(draft.takeaways) + 1}", "", True)
            if line.strip():
                draft.takeaways.append(line)
            elif len(draft.takeaways) >= low:
                return


def _choices(what: str, names: dict[str, str]) -> str:
    return f"{what}: " + ", ".join(f"{key} ({name})" for key, name in names.items())


def open_in_editor(path: Path) -> None:
    """`new --edit`: the editor of $VISUAL or $EDITOR on the new file."""
    import shlex
    import subprocess

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise BotbeatError(f"set $EDITOR to open {path}; the article was written")
    subprocess.run([*shlex.split(editor), str(path)], check=False)


def _resolve(
    what: str,
    name: str | None,
    lookup: Callable[[str], str | None],
    config: NewsroomConfig,
    field: str,
    problems: list[str],
) -> str | None:
    key = lookup(name or "")
    if key is None:
        keys = getattr(config, field)
        problems.append(f"{unknown(what, name or '', config.names(field))}; {known(keys)}")
    return key


def kind_body(root: Path, kind: str, sections: Sequence[str]) -> str:
    """The body a new article of `kind` starts with: the newsroom's `templates/<kind>.md`
    when there is one (as Hugo's archetypes), else the default skeleton."""
    path = root / TEMPLATES / f"{kind}.md"
    if not os.path.lexists(path):
        return skeleton(sections)
    try:
        text = files.read_text(path, root)
    except ReadProblem as exc:
        raise BotbeatError(f"{TEMPLATES}/{kind}.md: {exc.message}") from None
    return text if text.startswith("\n") else "\n" + text


def render(
    title: str,
    when: date,
    kind: str,
    entity: str,
    topics: list[str],
    takeaways: list[str],
    label: str | None,
    url: str,
    status: str,
    body: str,
) -> str:
    """The new file: front matter dumped by ruamel (it quotes what needs quoting), then
    `body` (`kind_body`)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    def q(text: str) -> str:  # quoted where a YAML 1.1 reader would read something else
        return SingleQuotedScalarString(text) if ambiguous(text) else text

    flow_topics = CommentedSeq([q(t) for t in topics])
    flow_topics.fa.set_flow_style()
    source = CommentedMap()
    if label:
        source["label"] = q(label)
    source["url"] = q(url)
    data = CommentedMap(
        [
            ("title", q(title)),
            ("date", when),
            ("kind", q(kind)),
            ("entity", q(entity)),
            ("topics", flow_topics),
            ("takeaways", [q(t) for t in takeaways]),
            ("source", source),
            ("status", q(status)),
        ]
    )
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return f"---\n{buffer.getvalue()}---\n{body}"


def write(planned: Planned) -> Path:
    """Create the file atomically; never replace an existing one (a race loses cleanly)."""
    try:
        with files.failing_as(planned.path):
            files.create_exclusive(planned.path, planned.text, planned.root)
    except FileExistsError:
        raise BotbeatError(f"{planned.path} exists already; nothing was written") from None
    return planned.path
