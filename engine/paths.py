"""Every path Hisho reads or writes comes from here.

The per-user folders come from platformdirs. ``HISHO_HOME`` overrides all of them
(tests always set it), so one variable moves the whole state of the app.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Hisho"
HOME_ENV = "HISHO_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Folder for the user's data: history, models, library index."""
    home = _home_override()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Folder for settings."""
    home = _home_override()
    if home is not None:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Folder for things that can be thrown away and rebuilt."""
    home = _home_override()
    if home is not None:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """Folder for log files."""
    home = _home_override()
    if home is not None:
        return home / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """Folder holding chat (GGUF) and embedding models."""
    return data_dir() / "models"


def history_db() -> Path:
    """SQLite database of conversations and messages."""
    return data_dir() / "history.sqlite3"


def settings_file() -> Path:
    """The JSON settings file."""
    return config_dir() / "settings.json"


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and return it."""
    path.mkdir(parents=True, exist_ok=True)
    return path


def library_dir() -> Path:
    """Folder of the document library: the manifest (the truth) and the Chroma index."""
    return data_dir() / "library"
