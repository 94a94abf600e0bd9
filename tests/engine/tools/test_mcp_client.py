"""The MCP client against real SDK servers: over stdio (a child process) and over
streamable HTTP on 127.0.0.1; a server that crashes mid-call, one that never answers,
one whose result is 50 MB."""

from __future__ import annotations

import time

from engine.cancel import CancelToken
from engine.tools.mcp_client import McpServerConfig, McpServers
from engine.tools.spec import ToolError, cut_result


def test_stdio_server_lists_its_tools_and_runs_one(servers: McpServers) -> None:
    specs, problems = servers.tools(CancelToken())
    assert problems == []
    by_name = {spec.name: spec for spec in specs}
    assert by_name["add"].description == "Add two whole numbers."
    assert by_name["add"].server == "test-server"
    assert by_name["add"].required == ["a", "b"]
    assert servers.call("test-server", "add", {"a": 17, "b": 23}, CancelToken()).text == "40"


def test_http_server_on_loopback_runs_a_tool(http_url: str) -> None:
    servers = McpServers([McpServerConfig("web", url=http_url, timeout_s=20)])
    try:
        specs, problems = servers.tools(CancelToken())
        assert problems == [] and "add" in {s.name for s in specs}
        assert servers.call("web", "add", {"a": 2, "b": 3}, CancelToken()).text == "5"
    finally:
        servers.close()


def test_a_crash_mid_call_is_told_and_the_next_call_starts_it_again(servers: McpServers) -> None:
    try:
        servers.call("test-server", "crash", {"reason": "test"}, CancelToken())
        raise AssertionError("the crash was not reported")
    except ToolError as exc:
        assert "stopped during crash" in str(exc) and "The chat goes on" in str(exc)
    assert servers.call("test-server", "add", {"a": 1, "b": 1}, CancelToken()).text == "2"


def test_a_server_that_never_answers_times_out(servers: McpServers) -> None:
    started = time.monotonic()
    try:
        servers.call("test-server", "hang", {"seconds": 1}, CancelToken())
        raise AssertionError("the hang was not reported")
    except ToolError as exc:
        assert "did not answer within 8 s" in str(exc)
    assert time.monotonic() - started < 30
    assert servers.call("test-server", "add", {"a": 2, "b": 2}, CancelToken()).text == "4"


def test_stop_ends_a_running_call(servers: McpServers) -> None:
    servers.tools(CancelToken())
    cancel = CancelToken()
    import threading

    threading.Timer(0.5, cancel.cancel).start()
    try:
        servers.call("test-server", "hang", {"seconds": 1}, cancel)
        raise AssertionError("Stop did not end the call")
    except ToolError as exc:
        assert str(exc) == "The call to test-server was stopped."


def test_a_50_mb_result_is_read_and_cut_with_a_message(servers: McpServers) -> None:
    output = servers.call("test-server", "big", {"mb": 50}, CancelToken())
    assert len(output.text) == 50_000_000
    text, cut = cut_result(output.text)
    assert cut
    assert text.endswith("[The result was too large (50.0 MB) and was cut to 16 KB.]")
    assert len(text) < 17_000


def test_a_server_that_cannot_start_is_a_problem_not_a_failure(tmp_path) -> None:
    missing = McpServerConfig("broken", str(tmp_path / "no-such-program"))
    servers = McpServers([missing])
    try:
        specs, problems = servers.tools(CancelToken())
        assert specs == []
        assert problems[0].startswith("The tool server broken could not be started")
    finally:
        servers.close()
