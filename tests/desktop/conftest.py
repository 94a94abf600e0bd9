"""Fixtures for the desktop tests: the real main window driven by the real controller.

The window is a real (offscreen) MainWindow, the history a real SQLite file in the
test's HISHO_HOME, and the model the session's real LocalBackend (one process for
the whole run). Replies are greedy and short so the suite stays quick.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

import desktop.at_hand
from desktop.at_hand import build_at_hand, start_at_hand
from desktop.controllers.chat import ChatController
from desktop.controllers.settings import SettingsOwner
from desktop.launch import Launch
from desktop.wiring import Controllers, build_controllers
from desktop.workers import Workers
from engine import paths
from engine.models.local import LocalBackend
from engine.storage import settings as settings_store
from engine.storage.history import History
from engine.storage.settings import Settings
from ui.file_list import StatusTextRole
from ui.main_window import MainWindow
from ui.quick_prompt import QuickPrompt

#: How long a reply may take. Generous: the model is fast (~1 s for a short reply)
#: but a machine busy with other work can slow it a lot; waits end as soon as it is done.
REPLY_TIMEOUT_MS = 120_000


def greedy_settings(max_reply_tokens: int = 40) -> Settings:
    """Default settings with greedy decoding and short replies."""
    settings, _ = settings_store.load()
    chat = dataclasses.replace(
        settings.chat, temperature=0.0, max_reply_tokens=max_reply_tokens, repeat_penalty=1.0
    )
    return dataclasses.replace(settings, chat=chat)


@dataclasses.dataclass
class ChatSession:
    """Everything a desktop test drives or inspects."""

    window: MainWindow
    history: History
    controller: ChatController
    workers: Workers
    qtbot: QtBot

    def set_reply_tokens(self, max_reply_tokens: int) -> None:
        assert self.controller.settings.save(greedy_settings(max_reply_tokens))

    def wait_idle(self, timeout: int = REPLY_TIMEOUT_MS) -> None:
        """Wait until no reply is being generated (the Send button is back)."""
        self.qtbot.waitUntil(
            lambda: (
                self.controller.turns.generating_in is None and self.window.send_button.isEnabled()
            ),
            timeout=timeout,
        )

    def send(self, text: str, timeout: int = REPLY_TIMEOUT_MS) -> None:
        """Type ``text`` in the composer, press Enter, wait for the reply to end."""
        self.type_and_enter(text)
        self.qtbot.waitUntil(lambda: self.controller.turns.generating_in is not None, timeout=5_000)
        self.wait_idle(timeout)

    def type_and_enter(self, text: str) -> None:
        composer = self.window.composer
        composer.setFocus()
        composer.setPlainText(text)
        self.qtbot.keyClick(composer, Qt.Key.Key_Return)


@pytest.fixture()
def make_session(qtbot: QtBot, local_backend: LocalBackend) -> Iterator[Callable[..., ChatSession]]:
    """Build a window + controller on a fresh history; everything stopped afterwards."""
    made: list[ChatSession] = []

    def make(backend: object | None = None, max_reply_tokens: int = 40) -> ChatSession:
        window = MainWindow()  # closed by this fixture, after the worker has ended
        window.show()
        history = History(paths.history_db())
        workers = Workers()
        settings = SettingsOwner(greedy_settings(max_reply_tokens), window.show_error, window)
        controller = ChatController(window, history, backend or local_backend, settings, workers)
        session = ChatSession(window, history, controller, workers, qtbot)
        made.append(session)
        return session

    yield make
    for session in made:
        session.controller.shutdown()
        session.workers.wait(REPLY_TIMEOUT_MS)
        # Deliver the events the worker queued before it ended, while the history is open.
        session.wait_idle()
        session.history.close()
        session.window.close()
        session.window.deleteLater()


@pytest.fixture()
def session(make_session: Callable[..., ChatSession]) -> ChatSession:
    """A window and controller with the model already loaded (status "Ready")."""
    chat = make_session()
    chat.controller.start()
    chat.qtbot.waitUntil(
        lambda: chat.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS
    )
    return chat


@dataclasses.dataclass
class DialogAnswer:
    """What a modal question asked, once answered (see :func:`answer_next_dialog`)."""

    text: str = ""
    answered: bool = False
    timer: QTimer | None = None


def answer_next_dialog(button_text: str) -> DialogAnswer:
    """Click ``button_text`` in the next modal message box, as a user would.

    The box is real and runs its own event loop (``exec``); a timer finds it there
    and clicks the button, since no person can click it in a headless test.
    """
    answer = DialogAnswer()
    timer = QTimer()
    timer.setInterval(10)

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                timer.stop()
                answer.text = box.text()
                answer.answered = True
                button.click()
                return
        raise AssertionError(f"no {button_text!r} button in {[b.text() for b in box.buttons()]}")

    timer.timeout.connect(poll)
    timer.start()
    answer.timer = timer  # kept alive until the dialog is answered
    return answer


def wire_window(
    backend: LocalBackend, settings: Settings, size: tuple[int, int] = (1100, 720)
) -> tuple[MainWindow, History, Controllers]:
    """The real window, shown, with a history in HISHO_HOME and every controller wired
    as the app wires them (nothing started yet)."""
    window = MainWindow()
    window.resize(*size)
    window.show()
    history = History(paths.history_db())
    controllers = build_controllers(
        window, history, backend, settings, Workers(), Workers(max_threads=1)
    )
    return window, history, controllers


def unwire_window(window: MainWindow, history: History, controllers: Controllers) -> None:
    """Stop what ``wire_window`` built and wait for its work; close the window."""
    controllers.transfer.shutdown()
    controllers.chat.shutdown()
    controllers.local_api.shutdown()
    controllers.library.shutdown()
    controllers.chat.workers.wait(REPLY_TIMEOUT_MS)
    QApplication.sendPostedEvents()
    controllers.cloud.close()
    history.close()
    window.keep_running_on_close = False
    window.close()
    window.deleteLater()


@dataclasses.dataclass
class AtHand:
    """The window with every controller, the tray, quick prompt and shortcut wired as
    the app wires them (desktop.wiring, desktop.at_hand), on the session's real model."""

    window: MainWindow
    history: History
    controllers: Controllers
    pieces: desktop.at_hand.AtHand
    quits: list[str]
    qtbot: QtBot

    @property
    def prompt(self) -> QuickPrompt:
        return self.pieces.quick.prompt

    def ask_quick(self, question: str) -> None:
        """Type a question in the quick prompt, press Enter, wait for the answer."""
        prompt, chat = self.prompt, self.controllers.chat
        prompt.input.setText(question)
        self.qtbot.keyClick(prompt.input, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: self.pieces.quick.generating, timeout=5_000)
        self.qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)


@pytest.fixture()
def make_at_hand(qtbot: QtBot, local_backend: LocalBackend) -> Iterator[Callable[..., AtHand]]:
    """Build the whole window (``tray``: whether the desktop has a tray; offscreen Qt has
    none, so tests say; ``platform``: Qt's platform name for the global shortcut)."""
    made: list[AtHand] = []

    def make(
        tray: bool = True,
        platform: str = "offscreen",
        max_reply_tokens: int = 40,
        backend: LocalBackend | None = None,
    ) -> AtHand:
        """``backend``: a model process of the test's own, for a test that switches the
        model (the session's shared one must stay on the default model)."""
        window, history, controllers = wire_window(
            backend or local_backend, greedy_settings(max_reply_tokens), (1000, 680)
        )
        quits: list[str] = []
        pieces = build_at_hand(
            window, controllers, lambda: quits.append("quit"), lambda: tray, platform
        )
        hand = AtHand(window, history, controllers, pieces, quits, qtbot)
        made.append(hand)
        controllers.chat.start()
        controllers.cloud.start()
        start_at_hand(pieces, Launch())
        return hand

    yield make
    for hand in made:
        hand.pieces.close()
        unwire_window(hand.window, hand.history, hand.controllers)


@pytest.fixture()
def at_hand(make_at_hand: Callable[..., AtHand]) -> AtHand:
    """The whole window with a tray, the model loaded (status "Ready")."""
    hand = make_at_hand()
    hand.qtbot.waitUntil(
        lambda: hand.window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS
    )
    return hand


#: Reading a file includes starting the library process and warming its embedder.
INDEX_TIMEOUT_MS = 120_000


@dataclasses.dataclass
class FilesSession:
    window: MainWindow
    history: History
    controllers: Controllers
    qtbot: QtBot

    def statuses(self) -> dict[str, str]:
        model = self.window.library_panel.model
        return {
            model.data(model.index(row)): model.data(model.index(row), StatusTextRole)
            for row in range(model.rowCount())
        }

    def ask(self, question: str) -> None:
        chat = self.controllers.chat
        self.window.composer.setPlainText(question)
        self.qtbot.keyClick(self.window.composer, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: chat.turns.generating_in is not None, timeout=5_000)
        self.qtbot.waitUntil(
            lambda: chat.turns.generating_in is None and self.window.send_button.isEnabled(),
            timeout=REPLY_TIMEOUT_MS,
        )


@pytest.fixture()
def files_session(qtbot: QtBot, local_backend: LocalBackend) -> Iterator[FilesSession]:
    """The window wired exactly as the app wires it, the model loaded."""
    window, history, controllers = wire_window(local_backend, greedy_settings(48))
    session = FilesSession(window, history, controllers, qtbot)
    controllers.chat.start()
    controllers.library.start()
    qtbot.waitUntil(lambda: window.status_label.text() == "Ready", timeout=REPLY_TIMEOUT_MS)
    yield session
    unwire_window(window, history, controllers)
