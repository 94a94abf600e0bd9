"""Start Hisho when the user logs in: the entry each desktop reads at login.

- Linux (and other XDG desktops): ``$XDG_CONFIG_HOME/autostart/hisho.desktop``
  (``~/.config`` by default);
- Windows: the ``Hisho`` value of ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``;
- macOS: ``~/Library/LaunchAgents/app.hisho.Hisho.plist`` (a LaunchAgent, RunAtLoad).

The entry starts Hisho with ``--hidden`` (in the tray, without the window). The entry
itself is the truth (the user may remove it by other means): :func:`is_enabled` looks.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import shutil
import sys
from pathlib import Path

from engine.storage.atomic import write_atomic

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
LAUNCH_AGENT = "app.hisho.Hisho"


def launch_command(*args: str) -> list[str]:
    """How to start this Hisho from outside (autostart, a desktop shortcut)."""
    if getattr(sys, "frozen", False):  # a packaged app: the executable is Hisho
        return [sys.executable, *args]
    script = Path(sys.executable).with_name("hisho.exe" if sys.platform == "win32" else "hisho")
    if script.is_file():  # the console script next to this interpreter (a venv)
        return [str(script), *args]
    found = shutil.which("hisho")
    if found:
        return [found, *args]
    return [sys.executable, "-m", "desktop", *args]


def _quote_exec(arg: str) -> str:
    """Quote one argument of a .desktop ``Exec`` line (Desktop Entry spec: reserved
    characters need double quotes, where " ` $ \\ are escaped; then the value's own
    escaping doubles every backslash; a literal % is %%)."""
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg.replace("%", "%%")
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return ('"' + escaped + '"').replace("\\", "\\\\").replace("%", "%%")


def linux_entry_path() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / "hisho.desktop"


def macos_agent_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT}.plist"


def _command() -> list[str]:
    command = launch_command("--hidden")
    home = os.environ.get("HISHO_HOME")  # a relocated Hisho starts in the same place
    if home and sys.platform not in ("win32", "darwin"):
        command = ["env", f"HISHO_HOME={home}", *command]
    return command


def linux_entry(command: list[str]) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=Hisho",
        "Comment=Your private AI assistant, ready in the tray",
        f"Exec={' '.join(_quote_exec(arg) for arg in command)}",
        "Icon=hisho",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])  # fmt: skip


def is_enabled() -> bool:
    """Whether Hisho starts at login."""
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, "Hisho")
            return True
        except OSError:
            return False
    if sys.platform == "darwin":
        return macos_agent_path().is_file()
    return linux_entry_path().is_file()


def set_enabled(enabled: bool) -> None:
    """Add or remove the login entry.

    Raises:
        OSError: the entry could not be written or removed (the message says where).
    """
    command = _command()
    if sys.platform == "win32":
        _set_windows(enabled, command)
    elif sys.platform == "darwin":
        path = macos_agent_path()
        if enabled:
            agent = {"Label": LAUNCH_AGENT, "ProgramArguments": command, "RunAtLoad": True}
            write_atomic(path, plistlib.dumps(agent))
        else:
            path.unlink(missing_ok=True)
    else:
        path = linux_entry_path()
        if enabled:
            write_atomic(path, linux_entry(command).encode("utf-8"))
        else:
            path.unlink(missing_ok=True)


def _set_windows(enabled: bool, command: list[str]) -> None:
    if sys.platform != "win32":
        raise OSError("the Run key exists only on Windows")
    import subprocess
    import winreg

    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
        if enabled:
            line = subprocess.list2cmdline(command)
            winreg.SetValueEx(key, "Hisho", 0, winreg.REG_SZ, line)
        else:
            with contextlib.suppress(FileNotFoundError):
                winreg.DeleteValue(key, "Hisho")
