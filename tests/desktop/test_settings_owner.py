"""The settings have one owner: a save that fails keeps the old settings, in memory and
on disk, shows one error, and tells no one they changed.

Saving is made to fail for real, in ways that hold even for root (who may write to a
read-only folder): a file where the settings folder should be, or a folder where the
automatic backup of the settings file is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.controllers.settings import SettingsOwner
from engine import paths
from engine.storage import settings as settings_store
from engine.storage.settings import Settings
from tests.desktop.conftest import AtHand


def block_the_backup() -> Path:
    """A non-empty folder where the settings backup goes: the next save fails before
    the settings file is touched."""
    backup = settings_store.backup_file(paths.settings_file())
    (backup / "in-the-way").mkdir(parents=True)
    return backup


def test_a_failed_save_keeps_the_old_settings_in_memory_and_on_disk(qtbot: QtBot) -> None:
    errors: list[str] = []
    old = Settings()
    settings_store.save(old)
    owner = SettingsOwner(old, errors.append)
    changed: list[Settings] = []
    owner.changed.connect(changed.append)
    on_disk = paths.settings_file().read_bytes()
    block_the_backup()

    new_chat = dataclasses.replace(old.chat, summary_length="brief")
    assert not owner.update(chat=new_chat)

    assert owner.current == old
    assert paths.settings_file().read_bytes() == on_disk
    assert len(errors) == 1 and "Could not save settings" in errors[0]
    assert changed == []


def test_no_settings_folder_keeps_the_settings_in_memory(qtbot: QtBot) -> None:
    errors: list[str] = []
    blocker = paths.config_dir()
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the settings folder should be", encoding="utf-8")
    old = Settings()
    owner = SettingsOwner(old, errors.append)
    changed: list[Settings] = []
    owner.changed.connect(changed.append)

    assert not owner.save(dataclasses.replace(old, ui=dataclasses.replace(old.ui, theme="dark")))

    assert owner.current == old
    assert blocker.read_text(encoding="utf-8") == "a file where the settings folder should be"
    assert len(errors) == 1 and changed == []


def test_a_saved_change_is_used_and_announced(qtbot: QtBot) -> None:
    errors: list[str] = []
    owner = SettingsOwner(Settings(), errors.append)
    changed: list[Settings] = []
    owner.changed.connect(changed.append)
    new_chat = dataclasses.replace(owner.current.chat, summary_length="detailed")

    assert owner.update(chat=new_chat)

    assert owner.current.chat.summary_length == "detailed"
    assert settings_store.load()[0].chat.summary_length == "detailed"
    assert changed == [owner.current] and errors == []


def test_the_summary_length_menu_goes_back_when_saving_fails(
    make_at_hand: Callable[..., AtHand],
) -> None:
    """Chat › Summary length used to keep the new length for the session even when it
    could not be saved; now the menu shows what is saved and the banner says why."""
    hand = make_at_hand()
    summary, lengths = hand.controllers.summary, hand.window.menus.summary_lengths
    before = summary.length
    settings_store.save(hand.controllers.settings.current)
    on_disk = paths.settings_file().read_bytes()
    block_the_backup()
    choice = next(a for a in lengths.actions() if a.data() != before.value)

    choice.trigger()

    assert summary.length == before
    assert hand.controllers.settings.current.chat.summary_length == before.value
    assert paths.settings_file().read_bytes() == on_disk
    checked = [a.data() for a in lengths.actions() if a.isChecked()]
    assert checked == [before.value]
    assert hand.window.banner.isVisible()
    assert "Could not save settings" in hand.window.banner.label.text()
