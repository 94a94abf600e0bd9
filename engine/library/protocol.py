"""The library process's requests: one table that the client and the worker share.

An :class:`Operation` names a request, the dataclass of its arguments and how its reply
reads back. The client sends ``{"op": name, "id": n, **arguments}`` and decodes the
reply with the operation; the worker reads the message back into the arguments
dataclass, checking every argument against its type, and hands it to the handler
registered for that operation (:class:`Dispatcher`). An unknown request, or a missing,
unknown or mistyped argument, is answered with a :class:`ProtocolError` (a LibraryError)
that says so.
Adding an operation: one entry here, its handler in the worker, its method in the client.
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Union, get_args, get_origin, get_type_hints

from engine.errors import LibraryError
from engine.library import wire
from engine.library.types import FileRecord, LibraryInfo, Passage

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Arguments = TypeVar("Arguments", bound="DataclassInstance")
Reply = TypeVar("Reply")


class ProtocolError(LibraryError):
    """A malformed request between Hisho's own processes: a bug on our side, not
    something the user did, so it is logged in English and not translated."""


@dataclass(frozen=True, slots=True)
class NoArguments:
    """The arguments of a request that takes none."""


@dataclass(frozen=True, slots=True)
class AddArguments:
    paths: list[str]
    library: str


@dataclass(frozen=True, slots=True)
class SearchArguments:
    query: str
    library: str | None = None
    path: str | None = None
    k: int = 8


@dataclass(frozen=True, slots=True)
class FilesArguments:
    library: str | None = None


@dataclass(frozen=True, slots=True)
class RemovePathArguments:
    path: str
    library: str | None = None


@dataclass(frozen=True, slots=True)
class RemoveLibraryArguments:
    name: str


@dataclass(frozen=True, slots=True)
class PassageContextArguments:
    chunk_id: str
    radius: int = 1


@dataclass(frozen=True, slots=True)
class DocumentArguments:
    path: str
    library: str | None = None


@dataclass(frozen=True, slots=True)
class EmbedArguments:
    texts: list[str]


@dataclass(frozen=True, slots=True)
class BusyArguments:
    value: bool


@dataclass(frozen=True, slots=True)
class LibraryStatus:
    """How the library process stands (for tests and diagnostics)."""

    pending: int  # files still to index
    paused: bool
    consistent: bool  # the vector index holds exactly the manifest's chunks
    pid: int


@dataclass(frozen=True, slots=True)
class Operation(Generic[Arguments, Reply]):
    """One request the library process serves."""

    name: str
    arguments: type[Arguments]
    #: The reply's JSON back into what the worker's handler returned.
    reply: Callable[[Any], Reply]


def _nothing(_raw: Any) -> None:
    return None


def _file_records(raw: Any) -> list[FileRecord]:
    return [wire.file_record(r) for r in raw]


def _passages(raw: Any) -> list[Passage]:
    return [wire.passage(p) for p in raw]


def _library_infos(raw: Any) -> list[LibraryInfo]:
    return [wire.library_info(r) for r in raw]


ADD = Operation("add", AddArguments, _file_records)
SEARCH = Operation("search", SearchArguments, _passages)
LIBRARIES = Operation("libraries", NoArguments, _library_infos)
FILES = Operation("files", FilesArguments, _file_records)
REMOVE_PATH = Operation("remove_path", RemovePathArguments, int)
REMOVE_LIBRARY = Operation("remove_library", RemoveLibraryArguments, _nothing)
PASSAGE_CONTEXT = Operation("passage_context", PassageContextArguments, _passages)
DOCUMENT = Operation("document", DocumentArguments, _passages)
PAUSE = Operation("pause", NoArguments, _nothing)
RESUME = Operation("resume", NoArguments, _nothing)
CANCEL = Operation("cancel", NoArguments, _nothing)
BUSY = Operation("busy", BusyArguments, _nothing)
REBUILD = Operation("rebuild", NoArguments, _nothing)
PING = Operation("ping", NoArguments, _nothing)
EMBED = Operation("embed", EmbedArguments, lambda raw: [[float(x) for x in v] for v in raw])
STATUS = Operation("status", NoArguments, lambda raw: LibraryStatus(**raw))

OPERATIONS: dict[str, Operation[Any, Any]] = {
    operation.name: operation
    for operation in (ADD, SEARCH, LIBRARIES, FILES, REMOVE_PATH, REMOVE_LIBRARY,
                      PASSAGE_CONTEXT, PAUSE, RESUME, CANCEL, BUSY, REBUILD, PING, STATUS,
                      EMBED, DOCUMENT)
}  # fmt: skip


def encode(
    operation: Operation[Arguments, Any], arguments: Arguments, request_id: int
) -> dict[str, Any]:
    """The message that asks for ``operation`` (``request_id`` 0: no one waits for it)."""
    return {"op": operation.name, "id": request_id, **dataclasses.asdict(arguments)}


def decode(message: dict[str, Any]) -> tuple[Operation[Any, Any], Any]:
    """The operation a message asks for and its arguments, checked against their types.

    Raises:
        LibraryError: the operation is unknown, or an argument is missing, unknown or
            of the wrong type.
    """
    name = message.get("op")
    operation = OPERATIONS.get(name) if isinstance(name, str) else None
    if operation is None:
        raise ProtocolError(f"The library process has no request {name!r}.")
    given = {key: value for key, value in message.items() if key not in ("op", "id")}
    hints = _hints(operation.name)
    for field in dataclasses.fields(operation.arguments):
        if field.name in given:
            value, hint = given[field.name], hints[field.name]
            if not _matches(value, hint):
                raise ProtocolError(
                    f"The library request {name!r} takes {field.name!r} as {_describe(hint)},"
                    f" not {type(value).__name__}."
                )
        elif field.default is dataclasses.MISSING:
            raise ProtocolError(f"The library request {name!r} needs {field.name!r}.")
    unknown = sorted(set(given) - set(hints))
    if unknown:
        raise ProtocolError(f"The library request {name!r} takes no {', '.join(unknown)}.")
    return operation, operation.arguments(**given)


@functools.cache
def _hints(name: str) -> dict[str, Any]:
    """The types of an operation's arguments, by name (looked up once: it is slow)."""
    return get_type_hints(OPERATIONS[name].arguments)


def _matches(value: object, hint: Any) -> bool:
    """Whether a JSON value is of an argument's type (str, int, bool, lists, unions)."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return any(_matches(value, option) for option in get_args(hint))
    if origin is list:
        [item] = get_args(hint)
        return isinstance(value, list) and all(_matches(v, item) for v in value)
    if hint is type(None):
        return value is None
    if hint is int:  # JSON true is not a number
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


def _describe(hint: Any) -> str:
    return hint.__name__ if isinstance(hint, type) else str(hint)


Handler = Callable[[Any], Any]


class Dispatcher:
    """The worker's side of the table: a handler for each operation."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def on(
        self, operation: Operation[Arguments, Reply], handler: Callable[[Arguments], Reply]
    ) -> None:
        """Answer ``operation`` with ``handler``, whose return value is the reply."""
        self._handlers[operation.name] = handler

    def answer(self, message: dict[str, Any]) -> Any:
        """The JSON reply to a request message.

        Raises:
            LibraryError: a bad request (see ``decode``), or what the handler raised.
        """
        operation, arguments = decode(message)
        handler = self._handlers.get(operation.name)
        if handler is None:
            raise ProtocolError(f"The library process does not serve {operation.name!r} yet.")
        return wire.to_wire(handler(arguments))
