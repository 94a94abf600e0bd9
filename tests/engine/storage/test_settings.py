"""Settings: what the user set comes back; a bad file never costs them their settings."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine import paths
from engine.errors import StorageError
from engine.storage import settings, settings_migrations
from engine.storage.settings import ChatSettings, DesktopSettings, Settings, UiSettings
from engine.types import GPU_LAYERS_ALL, GPU_LAYERS_AUTO

RunCode = Callable[..., subprocess.CompletedProcess[str]]


def customised() -> Settings:
    return Settings(
        chat=ChatSettings(
            model_path="/models/my model ☃.gguf",
            temperature=0.0,
            max_reply_tokens=256,
            system_prompt="あなたは秘書です。",
        ),
        ui=UiSettings(theme="dark", language="ja"),
        models={"big.gguf": {"context_length": 4096, "system_prompt": "Be brief."}},
        desktop=DesktopSettings(
            close_to_tray=False, tray_notice_shown=True, quick_prompt_shortcut="Meta+Space"
        ),
    )


def test_no_file_means_defaults_and_no_warning() -> None:
    loaded, warning = settings.load()
    assert loaded == Settings()
    assert warning == ""
    assert not paths.settings_file().exists()  # loading writes nothing


def test_saved_settings_come_back() -> None:
    settings.save(customised())
    loaded, warning = settings.load()
    assert loaded == customised()
    assert warning == ""
    saved = json.loads(paths.settings_file().read_text("utf-8"))
    assert saved["ui"]["theme"] == "dark"
    assert saved["desktop"]["quick_prompt_shortcut"] == "Meta+Space"


def test_a_model_has_settings_of_its_own() -> None:
    """Per-model settings replace the general ones only while that model is in use; a
    value equal to the general one is not stored, and junk in the file is dropped."""
    base = Settings(chat=ChatSettings(temperature=0.7, context_length=8192))
    chosen = settings.with_model_settings(
        base, "qwen.gguf", {"temperature": 0.2, "context_length": 8192, "gpu_layers": -1}
    )
    assert chosen.models == {"qwen.gguf": {"temperature": 0.2, "gpu_layers": -1}}
    qwen = settings.for_model(chosen, "qwen.gguf")
    assert (qwen.temperature, qwen.gpu_layers, qwen.context_length) == (0.2, -1, 8192)
    assert settings.for_model(chosen, "other.gguf") == base.chat
    settings.save(chosen)
    assert settings.load()[0] == chosen
    assert settings.with_model_settings(chosen, "qwen.gguf", {}).models == {}

    paths.settings_file().write_text(
        json.dumps({"models": {"a.gguf": {"temperature": "hot", "top_p": 0.5, "x": 1}, "b": 3}})
    )
    assert settings.load()[0].models == {"a.gguf": {"top_p": 0.5}}


def test_a_file_without_the_desktop_section_gets_its_defaults() -> None:
    path = paths.ensure_dir(paths.config_dir()) / "settings.json"
    path.write_text(json.dumps({"version": 1, "ui": {"theme": "dark"}}), "utf-8")
    loaded, warning = settings.load()
    assert warning == ""
    assert loaded.desktop == DesktopSettings()
    assert loaded.desktop.close_to_tray and loaded.desktop.quick_prompt_shortcut == "Ctrl+Alt+Space"


def test_a_mac_gets_its_own_shortcut_in_place_of_the_old_inert_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before version 2 macOS had no global shortcut: the Ctrl+Alt+Space a Mac saved was
    the default, never in force (there it means ⌘⌥Space, Finder's search)."""
    old = {"version": 1, "desktop": {"quick_prompt_shortcut": "Ctrl+Alt+Space"}}
    chosen = {"version": 1, "desktop": {"quick_prompt_shortcut": "Ctrl+Shift+K"}}
    assert settings.from_dict(old).desktop.quick_prompt_shortcut == "Ctrl+Alt+Space"
    monkeypatch.setattr(settings_migrations, "_macos", lambda: True)
    assert settings.from_dict(old).desktop.quick_prompt_shortcut == "Alt+Space"
    assert settings.from_dict(chosen).desktop.quick_prompt_shortcut == "Ctrl+Shift+K"
    assert settings.from_dict(old).version == settings.SCHEMA_VERSION == 3


def test_the_old_default_of_no_gpu_layers_becomes_as_many_as_fit() -> None:
    """Before version 3 the processor (0 layers) was the default, saved in every file; a
    number or "all" the user chose stays, and so does a model's own 0."""
    old = {"version": 2, "chat": {"gpu_layers": 0}, "models": {"a.gguf": {"gpu_layers": 0}}}
    migrated = settings.from_dict(old)
    assert migrated.chat.gpu_layers == GPU_LAYERS_AUTO == ChatSettings().gpu_layers
    assert settings.for_model(migrated, "a.gguf").gpu_layers == 0
    for chosen in (GPU_LAYERS_ALL, 12):
        kept = settings.from_dict({"version": 2, "chat": {"gpu_layers": chosen}})
        assert kept.chat.gpu_layers == chosen


def test_saving_again_replaces_the_file_and_leaves_no_temp_files() -> None:
    settings.save(Settings())
    settings.save(customised())
    assert settings.load()[0] == customised()
    # The previous good version is the automatic backup; no temp files are left.
    assert sorted(p.name for p in paths.config_dir().iterdir()) == [
        "settings.json",
        "settings.json.bak",
    ]


def test_a_damaged_file_gives_defaults_a_warning_and_is_kept_aside() -> None:
    path = paths.ensure_dir(paths.config_dir()) / "settings.json"
    damaged = b'{"chat": {"temperature": 0.2, "system_prompt": "my careful pro'
    path.write_bytes(damaged)

    loaded, warning = settings.load()

    assert loaded == Settings()
    assert "damaged" in warning
    kept = list(paths.config_dir().glob("settings.json.corrupt-*"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == damaged  # what the user typed is not lost
    assert str(kept[0]) in warning
    assert not path.exists()  # the next save starts a clean file
    settings.save(customised())
    assert settings.load() == (customised(), "")


def test_a_damaged_file_is_replaced_by_the_last_good_settings_and_kept_aside() -> None:
    settings.save(customised())
    settings.save(customised())  # the backup now holds the customised settings too
    path = paths.settings_file()
    path.write_bytes(b'{"chat": {"temperature": 0.2, "syst')  # cut by a crash or a bad disk

    loaded, warning = settings.load()

    assert loaded == customised()
    assert "restored" in warning
    [kept] = paths.config_dir().glob("settings.json.corrupt-*")
    assert kept.read_bytes().startswith(b'{"chat": {"temperature": 0.2')
    assert settings.load() == (customised(), "")  # the good file is back in place


def test_saving_over_a_damaged_file_keeps_the_older_good_backup() -> None:
    settings.save(customised())
    settings.save(customised())
    path = paths.settings_file()
    path.write_bytes(b"{broken")
    settings.save(Settings())  # e.g. another save before the next start
    assert settings.backup_file(path).read_bytes() == customised().to_json().encode()


@pytest.mark.parametrize("content", [b"[1, 2, 3]", b"\xff\xfe not utf-8", b""])
def test_a_file_that_is_not_a_settings_object_is_kept_aside(content: bytes) -> None:
    path = paths.ensure_dir(paths.config_dir()) / "settings.json"
    path.write_bytes(content)
    loaded, warning = settings.load()
    assert loaded == Settings()
    assert warning
    assert [p.read_bytes() for p in paths.config_dir().glob("settings.json.corrupt-*")] == [content]


def test_values_of_the_wrong_type_are_ignored_one_by_one() -> None:
    path = paths.ensure_dir(paths.config_dir()) / "settings.json"
    data: dict[str, Any] = {
        "version": 1,
        "chat": {
            "temperature": "hot",  # wrong: default kept
            "threads": True,  # a bool is not a thread count
            "context_length": 4096.5,  # wrong: not an int
            "max_reply_tokens": 512,  # right
            "top_p": 1,  # an int where a float is expected is fine
            "system_prompt": None,  # wrong
            "unknown_future_key": 7,  # ignored
        },
        "ui": "dark",  # wrong: not an object
        "desktop": {
            "close_to_tray": "no",  # wrong: not a bool
            "quick_prompt_shortcut": "",  # right: no shortcut
            "quick_use_documents": 1,  # wrong: an int is not a bool
        },
    }
    path.write_text(json.dumps(data), "utf-8")

    loaded, warning = settings.load()

    assert warning == ""
    assert loaded.chat == dataclasses.replace(ChatSettings(), max_reply_tokens=512, top_p=1.0)
    assert isinstance(loaded.chat.top_p, float)
    assert loaded.ui == UiSettings()
    assert loaded.desktop == DesktopSettings(quick_prompt_shortcut="")
    assert path.exists()  # a readable file with some junk is not "corrupt"


def test_a_file_from_a_newer_version_is_left_untouched() -> None:
    path = paths.ensure_dir(paths.config_dir()) / "settings.json"
    newer = json.dumps({"version": 99, "chat": {"temperature": 0.1}, "brand_new": {}})
    path.write_text(newer, "utf-8")

    loaded, warning = settings.load()

    assert loaded == Settings()
    assert "newer" in warning
    assert path.read_text("utf-8") == newer
    assert list(paths.config_dir().glob("*corrupt*")) == []


SAVE_CHILD = """
from engine.storage import settings
from engine.errors import StorageError
from engine.storage.settings import Settings, UiSettings
try:
    settings.save(Settings(ui=UiSettings(theme="light")))
except StorageError as exc:
    print("StorageError:", exc)
else:
    print("saved")
"""


def test_saving_into_a_read_only_folder_fails_clearly_and_keeps_the_old_file(
    read_only: Any, run_engine_code: RunCode, hisho_home: Path
) -> None:
    settings.save(customised())
    before = paths.settings_file().read_bytes()
    read_only.lock(paths.config_dir())

    result = run_engine_code(SAVE_CHILD, hisho_home, obey_file_modes=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("StorageError:"), result.stdout
    assert str(paths.settings_file()) in result.stdout
    read_only.unlock()
    assert paths.settings_file().read_bytes() == before
    assert [p.name for p in paths.config_dir().iterdir()] == ["settings.json"]
    assert settings.load() == (customised(), "")


def test_saving_where_a_folder_cannot_be_created_raises_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    with pytest.raises(StorageError, match="Could not save settings"):
        settings.save(Settings(), blocker / "settings.json")
    assert blocker.read_text() == "a file where the config folder should be"


def test_the_api_key_is_not_a_setting() -> None:
    text = Settings().to_json().lower()
    assert "key" not in text
    assert "secret" not in text


def test_libraries_on_a_chroma_server_are_kept_without_their_token(tmp_path: Path) -> None:
    from engine.storage.library_servers import ChromaLibrary

    team = ChromaLibrary("Team", "https://chroma.example.org", "team-docs")
    path = tmp_path / "settings.json"
    settings.save(Settings(chroma_libraries=(team,)), path)
    kept = json.loads(path.read_text(encoding="utf-8"))["chroma_libraries"]
    assert kept == [dataclasses.asdict(team)]  # name, address, collection: never a token
    loaded, warning = settings.load(path)
    assert warning == "" and loaded.chroma_libraries == (team,)
    junk = [{"name": "Team", "address": "", "collection": "x"}, "junk", {"name": 3}]
    assert settings.chroma_libraries([*junk, dataclasses.asdict(team)]) == (team,)
