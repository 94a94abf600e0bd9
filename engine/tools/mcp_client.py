"""The user's MCP servers, through the official ``mcp`` SDK, on a thread of their own.

The SDK is asyncio; Hisho's turns run on worker threads. ``McpServers`` keeps one event
loop on one daemon thread; each server is one long-lived task there that enters the
SDK's ``Client`` and holds it until Hisho closes (the SDK's context managers must be left
by the task that entered them). A stdio server is a child process started at its first
use, with its own environment, stopped on ``close``; a streamable-HTTP server is a URL.

Every request waits at most the server's timeout and checks the turn's cancel token: a
server that crashes or never answers gives a ``ToolError`` that says so, and the next
use starts it afresh. Tool lists are kept once read.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Awaitable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from engine import paths
from engine.cancel import CancelToken
from engine.i18n import QT_TRANSLATE_NOOP
from engine.tools.spec import ToolError, ToolOutput, ToolSpec

T = TypeVar("T")
#: How long starting a server and listing its tools may take.
CONNECT_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class McpServerConfig:
    """One server as Settings › Tools keeps it: a command (stdio) or a URL (HTTP)."""

    name: str
    command: str = ""
    args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    url: str = ""
    enabled: bool = True
    timeout_s: float = 60.0


class _Connection:
    """One server's client, held open by its own task on the loop."""

    def __init__(self, config: McpServerConfig) -> None:
        self.config = config
        self.client: Any = None
        self.ready = asyncio.Event()
        self.closing = asyncio.Event()
        self.failure: BaseException | None = None
        self.task: asyncio.Task[None] | None = None
        self.tools: list[Any] | None = None
        self._errlog: IO[str] | None = None

    def _transport(self) -> Any:
        from mcp.client.stdio import StdioServerParameters

        from engine.tools.mcp_stdio import linear_stdio_client

        if self.config.url:
            from mcp.client.streamable_http import streamable_http_client

            return streamable_http_client(self.config.url)
        params = StdioServerParameters(
            command=self.config.command, args=list(self.config.args), env=dict(self.config.env)
        )
        self._errlog = (paths.ensure_dir(paths.log_dir()) / "mcp-servers.log").open("a")
        return linear_stdio_client(params, self._errlog)

    async def hold(self) -> None:
        from mcp import Client

        try:
            async with Client(self._transport(), mode="legacy") as client:
                self.client = client
                self.ready.set()
                await self.closing.wait()
        except BaseException as exc:  # the SDK raises groups and its own errors alike
            self.failure = exc
        finally:
            self.client = None
            self.ready.set()
            if self._errlog is not None:
                self._errlog.close()

    @property
    def alive(self) -> bool:
        return self.task is not None and not self.task.done() and self.client is not None


class McpServers:
    """The configured servers; thread-safe, each started at its first use."""

    def __init__(self, configs: Sequence[McpServerConfig] = ()) -> None:
        self.configs = {c.name: c for c in configs}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._connections: dict[str, _Connection] = {}
        self._lock = threading.Lock()

    def configure(self, configs: Sequence[McpServerConfig]) -> None:
        """Use ``configs`` from now on; servers whose settings changed are stopped."""
        new = {c.name: c for c in configs}
        for name, old in list(self.configs.items()):
            if new.get(name) != old and name in self._connections:
                self._submit(self._stop(name))
        self.configs = new

    # --- what turns call (on worker threads) -----------------------------------------

    def tools(self, cancel: CancelToken) -> tuple[list[ToolSpec], list[str]]:
        """The tools of every enabled server, and a sentence for each server that failed."""
        specs: list[ToolSpec] = []
        problems: list[str] = []
        for config in self.configs.values():
            if not config.enabled:
                continue
            try:
                listed = self._wait(self._listed(config.name), CONNECT_TIMEOUT_S, cancel, config)
            except ToolError as exc:
                problems.append(str(exc))
                continue
            specs += [self._spec(config.name, tool) for tool in listed]
        return specs, problems

    def call(
        self, server: str, tool: str, arguments: Mapping[str, Any], cancel: CancelToken
    ) -> ToolOutput:
        """Run ``tool`` on ``server``; its text content (cut later for the model)."""
        config = self.configs[server]
        result = self._wait(self._call(server, tool, dict(arguments)), config.timeout_s,
                            cancel, config)  # fmt: skip
        text = "\n".join(
            str(getattr(part, "text", "")) or f"[{getattr(part, 'type', 'content')}]"
            for part in result.content
        )
        if result.is_error:
            raise ToolError(_answered_error(server, tool, ValueError(text[:500])))
        return ToolOutput(text)

    def close(self) -> None:
        """Stop every server (child processes end) and the loop's thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        stop = asyncio.run_coroutine_threadsafe(self._stop_all(), loop)
        with contextlib.suppress(Exception):  # a server that will not stop is killed
            stop.result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        self._loop = self._thread = None

    # --- the loop's side --------------------------------------------------------------

    def _spec(self, server: str, tool: Any) -> ToolSpec:
        name = str(tool.name)

        def run(arguments: Mapping[str, Any], cancel: CancelToken) -> ToolOutput:
            return self.call(server, name, arguments, cancel)

        schema = dict(tool.input_schema or {"type": "object"})
        return ToolSpec(name, str(tool.description or ""), schema, server=server, runner=run)

    async def _connected(self, name: str) -> Any:
        connection = self._connections.get(name)
        if connection is None or not connection.alive:
            if connection is not None:
                connection.closing.set()
            connection = _Connection(self.configs[name])
            self._connections[name] = connection
            connection.task = asyncio.get_running_loop().create_task(connection.hold())
        await connection.ready.wait()
        if connection.client is None:
            self._connections.pop(name, None)
            raise ToolError(_could_not_start(name, connection.failure))
        return connection

    async def _listed(self, name: str) -> list[Any]:
        connection = await self._connected(name)
        if connection.tools is None:
            connection.tools = list((await connection.client.list_tools()).tools)
        return list(connection.tools)

    async def _call(self, name: str, tool: str, arguments: dict[str, Any]) -> Any:
        from mcp.shared.exceptions import MCPError
        from mcp_types import CONNECTION_CLOSED

        connection = await self._connected(name)
        try:
            return await connection.client.call_tool(tool, arguments)
        except asyncio.CancelledError:
            raise
        except MCPError as exc:
            if exc.code != CONNECTION_CLOSED:  # the server answered with an error
                raise ToolError(_answered_error(name, tool, exc)) from exc
            self._connections.pop(name, None)
            connection.closing.set()
            raise ToolError(_call_failed(name, tool, exc)) from exc
        except Exception as exc:
            self._connections.pop(name, None)
            connection.closing.set()
            raise ToolError(_call_failed(name, tool, exc)) from exc

    async def _stop(self, name: str) -> None:
        connection = self._connections.pop(name, None)
        if connection is not None and connection.task is not None:
            connection.closing.set()
            await asyncio.wait([connection.task], timeout=8)

    async def _stop_all(self) -> None:
        for name in list(self._connections):
            await self._stop(name)

    def _submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=self._loop.run_forever,
                                                name="mcp-servers", daemon=True)  # fmt: skip
                self._thread.start()
            return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def _wait(self, coroutine: Awaitable[T], timeout_s: float, cancel: CancelToken,
              config: McpServerConfig) -> T:  # fmt: skip
        """The coroutine's result; a ToolError when it fails, takes too long or is stopped
        (the request is cancelled on the loop; a hung server is restarted next time)."""
        future = self._submit(_as_coroutine(coroutine))
        waited = 0.0
        while True:
            try:
                return future.result(0.05)
            except concurrent.futures.TimeoutError:
                waited += 0.05
            except concurrent.futures.CancelledError as exc:
                raise ToolError(_stopped(config.name)) from exc
            if cancel.cancelled or waited >= timeout_s:
                future.cancel()
                if not cancel.cancelled:
                    self._submit(self._stop(config.name))
                    raise ToolError(_timed_out(config.name, timeout_s))
                raise ToolError(_stopped(config.name))


async def _as_coroutine(awaitable: Awaitable[T]) -> T:
    return await awaitable


def _could_not_start(name: str, failure: BaseException | None) -> str:
    return QT_TRANSLATE_NOOP(
        "Engine", "The tool server {name} could not be started or reached: {error}"
    ).format(name=name, error=_reason(failure))


def _call_failed(name: str, tool: str, exc: BaseException) -> str:
    return QT_TRANSLATE_NOOP(
        "Engine",
        "The tool server {name} stopped during {tool} ({error}). The chat goes on; "
        "the server starts again with its next use.",
    ).format(name=name, tool=tool, error=_reason(exc))


def _answered_error(name: str, tool: str, exc: BaseException) -> str:
    return QT_TRANSLATE_NOOP("Engine", "{server} › {tool} failed: {error}").format(
        server=name, tool=tool, error=_reason(exc)
    )


def _timed_out(name: str, seconds: float) -> str:
    return QT_TRANSLATE_NOOP(
        "Engine",
        "The tool server {name} did not answer within {seconds} s; the call was "
        "stopped and the server will be started again with its next use.",
    ).format(name=name, seconds=f"{seconds:g}")


def _stopped(name: str) -> str:
    return QT_TRANSLATE_NOOP("Engine", "The call to {name} was stopped.").format(name=name)


def _reason(exc: BaseException | None) -> str:
    """The innermost message of an error (the SDK wraps them in exception groups)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    if exc is None:
        return QT_TRANSLATE_NOOP("Engine", "unknown error")
    return str(exc) or type(exc).__name__
