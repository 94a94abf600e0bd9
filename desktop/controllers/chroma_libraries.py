"""Libraries on a Chroma server: the dialog's "Test connection" on a worker, and what
the user adds kept: the token in the OS keyring, the name, address and collection in the
settings (never the token)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from desktop.controllers.settings import SettingsOwner
from desktop.workers import Workers
from engine.errors import HishoError
from engine.library.chroma_server import CHROMA_SERVICE, ChromaServer, check_connection, endpoint
from engine.storage.egress import EgressLog
from engine.storage.library_servers import ChromaLibrary
from engine.storage.secrets import set_key
from ui.chroma_library_dialog import ChromaLibraryDialog


class ChromaLibrariesController:
    """Opens the dialog and keeps what it adds."""

    def __init__(
        self, workers: Workers, settings: SettingsOwner, ledger: Callable[[], EgressLog | None]
    ) -> None:
        self.workers = workers
        self.settings = settings
        self.ledger = ledger
        self.dialog: ChromaLibraryDialog | None = None

    def ask(self, parent: QWidget | None = None) -> ChromaLibraryDialog:
        """Show the dialog (not modal: the window keeps working)."""
        dialog = ChromaLibraryDialog(parent)
        dialog.test_requested.connect(lambda: self.test(dialog))
        dialog.finished.connect(lambda result: self._finished(dialog, result))
        self.dialog = dialog
        dialog.show()
        return dialog

    def test(self, dialog: ChromaLibraryDialog) -> None:
        form = dialog.values()
        server = ChromaServer(form.address, form.collection, form.token)
        ledger = self.ledger()
        self.workers.run_call(
            lambda: check_connection(server, ledger), dialog.show_connected, dialog.show_problem
        )

    def _finished(self, dialog: ChromaLibraryDialog, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            return
        form = dialog.values()
        try:
            endpoint(form.address)
            server = ChromaServer(form.address, form.collection)
            if form.token:
                set_key(server.key, form.token, CHROMA_SERVICE)
        except HishoError as exc:
            dialog.show_problem(str(exc))
            dialog.show()
            return
        kept = tuple(x for x in self.settings.current.chroma_libraries if x.name != form.name)
        added = ChromaLibrary(form.name, form.address, form.collection)
        self.settings.update(chroma_libraries=(*kept, added))
