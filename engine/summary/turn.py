"""A summary as a turn of a conversation: "Summarize report.pdf" is saved as the user's
message and the summary as the reply, with its cited sections as sources.

The lifecycle is :func:`engine.chat.turn.run_turn`'s, as for any answer; the summary's
body reads the source, chooses who summarizes (the local model, or the cloud under the
same policy and consent as answers), runs the map-reduce and shows the cited pages.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator

from engine.cancel import CancelToken
from engine.chat.turn import FinalText, Turn, run_turn, tap
from engine.cloud.policy import CANT_SERVE
from engine.cloud.route import CloudRoute
from engine.cloud.wire import payload_text, request_body
from engine.i18n import QT_TRANSLATE_NOOP
from engine.models.backend import ChatBackend
from engine.storage.history import History
from engine.summary.cache import SummaryCache
from engine.summary.check import check_summary
from engine.summary.citations import summary_passages
from engine.summary.prompts import call_options
from engine.summary.summarizer import Approve, summarize
from engine.summary.types import SummarySource
from engine.types import AnswerChecked, ChatMessage, Notice, StreamEvent, SummaryProgress
from engine.types import SummaryLength as Length

#: Said when the cloud summarizes, as the policy allows, because the local model can't.
_SUMMARIZES_INSTEAD = QT_TRANSLATE_NOOP(
    "Engine",
    "The local model can't summarize ({error}) — {name} does, as your cloud policy allows.",
)
#: Why the user is asked to send the text to the cloud.
_CANT_SUMMARIZE = QT_TRANSLATE_NOOP("Engine", "The local model can't summarize: {error}")


def summary_request(title: str, length: Length) -> str:
    """The user's message a summary turn saves: "Summarize report.pdf (brief)"."""
    return QT_TRANSLATE_NOOP("Engine", "Summarize {title} ({length})").format(
        title=title, length=length.label
    )


def summarize_turn(
    history: History,
    backend: ChatBackend,
    cache: SummaryCache | None,
    conversation_id: int,
    title: str,
    load: Callable[[], SummarySource],
    length: Length,
    cancel: CancelToken,
    cloud: CloudRoute | None = None,
) -> Iterator[StreamEvent]:
    """Summarize as a turn of a conversation: "Summarize report.pdf" is saved as the
    user's message and the summary as the reply, with its sections as sources.

    With ``cloud``, the cloud model summarizes when the conversation chose it or the
    local model can't serve, under the same policy and consent as answers: the user
    first sees the requests that carry the text (the first round), and is told that
    only the provider's own notes follow."""

    def body(turn: Turn) -> Generator[StreamEvent, None, FinalText | None]:
        return _summary(turn, cache, load, length)

    request = summary_request(title, length)
    yield from run_turn(history, conversation_id, request, backend, body, cancel, cloud, "summary")


def _summary(
    turn: Turn, cache: SummaryCache | None, load: Callable[[], SummarySource], length: Length
) -> Generator[StreamEvent, None, FinalText | None]:
    """The summary's body: read the source, route, summarize, show the cited pages."""
    source = load()
    backend, approve = yield from _route(turn, source.title)
    progress: list[SummaryProgress] = []

    def heard(event: StreamEvent) -> None:
        if isinstance(event, SummaryProgress):
            progress.append(event)

    run = summarize(source, backend, cache, turn.cancel, length, approve=approve)
    summary = yield from tap(run, heard)
    if summary is None:  # stopped
        last = progress[-1] if progress else None
        if not turn.pieces and last is not None and last.phase == "sections":
            yield Notice(
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "Stopped after {done} of {total} sections. Summarize again "
                    "to continue: the finished sections are kept.",
                ).format(done=last.done, total=last.total)
            )
        return None
    passages = summary_passages(summary, source)
    if passages:
        yield from turn.show_sources(passages)
    check = check_summary(summary)
    turn.history.set_check(turn.reply_id, check)
    yield AnswerChecked(turn.reply_id, check)
    return FinalText(summary.text)


def _route(
    turn: Turn, title: str
) -> Generator[StreamEvent, None, tuple[ChatBackend, Approve | None]]:
    """Who summarizes, and what to ask before the first request: the local model; the
    cloud when the conversation chose it or the local model can't serve (after the user
    saw the requests, unless the policy lets it go without asking)."""
    cloud = turn.cloud
    if cloud is None:
        return turn.backend, None
    if cloud.use_cloud:
        reason: str | None = cloud.chosen_reason
    else:
        reason = yield from _local_failure(turn)
    if reason is None:
        return turn.backend, None
    return cloud.backend, _ask_first(turn, reason, title)


def _local_failure(turn: Turn) -> Generator[StreamEvent, None, str | None]:
    """None when the local model serves (or the cloud took over without asking); else
    why the user is asked to let the text go to the cloud."""
    try:
        turn.backend.load()
    except CANT_SERVE as exc:
        return (yield from turn.fall_back(exc, _SUMMARIZES_INSTEAD, _CANT_SUMMARIZE))
    return None


def _ask_first(turn: Turn, reason: str, title: str) -> Approve:
    """The consent question before the first round of requests: all of them are shown."""

    def approve(first: list[tuple[list[ChatMessage], int]]) -> Generator[StreamEvent, None, None]:
        backend = turn.route.backend
        bodies = [request_body(backend.config, m, call_options(room)) for m, room in first]
        shown = payload_text(bodies if len(bodies) > 1 else bodies[0])
        if len(bodies) > 1:
            said = QT_TRANSLATE_NOOP(
                "Engine",
                "{reason} Summarize {title}. The text goes in {count} requests (all "
                "shown); then only {name}'s own notes are sent back to it to be merged.",
            ).format(reason=reason, title=title, count=len(bodies), name=backend.name)
        else:
            said = QT_TRANSLATE_NOOP("Engine", "{reason} Summarize {title}.").format(
                reason=reason, title=title
            )
        yield from turn.require_consent(shown, said)

    return approve
