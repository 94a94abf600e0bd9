"""An MCP stdio transport that reads the server's lines in linear time, with a cap.

mcp 2.x's ``stdio_client`` joins its buffer to each new chunk and splits the whole
again (``(buffer + chunk).split("\\n")``): quadratic in a line's length. A 50 MB tool
result took 209 s that way against 3 s read linearly. This transport is that client
with another reader: chunks are kept in a list and joined once, when the line ends.
A line longer than ``max_line`` bytes is not kept: its request is answered with an
error that gives its size (the server's answer is found by the id at its start), or,
when no id is found, the connection ends with the same message.

The process handling (spawn in its own session, the spec's shutdown order, every wait
bounded) is the SDK's own (its helpers, pinned with mcp==2.3.0).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any, TextIO

import anyio
from mcp.client import stdio as sdk
from mcp.client.stdio import StdioServerParameters
from mcp.shared.message import SessionMessage

#: A reply longer than this is refused (a result is cut far shorter for the model; a
#: result's text often comes twice in a reply: as content and as structured content).
MAX_LINE_BYTES = 200_000_000
_ID = re.compile(rb'"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)')


def too_large_message(size: int) -> str:
    return f"The result is too large ({size / 1_000_000:.1f} MB); Hisho reads at most " \
        f"{MAX_LINE_BYTES // 1_000_000} MB."  # fmt: skip


def _refusal(head: bytes, size: int) -> SessionMessage | Exception:
    """An error answer to the request whose reply was too long."""
    found = _ID.search(head[:4096])
    if found is None:
        return ConnectionError(too_large_message(size))
    error = {"code": -32099, "message": too_large_message(size)}
    text = json.dumps({"jsonrpc": "2.0", "id": json.loads(found.group(1)), "error": error})
    return sdk._parse_line(text)


class LineReader:
    """Splits bytes into lines in linear time; lines over ``limit`` become refusals."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def feed(self, chunk: bytes) -> list[Any]:
        """The messages (or errors) of the lines ``chunk`` ends."""
        done: list[Any] = []
        while chunk:
            at = chunk.find(b"\n")
            if at < 0:
                self._keep(chunk)
                return done
            self._keep(chunk[:at])
            chunk = chunk[at + 1 :]
            done.append(self._line())
        return done

    def _keep(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size <= self.limit or not self.parts:  # past it, only the head (its id)
            self.parts.append(piece)

    def _line(self) -> Any:
        parts, size = self.parts, self.size
        self.parts, self.size = [], 0
        if size > self.limit:
            return _refusal(b"".join(parts)[:4096], size)
        return sdk._parse_line(b"".join(parts).decode("utf-8", "replace"))


@asynccontextmanager
async def linear_stdio_client(
    server: StdioServerParameters, errlog: TextIO, max_line: int = MAX_LINE_BYTES
) -> AsyncGenerator[Any, None]:
    """Start ``server`` as a child process and talk MCP with it over its stdin/stdout."""
    command = await sdk._get_executable_command(server.command)
    process = await sdk._create_platform_compatible_process(
        command=command, args=server.args,
        env=sdk.get_default_environment() | (server.env or {}), errlog=errlog, cwd=server.cwd,
    )  # fmt: skip
    read_writer, read_stream = anyio.create_memory_object_stream[SessionMessage | Exception](0)
    write_stream, write_reader = anyio.create_memory_object_stream[SessionMessage](0)

    async def stdout_reader() -> None:
        assert process.stdout is not None
        lines = LineReader(max_line)
        try:
            async with read_writer:
                async for chunk in process.stdout:
                    for message in lines.feed(chunk):
                        await read_writer.send(message)
        except (anyio.ClosedResourceError, anyio.BrokenResourceError, ConnectionError):
            pass

    async def stdin_writer() -> None:
        assert process.stdin is not None
        try:
            async with write_reader:
                async for message in write_reader:
                    data = message.message.model_dump_json(by_alias=True, exclude_unset=True)
                    await process.stdin.send((data + "\n").encode("utf-8"))
        except (anyio.ClosedResourceError, anyio.BrokenResourceError, OSError):
            await read_writer.aclose()

    async with anyio.create_task_group() as group:
        group.start_soon(stdout_reader)
        group.start_soon(stdin_writer)
        try:
            yield read_stream, write_stream
        finally:
            with anyio.CancelScope(shield=True):
                read_stream.close()
                write_stream.close()
                await sdk._stop_server_process(process)
            group.cancel_scope.cancel()
