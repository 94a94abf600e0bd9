"""Projects, pins, personas and the "/" prompt library in the real window, on a real
history in a temp dir; the project's system prompt reaches a reply of the real model."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from desktop.controllers.organize import OrganizeController
from engine.library.types import Scope
from tests.desktop.conftest import ChatSession
from ui.project_dialog import ProjectDialog
from ui.project_list import ConversationIdRole


def rows(session: ChatSession) -> list[str]:
    model = session.window.sidebar.model
    return [model.data(model.index(r)) for r in range(model.rowCount())]


def organize(session: ChatSession) -> OrganizeController:
    return session.controller.organize


def trigger(menu: QMenu, *path: str) -> None:
    """Choose ``path`` ("Move to project", "Work") in ``menu`` as a click would."""
    for action in menu.actions():
        if action.text() == path[0]:
            if len(path) == 1:
                action.trigger()
                return
            submenu = action.menu()
            assert isinstance(submenu, QMenu)
            trigger(submenu, *path[1:])
            return
    raise AssertionError(f"no {path[0]!r} in {[a.text() for a in menu.actions()]}")


def test_projects_fold_their_conversations_and_pins_come_first(session: ChatSession) -> None:
    history = session.history
    first = history.create_conversation("Budget")
    second = history.create_conversation("Holiday")
    project = history.create_project("Work")
    session.controller.conversations.refresh_sidebar()
    sidebar = session.window.sidebar
    assert rows(session) == ["▾ Work (0)", "Holiday", "Budget"]

    trigger(sidebar.context_menu_at(rows(session).index("Budget")), "Move to project", "Work")
    assert rows(session) == ["▾ Work (1)", "    Budget", "Holiday"]
    assert history.conversation(first.id).project_id == project.id  # type: ignore[union-attr]

    trigger(sidebar.context_menu_at(2), "Pin to top")
    trigger(sidebar.context_menu_at(1), "Pin to top")
    assert rows(session) == ["▾ Work (1)", "    ★ Budget", "★ Holiday"]
    trigger(sidebar.context_menu_at(2), "Unpin")
    assert history.conversation(second.id).pinned is False  # type: ignore[union-attr]

    sidebar.list.clicked.emit(sidebar.model.index(0))  # a click on the folder folds it
    assert rows(session) == ["▸ Work (1)", "Holiday"]


def test_dragging_a_conversation_onto_a_project_moves_it(session: ChatSession) -> None:
    history = session.history
    conversation = history.create_conversation("Notes")
    project = history.create_project("Research")
    session.controller.conversations.refresh_sidebar()
    model = session.window.sidebar.model
    dragged = model.mimeData([model.index(rows(session).index("Notes"))])
    assert model.index(1).data(ConversationIdRole) == conversation.id

    model.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, 0, model.index(0))

    assert rows(session) == ["▾ Research (1)", "    Notes"]
    assert history.conversation(conversation.id).project_id == project.id  # type: ignore[union-attr]
    back = model.mimeData([model.index(1)])
    model.dropMimeData(back, Qt.DropAction.MoveAction, 2, 0, model.index(-1))  # below the folders
    assert rows(session) == ["▾ Research (0)", "Notes"]


def test_a_new_project_from_the_dialog_gives_new_conversations_its_defaults(
    session: ChatSession,
) -> None:
    session.window.scope_selector.set_libraries(["Receipts", "Letters"])
    dialog = organize(session).edit_project(None)
    assert isinstance(dialog, ProjectDialog) and not dialog.ok_button.isEnabled()
    dialog.name.setText("Tax 2026")
    dialog.scope.setCurrentIndex(dialog.scope.findText("Receipts", Qt.MatchFlag.MatchContains))
    dialog.system_prompt.setPlainText("Always answer in exactly three words.")
    dialog.accept()
    project = session.history.projects()[0]
    assert (project.name, project.scope) == ("Tax 2026", Scope("Receipts", None))
    assert rows(session) == ["▾ Tax 2026 (0)"]

    trigger(session.window.sidebar.context_menu_at(0), "New conversation in project")
    session.send("What is two plus two?")
    conversation_id = session.controller.conversations.current_id
    assert conversation_id is not None
    conversation = session.history.conversation(conversation_id)
    assert conversation is not None and conversation.project_id == project.id
    assert conversation.scope == Scope("Receipts", None)  # the project's Answer from
    assert rows(session)[:2] == ["▾ Tax 2026 (1)", "    What is two plus two?"]


def test_slash_lists_prompts_filters_as_typed_and_inserts_one(session: ChatSession) -> None:
    window, qtbot = session.window, session.qtbot
    session.history.save_prompt("shorten", "Make this shorter:")
    organize(session).refresh_prompts()
    popup = window.prompt_popup
    window.composer.setFocus()

    qtbot.keyClicks(window.composer, "/")
    assert popup.isVisible()
    assert [popup.item(i).text().split()[0] for i in range(popup.count())] == [
        "/shorten", "/summarize", "/translate",
    ]  # fmt: skip
    qtbot.keyClicks(window.composer, "su")
    assert [popup.item(i).text().split()[0] for i in range(popup.count())] == ["/summarize"]
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)  # chooses; sends nothing

    assert not popup.isVisible()
    assert window.composer.toPlainText() == (
        "Summarize the following text in a few short bullet points:\n"
    )
    assert session.controller.turns.generating_in is None
    qtbot.keyClicks(window.composer, "/")  # "/" later in the text is just a slash
    assert not popup.isVisible()

    window.composer.clear()
    qtbot.keyClicks(window.composer, "/tr")
    qtbot.keyClick(window.composer, Qt.Key.Key_Escape)
    assert not popup.isVisible() and window.composer.toPlainText() == "/tr"


def test_a_persona_chosen_from_the_menu_answers_the_turn(session: ChatSession) -> None:
    history = session.history
    persona = history.create_persona("Terse", "Reply with one word only.", temperature=0.0)
    conversation = history.create_conversation("Chat")
    session.controller.conversations.refresh_sidebar()
    session.controller.conversations.open_conversation(conversation.id)
    trigger(session.window.sidebar.context_menu_at(0), "Answer as", "Terse")
    assert history.conversation(conversation.id).persona_id == persona.id  # type: ignore[union-attr]
    assert "answers as Terse" in session.window.status_label.text()

    session.send("Say hello.")
    reply = history.messages(conversation.id)[-1]
    assert reply.role == "assistant" and reply.content.strip()
