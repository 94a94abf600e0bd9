"""Cloud models: the Settings › Cloud page, the per-conversation choice, consent, and
the egress log window.

The engine decides (engine.chat.assistant routes a turn, engine.cloud.backend talks to the provider,
engine.storage.secrets keeps the key in the keyring); this controller gives it the user's
settings and answers: it builds each turn's :class:`~engine.chat.assistant.CloudRoute`, shows
the consent dialog when the engine asks (``ConsentNeeded``), and keeps the conversation's
own policy in the history.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QObject

from desktop.controllers.conversations import ConversationsController
from desktop.controllers.settings import SettingsOwner
from desktop.controllers.turns import TurnController
from desktop.workers import Workers
from engine.cloud.backend import CloudBackend
from engine.cloud.policy import effective_policy
from engine.cloud.providers import PROVIDERS, config_from
from engine.cloud.route import CloudRoute
from engine.errors import CloudError, HishoError
from engine.storage.egress import EgressLog
from engine.storage.history import History
from engine.storage.secrets import forget_key, get_key, keyring_status, set_key
from engine.storage.settings import CloudSettings
from engine.types import CloudChoice, ConsentNeeded, StreamEvent, TurnFinished
from ui import dialogs
from ui.cloud_settings import CloudOptions, CloudPage, ProviderChoice
from ui.consent_dialog import ConsentDialog
from ui.egress_window import EgressWindow
from ui.main_window import MainWindow

log = logging.getLogger(__name__)


class CloudController(QObject):
    """Everything the user sees of cloud models."""

    def __init__(
        self,
        window: MainWindow,
        history: History,
        settings: SettingsOwner,
        conversations: ConversationsController,
        turns: TurnController,
        workers: Workers,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.owner = settings
        self.conversations = conversations
        self.workers = workers
        self.egress: EgressLog | None = None
        self.consent: ConsentDialog | None = None
        self.egress_window: EgressWindow | None = None
        self._keyring_problem: str | None = None  # found on first need
        self._test: object | None = None  # the running "Test connection"
        turns.use_cloud_route(self.route)
        turns.turn_event.connect(self._turn_event)
        conversations.current_changed.connect(self.show_state)
        window.use_cloud_toggled.connect(self.set_use_cloud)
        window.cloud_policy_chosen.connect(self.set_policy)
        window.egress_log_requested.connect(self.open_egress_log)

    @property
    def settings(self) -> CloudSettings:
        return self.owner.current.cloud

    def start(self) -> None:
        try:
            self.egress = EgressLog()
        except HishoError as exc:
            # Without a log nothing may leave: route() gives no cloud route.
            self.window.show_error(
                self.tr("{error}\nCloud models are off until it can be opened.").format(error=exc)
            )
        self.show_state()

    def close(self) -> None:
        if self.egress is not None:
            self.egress.close()
            self.egress = None

    def keyring_problem(self) -> str:
        """Why keys can't be kept here ("" when they can); checked once per session."""
        if self._keyring_problem is None:
            status = keyring_status()
            self._keyring_problem = "" if status.usable else status.reason
        return self._keyring_problem

    def available(self) -> str:
        """The cloud model's name when cloud models are on and usable, else ""."""
        settings = self.settings
        if not settings.enabled or self.egress is None:
            return ""
        config = config_from(settings)
        if config.problem() or self.keyring_problem():
            return ""
        return config.label

    # --- a turn ----------------------------------------------------------------------

    def route(self, conversation_id: int) -> CloudRoute | None:
        """How this turn may use the cloud (None: it may not)."""
        conversation = self.history.conversation(conversation_id)
        choice = conversation.cloud if conversation is not None else CloudChoice()
        policy = effective_policy(self.settings, choice.policy)
        if policy.value == "never" or not self.available():
            return None
        settings = self.settings
        provider_id = settings.provider
        no_key = self.tr("No API key is stored for {provider}. Add it in Settings › Cloud.")

        def api_key() -> str:
            key = get_key(provider_id)
            if not key:
                raise CloudError(no_key.format(provider=config_from(settings).provider.label))
            return key

        def allow_conversation() -> None:  # called on the worker thread; History is safe
            current = self.history.conversation(conversation_id)
            if current is not None:
                allowed = dataclasses.replace(current.cloud, allowed=True)
                self.history.set_cloud(conversation_id, allowed)

        backend = CloudBackend(config_from(settings), api_key, self.egress, conversation_id)
        return CloudRoute(backend, policy, choice.use_cloud, choice.allowed, allow_conversation)

    def _turn_event(self, conversation_id: int, event: StreamEvent) -> None:
        if isinstance(event, ConsentNeeded):
            self.ask_consent(event)
        elif isinstance(event, TurnFinished) and self.consent is not None:
            self.consent.reject()  # the turn ended (Stop) while the dialog was open

    def ask_consent(self, request: ConsentNeeded) -> ConsentDialog:
        """Show what would be sent; the engine's turn waits for the answer."""
        parent = self.window if self.window.isVisible() else None
        dialog = ConsentDialog(
            request.provider, request.model, request.host, request.reason, request.payload, parent
        )

        def done() -> None:
            request.answer(dialog.decision)
            self.consent = None
            dialog.deleteLater()

        dialog.finished.connect(done)
        self.consent = dialog
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    # --- the conversation's own choice -------------------------------------------------

    def show_state(self) -> None:
        choice = CloudChoice()
        conversation_id = self.conversations.current_id
        if conversation_id is not None:
            conversation = self.history.conversation(conversation_id)
            choice = conversation.cloud if conversation is not None else choice
        self.window.set_cloud_state(self.available(), choice.use_cloud, choice.policy)

    def _update_choice(self, **changes: object) -> None:
        conversation_id = self.conversations.ensure_current()
        conversation = self.history.conversation(conversation_id)
        if conversation is None:
            return
        try:
            choice = dataclasses.replace(conversation.cloud, **changes)  # type: ignore[arg-type]
            self.history.set_cloud(conversation_id, choice)
        except HishoError as exc:
            self.window.show_error(str(exc))
        self.show_state()

    def set_use_cloud(self, use: bool) -> None:
        self._update_choice(use_cloud=use)
        if use:
            self.window.show_transient(
                self.tr("This conversation answers with {model}").format(model=self.available())
            )

    def set_policy(self, policy: str) -> None:
        # A stricter policy takes back "Send for this conversation".
        self._update_choice(policy=policy, allowed=False)

    # --- Settings › Cloud ----------------------------------------------------------------

    def make_page(self) -> CloudPage:
        """The Cloud tab of the Settings dialog, wired to this controller."""
        problem = self.keyring_problem()
        stored: set[str] = set()
        if not problem:
            for preset in PROVIDERS:
                try:
                    if get_key(preset.id):
                        stored.add(preset.id)
                except CloudError as exc:
                    problem = str(exc)
                    break
        settings = self.settings
        options = CloudOptions(settings.enabled, settings.provider, settings.base_url,
                               settings.model, settings.policy, "")  # fmt: skip
        choices = [ProviderChoice(p.id, p.label, p.base_url, p.example_model) for p in PROVIDERS]
        page = CloudPage(options, choices, problem, stored)
        page.test_requested.connect(lambda chosen: self.test_connection(page, chosen))
        page.forget_key_requested.connect(lambda provider: self.forget(page, provider))
        return page

    def apply(self, chosen: CloudOptions) -> bool:
        """Save what the Cloud tab chose; the key goes to the keyring only."""
        if chosen.new_key:
            try:
                set_key(chosen.provider, chosen.new_key)
            except CloudError as exc:
                self.window.show_error(str(exc))
                return False
        cloud = CloudSettings(
            enabled=chosen.enabled,
            provider=chosen.provider,
            base_url=chosen.base_url,
            model=chosen.model,
            policy=chosen.policy,
        )
        saved = self.owner.update(cloud=cloud)
        self.show_state()
        return saved

    def forget(self, page: CloudPage, provider_id: str) -> None:
        label = next((p.label for p in PROVIDERS if p.id == provider_id), provider_id)
        if not dialogs.confirm(
            page,
            self.tr("Forget API key"),
            self.tr("Remove the {provider} API key from the system keyring?").format(
                provider=label
            ),
            self.tr("Forget key"),
        ):
            return
        try:
            forget_key(provider_id)
        except CloudError as exc:
            page.show_test_result(str(exc), ok=False)
            return
        page.set_key_stored(provider_id, False)
        page.show_test_result(self.tr("The key was removed from the keyring."), ok=True)

    def test_connection(self, page: CloudPage, chosen: CloudOptions) -> None:
        """One small request (listed in the egress log) with what the page shows."""
        if self.egress is None:
            page.show_test_result(
                self.tr("The egress log can't be opened, so nothing may be sent."), False
            )
            return
        settings = CloudSettings(True, chosen.provider, chosen.base_url, chosen.model)
        typed = chosen.new_key
        no_key = self.tr("Enter the provider's API key first.")

        def api_key() -> str:
            key = typed or get_key(chosen.provider)
            if not key:
                raise CloudError(no_key)
            return key

        backend = CloudBackend(config_from(settings), api_key, self.egress)
        page.set_testing()
        self._test = self.workers.run_call(
            backend.test_connection,
            on_result=lambda text: page.show_test_result(str(text), ok=True),
            on_error=lambda message: page.show_test_result(message, ok=False),
        )

    # --- Help › Egress log ---------------------------------------------------------------

    def open_egress_log(self) -> EgressWindow:
        egress = self.egress
        deleted = self.tr("(deleted)")

        def title(conversation_id: int) -> str:
            conversation = self.history.conversation(conversation_id)
            return conversation.title if conversation is not None else deleted

        if self.egress_window is None:
            self.egress_window = EgressWindow(
                lambda: egress.entries() if egress is not None else [], title, self.window
            )
        else:
            self.egress_window.refresh()
        self.egress_window.show()
        self.egress_window.raise_()
        return self.egress_window
