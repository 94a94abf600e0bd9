"""Markdown in replies: rendered (code, lists, tables) and safe (nothing is fetched).

The transcript must never load a resource: no remote image, no local file, no UNC
path. Both places where Qt could load one are watched: ``TranscriptView.loadResource``
(the view's document asks it) and ``QTextDocument.loadResource`` (the stand-alone
document the Markdown is parsed into). Python-level network calls are recorded by an
audit hook while rendering.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QTextDocument, QTextFormat, QTextTable
from pytestqt.qtbot import QtBot

from engine.types import MessageStatus, StoredMessage
from tests.ui.helpers import click_link
from ui.markdown import markdown_document
from ui.transcript import TranscriptView

UNSAFE = (
    "Here you go.\n\n"
    "![x](http://example.com/a.png)\n\n"
    '<img src="file:///etc/passwd">\n\n'
    "![unc](\\\\\\\\server\\\\share\\\\x.png)\n\n"
    "<script>alert(1)</script>\n\n"
    "| pic |\n|-----|\n| ![cell](http://example.com/cell.png) |\n\n"
    "- ![item](file:///etc/hostname)\n\n"
    "![ref][logo]\n\n"
    "[logo]: https://example.com/ref.png\n\n"
    "[![badge](http://example.com/badge.svg)](https://example.com/x)\n\n"
    "[link](https://example.com)\n"
)

RICH = (
    "Steps:\n\n"
    "1. first\n"
    "2. second\n\n"
    "- apple\n"
    "- pear\n\n"
    "| name | qty |\n"
    "|------|-----|\n"
    "| tea  | 2   |\n"
    "| rice | 5   |\n\n"
    "```python\n"
    "print('hi')\n"
    "```\n"
)

# --- network watch: one audit hook for the process, switched on per test -----------

_NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request")
_recording: list[tuple[str, tuple[Any, ...]]] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _recording is not None and event in _NETWORK_EVENTS:
        _recording.append((event, args))


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only when switched on


@pytest.fixture()
def network_attempts() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    global _recording
    _recording = []
    try:
        yield _recording
    finally:
        _recording = None


@pytest.fixture()
def resource_loads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, object]]:
    """Every resource Qt asks for while rendering, and what it got."""
    calls: list[tuple[str, str, object]] = []
    view_load = TranscriptView.loadResource
    document_load = QTextDocument.loadResource

    def watched_view(self: TranscriptView, kind: int, name: Any) -> Any:
        result = view_load(self, kind, name)
        calls.append(("view", QUrl(name).toString(), result))
        return result

    def watched_document(self: QTextDocument, kind: int, name: Any) -> Any:
        result = document_load(self, kind, name)
        calls.append(("document", QUrl(name).toString(), result))
        return result

    monkeypatch.setattr(TranscriptView, "loadResource", watched_view)
    monkeypatch.setattr(QTextDocument, "loadResource", watched_document)
    return calls


def assistant(content: str, id: int = 1) -> StoredMessage:
    return StoredMessage(id, 1, "assistant", content, MessageStatus.COMPLETE, time.time(), "m")


def test_the_watch_sees_a_resource_request(
    qtbot: QtBot, view: TranscriptView, resource_loads: list[tuple[str, str, object]]
) -> None:
    """The instrument works: raw HTML with an image does reach loadResource (refused)."""
    view.setHtml('<img src="http://example.com/probe.png">')
    view.grab()  # lay out and paint
    assert ("view", "http://example.com/probe.png", None) in resource_loads


def test_images_and_html_are_never_loaded(
    qtbot: QtBot,
    view: TranscriptView,
    resource_loads: list[tuple[str, str, object]],
    network_attempts: list[tuple[str, tuple[Any, ...]]],
) -> None:
    view.show_messages([assistant(UNSAFE)])
    view.grab()  # force layout and painting, where images would be fetched
    qtbot.wait(10)

    assert [call for call in resource_loads if call[2] is not None] == []
    assert [call for call in resource_loads if call[0] == "document"] == []
    assert network_attempts == []
    text = view.toPlainText()
    assert "[image not loaded: http://example.com/a.png]" in text
    assert "[image not loaded: \\\\server\\share\\x.png]" in text
    # Raw HTML is shown as text, not interpreted.
    assert '<img src="file:///etc/passwd">' in text
    assert "<script>alert(1)</script>" in text
    for name in (
        "http://example.com/cell.png",  # in a table
        "file:///etc/hostname",  # in a list
        "https://example.com/ref.png",  # by reference
        "http://example.com/badge.svg",  # inside a link
    ):
        assert f"[image not loaded: {name}]" in text
    assert not _has_images(view.document())


def test_a_streamed_reply_with_images_loads_nothing(
    qtbot: QtBot,
    view: TranscriptView,
    resource_loads: list[tuple[str, str, object]],
    network_attempts: list[tuple[str, tuple[Any, ...]]],
) -> None:
    view.begin_reply("m")
    view.append_stream(UNSAFE)
    qtbot.waitUntil(lambda: "example.com/a.png" in view.streamed_text(), timeout=2000)
    view.finish_reply(assistant(UNSAFE))
    view.grab()
    assert [call for call in resource_loads if call[2] is not None] == []
    assert network_attempts == []
    assert "[image not loaded: http://example.com/a.png]" in view.toPlainText()


def test_a_link_is_reported_when_clicked_never_followed(
    qtbot: QtBot, view: TranscriptView, network_attempts: list[tuple[str, tuple[Any, ...]]]
) -> None:
    view.show_messages([assistant(UNSAFE)])
    with qtbot.waitSignal(view.external_link_clicked, timeout=2000) as clicked:
        click_link(qtbot, view, "https://example.com")
    assert clicked.args == [QUrl("https://example.com")]
    assert view.source().isEmpty()
    assert network_attempts == []


def test_code_lists_and_tables_are_rendered() -> None:
    document = markdown_document(RICH, QColor("#eeeeee"))
    tables = [
        frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)
    ]
    assert len(tables) == 1
    table = tables[0]
    assert (table.rows(), table.columns()) == (3, 2)
    assert table.cellAt(1, 0).firstCursorPosition().block().text() == "tea"

    lists = {}
    code = []
    block = document.begin()
    while block.isValid():
        if block.textList() is not None:
            lists[block.text()] = block.textList().format().style()
        if block.blockFormat().hasProperty(QTextFormat.Property.BlockCodeFence):
            code.append(block)
        block = block.next()
    assert set(lists) == {"first", "second", "apple", "pear"}
    assert lists["first"] != lists["apple"]  # numbered vs bulleted
    assert [b.text() for b in code] == ["print('hi')"]
    assert code[0].blockFormat().background().color() == QColor("#eeeeee")
    assert "```" not in document.toPlainText()


def test_the_transcript_keeps_tables_and_lists(view: TranscriptView) -> None:
    view.show_messages([assistant(RICH)])
    document = view.document()
    tables = [f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable)]
    assert len(tables) == 1 and tables[0].rows() == 3
    block = document.findBlock(document.find("apple").position())
    assert block.textList() is not None
    code = document.findBlock(document.find("print('hi')").position())
    assert code.blockFormat().nonBreakableLines() or code.blockFormat().hasProperty(
        QTextFormat.Property.BlockCodeFence
    )


def _has_images(document: QTextDocument) -> bool:
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            if iterator.fragment().charFormat().isImageFormat():
                return True
            iterator += 1
        block = block.next()
    return False
