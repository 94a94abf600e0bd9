"""Start at login: the Linux autostart entry is written where the desktop reads it
(honouring XDG_CONFIG_HOME), starts Hisho in the tray, and is removed again."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from desktop import autostart


@pytest.fixture()
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "xdg config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_the_linux_entry_is_written_and_removed(config_home: Path, hisho_home: Path) -> None:
    entry = config_home / "autostart" / "hisho.desktop"
    assert not autostart.is_enabled()
    autostart.set_enabled(True)
    assert autostart.is_enabled() and entry.is_file()
    fields = read_entry(entry)
    assert fields["Type"] == "Application" and fields["Name"] == "Hisho"
    command = shlex.split(fields["Exec"])  # the spec's quoting reads like a shell's here
    assert command[-1] == "--hidden"
    # The entry starts this very Hisho, with the same data folder.
    assert command[:2] == ["env", f"HISHO_HOME={hisho_home}"]
    assert command[2:-1] == autostart.launch_command()
    autostart.set_enabled(True)  # again: still one entry
    assert [p.name for p in entry.parent.iterdir()] == ["hisho.desktop"]
    autostart.set_enabled(False)
    assert not entry.exists() and not autostart.is_enabled()
    autostart.set_enabled(False)  # removing what is not there is fine


def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_says() -> None:
    assert autostart._quote_exec("/usr/bin/hisho") == "/usr/bin/hisho"
    assert autostart._quote_exec("/opt/My Apps/hisho") == '"/opt/My Apps/hisho"'
    assert autostart._quote_exec('a"b$c') == '"a\\\\"b\\\\$c"'
    assert autostart._quote_exec("100%") == "100%%"


def test_without_xdg_config_home_the_entry_goes_to_dot_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert autostart.linux_entry_path() == tmp_path / ".config" / "autostart" / "hisho.desktop"
