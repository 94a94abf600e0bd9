"""Where the main window's widgets sit: the tabs on the left, the conversation on the
right (first-run card, transcript, banner, scope and thinking switch, composer and its
buttons), the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def lay_out(window: MainWindow) -> None:
    """Place ``window``'s widgets (built in its constructor)."""
    window.left_tabs.addTab(window.sidebar, QCoreApplication.translate("MainWindow", "Chats"))
    window.left_tabs.addTab(window.library_panel, QCoreApplication.translate("MainWindow", "Files"))
    window.left_tabs.setTabToolTip(
        1, QCoreApplication.translate("MainWindow", "Your files: add documents and ask about them")
    )
    right = window.conversation_area
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(4, 8, 8, 8)
    right_layout.addWidget(window.starter_card)
    right_layout.addWidget(window.transcript, 1)
    right_layout.addWidget(window.banner)
    right_layout.addWidget(window.edit_label)
    above_composer = QHBoxLayout()
    above_composer.addWidget(window.scope_selector, 1)
    above_composer.addWidget(window.think_button)
    right_layout.addLayout(above_composer)
    row = QHBoxLayout()
    row.addWidget(window.composer, 1)
    buttons = QVBoxLayout()
    buttons.addWidget(window.send_button)
    buttons.addWidget(window.stop_button)
    buttons.addWidget(window.regenerate_button)
    buttons.addStretch(1)
    row.addLayout(buttons)
    right_layout.addLayout(row)
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    splitter.addWidget(window.left_tabs)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, 0)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([290, 810])
    splitter.setChildrenCollapsible(False)
    window.setCentralWidget(splitter)
    window.statusBar().addWidget(window.status_label, 1)
    window.statusBar().addPermanentWidget(window.model_label)
