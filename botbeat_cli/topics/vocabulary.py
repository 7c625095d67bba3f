"""`tag`: the topic vocabulary kept clean, and articles' topics edited safely.

Every write is a byte-preserving splice (`store.rewrite`) and an atomic replace. `rename`
and `merge` change botbeat.yaml first (the old key becomes an alias, so editors' habits
keep working and `validate` names the key to use), then every article; each file is
replaced whole, so an interrupted run leaves each file old or new, and a rerun finishes
the job (an old key already turned alias still gets its articles rewritten).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from botbeat_cli.config import CONFIG_LIMIT
from botbeat_cli.didyoumean import TOPICS_HINT, unknown
from botbeat_cli.errors import BotbeatError, UsageError
from botbeat_cli.model.article import TOPICS_MAX
from botbeat_cli.model.newsroom import NewsroomConfig
from botbeat_cli.newsroom import fields
from botbeat_cli.newsroom.catalog import Catalog, load
from botbeat_cli.store import files, frontmatter
from botbeat_cli.store.newsroom import CONFIG_NAME, relative
from botbeat_cli.store.problems import ReadProblem
from botbeat_cli.store.rewrite import delete_key, rename_key, set_in_yaml, set_value


@dataclass(frozen=True, slots=True)
class TopicRow:
    key: str
    label: str
    aliases: tuple[str, ...]
    published: int
    total: int


def topic_rows(catalog: Catalog, config: NewsroomConfig) -> list[TopicRow]:
    """Every topic with its article counts (published, all), in botbeat.yaml's order."""
    published: dict[str, int] = {}
    total: dict[str, int] = {}
    for entry in catalog.entries:
        for key in set(entry.topics):
            total[key] = total.get(key, 0) + 1
            if entry.status == "published":
                published[key] = published.get(key, 0) + 1
    return [
        TopicRow(key, topic.label, tuple(topic.aliases), published.get(key, 0), total.get(key, 0))
        for key, topic in config.topics.items()
    ]


def resolve_topic(config: NewsroomConfig, name: str) -> str:
    """A key, alias or label (any case) as the key; a usage error with the closest keys."""
    key = config.topic_key(name)
    if key is None:
        start = unknown("topic", name, config.names("topics"))
        raise UsageError(f"{start}; {TOPICS_HINT}")
    return key


def article_topics(root: Path, path: Path) -> tuple[files.Original, list[str]]:
    original = files.read_original(path, root)
    return original, list(fields.read(frontmatter.parse(original.text).data).topics)


def edit_article(
    root: Path,
    config: NewsroomConfig,
    path: Path,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
) -> tuple[list[str], bool]:
    """Add or remove topics of one article; returns its topics and whether it changed."""
    original, topics = article_topics(root, path)
    added = [resolve_topic(config, name) for name in add]
    removed = {resolve_topic(config, name) for name in remove}
    new = [t for t in topics if t not in removed]
    new += [t for t in dict.fromkeys(added) if t not in new]
    if len(new) > TOPICS_MAX:
        raise BotbeatError(
            f"{path.name} would have {len(new)} topics; an article has at most {TOPICS_MAX}: "
            "remove one first"
        )
    if not new:
        raise BotbeatError(f"{path.name} would have no topic left; an article needs one")
    if new == topics:
        return topics, False
    try:
        text = set_value(original.text, ("topics",), new)
    except BotbeatError as problem:
        raise BotbeatError(f"{relative(root, path)}: {problem}") from None
    done = files.replace_all([(original, text)])
    done.check(root)
    return new, bool(done.written)


@dataclass(slots=True)
class VocabularyPlan:
    """What a rename or merge will change: botbeat.yaml's new text and the articles'."""

    description: str
    config_text: str | None  # None: botbeat.yaml is already as it should be
    articles: list[tuple[files.Original, str]] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)


def plan_rename(root: Path, config: NewsroomConfig, old: str, new: str) -> VocabularyPlan:
    return plan_merge(root, config, [old], new, rename=True)


def plan_merge(
    root: Path, config: NewsroomConfig, sources: Sequence[str], into: str, rename: bool = False
) -> VocabularyPlan:
    """Fold `sources` into `into` (for a rename, `into` is a new key taking the old one's
    place). Every source key becomes an alias of `into`, with its own aliases."""
    from botbeat_cli.model.slugs import SLUG_RULE, is_slug

    config_path = root / CONFIG_NAME
    text = files.read_text(config_path, limit=CONFIG_LIMIT)
    if rename:
        old = sources[0]
        if old in config.topics:
            owner = config.topic_key(into)
            if into in config.topics or (owner is not None and owner != old):
                raise UsageError(f"'{into}' already names topic '{owner}': use `botbeat tag merge`")
            if not is_slug(into):
                raise UsageError(f"'{into}' is not a valid key: {SLUG_RULE}")
            text = rename_key(text, ("topics", old), into)
            aliases = [a for a in config.topics[old].aliases if a != into] + [old]
            text = set_in_yaml(text, ("topics", into, "aliases"), aliases)
        elif config.topic_key(old) != into:  # not a rerun of this rename either
            raise UsageError(unknown("topic", old, config.names("topics")))
        keys = [old]
    else:
        into = resolve_topic(config, into)
        keys = []
        aliases = list(config.topics[into].aliases)
        for name in sources:
            key = config.topic_key(name)
            if key is None:
                raise UsageError(unknown("topic", name, config.names("topics")))
            if key == into and name not in config.topics:  # a rerun: already an alias
                keys.append(name)
                continue
            if key == into:
                raise UsageError(f"cannot merge '{into}' into itself")
            keys.append(key)
            for alias in [*config.topics[key].aliases, key]:
                if alias not in aliases:
                    aliases.append(alias)
            text = delete_key(text, ("topics", key))
        if aliases != list(config.topics[into].aliases):
            text = set_in_yaml(text, ("topics", into, "aliases"), aliases)
    before = files.read_text(config_path, limit=CONFIG_LIMIT)
    plan = VocabularyPlan(
        description=f"{'rename' if rename else 'merge'} {', '.join(keys)} -> {into}",
        config_text=text if text != before else None,
    )
    catalog = load(root)
    for rel in catalog.unreadable:
        plan.unreadable.append(
            (
                root / rel,
                "cannot be read, so a use of the topic there is "
                "left as it was: fix the file and run again",
            )
        )
    for entry in catalog.entries:
        if not set(keys) & set(entry.topics):
            continue
        try:
            original, topics = article_topics(root, root / entry.path)
        except ReadProblem as problem:
            plan.unreadable.append((root / entry.path, f"cannot be read ({problem.message})"))
            continue
        replaced = list(dict.fromkeys(into if t in keys else t for t in topics))
        try:
            plan.articles.append((original, set_value(original.text, ("topics",), replaced)))
        except BotbeatError as problem:  # an anchor or alias: never half-edited
            plan.unreadable.append((original.path, str(problem)))
    return plan


def apply(root: Path, plan: VocabularyPlan) -> files.Replaced:
    """botbeat.yaml first, then the articles; returns the files written and skipped."""
    config_written = plan.config_text is not None and files.atomic_write(
        root / CONFIG_NAME, plan.config_text
    )
    done = files.replace_all(plan.articles)
    if config_written:
        done.written.insert(0, root / CONFIG_NAME)
    done.skipped[:0] = plan.unreadable
    return done
