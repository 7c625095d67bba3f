"""Every rule `validate` knows, by stable id, with its default severity and what it checks.

Rule ids are a contract (tests, `rules.severity` in botbeat.yaml, editors' muscle memory):
add new ones, never rename.
"""

from __future__ import annotations

from botbeat_cli.diagnostics import Diagnostic, Severity

E, W = Severity.ERROR, Severity.WARNING

RULES: dict[str, tuple[Severity, str]] = {
    # the file as a whole
    "file-empty": (E, "the file is empty"),
    "file-binary": (E, "the file is binary, not text"),
    "file-encoding": (E, "the file is not valid UTF-8"),
    "file-unreadable": (E, "the file cannot be read"),
    "front-matter-missing": (E, "the file does not start with a '---' line"),
    "front-matter-unclosed": (E, "no closing '---' after the front matter"),
    "front-matter-empty": (E, "nothing between the two '---' lines"),
    "front-matter-not-mapping": (E, "the front matter is a list or text, not key: value pairs"),
    "yaml-syntax": (E, "the front matter is not valid YAML"),
    "yaml-duplicate-key": (E, "a key appears twice in one mapping"),
    "yaml-tag": (E, "a YAML tag other than the core types (no object construction)"),
    "yaml-too-large": (E, "aliases expand too far (alias bomb) or nesting is too deep"),
    "yaml-control-character": (
        E,
        "a raw control character (ESC, BEL, a C1 control...) in the front matter, at its line "
        "and column; YAML forbids them (PyYAML and ruamel refuse the file)",
    ),
    "file-too-large": (
        E,
        "the article is larger than 1 MiB, or its front matter than 64 KiB (botbeat does not "
        "read it: article fields fit in a few KB)",
    ),
    "file-not-regular": (
        E,
        "a FIFO, device or folder where an article file should be (never opened for reading, "
        "so a FIFO cannot block the run)",
    ),
    "file-outside": (
        E,
        "a symlink to a file outside the newsroom (not followed; symlinks inside it are read)",
    ),
    "file-extension": (
        E,
        "a Markdown file under articles/ whose name does not end in `.md` (`Story.MD`, "
        "`story.markdown`, `story.md.txt`): neither botbeat nor the site reads it as an article",
    ),
    "articles-folder": (
        E,
        "a folder named like articles/ (`Articles/`, `article/`), instead of it or beside it: "
        "botbeat reads none of its files, and the site neither",
    ),
    # schema
    "unknown-key": (E, "a key the format does not know (typo?), with the closest known key"),
    "missing-field": (E, "a required field is absent"),
    "schema-type": (E, "a value of the wrong type or not one of the allowed values"),
    "title-length": (E, "title outside 10 to 120 characters after trimming"),
    "title-line-break": (E, "title spans more than one line"),
    "date-format": (E, "not a YYYY-MM-DD date or a datetime with a UTC offset"),
    "unknown-kind": (E, "kind is not a key of `kinds`"),
    "unknown-entity": (E, "entity is not a key of `entities`"),
    "unknown-topic": (E, "topic is not a key of `topics`"),
    "topic-alias": (E, "topic written as a label or alias instead of its key"),
    "topics-count": (E, "fewer than 1 or more than 6 topics"),
    "topics-repeat": (E, "a topic listed twice"),
    "takeaways-count": (E, "takeaways outside rules.takeaways.min..max"),
    "takeaway-empty": (E, "an empty takeaway"),
    "takeaway-repeat": (E, "a takeaway that repeats an earlier one (case and spaces ignored)"),
    "source-url": (E, "source URL not absolute http(s) with a host, or with credentials"),
    "text-control": (
        E,
        "a control character or a bidi embedding/override/isolate (U+202A-U+202E, "
        "U+2066-U+2069) in a title, takeaway, author, source label or URL, e.g. written as a "
        'YAML escape (`"\\e[31m"`): such text reads differently from what it is',
    ),
    # the file in its newsroom
    "slug-format": (E, "file name is not a valid slug"),
    "slug-reserved": (
        E,
        "file name reserved on Windows (`con`, `prn`, `aux`, `nul`, `com0`-`com9`, "
        "`lpt0`-`lpt9`): the file could not be checked out there",
    ),
    "slug-duplicate": (E, "the same slug in two files (slugs are unique across years)"),
    "year-folder": (E, "the file is not in articles/<year of date>/"),
    "date-future": (E, "date or updated in the future while status is not draft"),
    "updated-before-date": (E, "updated is earlier than date"),
    "section-missing": (E, "a required section heading is absent"),
    "section-order": (E, "required sections are not in the configured order"),
    "section-empty": (E, "a required section has no text"),
    "section-duplicate": (E, "a required section heading appears twice"),
    "placeholder": (E, "placeholder text from `botbeat new` (a warning while draft)"),
    "related-unknown": (E, "a related slug names no article"),
    "related-self": (E, "an article lists itself as related"),
    "duplicate-source": (W, "the same source (after URL normalisation) in another article"),
    "similar-title": (W, "a title nearly identical to another article's"),
    "too-many-problems": (
        E,
        "a file with more than 50 schema problems (or 50 bad related slugs): the first 50 are "
        "shown and this one counts the rest, so one broken file cannot cost seconds or bury "
        "the others; the summary line counts the diagnostics shown",
    ),
    # inline disables (rules/disables.py)
    "disable-unknown": (W, "a `botbeat: disable=` comment names a rule id that does not exist"),
    "disable-unused": (W, "with `--strict`: a `botbeat: disable=` comment that silenced nothing"),
}

# Problems in botbeat.yaml itself (reported against it, before any article is read); the
# YAML rules above (yaml-syntax, yaml-duplicate-key, ...) and unknown-key apply to it too.
CONFIG_RULES: dict[str, tuple[Severity, str]] = {
    "config-not-mapping": (E, "botbeat.yaml is a list or text, not a mapping"),
    "taxonomy-key": (E, "a key of kinds, entities or topics is not a slug"),
    "unknown-rule": (E, "rules.severity names a rule id that does not exist"),
    "unknown-severity": (E, "a severity other than error, warning or off"),
    "unknown-outcome": (E, "source_checks.fail_on names an outcome that does not exist"),
    "unknown-timezone": (E, "timezone is not an IANA time-zone name"),
    "config-name-conflict": (
        E,
        "a label or alias that also names another key of the same section (tools map free "
        "text such as `--topic security` to a key by these names, so each must lead to one "
        "key)",
    ),
}

# For each rule: a line that breaks it, and what to do (`botbeat rules`, SARIF's help, and
# docs/format.md, which tests/test_rules_command.py keeps in step with this registry).
HOWTO: dict[str, tuple[str, str]] = {
    "file-empty": (
        "(a file of 0 bytes)",
        "write the front matter and the body, or delete the file",
    ),
    "file-binary": ("(a PNG saved as story.md)", "keep images out of articles/; link to them"),
    "file-encoding": ("title: Caf\\xe9 (Latin-1)", "save the file as UTF-8"),
    "file-unreadable": ("(mode 000, or a dangling symlink)", "fix the permissions or the link"),
    "file-too-large": ("(a 5 MB article)", "move data and media out of the article"),
    "file-not-regular": ("(a FIFO named story.md)", "replace it with a regular file"),
    "file-outside": ("story.md -> /etc/passwd", "copy the article into the newsroom instead"),
    "file-extension": ("articles/2026/Story.MD", "rename it to end in .md: story.md"),
    "articles-folder": ("Articles/2026/story.md", "move its files into articles/"),
    "front-matter-missing": ("title: A story (no '---' above)", "start the file with a '---' line"),
    "front-matter-unclosed": ("(no second '---')", "add a '---' line after the YAML"),
    "front-matter-empty": ("---\\n---", "write the article fields between the fences"),
    "front-matter-not-mapping": ("- title: A story", "write key: value lines, not a list"),
    "yaml-syntax": ("topics: [ai-agents", "close the bracket or quote; YAML errors give the place"),
    "yaml-duplicate-key": ("title: A ... title: B", "keep one of the two keys"),
    "yaml-tag": ("date: !!python/object ...", "write the plain value without a tag"),
    "yaml-too-large": ("a: &a [*a, *a, ...]", "remove the anchors and aliases; keep it flat"),
    "yaml-control-character": ("title: Red \\x1b[31m", "delete the character"),
    "unknown-key": ("titel: A story", "rename it to the suggested key"),
    "missing-field": ("(no entity: line)", "add the field"),
    "schema-type": ("authors: Jane Doe", "write the type asked for: authors: [Jane Doe]"),
    "title-length": ("title: Short", "write a headline of 10 to 120 characters"),
    "title-line-break": ("title: |\\n  Two\\n  lines", "write the title on one line"),
    "date-format": ("date: 25/02/2026", "write date: 2026-02-25"),
    "unknown-kind": (
        "kind: updat",
        "use a key of kinds in botbeat.yaml (the message suggests one)",
    ),
    "unknown-entity": (
        "entity: antropic",
        "use a key of entities, or add the entity to botbeat.yaml",
    ),
    "unknown-topic": (
        "topics: [agents-ai]",
        "use a key of topics, or add the topic to botbeat.yaml",
    ),
    "topic-alias": ("topics: [agents]", "write the key the message names: [ai-agents]"),
    "topics-count": ("topics: []", "give 1 to 6 topics"),
    "topics-repeat": ("topics: [ai-agents, ai-agents]", "list each topic once"),
    "takeaways-count": ("takeaways: [One.]", "give as many takeaways as rules.takeaways asks"),
    "takeaway-empty": ("  - ''", "write the takeaway or remove the item"),
    "takeaway-repeat": ("  - Same point. ... - same point.", "remove the repeat"),
    "source-url": ("  url: example.org/story", "write the full URL: https://example.org/story"),
    "text-control": ('title: "Red \\e[31m"', "remove the control character"),
    "slug-format": ("articles/2026/My Story.md", "rename the file: my-story.md"),
    "slug-reserved": ("articles/2026/con.md", "rename the file (con-story.md)"),
    "slug-duplicate": ("2025/launch.md and 2026/launch.md", "rename one of the files"),
    "year-folder": ("articles/2025/x.md with date: 2026-02-25", "move it to articles/2026/"),
    "date-future": ("date: 2099-01-01 with status: published", "fix the date or set status: draft"),
    "updated-before-date": ("updated: 2026-01-01 with date: 2026-02-25", "fix updated"),
    "section-missing": ("(no '## Summary' heading)", "add the section heading and its text"),
    "section-order": ("## Editorial Opinion before ## Summary", "put the sections in order"),
    "section-empty": ("## Summary followed by ## Editorial Opinion", "write the section's text"),
    "section-duplicate": ("## Summary twice", "merge the two sections"),
    "placeholder": ("TODO: write the summary", "replace botbeat new's placeholder by the text"),
    "related-unknown": ("  suggested: [no-such-story]", "fix the slug or remove it"),
    "related-self": ("  suggested: [this-story]", "remove the article's own slug"),
    "duplicate-source": (
        "  url: (the source of another article)",
        "link the other story, or disable the rule for a follow-up",
    ),
    "similar-title": (
        "title: (another article's title)",
        "retitle, or disable the rule for a follow-up",
    ),
    "too-many-problems": ("(60 unknown keys)", "fix the problems shown, then run again"),
    "disable-unknown": ("# botbeat: disable=similar-titel", "name an existing rule id"),
    "disable-unused": ("# botbeat: disable=similar-title (nothing similar)", "remove the comment"),
    "config-not-mapping": ("- kinds", "write botbeat.yaml as key: value sections"),
    "taxonomy-key": ("topics: {AI Agents: ...}", "use a slug as the key: ai-agents"),
    "unknown-rule": ("rules: {severity: {similar-titel: off}}", "name an existing rule id"),
    "unknown-severity": ("similar-title: warn", "write error, warning or off"),
    "unknown-outcome": ("fail_on: [brokn]", "name an outcome of botbeat sources"),
    "unknown-timezone": ("timezone: Europe/Berln", "write an IANA name: Europe/Berlin"),
    "config-name-conflict": (
        "security: {aliases: [privacy]} and privacy: ...",
        "remove the alias or the label that names another key",
    ),
}


Registry = dict[str, tuple[Severity, str]]


def select(rule: str | None) -> tuple[Registry, Registry]:
    """`botbeat rules [RULE]`: the article rules and the botbeat.yaml rules to show."""
    if rule is None:
        return RULES, CONFIG_RULES
    if rule not in RULES and rule not in CONFIG_RULES:
        from botbeat_cli.didyoumean import unknown
        from botbeat_cli.errors import UsageError

        raise UsageError(unknown("rule", rule, [*RULES, *CONFIG_RULES]))
    articles = {rule: RULES[rule]} if rule in RULES else {}
    return articles, {rule: CONFIG_RULES[rule]} if rule in CONFIG_RULES else {}


def markdown_table(rules: dict[str, tuple[Severity, str]]) -> str:
    """The docs table of `rules` (docs/format.md holds this very text)."""
    rows = ["| rule | default | what it checks | e.g. | fix |", "| --- | --- | --- | --- | --- |"]
    for rule, (severity, checks) in rules.items():
        example, fix = (cell.replace("|", "\\|") for cell in HOWTO[rule])
        rows.append(f"| `{rule}` | {severity.value} | {checks} | `{example}` | {fix} |")
    return "\n".join(rows) + "\n"


def diagnose(rule: str, path: str, line: int, col: int, message: str) -> Diagnostic:
    """A diagnostic of `rule` at the severity the registry gives it, so no emitting site
    states a severity of its own (tests/rules/test_rules.py holds every site to it);
    botbeat.yaml's `rules.severity` is applied afterwards, in one place, by `validate`."""
    severity = RULES[rule][0] if rule in RULES else CONFIG_RULES[rule][0]
    return Diagnostic(path, line, col, severity, rule, message)
