"""Tool settings (the ``tools`` section of settings.json) and the import of a
Claude-Desktop ``mcpServers`` file.

Tools are off by default (the bundled 135M model, offered several tools, picks poorly);
``enabled`` turns them on. Each MCP server is a command with arguments and an
environment (stdio) or a URL (streamable HTTP)::

    {"enabled": true, "max_calls": 4,
     "servers": [{"name": "files", "command": "npx", "args": ["-y", "server"],
                  "env": {"KEY": "…"}, "enabled": true, "timeout_s": 60}]}
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.i18n import QT_TRANSLATE_NOOP
from engine.tools.mcp_client import McpServerConfig
from engine.tools.spec import ToolError


@dataclass(frozen=True, slots=True)
class ToolSettings:
    enabled: bool = False
    max_calls: int = 4
    servers: tuple[McpServerConfig, ...] = ()


def _server(name: str, raw: Any) -> McpServerConfig | None:
    """One server of a settings or Claude-Desktop entry (None: not a usable one)."""
    if not isinstance(raw, Mapping) or not name.strip():
        return None
    command, url = str(raw.get("command") or ""), str(raw.get("url") or "")
    if not command and not url:
        return None
    args = raw.get("args") or []
    env = raw.get("env") or {}
    timeout = raw.get("timeout_s", 60.0)
    return McpServerConfig(
        name.strip(), command,
        tuple(str(a) for a in args) if isinstance(args, list) else (),
        {str(k): str(v) for k, v in env.items()} if isinstance(env, Mapping) else {},
        url, bool(raw.get("enabled", True)),
        float(timeout) if isinstance(timeout, int | float) and timeout > 0 else 60.0,
    )  # fmt: skip


def tool_settings(raw: Mapping[str, Any]) -> ToolSettings:
    """The settings' ``tools`` section (junk dropped; a name given twice: the first)."""
    servers: dict[str, McpServerConfig] = {}
    for item in raw.get("servers") or []:
        server = _server(str(item.get("name", "")), item) if isinstance(item, Mapping) else None
        if server is not None and server.name not in servers:
            servers[server.name] = server
    calls = raw.get("max_calls", 4)
    return ToolSettings(
        enabled=raw.get("enabled") is True,
        max_calls=calls if isinstance(calls, int) and 0 < calls <= 16 else 4,
        servers=tuple(servers.values()),
    )


def to_raw(settings: ToolSettings) -> dict[str, Any]:
    """The ``tools`` section for ``settings``."""
    servers = [
        {"name": s.name, "command": s.command, "args": list(s.args), "env": dict(s.env),
         "url": s.url, "enabled": s.enabled, "timeout_s": s.timeout_s}
        for s in settings.servers
    ]  # fmt: skip
    return {"enabled": settings.enabled, "max_calls": settings.max_calls, "servers": servers}


def import_claude_desktop(text: str) -> list[McpServerConfig]:
    """The servers of a Claude-Desktop style file (``{"mcpServers": {name: {…}}}``).

    Raises:
        ToolError: it is not JSON, or has no ``mcpServers`` object.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ToolError(
            QT_TRANSLATE_NOOP("Engine", "The file is not JSON: {error}").format(error=exc)
        ) from exc
    servers = data.get("mcpServers") if isinstance(data, dict) else None
    if not isinstance(servers, dict):
        raise ToolError(QT_TRANSLATE_NOOP("Engine", "The file has no “mcpServers” object."))
    found = [_server(str(name), raw) for name, raw in servers.items()]
    return [server for server in found if server is not None]


def merged(settings: ToolSettings, added: Sequence[McpServerConfig]) -> ToolSettings:
    """``settings`` with ``added`` servers (one with a name already there replaces it)."""
    names = {s.name for s in added}
    kept = tuple(s for s in settings.servers if s.name not in names)
    return ToolSettings(settings.enabled, settings.max_calls, kept + tuple(added))
