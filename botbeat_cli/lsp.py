"""`lsp`: a language server (stdio, pygls) for the newsroom's articles.

- diagnostics as the editor types (on open and change, debounced), exactly what
  `validate FILE` gives for the buffer as it stands, unsaved: same rule ids, same places,
  the rules across articles checked against the whole newsroom, read once into an
  `Index` and kept current from the editor's file-change notifications and saves;
- completion of front-matter keys, of kind, entity, topic and status values (labels
  beside keys) and of slugs inside `related` (titles beside);
- hover on a key (what its rules require), a kind, entity or topic (its label and how
  many articles use it) or a slug (its title);
- code actions from the diagnostics: an alias or a mistyped name replaced by the key
  validate names, a missing section heading added, the file moved to its year folder;
- go to definition on a slug: the article's file.

pygls is imported only by this command (the `lsp` extra).
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from botbeat_cli.diagnostics import Diagnostic, Severity
from botbeat_cli.newsroom import fields

if TYPE_CHECKING:
    from collections import Counter

    from botbeat_cli.newsroom.summaries import Index

# Seconds of quiet before a buffer is checked again: enough to fold a burst of changes
# (a paste, a multi-cursor edit) into one check; a check against the index is quick
# (bench/lsp_bench.py), so waiting longer would only delay the answer.
DEBOUNCE = 0.01
# The rules that judge each key's value, for a hover on the key (their text is the registry's).
KEY_RULES = {
    "title": ("missing-field", "title-length", "title-line-break", "similar-title"),
    "date": ("missing-field", "date-format", "date-future", "year-folder"),
    "kind": ("missing-field", "unknown-kind"),
    "entity": ("missing-field", "unknown-entity"),
    "topics": ("missing-field", "unknown-topic", "topic-alias", "topics-count", "topics-repeat"),
    "takeaways": ("takeaways-count", "takeaway-empty", "takeaway-repeat"),
    "source": ("missing-field", "source-url", "duplicate-source"),
    "status": ("schema-type", "placeholder"),
    "updated": ("date-format", "updated-before-date", "date-future"),
    "related": ("related-unknown", "related-self"),
}
_YEAR = re.compile(r"move the file to (articles/\d{4}/[^/\s]+)$")
_HINT = re.compile(r"(?:use the key|did you mean) '([^']+)'")
_WORD = re.compile(r"[A-Za-z0-9_-]+")


class BotbeatServer(LanguageServer):
    def __init__(self) -> None:
        from botbeat_cli import __version__

        super().__init__("botbeat", __version__)
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.found: dict[str, list[Diagnostic]] = {}
        self.indexes: dict[Path, Index] = {}
        self.uses: dict[Path, Counter[str]] = {}  # per root: articles per kind/entity/topic

    def index(self, root: Path) -> Index:
        from botbeat_cli.newsroom.summaries import Index

        if root not in self.indexes:
            self.indexes[root] = Index(root)
        return self.indexes[root]

    def changed_on_disk(self, path: Path) -> None:
        """A file was saved, made or deleted: the index reads it again."""
        from botbeat_cli.store.newsroom import relative

        root = _root(path)
        if root is None:
            return
        self.uses.pop(root, None)
        if path.name == "botbeat.yaml":
            self.indexes.pop(root, None)
        elif root in self.indexes and path.suffix == ".md":
            rel = relative(root, path)
            if rel.startswith("articles/"):
                self.indexes[root].refresh(rel)


server = BotbeatServer()


def _path(uri: str) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(uri).path)).resolve()


def _root(path: Path) -> Path | None:
    from botbeat_cli.store.newsroom import root_or_none

    return root_or_none(path.parent)


def diagnostics_for(path: Path, text: str, ls: BotbeatServer | None = None) -> list[Diagnostic]:
    """What `validate FILE` says of `text` as the file at `path` (nothing outside a
    newsroom or outside its articles/); with a server, against its index of the newsroom."""
    from botbeat_cli.errors import BotbeatError
    from botbeat_cli.validate import ValidateOptions, validate

    root = _root(path)
    if root is None or not path.exists():
        return []
    try:
        index = ls.index(root) if ls else None
        options = ValidateOptions(paths=[path], texts={str(path): text}, index=index)
        report = validate(root, options)
    except BotbeatError:
        return []
    return report.sorted()


def _lsp(diagnostic: Diagnostic, lines: list[str]) -> types.Diagnostic:
    line = max(diagnostic.line - 1, 0)
    start = max(diagnostic.col - 1, 0)
    text = lines[line] if line < len(lines) else ""
    word = _WORD.match(text, start)
    end = word.end() if word else len(text)
    severity = (
        types.DiagnosticSeverity.Error
        if diagnostic.severity is Severity.ERROR
        else types.DiagnosticSeverity.Warning
    )
    return types.Diagnostic(
        range=types.Range(types.Position(line, start), types.Position(line, max(end, start))),
        message=diagnostic.message,
        severity=severity,
        code=diagnostic.rule,
        source="botbeat",
    )


def _publish(ls: BotbeatServer, uri: str) -> None:
    """The buffer's diagnostics on its URI; those of botbeat.yaml (a broken config stops
    every check) on botbeat.yaml's, placed in its lines, and cleared there once mended."""
    from botbeat_cli.store.newsroom import CONFIG_NAME, relative

    document = ls.workspace.get_text_document(uri)
    path = _path(uri)
    found = diagnostics_for(path, document.source, ls)
    root = _root(path)
    if root is None:
        return _send(ls, uri, [], document.source)
    rel = relative(root, path)
    # a story in `Articles/`: the folder's diagnostic is this file's too (nothing reads it)
    mine = [
        d
        for d in found
        if d.path == rel or (d.rule == "articles-folder" and rel.startswith(d.path))
    ]
    _send(ls, uri, mine, document.source)
    config, theirs = root / CONFIG_NAME, [d for d in found if d.path == CONFIG_NAME]
    if theirs or ls.found.get(config.as_uri()):
        try:
            text = config.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        _send(ls, config.as_uri(), theirs, text)


def _send(ls: BotbeatServer, uri: str, found: list[Diagnostic], text: str) -> None:
    ls.found[uri] = found
    lines = text.split("\n")
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=[_lsp(d, lines) for d in found])
    )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BotbeatServer, params: types.DidOpenTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: BotbeatServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.changed_on_disk(_path(params.text_document.uri))
    _publish(ls, params.text_document.uri)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: BotbeatServer, params: types.DidChangeWatchedFilesParams) -> None:
    for change in params.changes:
        ls.changed_on_disk(_path(change.uri))


@server.feature(types.INITIALIZED)
async def initialized(ls: BotbeatServer, params: types.InitializedParams) -> None:
    """Ask the editor to say when article files or botbeat.yaml change on disk (a git
    checkout, another editor), where it can: the index follows them."""
    capabilities = ls.client_capabilities.workspace
    watched = capabilities.did_change_watched_files if capabilities else None
    if not (watched and watched.dynamic_registration):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=g) for g in ("**/*.md", "**/botbeat.yaml")]
    options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
    registration = types.Registration(
        id="botbeat-watch",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options,
    )
    try:
        await ls.client_register_capability_async(types.RegistrationParams([registration]))
    except Exception as exc:  # the editor refused: saves still refresh the index
        message = f"botbeat: no file watching ({exc})"
        ls.window_log_message(types.LogMessageParams(types.MessageType.Warning, message))


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: BotbeatServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri in ls.pending:
        ls.pending[uri].cancel()

    async def later() -> None:
        await asyncio.sleep(DEBOUNCE)
        ls.pending.pop(uri, None)
        _publish(ls, uri)

    ls.pending[uri] = asyncio.ensure_future(later())


def _config(uri: str) -> Any:
    from botbeat_cli.config import load_config
    from botbeat_cli.errors import BotbeatError

    root = _root(_path(uri))
    try:
        return (root, load_config(root)) if root else (None, None)
    except BotbeatError:
        return root, None


def _titles(root: Path) -> dict[str, str]:
    from botbeat_cli.newsroom.catalog import load

    return {entry.slug: entry.title or entry.slug for entry in load(root).entries}


@server.feature(types.TEXT_DOCUMENT_COMPLETION)
def completion(ls: BotbeatServer, params: types.CompletionParams) -> types.CompletionList:
    document = ls.workspace.get_text_document(params.text_document.uri)
    lines = document.source.split("\n")
    line = lines[params.position.line] if params.position.line < len(lines) else ""
    before = line[: params.position.character]
    root, config = _config(params.text_document.uri)
    items: list[types.CompletionItem] = []
    key = re.match(r"\s*([a-z_]+):", before)
    section = _section(lines, params.position.line)
    if config is not None and key is None and not before.startswith(" ") and section is None:
        items = [
            types.CompletionItem(label=k, kind=types.CompletionItemKind.Field) for k in fields.KEYS
        ]
    elif config is not None:
        field = key.group(1) if key else section
        choices = {
            "kind": {k: v.label for k, v in config.kinds.items()},
            "entity": {k: v.name for k, v in config.entities.items()},
            "topics": {k: v.label for k, v in config.topics.items()},
            "status": {s: s for s in ("draft", "review", "published")},
        }
        value, reference = types.CompletionItemKind.EnumMember, types.CompletionItemKind.Reference
        if field in choices:
            items = [
                types.CompletionItem(label=k, detail=d, kind=value)
                for k, d in choices[field].items()
            ]
        elif field in ("related", "more_from", "suggested", "pinned") and root is not None:
            items = [
                types.CompletionItem(label=s, detail=t, kind=reference)
                for s, t in sorted(_titles(root).items())
            ]
    return types.CompletionList(is_incomplete=False, items=items)


def _section(lines: list[str], number: int) -> str | None:
    """The top-level key whose block holds line `number` (None on a key line itself)."""
    line = lines[number] if number < len(lines) else ""
    if line and not line.startswith((" ", "-")):
        return None
    for above in reversed(lines[:number]):
        match = re.match(r"([a-z_]+):", above)
        if match:
            return match.group(1)
    return None


def _word_at(document: Any, position: types.Position) -> str:
    lines = document.source.split("\n")
    line = lines[position.line] if position.line < len(lines) else ""
    for match in _WORD.finditer(line):
        if match.start() <= position.character <= match.end():
            return match.group()
    return ""


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: BotbeatServer, params: types.HoverParams) -> types.Hover | None:
    document = ls.workspace.get_text_document(params.text_document.uri)
    word = _word_at(document, params.position)
    root, config = _config(params.text_document.uri)
    if config is None or not word:
        return None
    line = document.source.split("\n")[params.position.line]
    if word in KEY_RULES and line.startswith(f"{word}:"):
        from botbeat_cli.rules import RULES

        checks = "\n".join(f"- `{rule}`: {RULES[rule][1]}" for rule in KEY_RULES[word])
        return types.Hover(contents=f"**{word}**\n\n{checks}")
    for section, label in (("kinds", "label"), ("entities", "name"), ("topics", "label")):
        entry = getattr(config, section).get(word)
        if entry is not None and root is not None:
            aliases = f" (also written: {', '.join(entry.aliases)})" if entry.aliases else ""
            used = _uses(ls, root)[f"{section}:{word}"]
            return types.Hover(
                contents=f"{section[:-1]} **{getattr(entry, label)}**{aliases}; "
                f"{used} article(s) use it"
            )
    title = _title(ls, root, word) if root else None
    return types.Hover(contents=f"article: **{title}**") if title else None


def _uses(ls: BotbeatServer, root: Path) -> Counter[str]:
    """How many articles name each kind, entity and topic (`kinds:KEY`...), from the
    catalog, kept until a file changes on disk."""
    from collections import Counter

    from botbeat_cli.newsroom.catalog import load

    if root not in ls.uses:
        counts: Counter[str] = Counter()
        for entry in load(root).entries:
            counts.update(
                [
                    f"kinds:{entry.kind}",
                    f"entities:{entry.entity}",
                    *(f"topics:{topic}" for topic in set(entry.topics)),
                ]
            )
        ls.uses[root] = counts
    return ls.uses[root]


def _title(ls: BotbeatServer, root: Path, slug: str) -> str | None:
    """The title of the article with this slug, from the server's index of the newsroom."""
    index = ls.index(root)
    found = index.slugs.get(slug)
    made = index.summaries.get(found[0]) if found else None
    return made.title if made else None


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: BotbeatServer, params: types.DefinitionParams) -> types.Location | None:
    document = ls.workspace.get_text_document(params.text_document.uri)
    word = _word_at(document, params.position)
    root = _root(_path(params.text_document.uri))
    if root is None or not word:
        return None
    found = ls.index(root).slugs.get(word)
    if not found:
        return None
    start = types.Position(0, 0)
    return types.Location(uri=(root / found[0]).as_uri(), range=types.Range(start, start))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION)
def code_action(ls: BotbeatServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    actions = []
    for diagnostic in params.context.diagnostics:
        hint = _HINT.search(diagnostic.message)
        if hint and diagnostic.code in (
            "topic-alias",
            "unknown-kind",
            "unknown-entity",
            "unknown-topic",
            "unknown-key",
        ):
            edit = types.TextEdit(range=diagnostic.range, new_text=hint.group(1))
            actions.append(_action(f"Replace with '{hint.group(1)}'", uri, [edit], diagnostic))
        missing = re.search(r"no '(## [^']+)' section", diagnostic.message)
        if missing and diagnostic.code == "section-missing":
            end = len(document.source.split("\n"))
            at = types.Position(end, 0)
            text = f"\n{missing.group(1)}\n\nTODO: write it.\n"
            edit = types.TextEdit(range=types.Range(at, at), new_text=text)
            actions.append(_action(f"Add '{missing.group(1)}'", uri, [edit], diagnostic))
        moved = _YEAR.search(diagnostic.message)
        root = _root(_path(uri))
        if moved and diagnostic.code == "year-folder" and root is not None:
            target = (root / moved.group(1)).as_uri()
            rename = types.RenameFile(kind="rename", old_uri=uri, new_uri=target)
            actions.append(
                types.CodeAction(
                    title=f"Move to {moved.group(1)}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(document_changes=[rename]),
                )
            )
    return actions


def _action(
    title: str, uri: str, edits: list[types.TextEdit], diagnostic: types.Diagnostic
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )


def serve() -> None:
    server.start_io()
