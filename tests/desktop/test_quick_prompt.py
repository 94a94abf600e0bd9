"""The quick prompt with the real model: it streams an answer, hands the exchange to
the main window, waits its turn when the window is answering, takes clipboard text,
answers from the user's documents, and takes Japanese input."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from engine.library.types import Scope
from engine.storage import settings as settings_store
from engine.types import MessageStatus
from tests.desktop.conftest import REPLY_TIMEOUT_MS, AtHand


def test_the_quick_prompt_streams_an_answer_and_continues_in_hisho(at_hand: AtHand) -> None:
    hand, qtbot = at_hand, at_hand.qtbot
    window, chat, prompt = hand.window, hand.controllers.chat, hand.prompt
    window.hide()  # the user is elsewhere
    hand.pieces.tray.tray.quick_action.trigger()
    assert prompt.isVisible()
    qtbot.waitUntil(prompt.input.hasFocus, timeout=2_000)  # ready to type in
    assert prompt.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert prompt.windowFlags() & Qt.WindowType.WindowStaysOnTopHint

    # The answer streams in under the question: seen growing before it is finished.
    seen: list[str] = []
    chat.turns.turn_event.connect(lambda _id, _event: seen.append(prompt.streamed_text()))
    hand.ask_quick("What is the capital of France?")
    grown = [text for text in seen if text.strip()]
    assert len(set(grown)) > 2, "the answer should appear piece by piece"

    # It is a normal conversation, saved in the same history as the main window's.
    conversation_id = hand.pieces.quick.conversation_id
    assert conversation_id is not None
    messages = hand.history.messages(conversation_id)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[0].content == "What is the capital of France?"
    reply = messages[1]
    assert reply.status is MessageStatus.COMPLETE and reply.content.strip()
    assert prompt.answer.toPlainText().split()[:3] == reply.content.split()[:3]
    assert prompt.continue_button.isVisible()

    # "Continue in Hisho" opens that conversation in the main window.
    qtbot.mouseClick(prompt.continue_button, Qt.MouseButton.LeftButton)
    assert not prompt.isVisible()
    assert window.isVisible()
    assert chat.conversations.current_id == conversation_id
    assert window.sidebar.current_id() == conversation_id
    shown = window.transcript.toPlainText()
    assert "What is the capital of France?" in shown
    assert reply.content.split()[0] in shown

    # The conversation goes on there, with what was asked in the quick prompt.
    window.composer.setPlainText("And of Italy?")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    assert [m.role for m in hand.history.messages(conversation_id)] == [
        "user", "assistant", "user", "assistant",
    ]  # fmt: skip

    # Opened again, the prompt is fresh: a new exchange.
    hand.pieces.quick.open()
    assert prompt.input.text() == "" and not prompt.answer.isVisible()


def test_enter_sends_and_esc_hides(at_hand: AtHand) -> None:
    hand, qtbot, prompt = at_hand, at_hand.qtbot, at_hand.prompt
    hand.pieces.quick.open()
    qtbot.keyClick(prompt.input, Qt.Key.Key_Return)  # nothing typed: nothing sent
    assert hand.pieces.quick.conversation_id is None
    with qtbot.waitSignal(prompt.hidden, timeout=2_000):
        qtbot.keyClick(prompt.input, Qt.Key.Key_Escape)
    assert not prompt.isVisible()
    assert hand.history.conversations() == []


def test_a_question_waits_while_the_main_window_answers(at_hand: AtHand) -> None:
    hand, qtbot = at_hand, at_hand.qtbot
    window, chat, quick = hand.window, hand.controllers.chat, hand.pieces.quick
    window.composer.setPlainText("Write a short poem about the sea.")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: chat.turns.busy, timeout=5_000)
    main_id = chat.turns.generating_in

    quick.open()
    hand.prompt.input.setText("What is two plus two?")
    qtbot.keyClick(hand.prompt.input, Qt.Key.Key_Return)
    assert "answering in the main window" in hand.prompt.status.text()
    assert chat.turns.generating_in == main_id  # one answer at a time: nothing interleaved

    # When the window's answer is done, the quick question goes next, by itself.
    qtbot.waitUntil(lambda: quick.generating, timeout=REPLY_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    assert main_id is not None and quick.conversation_id != main_id
    for conversation_id in (main_id, quick.conversation_id):
        assert conversation_id is not None
        roles = [m.role for m in hand.history.messages(conversation_id)]
        assert roles == ["user", "assistant"]
        assert hand.history.messages(conversation_id)[1].status is MessageStatus.COMPLETE
    assert hand.prompt.answer.toPlainText().strip()


def test_clipboard_text_goes_with_the_question(at_hand: AtHand) -> None:
    hand, quick = at_hand, at_hand.pieces.quick
    QGuiApplication.clipboard().setText("The meeting moved to Thursday at 3 pm.")
    quick.open()
    hand.qtbot.mouseClick(hand.prompt.include_clipboard, Qt.MouseButton.LeftButton)
    assert hand.prompt.include_clipboard.isChecked()
    hand.ask_quick("When is the meeting?")
    assert quick.conversation_id is not None
    sent = hand.history.messages(quick.conversation_id)[0].content
    assert sent.startswith("When is the meeting?")
    assert "The meeting moved to Thursday at 3 pm." in sent
    # The toggle is remembered for next time.
    assert settings_store.load()[0].desktop.quick_include_clipboard


def test_use_my_documents_answers_from_all_files(at_hand: AtHand) -> None:
    hand, quick = at_hand, at_hand.pieces.quick
    quick.open()
    hand.prompt.use_documents.click()
    hand.ask_quick("What does my lease say about pets?")
    assert quick.conversation_id is not None
    conversation = hand.history.conversation(quick.conversation_id)
    assert conversation is not None and conversation.scope == Scope()
    # The library is empty: Hisho says so instead of guessing, through the same path.
    reply = hand.history.messages(quick.conversation_id)[1]
    assert reply.content == (
        "You haven't added any files yet. Add the document that has the answer."
    )
    assert hand.prompt.answer.toPlainText().strip() == reply.content.strip()
    assert settings_store.load()[0].desktop.quick_use_documents


def test_japanese_input_methods_work_in_the_prompt(at_hand: AtHand) -> None:
    hand, qtbot = at_hand, at_hand.qtbot
    line = hand.prompt.input
    hand.pieces.quick.open()
    assert line.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    # An IME first shows the reading being composed, then commits the converted text.
    composing = QInputMethodEvent("とうきょう", [])
    QApplication.sendEvent(line, composing)
    assert line.text() == ""  # still being composed: nothing is sent on its own
    commit = QInputMethodEvent()
    commit.setCommitString("東京はどんな街？")
    QApplication.sendEvent(line, commit)
    assert line.text() == "東京はどんな街？"
    with qtbot.waitSignal(hand.prompt.submitted, timeout=2_000) as sent:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert sent.args == ["東京はどんな街？"]
    qtbot.waitUntil(lambda: not hand.controllers.chat.turns.busy, timeout=REPLY_TIMEOUT_MS)
    conversation_id = hand.pieces.quick.conversation_id
    assert conversation_id is not None
    assert hand.history.messages(conversation_id)[0].content == "東京はどんな街？"
