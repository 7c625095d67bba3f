"""Writes the hostile newsroom under tests/hostile/newsroom/: run it after changing a case.

Each case is one file an editor, a bad merge or an attacker could produce; `expected.txt`
holds what `botbeat validate` says about each (tests/test_hostile.py compares). Cases that
git cannot hold (FIFOs, devices, symlink loops, unreadable files, huge files) are made by
the test itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE / "newsroom"

CONFIG = """\
kinds:
  update: {label: UPDATE}
  research: {label: RESEARCH}
entities:
  anthropic: {name: Anthropic, aliases: [Claude]}
  openai: {name: OpenAI}
topics:
  large-language-models: {label: Large Language Models, aliases: [LLMs]}
  ai-safety-alignment: {label: AI Safety, aliases: [alignment]}
  cybersecurity: {label: Cybersecurity, aliases: [security]}
sources:
  example.org: Example
rules:
  takeaways: {min: 2, max: 5}
  required_sections: [Summary, Editorial Opinion]
"""

FIELDS = {
    "title": "title: A Perfectly Ordinary Headline About {slug}",
    "date": "date: 2026-02-25",
    "kind": "kind: update",
    "entity": "entity: anthropic",
    "topics": "topics: [large-language-models, ai-safety-alignment]",
    "takeaways": (
        "takeaways:\n  - The first takeaway of {slug}.\n  - The second takeaway of {slug}."
    ),
    "source": "source:\n  url: https://example.org/{slug}",
    "status": "status: published",
}
BODY = (
    "\n## Summary\n\nSummary text of {slug}.\n\n## Editorial Opinion\n\nOpinion text of {slug}.\n"
)


def article(slug: str, body: str = BODY, **replace: str | None) -> str:
    """A valid article with some fields replaced (None drops the field)."""
    fields = {**FIELDS, **replace}
    lines = [value.replace("{slug}", slug) for value in fields.values() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body.replace("{slug}", slug)


def cases() -> dict[str, str | bytes]:
    c: dict[str, str | bytes] = {}
    y = "articles/2026/"

    def case(name: str, **replace: str | None) -> None:
        c[y + name + ".md"] = article(name, BODY, **replace)

    # a valid one, so the newsroom is not only errors
    case("valid-control-article")
    # every schema rule broken once
    case("title-missing", title=None)
    case("title-too-short", title="title: Short")
    case("title-too-long", title="title: " + "Long " * 40)
    case("title-line-break", title='title: "A title that goes on\\nto a second line"')
    case("title-a-list", title="title: [a, list, of, words]")
    case("title-a-number", title="title: 12345678901")
    case("title-no-is-a-string", title="title: No")
    case("date-missing", date=None)
    case("date-impossible", date="date: 2026-13-45")
    case("date-in-future", date="date: 2999-01-01")
    case("date-wrong-year", date="date: 2025-02-25")
    case("date-free-text", date="date: last tuesday")
    case("date-an-integer", date="date: 20260225")
    case("date-no-offset", date="date: 2026-02-25T10:00:00")
    case("kind-unknown", kind="kind: opinion")
    case("kind-missing", kind=None)
    case("entity-unknown", entity="entity: anthropik")
    case("entity-missing", entity=None)
    case("topics-missing", topics=None)
    case("topics-empty", topics="topics: []")
    case("topics-seven", topics="topics: [" + ", ".join(["cybersecurity"] * 7) + "]")
    case("topics-repeat", topics="topics: [cybersecurity, cybersecurity]")
    case("topics-unknown", topics="topics: [cybersecurity, quantum]")
    case("topics-alias-not-key", topics="topics: [LLMs]")
    case("topics-a-string", topics="topics: cybersecurity")
    case("takeaways-missing", takeaways=None)
    case("takeaways-one", takeaways="takeaways: [Only one.]")
    case("takeaways-six", takeaways="takeaways: [a1, a2, a3, a4, a5, a6]")
    case("takeaways-empty-item", takeaways="takeaways: ['First.', '']")
    case("takeaways-repeat", takeaways="takeaways: [Same., Same.]")
    case("takeaways-mapping-item", takeaways="takeaways: [First., {a: b}]")
    case("source-missing", source=None)
    case("source-ftp", source="source: {url: 'ftp://example.org/file'}")
    case("source-no-host", source="source: {url: 'https:///path'}")
    case("source-credentials", source="source: {url: 'https://user:pw@example.org/x'}")
    case("source-a-string", source="source: https://example.org/plain")
    case("source-unknown-key", source="source: {url: 'https://example.org/k', lable: x}")
    case("status-unknown", status="status: live")
    case("status-missing", status=None)
    c[y + "authors-not-list.md"] = article(
        "authors-not-list", status="status: published\nauthors: Jane"
    )
    c[y + "updated-before-date.md"] = article(
        "updated-before-date", status="status: published\nupdated: 2026-01-01"
    )
    c[y + "related-unknown-slug.md"] = article(
        "related-unknown-slug", status="status: published\nrelated: {suggested: [no-such-article]}"
    )
    c[y + "related-self.md"] = article(
        "related-self", status="status: published\nrelated: {suggested: [related-self]}"
    )
    c[y + "related-not-mapping.md"] = article(
        "related-not-mapping", status="status: published\nrelated: [a, b]"
    )
    c[y + "related-empty.md"] = article("related-empty", status="status: published\nrelated:")
    c[y + "related-unknown-list.md"] = article(
        "related-unknown-list", status="status: published\nrelated: {others: []}"
    )
    c[y + "key-typo.md"] = article("key-typo", title="titel: A Perfectly Ordinary Headline Typo")
    # bodies
    c[y + "body-no-summary.md"] = article(
        "body-no-summary", body="\n## Editorial Opinion\n\nText.\n"
    )
    c[y + "body-wrong-order.md"] = article(
        "body-wrong-order", body="\n## Editorial Opinion\n\nText.\n\n## Summary\n\nText.\n"
    )
    c[y + "body-empty-section.md"] = article(
        "body-empty-section", body="\n## Summary\n\n## Editorial Opinion\n\nText.\n"
    )
    c[y + "body-has-fence.md"] = article(
        "body-has-fence",
        body="\n## Summary\n\nText.\n\n---\n\n## Editorial Opinion\n\nText.\n---\n",
    )
    # encodings and line endings
    good = article("encoding-bom")
    c[y + "encoding-bom.md"] = b"\xef\xbb\xbf" + good.encode()
    c[y + "endings-crlf.md"] = article("endings-crlf").replace("\n", "\r\n")
    c[y + "endings-cr-only.md"] = article("endings-cr-only").replace("\n", "\r")
    mixed = article("endings-mixed").split("\n")
    c[y + "endings-mixed.md"] = "\r\n".join(mixed[:5]) + "\n" + "\n".join(mixed[5:])
    c[y + "bytes-nul.md"] = article("bytes-nul").replace("Summary text", "Sum\0mary")
    c[y + "bytes-bad-utf8.md"] = (
        article("bytes-bad-utf8").encode().replace(b"Summary text", b"Sum\xffm")
    )
    c[y + "bytes-utf16.md"] = article("bytes-utf16").encode("utf-16")
    c[y + "bytes-latin1.md"] = article(
        "bytes-latin1", title="title: Caf\u00e9 owners sue over AI menus"
    ).encode("latin-1")
    c[y + "file-empty.md"] = ""
    c[y + "file-whitespace.md"] = "  \n\n\t\n"
    c[y + "file-fences-only.md"] = "---\n---\n"
    c[y + "fm-missing.md"] = "# Just a heading\n\nNo front matter here.\n"
    c[y + "fm-unclosed.md"] = "---\ntitle: Never closed front matter here\n\n## Summary\n"
    c[y + "fm-a-list.md"] = "---\n- a\n- b\n---\nbody\n"
    c[y + "fm-a-scalar.md"] = "---\njust text\n---\nbody\n"
    c[y + "yaml-syntax.md"] = article("yaml-syntax", kind="kind: [update")
    c[y + "yaml-bad-indent.md"] = article("yaml-bad-indent", kind="kind: update\n   bad: indent")
    c[y + "yaml-duplicate-key.md"] = article(
        "yaml-duplicate-key", status="status: published\nkind: research"
    )
    c[y + "yaml-python-tag.md"] = article(
        "yaml-python-tag", title="title: !!python/object/apply:os.system ['touch /tmp/pwned']"
    )
    c[y + "yaml-custom-tag.md"] = article("yaml-custom-tag", kind="kind: !shout update")
    bomb = "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "\n".join(
        f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)
    )
    c[y + "yaml-alias-bomb.md"] = article("yaml-alias-bomb", status="status: published\n" + bomb)
    c[y + "yaml-anchor-alias.md"] = article(
        "yaml-anchor-alias",
        topics="topics: &t [large-language-models]",
        status="status: published\nrelated: {suggested: *t}",
    )
    c[y + "yaml-merge-key.md"] = article(
        "yaml-merge-key", source="base: &b {url: 'https://example.org/m'}\nsource: {<<: *b}"
    )
    c[y + "yaml-huge-integer.md"] = article("yaml-huge-integer", title="title: " + "9" * 5000)
    c[y + "yaml-huge-integer-key.md"] = article(
        "yaml-huge-integer-key", status="status: published\n" + "7" * 5000 + ": x"
    )
    c[y + "yaml-deep-block.md"] = article(
        "yaml-deep-block",
        status="status: published\ndeep:\n"
        + "".join(" " * i + f"k{i}:\n" for i in range(1, 2000))
        + " " * 2000
        + "end: 1",
    )
    c[y + "yaml-deep-flow.md"] = article(
        "yaml-deep-flow", status="status: published\ndeep: " + "[" * 2000 + "]" * 2000
    )
    c[y + "yaml-big-quoted-list.md"] = article(
        "yaml-big-quoted-list",
        status="status: published\nauthors: ["
        + ", ".join(f'"Author {i}"' for i in range(3000))
        + "]",
    )
    c[y + "long-line.md"] = article(
        "long-line",
        body="\n## Summary\n\n" + "word " * 40000 + "\n\n## Editorial Opinion\n\nText.\n",
    )
    # control characters and invisible text
    c[y + "ctrl-esc-title.md"] = article(
        "ctrl-esc-title", title="title: Breaking \x1b[31mred\x1b[0m news about AI"
    )
    c[y + "ctrl-esc-title-and-error.md"] = article(
        "ctrl-esc-title-and-error",
        title="title: Breaking \x1b]0;pwned\x07 news about AI",
        kind="kind: nope",
    )
    c[y + "ctrl-esc-quoted.md"] = article(
        "ctrl-esc-quoted", title='title: "Quoted \x1b[2J clear screen title"'
    )
    c[y + "ctrl-escaped-in-yaml.md"] = article(
        "ctrl-escaped-in-yaml", title='title: "Escaped \\e[31m in YAML is still ESC"'
    )
    c[y + "ctrl-bel-entity.md"] = article("ctrl-bel-entity", entity="entity: anthropic\x07")
    c[y + "ctrl-esc-kind.md"] = article("ctrl-esc-kind", kind="kind: \x1b[1mupdate")
    c[y + "ctrl-esc-topic.md"] = article(
        "ctrl-esc-topic", topics='topics: [cybersecurity, "\\e[5mblink"]'
    )
    c[y + "ctrl-c1-csi.md"] = article(
        "ctrl-c1-csi", title="title: C1 control \u009b31m in a title here"
    )
    c[y + "ctrl-bidi-title.md"] = article(
        "ctrl-bidi-title", title="title: Bidi override \u202eevil\u202c in a title"
    )
    c[y + "ctrl-zero-width.md"] = article(
        "ctrl-zero-width", title="title: Zero\u200bwidth spaces hide\u200d in here"
    )
    c[y + "ctrl-esc-takeaway.md"] = article(
        "ctrl-esc-takeaway",
        takeaways='takeaways:\n  - "Takeaway with \\e[31m colour."\n  - Second one.',
    )
    c[y + "ctrl-esc-source.md"] = article(
        "ctrl-esc-source", source='source: {url: "https://example.org/\\e[31m"}'
    )
    c[y + "ctrl-esc-body.md"] = article(
        "ctrl-esc-body",
        body="\n## Summary\n\nBody \x1b[31m red.\n\n## Editorial Opinion\n\nText.\n",
    )
    # file names
    c[y + "name-\x1b[31mesc.md"] = article("name-esc")
    c[y + "name-\u202ebidi.md"] = article("name-bidi")
    c[y + "con.md"] = article("con")
    c[y + "aux.md"] = article("aux")
    c[y + "nul.md"] = article("nul")
    c[y + "com1.md"] = article("com1")
    c[y + "Case-Collide.md"] = article("case-collide")
    c[y + "case-collide.md"] = article("case-collide")
    c[y + "ab.md"] = article("ab")
    c[y + "double--hyphen.md"] = article("double--hyphen")
    c[y + "under_score.md"] = article("under_score")
    c["articles/2025/valid-control-article.md"] = article(
        "valid-control-article", date="date: 2025-02-25"
    )
    c["articles/2026/.hidden-draft.md"] = "not an article: hidden files are skipped\n"
    c["articles/2026/notes.txt"] = "not an article: only .md files are read\n"
    c["articles/misplaced-article.md"] = article("misplaced-article")
    return c


def main() -> None:
    if ROOT.exists():
        shutil.rmtree(ROOT)
    (ROOT / "articles").mkdir(parents=True)
    (ROOT / "botbeat.yaml").write_text(CONFIG, encoding="utf-8")
    for rel, content in cases().items():
        path = ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (ROOT / "articles" / "2026" / "folder.md").mkdir()
    (ROOT / "articles" / "2026" / "folder.md" / ".gitkeep").write_text("")
    print(f"{len(cases())} files under {ROOT}")


if __name__ == "__main__":
    main()
