"""`botbeat lsp` driven by a real LSP client over stdio (pytest-lsp): open a broken article,
get validate's diagnostics at their ranges, apply a quick fix, see them clear; completion,
hover and go to definition."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from botbeat_cli.validate import validate
from tests.conftest import TEMPLATE_CONFIG, article_text, botbeat_command

P = "articles/2026/"


@pytest.fixture
def room(tmp_path: Path) -> Path:
    root = tmp_path / "newsroom"
    (root / P).mkdir(parents=True)
    shutil.copy(TEMPLATE_CONFIG, root / "botbeat.yaml")
    (root / P / "first-story.md").write_text(article_text("first-story"))
    (root / P / "broken-story.md").write_text(article_text("broken-story", kind="updat"))
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[*botbeat_command(), "lsp"]))
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:  # the file watching: accepted
        return None

    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=pytest_lsp.client_capabilities("visual-studio-code"))
    )
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=path.read_text()
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


@pytest.mark.asyncio
async def test_diagnostics_a_quick_fix_and_the_diagnostics_clear(
    client: LanguageClient, room: Path
) -> None:
    uri = await _open(client, room / P / "broken-story.md")
    (found,) = client.diagnostics[uri]
    assert (found.code, found.source) == ("unknown-kind", "botbeat")
    assert found.range == types.Range(types.Position(3, 6), types.Position(3, 11))  # 4:7 'updat'
    actions = await _actions(client, uri, found)
    assert actions and actions[0].title == "Replace with 'update'"
    (edit,) = actions[0].edit.changes[uri]
    assert edit.new_text == "update"
    # the editor applies it, unsaved: the buffer is checked, not the file
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)
            ],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []
    assert "kind: updat\n" in (room / P / "broken-story.md").read_text()  # nothing written


@pytest.mark.asyncio
async def test_a_story_nothing_would_read_is_said_so_in_the_editor(
    client: LanguageClient, room: Path
) -> None:
    """`Story.MD`, or a story in `Articles/`: the editor shows why it would never be
    published (file-extension, articles-folder), at the top of the buffer."""
    misnamed = room / P / "Launch Day.MD"
    misnamed.write_text(article_text("launch-day"))
    uri = await _open(client, misnamed)
    (found,) = client.diagnostics[uri]
    assert (found.code, found.range.start) == ("file-extension", types.Position(0, 0))
    assert "rename it to launch-day.md" in found.message
    folder = room / "Articles" / "2026"
    folder.mkdir(parents=True)
    (folder / "other-story.md").write_text(article_text("other-story"))
    if (room / P / "other-story.md").exists():
        pytest.skip("a case-insensitive file system: Articles/ is articles/ here")
    uri = await _open(client, folder / "other-story.md")
    (found,) = client.diagnostics[uri]
    assert (
        found.code == "articles-folder" and "there is Articles/ beside articles/" in found.message
    )


@pytest.mark.asyncio
async def test_completion_hover_and_definition(client: LanguageClient, room: Path) -> None:
    uri = await _open(client, room / P / "first-story.md")
    kinds = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(3, 6)
        )
    )
    assert kinds is not None
    labels = {item.label: item.detail for item in kinds.items}
    assert labels["research"] == "RESEARCH" and "update" in labels
    hovered = await _hover(client, uri, 4, 10)
    assert hovered is not None and "Anthropic" in str(hovered.contents)
    # line 11, "  url: https://example.org/first-story": the slug at column 30
    on_slug = await _hover(client, uri, 10, 30)
    assert on_slug is not None and "article: **Story" in str(on_slug.contents)
    target = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(10, 30)
        )
    )
    assert isinstance(target, types.Location) and target.uri.endswith("first-story.md")


def test_without_the_extra_it_says_what_to_install(room: Path) -> None:
    import subprocess

    code = (
        "import sys; sys.modules['pygls'] = None; from botbeat_cli.cli import main; "
        "raise SystemExit(main(['lsp']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=room, timeout=60
    )
    assert done.returncode == 2 and "pip install 'botbeat[lsp]'" in done.stderr


async def _actions(
    client: LanguageClient, uri: str, found: types.Diagnostic
) -> list[types.Command | types.CodeAction] | None:
    where = types.TextDocumentIdentifier(uri=uri)
    context = types.CodeActionContext(diagnostics=[found])
    return await client.text_document_code_action_async(
        types.CodeActionParams(text_document=where, range=found.range, context=context)
    )


async def _until(done: Callable[[], bool]) -> None:
    """Wait until `done()` holds, as diagnostics of several files arrive in any order;
    a failure after 10 s, never a hung test."""
    for _ in range(200):
        if done():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the diagnostics did not arrive in 10 s")


async def _hover(client: LanguageClient, uri: str, line: int, col: int) -> types.Hover | None:
    where = types.TextDocumentIdentifier(uri=uri)
    return await client.text_document_hover_async(
        types.HoverParams(text_document=where, position=types.Position(line, col))
    )


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def _watched(client: LanguageClient, path: Path, kind: types.FileChangeType) -> None:
    event = types.FileEvent(uri=path.as_uri(), type=kind)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([event]))


@pytest.mark.asyncio
async def test_the_newsroom_on_disk_is_followed(client: LanguageClient, room: Path) -> None:
    """An article made on disk (a git pull) that cites the same source earlier: once the
    editor says the file changed, the open buffer's next check names it; deleted, it is gone."""
    uri = await _open(client, room / P / "first-story.md")
    assert list(client.diagnostics[uri]) == []
    earlier = room / P / "earlier-story.md"
    earlier.write_text(article_text("earlier-story", date="2026-01-05",
                                    url="https://example.org/first-story"))  # fmt: skip
    _watched(client, earlier, types.FileChangeType.Created)
    text = (room / P / "first-story.md").read_text()
    _change(client, uri, 2, text + "\nOne more line.\n")
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (found,) = client.diagnostics[uri]
    assert found.code == "duplicate-source" and "earlier-story" in found.message
    earlier.unlink()
    _watched(client, earlier, types.FileChangeType.Deleted)
    _change(client, uri, 3, text)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []


@pytest.mark.asyncio
async def test_move_to_the_year_folder_and_hover_on_keys(
    client: LanguageClient, room: Path
) -> None:
    misplaced = room / "articles" / "2025" / "misplaced-story.md"
    misplaced.parent.mkdir()
    misplaced.write_text(article_text("misplaced-story"))
    uri = await _open(client, misplaced)
    (found,) = client.diagnostics[uri]
    assert found.code == "year-folder"
    actions = await _actions(client, uri, found)
    assert actions and actions[0].title == "Move to articles/2026/misplaced-story.md"
    (rename,) = actions[0].edit.document_changes
    assert isinstance(rename, types.RenameFile)
    assert (rename.old_uri, rename.new_uri) == (uri, (room / P / "misplaced-story.md").as_uri())
    on_key = await _hover(client, uri, 1, 2)
    assert on_key is not None and "`title-length`: title outside 10 to 120" in str(on_key.contents)
    on_entity = await _hover(client, uri, 4, 10)
    assert on_entity is not None and "3 article(s) use it" in str(on_entity.contents)


@pytest.mark.asyncio
async def test_a_broken_botbeat_yaml_is_shown_on_itself(client: LanguageClient, room: Path) -> None:
    """A typo in botbeat.yaml stops every check: its diagnostic goes to botbeat.yaml at its
    own line, not onto the article's line of that number; mended, it is cleared."""
    config = room / "botbeat.yaml"
    good = config.read_text()
    config.write_text(good.replace("kinds:", "kinds:\n  bad: [unclosed", 1))
    article = room / P / "first-story.md"
    uri = await _open(client, article)
    await _until(lambda: config.as_uri() in client.diagnostics)
    assert list(client.diagnostics[uri]) == []
    (broken,) = client.diagnostics[config.as_uri()]
    (said,) = validate(room).diagnostics  # where `botbeat validate` puts it
    assert said.path == "botbeat.yaml" and said.line > 1
    assert (broken.code, broken.range.start.line) == (said.rule, said.line - 1)
    config.write_text(good)
    _watched(client, config, types.FileChangeType.Changed)
    _change(client, uri, 2, article.read_text() + "\nOne more line.\n")
    await _until(lambda: not client.diagnostics[config.as_uri()])
    assert list(client.diagnostics[uri]) == []
