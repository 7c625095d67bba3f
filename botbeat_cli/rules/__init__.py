"""Every rule `validate` knows, by stable id, with its default severity and what it checks.

Rule ids are a contract (tests, `rules.severity` in botbeat.yaml, editors' muscle memory):
add new ones, never rename.
"""

from __future__ import annotations

from botbeat_cli.diagnostics import Severity

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
    "yaml-control-character": (E, "a raw control character (ESC, BEL, C1...) in the YAML"),
    "file-too-large": (E, "the article or its front matter is larger than botbeat reads"),
    "file-not-regular": (E, "a FIFO, device or folder where an article file should be"),
    "file-outside": (E, "a symlink to a file outside the newsroom (not followed)"),
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
    "text-control": (E, "a control or bidi-override character in a text field"),
    # the file in its newsroom
    "slug-format": (E, "file name is not a valid slug"),
    "slug-reserved": (E, "file name reserved on Windows (con, aux, nul, com1...)"),
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
    "too-many-problems": (E, "more than 50 problems of one kind in a file: the rest counted"),
    # inline disables (rules/disables.py)
    "disable-unknown": (W, "a `botbeat: disable=` comment names a rule that does not exist"),
    "disable-unused": (W, "with --strict: a `botbeat: disable=` comment that silenced nothing"),
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
    "config-name-conflict": (E, "a label or alias that also names another key (first-wins)"),
}
