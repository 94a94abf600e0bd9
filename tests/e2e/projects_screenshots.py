"""The sidebar with projects, a pinned conversation and a reply with two versions, in
the real app on the current display (language from HISHO_SHOT_LANGUAGE: "en" or "ja").

Projects and conversations are made in the app's own history; a question is asked of
the real model and regenerated, so "2 / 2" stands under the answer. Saves
``projects-<language>.png`` (the whole window) with its texts to OUT_DIR. Usage:
``python tests/e2e/projects_screenshots.py OUT_DIR`` (tests/e2e/test_projects_screenshots.py
runs it under Xvfb in English and in Japanese and checks the pictures).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from tests.e2e.screens import Step, grab_area, launch_app, run_scenario

NAMES = {
    "en": ("Tax 2026", "Travel", "Receipts for March", "Flights to Sapporo", "Weekly notes",
           "Name three fruits."),
    "ja": ("確定申告 2026", "旅行", "三月の領収書", "札幌行きの便", "週次メモ",
           "果物を三つ挙げてください。"),
}  # fmt: skip


def scenario(app: object, out: Path, language: str) -> Iterator[Step]:
    window = app.window  # type: ignore[attr-defined]
    chat = app.controllers.chat  # type: ignore[attr-defined]
    yield lambda: app.backend is not None and app.backend.info is not None  # type: ignore[attr-defined]
    history = chat.history
    tax, travel, receipts, flights, notes, question = NAMES[language]
    work = history.create_project(tax, system_prompt="Be brief.")
    trip = history.create_project(travel)
    for title, project in ((receipts, work.id), (flights, trip.id), (notes, 0)):
        conversation = history.create_conversation(title)
        history.set_project(conversation.id, project)
    history.set_pinned(conversation.id, True)  # the loose one, pinned
    chat.conversations.refresh_sidebar()
    chat.conversations.new_conversation(work.id)
    chat.send(question)
    yield lambda: not chat.turns.busy
    chat.turns.regenerate()
    yield lambda: not chat.turns.busy and "2 / 2" in window.transcript.toPlainText()
    yield lambda: True  # let it paint
    shown = window.sidebar.model
    facts = {"rows": "\n".join(shown.data(shown.index(r)) for r in range(shown.rowCount()))}
    grab_area(out / f"projects-{language}.png", window.frameGeometry(), window, facts=facts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--timeout", type=float, default=240)
    args = parser.parse_args()
    language = os.environ.get("HISHO_SHOT_LANGUAGE", "en")
    qt, app = launch_app(
        max_reply_tokens=24, size=(1100, 700), language="ja" if language == "ja" else ""
    )
    return run_scenario(qt, scenario(app, args.out_dir, language), args.timeout, app.shutdown)


if __name__ == "__main__":
    raise SystemExit(main())
