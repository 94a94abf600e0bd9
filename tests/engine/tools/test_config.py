"""Tool settings read from settings.json's ``tools`` section, and the import of a
Claude-Desktop ``mcpServers`` file."""

from __future__ import annotations

import pytest

from engine.storage.settings import from_dict
from engine.tools.config import import_claude_desktop, merged, to_raw, tool_settings
from engine.tools.spec import ToolError

CLAUDE = """{"mcpServers": {
  "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem",
                 "/home/me/Desktop"]},
  "weather": {"command": "uv", "args": ["run", "weather.py"], "env": {"API_KEY": "k"}},
  "broken": {"args": ["no command"]}
}}"""


def test_tools_are_off_by_default() -> None:
    settings = tool_settings(from_dict({}).tools)
    assert not settings.enabled and settings.servers == ()


def test_a_claude_desktop_file_gives_its_servers() -> None:
    servers = import_claude_desktop(CLAUDE)
    assert [s.name for s in servers] == ["filesystem", "weather"]
    assert servers[0].args == ("-y", "@modelcontextprotocol/server-filesystem", "/home/me/Desktop")
    assert dict(servers[1].env) == {"API_KEY": "k"}


def test_imported_servers_survive_a_save_and_a_load() -> None:
    settings = merged(tool_settings({"enabled": True}), import_claude_desktop(CLAUDE))
    again = tool_settings(from_dict({"tools": to_raw(settings)}).tools)
    assert again == settings and again.enabled


BAD_FILES = [("{nope", "The file is not JSON"), ('{"servers": {}}', "no “mcpServers” object")]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_a_file_that_is_not_a_claude_desktop_config_says_why(text: str, message: str) -> None:
    with pytest.raises(ToolError, match=message):
        import_claude_desktop(text)
