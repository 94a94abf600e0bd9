"""The opt-in cloud path against real services: the key in a real Secret Service
(gnome-keyring), answers from a real OpenAI-compatible server on 127.0.0.1
(llama_cpp.server with the bundled model), every request in the egress log, and the
user's policy and consent deciding what may leave."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from engine import paths
from engine.cancel import CancelToken
from engine.chat.assistant import ask
from engine.cloud.backend import CloudBackend
from engine.cloud.policy import Decision, Policy
from engine.cloud.providers import CloudConfig, provider
from engine.cloud.route import CloudRoute
from engine.cloud.wire import request_body
from engine.errors import CloudError, ModelNotFoundError, PromptTooLongError
from engine.models.local import LocalBackend
from engine.storage.egress import EgressLog
from engine.storage.history import History
from engine.storage.secrets import forget_key, get_key, keyring_status, set_key
from engine.types import (
    AuthorChanged,
    ChatMessage,
    ConsentNeeded,
    GenerationOptions,
    MessageStatus,
    Notice,
    StreamEvent,
    Token,
    TurnFinished,
)
from tests.cloud import API_KEY, MODEL, CloudServer

OPTIONS = GenerationOptions(temperature=0.0, max_tokens=24, repeat_penalty=1.0)


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CloudBackend, "BACKOFF_S", 0.05)


def config(server: CloudServer, model: str = MODEL) -> CloudConfig:
    return CloudConfig(provider("custom"), server.base_url, model)


def backend(
    server: CloudServer, ledger: EgressLog | None, key: str = API_KEY, model: str = MODEL
) -> CloudBackend:
    return CloudBackend(config(server, model), lambda: key, ledger, conversation_id=7)


QUESTION = [ChatMessage("system", "Be brief."), ChatMessage("user", "Name a colour.")]


# --- the key lives in the keyring --------------------------------------------------------


def test_the_key_round_trips_through_a_real_secret_service(keyring_service: None) -> None:
    status = keyring_status()
    assert status.usable and "SecretService" in status.backend, status
    set_key("openai", "  sk-round-trip-123  ")
    assert get_key("openai") == "sk-round-trip-123"
    assert get_key("groq") == ""  # one entry per provider
    forget_key("openai")
    assert get_key("openai") == ""
    forget_key("openai")  # forgetting twice is fine


def test_with_the_fail_backend_cloud_is_off_with_the_reason() -> None:
    import keyring
    import keyring.backends.fail

    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        status = keyring_status()
        assert not status.usable
        assert "No secure keyring" in status.reason and "never in a file" in status.reason
        with pytest.raises(CloudError, match="No secure keyring"):
            set_key("openai", "sk-x")
        with pytest.raises(CloudError, match="No secure keyring"):
            get_key("openai")
    finally:
        keyring.set_keyring(before)


def test_a_plaintext_keyring_is_refused_too() -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class PlaintextKeyring(KeyringBackend):  # as keyrings.alt's file keyring would be
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            raise AssertionError("a key must never be written to a plain-text keyring")

        def delete_password(self, service: str, username: str) -> None:
            pass

    before = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        assert not keyring_status().usable
        with pytest.raises(CloudError):
            set_key("openai", "sk-x")
    finally:
        keyring.set_keyring(before)


# --- answers from a real server -----------------------------------------------------------


def test_the_cloud_backend_streams_and_sends_exactly_the_body_shown(
    server: CloudServer, ledger: EgressLog
) -> None:
    cloud = backend(server, ledger)
    pieces = list(cloud.stream(QUESTION, OPTIONS, CancelToken()))
    assert len(pieces) > 1 and "".join(pieces).strip()
    [received] = server.requests()
    assert json.loads(received["body"]) == request_body(cloud.config, QUESTION, OPTIONS)
    assert received["headers"]["authorization"] == f"Bearer {API_KEY}"
    # The SDK's platform headers (OS, CPU, Python version) are not sent.
    assert not [h for h in received["headers"] if h.startswith("x-stainless")]
    [entry] = ledger.entries()
    assert (entry.provider, entry.model, entry.host) == ("Custom server", MODEL, cloud.config.host)
    assert entry.conversation_id == 7 and entry.outcome == "answered"
    assert entry.bytes_sent > len(received["body"]) and entry.bytes_received > 100
    assert cloud.last_stats.generated_tokens == len(pieces)


def test_a_rejected_key_says_so_and_is_logged(server: CloudServer, ledger: EgressLog) -> None:
    with pytest.raises(CloudError, match="rejected the API key"):
        list(backend(server, ledger, key="sk-wrong").stream(QUESTION, OPTIONS, CancelToken()))
    assert len(server.requests()) == 1  # a rejected key is not retried
    assert [e.outcome for e in ledger.entries()] == ["HTTP 401"]


def test_server_errors_are_retried_with_backoff_then_reported(
    server: CloudServer, ledger: EgressLog
) -> None:
    server.fault(500, 500, 500)
    with pytest.raises(CloudError, match=r"server error \(HTTP 500"):
        list(backend(server, ledger).stream(QUESTION, OPTIONS, CancelToken()))
    assert len(server.requests()) == CloudBackend.ATTEMPTS
    assert [e.outcome for e in ledger.entries()] == ["HTTP 500"] * 3


def test_a_rate_limit_then_success_answers(server: CloudServer, ledger: EgressLog) -> None:
    server.fault(429)
    text = "".join(backend(server, ledger).stream(QUESTION, OPTIONS, CancelToken()))
    assert text.strip()
    assert [e.outcome for e in reversed(ledger.entries())] == ["HTTP 429", "answered"]


def test_test_connection_checks_key_and_model(server: CloudServer, ledger: EgressLog) -> None:
    assert "is available" in backend(server, ledger).test_connection()
    assert "does not list" in backend(server, ledger, model="no-such-model").test_connection()
    with pytest.raises(CloudError, match="rejected the API key"):
        backend(server, ledger, key="sk-wrong").test_connection()
    assert [e.purpose for e in ledger.entries()] == ["test connection"] * 3


def test_nothing_is_sent_to_an_address_that_is_not_http(ledger: EgressLog) -> None:
    cloud = CloudBackend(CloudConfig(provider("custom"), "file:///etc", MODEL), lambda: "k", ledger)
    with pytest.raises(CloudError, match="must start with https://"):
        list(cloud.stream(QUESTION, OPTIONS, CancelToken()))
    assert ledger.entries() == []


# --- policy and consent in a chat turn -----------------------------------------------------


def route(
    server: CloudServer,
    ledger: EgressLog,
    policy: Policy,
    use_cloud: bool = False,
    allowed: bool = False,
    on_allow: Callable[[], None] = lambda: None,
) -> CloudRoute:
    return CloudRoute(backend(server, ledger), policy, use_cloud, allowed, on_allow)


def run_turn(
    turn: Iterator[StreamEvent], decision: str | None = None
) -> tuple[list[StreamEvent], list[ConsentNeeded]]:
    """Consume a turn; answer each consent request with ``decision``."""
    events: list[StreamEvent] = []
    asked: list[ConsentNeeded] = []
    for event in turn:
        events.append(event)
        if isinstance(event, ConsentNeeded):
            asked.append(event)
            assert decision is not None, "the user was asked but the test did not expect it"
            event.answer(decision)
    return events, asked


def finished(events: list[StreamEvent]) -> TurnFinished:
    assert isinstance(events[-1], TurnFinished)
    return events[-1]


def test_a_conversation_on_the_cloud_model_asks_first_and_sends_what_it_showed(
    server: CloudServer, ledger: EgressLog, history: History, local_backend: LocalBackend
) -> None:
    conversation = history.create_conversation()
    allowed: list[bool] = []
    turn = ask(history, local_backend, conversation.id, "Name a colour.", OPTIONS, CancelToken(),
               "Be brief.", cloud=route(server, ledger, Policy.ASK, use_cloud=True,
                                        on_allow=lambda: allowed.append(True)))  # fmt: skip
    events, asked = run_turn(turn, Decision.SEND_CONVERSATION)
    assert len(asked) == 1 and asked[0].provider == "Custom server" and asked[0].model == MODEL
    assert json.loads(asked[0].payload) == server.bodies()[0]  # shown == received
    assert allowed == [True]
    assert any(isinstance(e, AuthorChanged) for e in events)
    end = finished(events)
    assert end.status is MessageStatus.COMPLETE and end.text.strip()
    reply = history.message(end.reply_message_id)
    assert reply is not None and reply.origin == "cloud"
    assert reply.model == f"Custom server · {MODEL}" and reply.content == end.text


def test_cancel_in_the_consent_dialog_sends_nothing(
    server: CloudServer, ledger: EgressLog, history: History, local_backend: LocalBackend
) -> None:
    conversation = history.create_conversation()
    turn = ask(history, local_backend, conversation.id, "Name a colour.", OPTIONS, CancelToken(),
               cloud=route(server, ledger, Policy.ASK, use_cloud=True))  # fmt: skip
    events, asked = run_turn(turn, Decision.CANCEL)
    assert len(asked) == 1
    end = finished(events)
    assert end.status is MessageStatus.ERROR and "Nothing left this computer" in end.error
    assert server.requests() == [] and ledger.entries() == []
    assert [m.role for m in history.messages(conversation.id)] == ["user", "assistant"]


def test_stop_while_the_dialog_is_open_sends_nothing(
    server: CloudServer, ledger: EgressLog, history: History, local_backend: LocalBackend
) -> None:
    conversation = history.create_conversation()
    cancel = CancelToken()
    turn = ask(history, local_backend, conversation.id, "Hi", OPTIONS, cancel,
               cloud=route(server, ledger, Policy.ASK, use_cloud=True))  # fmt: skip
    events = []
    for event in turn:
        events.append(event)
        if isinstance(event, ConsentNeeded):
            cancel.cancel()  # Stop pressed; the dialog is never answered
    assert finished(events).status in (MessageStatus.ERROR, MessageStatus.STOPPED)
    assert server.requests() == []


def test_automatic_policy_answers_from_the_cloud_when_there_is_no_local_model(
    server: CloudServer, ledger: EgressLog, history: History, tmp_path: Path
) -> None:
    missing = LocalBackend(tmp_path / "no-model.gguf", context_length=2048, threads=1)
    conversation = history.create_conversation()
    turn = ask(history, missing, conversation.id, "Name a colour.", OPTIONS, CancelToken(),
               cloud=route(server, ledger, Policy.AUTO))  # fmt: skip
    events, asked = run_turn(turn)
    assert asked == []  # automatic: no question
    notices = [e.text for e in events if isinstance(e, Notice)]
    assert any("could not answer" in n and "answered instead" in n for n in notices)
    end = finished(events)
    assert end.status is MessageStatus.COMPLETE and end.text.strip()
    assert len(server.requests()) == 1


def test_ask_policy_asks_with_the_reason_when_the_local_model_is_missing(
    server: CloudServer, ledger: EgressLog, history: History, tmp_path: Path
) -> None:
    missing = LocalBackend(tmp_path / "no-model.gguf", context_length=2048, threads=1)
    conversation = history.create_conversation()
    turn = ask(history, missing, conversation.id, "Name a colour.", OPTIONS, CancelToken(),
               cloud=route(server, ledger, Policy.ASK))  # fmt: skip
    events, asked = run_turn(turn, Decision.CANCEL)
    assert len(asked) == 1 and "The local model can't answer" in asked[0].reason
    end = finished(events)
    assert end.status is MessageStatus.ERROR and "No chat model" in end.error  # as without cloud
    assert server.requests() == []
    with pytest.raises(ModelNotFoundError):
        missing.load()


def test_a_message_too_long_for_the_local_model_can_go_whole_to_the_cloud(
    server: CloudServer, ledger: EgressLog, history: History, local_backend: LocalBackend
) -> None:
    long_message = "Summarize this. " + "The pier was rebuilt in spring. " * 600
    with pytest.raises(PromptTooLongError):
        strict = dataclasses.replace(OPTIONS, cut_ok=False)
        list(local_backend.stream([ChatMessage("user", long_message)], strict, CancelToken()))
    conversation = history.create_conversation()
    turn = ask(history, local_backend, conversation.id, long_message, OPTIONS, CancelToken(),
               cloud=route(server, ledger, Policy.ASK))  # fmt: skip
    events, asked = run_turn(turn, Decision.CANCEL)  # not sent: the local model does its best
    assert len(asked) == 1 and "too long" in asked[0].reason
    assert any(isinstance(e, Notice) and "only its beginning" in e.text for e in events)
    assert finished(events).status is MessageStatus.COMPLETE and server.requests() == []


def test_a_stream_cut_mid_answer_keeps_the_partial_answer_labelled(
    server: CloudServer, ledger: EgressLog, history: History, local_backend: LocalBackend
) -> None:
    server.fault("cut")
    conversation = history.create_conversation()
    long_options = dataclasses.replace(OPTIONS, max_tokens=200)
    turn = ask(history, local_backend, conversation.id, "Tell me a long story.", long_options,
               CancelToken(), cloud=route(server, ledger, Policy.ASK, use_cloud=True,
                                          allowed=True))  # fmt: skip
    events, _ = run_turn(turn)
    end = finished(events)
    assert end.status is MessageStatus.INTERRUPTED and end.text
    assert "cut in the middle of the answer" in end.error
    reply = history.message(end.reply_message_id)
    assert reply is not None and reply.content == end.text
    assert reply.status is MessageStatus.INTERRUPTED and reply.origin == "cloud"
    assert len(server.requests()) == 1  # a cut answer is not sent again
    assert [e.outcome for e in ledger.entries()] == ["cut off"]
    assert any(isinstance(e, Token) for e in events)


# --- summaries under the same policy and consent -------------------------------------------


def test_a_summary_on_the_cloud_model_shows_the_requests_that_carry_the_text(
    server: CloudServer, ledger: EgressLog, history: History, local_backend: LocalBackend
) -> None:
    from engine.summary.sources import text_source
    from engine.summary.turn import summarize_turn
    from engine.types import SummaryLength

    text = "The pier was rebuilt in 1897. The lamp is called Aurora. The museum opens on Saturdays."
    conversation = history.create_conversation()
    turn = summarize_turn(history, local_backend, None, conversation.id, "the notes",
                          lambda: text_source(text), SummaryLength.BRIEF, CancelToken(),
                          route(server, ledger, Policy.ASK, use_cloud=True))  # fmt: skip
    events, asked = run_turn(turn, Decision.SEND)
    assert len(asked) == 1 and "Summarize the selected text" in asked[0].reason
    assert server.bodies() == [json.loads(asked[0].payload)]  # one request: the whole text
    assert "Aurora" in asked[0].payload
    end = finished(events)
    assert end.status is MessageStatus.COMPLETE and end.text.strip()
    reply = history.message(end.reply_message_id)
    assert reply is not None and reply.origin == "cloud" and reply.kind == "summary"


def test_a_summary_falls_back_to_the_cloud_automatically_and_cancel_sends_nothing(
    server: CloudServer, ledger: EgressLog, history: History, tmp_path: Path
) -> None:
    from engine.summary.sources import text_source
    from engine.summary.turn import summarize_turn
    from engine.types import SummaryLength

    missing = LocalBackend(tmp_path / "no-model.gguf", context_length=2048, threads=1)
    conversation = history.create_conversation()
    source = lambda: text_source("Boats leave from pier 3 at dawn.")  # noqa: E731
    brief = SummaryLength.BRIEF
    auto = summarize_turn(history, missing, None, conversation.id, "the note", source, brief,
                          CancelToken(), route(server, ledger, Policy.AUTO))  # fmt: skip
    events, asked = run_turn(auto)
    assert asked == [] and finished(events).status is MessageStatus.COMPLETE
    assert any(isinstance(e, Notice) and "can't summarize" in e.text for e in events)
    assert len(server.requests()) == 1
    ask_turn = summarize_turn(history, missing, None, conversation.id, "the note", source, brief,
                              CancelToken(), route(server, ledger, Policy.ASK))  # fmt: skip
    events, asked = run_turn(ask_turn, Decision.CANCEL)
    assert len(asked) == 1 and "can't summarize" in asked[0].reason
    assert finished(events).status is MessageStatus.ERROR
    assert len(server.requests()) == 1  # nothing more was sent
