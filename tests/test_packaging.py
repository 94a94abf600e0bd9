"""The installable app: the self-test, the frozen bundle, and the files installers use.

- ``hisho --self-test`` from source: offline, model → index → answer → summary.
- The frozen app (slow): ``make package`` builds dist/hisho/ with PyInstaller from
  packaging/hisho.spec and the Linux tarball; the bundle's own ``--self-test`` must pass
  with no network (the test's network guard covers it: it is a Python process).
- The icon set, the .desktop file, the Inno Setup script and the release workflow are
  checked as files (the Windows and macOS builds cannot run here).
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import struct
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
ICONS = REPO / "assets" / "icons"


def _self_test(command: list[str], timeout: int) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=timeout)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert isinstance(report, dict)
    return report


def test_self_test_from_source_indexes_answers_and_summarizes() -> None:
    report = _self_test([sys.executable, "-m", "desktop", "--self-test"], timeout=240)
    assert report["ok"] is True and report["frozen"] is False
    assert "Aurora" in str(report["answer"])  # the lamp's name, from the document
    assert str(report["summary"]).strip()
    assert set(report["seconds"]) == {"load model", "index", "search", "answer", "summarize"}  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.timeout(3000)  # PyInstaller takes ~7 min on two cores, the tarball ~2 more
def test_the_frozen_app_passes_its_self_test(tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("needs bash")
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed (pip install '.[package]')")
    build = subprocess.run(["bash", str(PACKAGING / "build_linux.sh")], cwd=REPO,
                           capture_output=True, text=True, timeout=2400)  # fmt: skip
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    sizes = json.loads(build.stdout.strip().splitlines()[-1])
    executable = REPO / "dist" / "hisho" / "hisho"
    assert executable.is_file() and os.access(executable, os.X_OK)
    report = _self_test([str(executable), "--self-test"], timeout=600)
    assert report["ok"] is True and report["frozen"] is True
    assert "Aurora" in str(report["answer"])
    # What the tarball holds for a person installing it.
    with tarfile.open(REPO / sizes["tarball"]) as archive:
        names = {Path(n).relative_to(Path(n).parts[0]).as_posix() for n in archive.getnames()
                 if len(Path(n).parts) > 1}  # fmt: skip
    assert {"hisho/hisho", "hisho.desktop", "install.sh", "icons/hisho-256.png"} <= names
    # Left out: test tools, the test-only server, CUDA.
    internal = REPO / "dist" / "hisho" / "_internal"
    for unwanted in ("pytest", "uvicorn", "fastapi", "gguf", "nvidia", "triton"):
        assert not (internal / unwanted).exists(), unwanted
    print(f"bundle {sizes['bundle_mb']} MB, tarball {sizes['tarball_mb']} MB")


def test_install_script_puts_command_menu_entry_and_icons_in_place(tmp_path: Path) -> None:
    # A stand-in app folder: what install.sh does with files, not the app itself.
    unpacked = tmp_path / "unpacked"
    (unpacked / "hisho").mkdir(parents=True)
    app = unpacked / "hisho" / "hisho"
    app.write_text("#!/bin/sh\necho hisho\n")
    app.chmod(0o755)
    (unpacked / "icons").mkdir()
    for icon in [*ICONS.glob("hisho-*.png"), ICONS / "hisho.svg"]:
        shutil.copy(icon, unpacked / "icons")
    shutil.copy(PACKAGING / "linux" / "hisho.desktop", unpacked)
    shutil.copy(PACKAGING / "linux" / "install.sh", unpacked)
    prefix = tmp_path / "prefix"
    env = dict(os.environ, PREFIX=str(prefix))
    subprocess.run(["sh", str(unpacked / "install.sh")], check=True, env=env, capture_output=True)
    command = prefix / "bin" / "hisho"
    assert subprocess.run([str(command)], capture_output=True, text=True).stdout == "hisho\n"
    entry = (prefix / "share" / "applications" / "hisho.desktop").read_text()
    assert f"Exec={prefix}/lib/hisho/hisho %F" in entry
    assert (prefix / "share/icons/hicolor/256x256/apps/hisho.png").is_file()
    subprocess.run(["sh", str(unpacked / "install.sh"), "--uninstall"], check=True, env=env,
                   capture_output=True)  # fmt: skip
    assert not command.exists() and not (prefix / "lib" / "hisho").exists()


def test_desktop_entry_is_valid() -> None:
    path = PACKAGING / "linux" / "hisho.desktop"
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(path, encoding="utf-8")
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application" and main["Exec"] == "hisho %F"
    assert main["Icon"] == "hisho" and main["Terminal"] == "false"
    assert entry["Desktop Action quick-prompt"]["Exec"] == "hisho --quick"
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                text=True)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr


def test_icon_set_is_complete_and_well_formed() -> None:
    from PySide6.QtGui import QImage

    for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024):
        image = QImage(str(ICONS / f"hisho-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
    ico = (ICONS / "hisho.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind) == (0, 1) and count == 7
    sides = []
    for n in range(count):
        side, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * n)
        assert ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(ico)
        sides.append(side or 256)
    assert sides == [16, 24, 32, 48, 64, 128, 256]
    icns = (ICONS / "hisho.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    at, kinds = 8, []
    while at < len(icns):
        kinds.append(icns[at : at + 4])
        at += struct.unpack(">I", icns[at + 4 : at + 8])[0]
    assert at == len(icns) and {b"ic07", b"ic08", b"ic09", b"ic10"} <= set(kinds)


def test_installer_scripts_and_workflow_refer_to_real_files() -> None:
    import yaml

    iss = (PACKAGING / "windows" / "hisho.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert (
        (PACKAGING / "windows" / "..\\..\\assets\\icons\\hisho.ico".replace("\\", "/"))
        .resolve()
        .is_file()
    )
    assert 'Source: "..\\..\\dist\\hisho\\*"' in iss
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    assert set(workflow["jobs"]["build"]["strategy"]["matrix"]["os"]) >= {
        "ubuntu-22.04", "windows-2022", "macos-14"}  # fmt: skip
    commands = "\n".join(str(step.get("run", "")) for step in steps)
    for needed in ("packaging/hisho.spec", "--self-test", "packaging/build_linux.sh",
                   "packaging\\windows\\hisho.iss", "packaging/macos/make_dmg.sh"):  # fmt: skip
        assert needed in commands, needed
    for path in ("packaging/build_linux.sh", "packaging/macos/make_dmg.sh",
                 "packaging/linux/install.sh"):  # fmt: skip
        assert subprocess.run(["bash", "-n", str(REPO / path)]).returncode == 0, path
