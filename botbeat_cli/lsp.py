"""`lsp`: a language server (stdio, pygls) for the newsroom's articles.

- diagnostics as the editor types (on open and change, debounced), exactly what
  `validate FILE` gives for the buffer as it stands, unsaved: same rule ids, same places,
  the rules across articles checked against the whole newsroom (validate's stat-trusted
  caches keep that current as files change on disk);
- completion of front-matter keys, of kind, entity, topic and status values (labels
  beside keys) and of slugs inside `related` (titles beside);
- hover on a kind, entity, topic or slug: its label or title;
- code actions from the diagnostics: an alias or a mistyped name replaced by the key
  validate names, a missing section heading added;
- go to definition on a slug: the article's file.

pygls is imported only by this command (the `lsp` extra).
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from botbeat_cli.diagnostics import Diagnostic, Severity

DEBOUNCE = 0.15  # seconds of quiet typing before a buffer is checked again
KEYS = ("title", "date", "kind", "entity", "topics", "takeaways", "source", "status",
        "authors", "updated", "related")  # fmt: skip
_HINT = re.compile(r"(?:use the key|did you mean) '([^']+)'")
_WORD = re.compile(r"[A-Za-z0-9_-]+")


class BotbeatServer(LanguageServer):
    def __init__(self) -> None:
        from botbeat_cli import __version__

        super().__init__("botbeat", __version__)
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.found: dict[str, list[Diagnostic]] = {}


server = BotbeatServer()


def _path(uri: str) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(uri).path)).resolve()


def _root(path: Path) -> Path | None:
    from botbeat_cli.store.newsroom import root_or_none

    return root_or_none(path.parent)


def diagnostics_for(path: Path, text: str) -> list[Diagnostic]:
    """What `validate FILE` says of `text` as the file at `path` (nothing outside a
    newsroom or outside its articles/)."""
    from botbeat_cli.errors import BotbeatError
    from botbeat_cli.validate import ValidateOptions, validate

    root = _root(path)
    if root is None or not path.exists():
        return []
    try:
        report = validate(root, ValidateOptions(paths=[path], texts={str(path): text}))
    except BotbeatError:
        return []
    return report.sorted()


def _lsp(diagnostic: Diagnostic, lines: list[str]) -> types.Diagnostic:
    line = max(diagnostic.line - 1, 0)
    start = max(diagnostic.col - 1, 0)
    text = lines[line] if line < len(lines) else ""
    word = _WORD.match(text, start)
    end = word.end() if word else len(text)
    severity = (types.DiagnosticSeverity.Error if diagnostic.severity is Severity.ERROR
                else types.DiagnosticSeverity.Warning)  # fmt: skip
    return types.Diagnostic(
        range=types.Range(types.Position(line, start), types.Position(line, max(end, start))),
        message=diagnostic.message, severity=severity, code=diagnostic.rule, source="botbeat",
    )  # fmt: skip


def _publish(ls: BotbeatServer, uri: str) -> None:
    document = ls.workspace.get_text_document(uri)
    found = diagnostics_for(_path(uri), document.source)
    ls.found[uri] = found
    lines = document.source.split("\n")
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=uri, diagnostics=[_lsp(d, lines) for d in found]))  # fmt: skip


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BotbeatServer, params: types.DidOpenTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: BotbeatServer, params: types.DidSaveTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


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
        items = [types.CompletionItem(label=k, kind=types.CompletionItemKind.Field) for k in KEYS]
    elif config is not None:
        field = key.group(1) if key else section
        choices = {"kind": {k: v.label for k, v in config.kinds.items()},
                   "entity": {k: v.name for k, v in config.entities.items()},
                   "topics": {k: v.label for k, v in config.topics.items()},
                   "status": {s: s for s in ("draft", "review", "published")}}  # fmt: skip
        value, reference = types.CompletionItemKind.EnumMember, types.CompletionItemKind.Reference
        if field in choices:
            items = [types.CompletionItem(label=k, detail=d, kind=value)
                     for k, d in choices[field].items()]  # fmt: skip
        elif field in ("related", "more_from", "suggested", "pinned") and root is not None:
            items = [types.CompletionItem(label=s, detail=t, kind=reference)
                     for s, t in sorted(_titles(root).items())]  # fmt: skip
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
    for section, label in (("kinds", "label"), ("entities", "name"), ("topics", "label")):
        entry = getattr(config, section).get(word)
        if entry is not None:
            aliases = f" (also written: {', '.join(entry.aliases)})" if entry.aliases else ""
            return types.Hover(contents=f"{section[:-1]} **{getattr(entry, label)}**{aliases}")
    title = _title(root, word) if root else None
    return types.Hover(contents=f"article: **{title}**") if title else None


def _title(root: Path, slug: str) -> str | None:
    """The title of the article with this slug, read from its file alone (a hover asks
    for one: the whole catalog is for completion)."""
    from botbeat_cli.newsroom import fields
    from botbeat_cli.store import files, frontmatter
    from botbeat_cli.store.newsroom import slug_index
    from botbeat_cli.store.problems import ReadProblem

    found = slug_index(root).get(slug)
    if not found:
        return None
    try:
        return fields.read(frontmatter.parse(files.read_text(root / found[0], root)).data).title
    except ReadProblem:
        return None


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: BotbeatServer, params: types.DefinitionParams) -> types.Location | None:
    from botbeat_cli.store.newsroom import slug_index

    document = ls.workspace.get_text_document(params.text_document.uri)
    word = _word_at(document, params.position)
    root = _root(_path(params.text_document.uri))
    if root is None or not word:
        return None
    found = slug_index(root).get(word)
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
        if hint and diagnostic.code in ("topic-alias", "unknown-kind", "unknown-entity",
                                        "unknown-topic", "unknown-key"):  # fmt: skip
            edit = types.TextEdit(range=diagnostic.range, new_text=hint.group(1))
            actions.append(_action(f"Replace with '{hint.group(1)}'", uri, [edit], diagnostic))
        missing = re.search(r"no '(## [^']+)' section", diagnostic.message)
        if missing and diagnostic.code == "section-missing":
            end = len(document.source.split("\n"))
            at = types.Position(end, 0)
            text = f"\n{missing.group(1)}\n\nTODO: write it.\n"
            edit = types.TextEdit(range=types.Range(at, at), new_text=text)
            actions.append(_action(f"Add '{missing.group(1)}'", uri, [edit], diagnostic))
    return actions


def _action(title: str, uri: str, edits: list[types.TextEdit],
            diagnostic: types.Diagnostic) -> types.CodeAction:  # fmt: skip
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic],
                            edit=types.WorkspaceEdit(changes={uri: edits}))  # fmt: skip


def serve() -> None:
    server.start_io()
