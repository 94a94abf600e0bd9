"""Tools benchmark: one MCP tool round trip through Hisho against the raw SDK call.

Measured side by side in one run, against the same kind of server (the test suite's SDK
server over stdio, ``tests/engine/tools/mcp_server.py``, tool ``add``):

- ``raw_ms``: the median of ``Client.call_tool`` awaited directly on the SDK's own
  ``stdio_client`` (one event loop, no threads);
- ``hisho_ms``: the median of the path a turn takes (``engine.tools.loop.run_call``): the
  call handed to the MCP loop's thread through ``McpServers``, the cancel token watched,
  the result cut and quoted, and the Tools log row written;
- ``log_ms``: the median of one Tools log write alone (``ToolLog.record``);
- ``overhead_ratio``: hisho_ms / raw_ms.

Progress on stderr; the last stdout line is one JSON object.

    .venv/bin/python bench/tools.py [--calls 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._common import emit, isolated_home, log, median, rounded  # noqa: E402

SERVER = ("-m", "tests.engine.tools.mcp_server")


def raw_calls(count: int) -> list[float]:
    import anyio
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    params = StdioServerParameters(command=sys.executable, args=list(SERVER),
                                   env={"PYTHONPATH": str(REPO)}, cwd=str(REPO))  # fmt: skip
    times: list[float] = []

    async def run() -> None:
        async with Client(params, mode="legacy") as client:
            await client.list_tools()
            for n in range(count):
                started = time.perf_counter()
                await client.call_tool("add", {"a": n, "b": 1})
                times.append(time.perf_counter() - started)

    anyio.run(run)
    return times


def hisho_calls(count: int) -> tuple[list[float], list[float]]:
    from engine import paths
    from engine.cancel import CancelToken
    from engine.chat.turn import Turn
    from engine.storage.history import History
    from engine.tools.ledger import ToolLog
    from engine.tools.loop import ToolSession, run_call
    from engine.tools.mcp_client import McpServerConfig, McpServers
    from engine.types import ToolCall, ToolLogEntry

    config = McpServerConfig("bench", sys.executable, SERVER, {"PYTHONPATH": str(REPO)})
    servers, tool_log, history = McpServers([config]), ToolLog(), History(paths.history_db())
    conversation = history.create_conversation()
    try:
        specs, _ = servers.tools(CancelToken())
        session = ToolSession(specs, log=tool_log, allowed={"bench/add"})
        turn = Turn(history, conversation.id, 0, None, CancelToken(), None)  # type: ignore[arg-type]
        times = []
        for n in range(count):
            call = ToolCall(f"c{n}", "add", f'{{"a": {n}, "b": 1}}')
            started = time.perf_counter()
            for _event in _drain(run_call(turn, session, call, [])):
                pass
            times.append(time.perf_counter() - started)
        writes = []
        for n in range(count):
            entry = ToolLogEntry(time.time(), "bench", "add", 16, 2, 0.001, "ok", n)
            started = time.perf_counter()
            tool_log.record(entry)
            writes.append(time.perf_counter() - started)
        return times, writes
    finally:
        servers.close()
        tool_log.close()
        history.close()


def _drain(events):  # type: ignore[no-untyped-def]
    while True:
        try:
            yield next(events)
        except StopIteration:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    with isolated_home():
        log(f"raw SDK: {args.calls} calls")
        raw = raw_calls(args.calls)
        log(f"Hisho: {args.calls} calls")
        hisho, writes = hisho_calls(args.calls)
    raw_ms, hisho_ms = median(raw) * 1000, median(hisho) * 1000
    emit({
        "benchmark": "tools", "calls": args.calls, "raw_ms": rounded(raw_ms, 3),
        "hisho_ms": rounded(hisho_ms, 3), "log_ms": rounded(median(writes) * 1000, 3),
        "overhead_ratio": rounded(hisho_ms / raw_ms, 3),
    })  # fmt: skip


if __name__ == "__main__":
    main()
