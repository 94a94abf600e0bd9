"""Render the app icon set from assets/icons/hisho.svg (run by `make icons`).

Writes PNGs at the sizes desktops and installers ask for, a Windows .ico (16–256) and a
macOS .icns, next to the SVG. The window, the tray and the installers all use these, so
they look the same everywhere. Qt renders the SVG; .ico and .icns hold PNG images
(both formats allow it: Windows Vista+, macOS 10.7+), written here byte by byte.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "assets" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: icns element types holding PNG data, by pixel size.
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
              (b"ic14", 512))  # fmt: skip


def write_ico(target: Path, pngs: dict[int, bytes]) -> None:
    """ICONDIR, one ICONDIRENTRY per size, then the PNG images."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    offset = 6 + 16 * len(sizes)
    head = struct.pack("<HHH", 0, 1, len(sizes))
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        images += data
    target.write_bytes(head + entries + images)


def write_icns(target: Path, pngs: dict[int, bytes]) -> None:
    """'icns', the total length, then (type, length, PNG) elements."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for kind, size in ICNS_TYPES
        if size in pngs
    )
    target.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "hisho.svg"))
    pngs: dict[int, Path] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        pngs[size] = ICONS / f"hisho-{size}.png"
        if not image.save(str(pngs[size])):
            raise RuntimeError(f"could not write {pngs[size]}")
    data = {size: path.read_bytes() for size, path in pngs.items()}
    write_ico(ICONS / "hisho.ico", data)
    write_icns(ICONS / "hisho.icns", data)
    del app
    print(f"icons written to {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
