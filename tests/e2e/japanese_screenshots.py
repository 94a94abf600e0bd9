"""Screenshots of every Hisho window in Japanese, in the real app on the current display.

The app starts the way ``hisho`` does with ``ui.language = "ja"``: the translators are
installed before the first widget is built. A Japanese document in Shift_JIS is dropped
on the conversation and asked about in Japanese; then each window is opened and saved to
OUT_DIR as ``ja-<name>.png``: the answer, the Files panel, the three Settings tabs, the
Models window and a model's settings, the egress log, the quick prompt, the File menu
and a confirmation.

Usage: ``python tests/e2e/japanese_screenshots.py OUT_DIR`` (tests/e2e/test_japanese_ui.py
runs it under Xvfb and checks the pictures).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from tests.e2e.screens import Step, grab_area, launch_app, run_scenario

DOCUMENT = (
    "株式会社みなと灯台の会社概要\n\n"
    "本社は北海道函館市の港町三丁目にあります。創業は一九五二年で、灯台の保守と"
    "レンズの製造を行っています。従業員は百二十名です。\n\n"
    "新しい灯台のレンズは「あさなぎ」と呼ばれ、室蘭の工場で作られました。"
)
QUESTION = "本社はどこにありますか？"


def grab(widget: object, out: Path, facts: dict[str, str] | None = None) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    grab_area(out, widget.frameGeometry(), widget, facts=facts)


def scenario(app: object, out: Path, documents: Path) -> Iterator[Step]:
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.ui.helpers import drag_and_drop, file_mime

    window = app.window  # type: ignore[attr-defined]
    chat = app.controllers.chat  # type: ignore[attr-defined]
    yield lambda: app.backend is not None and app.backend.info is not None  # type: ignore[attr-defined]
    assert window.menuBar().actions()[0].text() == "ファイル(&F)"
    documents.mkdir(parents=True, exist_ok=True)
    report = documents / "会社概要.txt"
    report.write_bytes(DOCUMENT.encode("shift_jis"))
    drag_and_drop(window.transcript.viewport(), file_mime(report))
    yield lambda: window.scope_selector.status.text().endswith("質問をどうぞ")
    window.composer.setPlainText(QUESTION)
    window.composer.submit()
    yield lambda: app.controllers.turns.generating_in is not None
    yield lambda: app.controllers.turns.generating_in is None and not window.transcript.streaming
    # A passing message (a link under the pointer, "Saved") hides the status label;
    # the picture is of the window at rest.
    window.statusBar().clearMessage()
    yield lambda: window.status_label.isVisible()
    reply = chat.history.messages(chat.conversations.current_id)[-1]
    facts = {"question": QUESTION, "answer": reply.content, "status": reply.status.value}
    grab(window, out / "ja-answer.png", facts)

    window.show_files_tab()
    yield lambda: True
    grab(window, out / "ja-files.png")
    window.left_tabs.setCurrentIndex(0)

    window.menus.settings_action.trigger()
    preferences = app.at_hand.preferences  # type: ignore[attr-defined]
    yield lambda: preferences.dialog is not None and preferences.dialog.isVisible()
    dialog = preferences.dialog
    for index, name in enumerate(("general", "documents", "cloud")):
        dialog.tabs.setCurrentIndex(index)
        yield lambda: True
        grab(dialog, out / f"ja-settings-{name}.png")
    dialog.reject()

    window.menus.models_action.trigger()
    models = app.controllers.models  # type: ignore[attr-defined]
    yield lambda: models.dialog is not None and models.dialog.isVisible() and models.dialog.rows
    models.dialog.table.selectRow(0)
    yield lambda: True
    grab(models.dialog, out / "ja-models.png")
    models.dialog.settings_button.click()
    yield lambda: models.settings_dialog is not None and models.settings_dialog.isVisible()
    yield lambda: True  # placed and painted
    grab(models.settings_dialog, out / "ja-model-settings.png")
    models.settings_dialog.reject()
    models.dialog.close()

    window.menus.egress_action.trigger()
    cloud = app.controllers.cloud  # type: ignore[attr-defined]
    yield lambda: cloud.egress_window is not None and cloud.egress_window.isVisible()
    grab(cloud.egress_window, out / "ja-egress-log.png")
    cloud.egress_window.close()

    quick = app.at_hand.quick  # type: ignore[attr-defined]
    quick.toggle()
    yield lambda: quick.prompt.isVisible()
    grab(quick.prompt, out / "ja-quick-prompt.png")
    quick.prompt.hide()

    menu = window.menuBar().actions()[0].menu()
    menu.popup(window.mapToGlobal(QPoint(10, window.menuBar().height())))
    yield lambda: menu.isVisible()
    area = window.frameGeometry().united(menu.frameGeometry())
    grab_area(out / "ja-file-menu.png", area, window, [window, menu])
    menu.hide()

    # A confirmation, as deleting a conversation asks it (Qt's own buttons in Japanese).
    def answer_no() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            grab(box, out / "ja-confirm.png")
            box.reject()

    QTimer.singleShot(600, answer_no)
    window.sidebar.delete_requested.emit(chat.conversations.current_id)
    yield lambda: (out / "ja-confirm.png").exists()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    from engine import paths

    qt, app = launch_app(max_reply_tokens=60, size=(1180, 760), language="ja")
    steps = scenario(app, args.out_dir, paths.data_dir() / "documents")
    return run_scenario(qt, steps, args.timeout, app.shutdown)


if __name__ == "__main__":
    raise SystemExit(main())
