"""Compound File Binary (the OLE container of Outlook .msg files), read defensively.

Only what a reader needs: the header, the sector allocation table (through the
DIFAT), the directory tree, and streams from regular or mini sectors ([MS-CFB]). The
file is read whole (callers cap its size), and every index read from it is checked:
sectors past the end, chains that loop or run longer than the file has sectors, and
directory trees that loop are reported as damage (``CompoundError``), never followed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from engine.i18n import QT_TRANSLATE_NOOP

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_NO_STREAM = 0xFFFFFFFF
_MAX_ENTRIES = 200_000
STORAGE, STREAM, ROOT = 1, 2, 5


class CompoundError(ValueError):
    """The container is damaged (or made to mislead a reader)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One directory entry: a storage (folder) or a stream (file)."""

    name: str
    kind: int
    left: int
    right: int
    child: int
    start: int
    size: int


class Compound:
    """A compound file's directory and streams, from its bytes."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(SIGNATURE):
            raise CompoundError(QT_TRANSLATE_NOOP("Engine", "not a compound file"))
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise CompoundError(QT_TRANSLATE_NOOP("Engine", "bad sector sizes"))
        self.sector = 1 << shift
        self.sectors = max(0, (len(data) - self.sector) // self.sector)
        (fat_count, directory_start, _, self.cutoff, mini_fat_start, mini_fat_count,
         difat_start, difat_count) = struct.unpack_from("<8I", data, 0x2C)  # fmt: skip
        self.fat = self._fat(fat_count, difat_start, difat_count)
        self.entries = self._directory(directory_start)
        root = self.entries[0]
        self.mini_fat = self._table(self._chain_bytes(mini_fat_start)) if mini_fat_count else []
        self.mini_stream = self._chain_bytes(root.start)[: root.size] if root.size else b""

    def _at(self, sector: int) -> bytes:
        if sector >= self.sectors:
            raise CompoundError(QT_TRANSLATE_NOOP("Engine", "a sector past the end of the file"))
        offset = (sector + 1) * self.sector
        return self.data[offset : offset + self.sector]

    @staticmethod
    def _table(data: bytes) -> list[int]:
        return list(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))

    def _fat(self, count: int, difat_start: int, difat_count: int) -> list[int]:
        locations = list(struct.unpack_from("<109I", self.data, 0x4C))
        sector, seen = difat_start, 0
        while sector not in (_END_OF_CHAIN, _NO_STREAM) and seen <= min(difat_count, 1 << 20):
            entries = self._table(self._at(sector))
            locations += entries[:-1]
            sector, seen = entries[-1], seen + 1
        if count > self.sectors + 1:
            raise CompoundError(
                QT_TRANSLATE_NOOP("Engine", "more allocation sectors than the file holds")
            )
        fat: list[int] = []
        for location in locations[:count]:
            fat += self._table(self._at(location))
        return fat

    def _chain(self, start: int, table: list[int], limit: int) -> list[int]:
        chain: list[int] = []
        sector, seen = start, set()
        while sector not in (_END_OF_CHAIN, _NO_STREAM):
            if sector in seen or sector >= len(table) or len(chain) > limit:
                raise CompoundError(
                    QT_TRANSLATE_NOOP("Engine", "a sector chain loops or runs off the table")
                )
            seen.add(sector)
            chain.append(sector)
            sector = table[sector]
        return chain

    def _chain_bytes(self, start: int) -> bytes:
        return b"".join(self._at(s) for s in self._chain(start, self.fat, self.sectors))

    def _directory(self, start: int) -> list[Entry]:
        data = self._chain_bytes(start)
        entries = []
        for offset in range(0, min(len(data), _MAX_ENTRIES * 128), 128):
            raw = data[offset : offset + 128]
            length, kind = struct.unpack_from("<HB", raw, 64)
            left, right, child = struct.unpack_from("<III", raw, 68)
            begin, size = struct.unpack_from("<IQ", raw, 116)
            name = raw[: max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
            entries.append(Entry(name, kind, left, right, child, begin, size & 0xFFFFFFFF))
        if not entries or entries[0].kind != ROOT:
            raise CompoundError(QT_TRANSLATE_NOOP("Engine", "no root entry"))
        return entries

    def children(self, index: int) -> dict[str, int]:
        """Name → entry index of what the storage at ``index`` holds."""
        found: dict[str, int] = {}
        pending, seen = [self.entries[index].child], set()
        while pending:
            at = pending.pop()
            if at == _NO_STREAM or at >= len(self.entries):
                continue
            if at in seen:
                raise CompoundError(QT_TRANSLATE_NOOP("Engine", "the directory tree loops"))
            seen.add(at)
            entry = self.entries[at]
            found[entry.name] = at
            pending += [entry.left, entry.right]
        return found

    def read(self, index: int) -> bytes:
        """The bytes of the stream at ``index``."""
        entry = self.entries[index]
        if entry.kind != STREAM:
            raise CompoundError(QT_TRANSLATE_NOOP("Engine", "not a stream"))
        if entry.size < self.cutoff:
            chain = self._chain(entry.start, self.mini_fat, len(self.mini_stream) // 64)
            data = b"".join(self.mini_stream[s * 64 : s * 64 + 64] for s in chain)
        else:
            data = self._chain_bytes(entry.start)
        if len(data) < entry.size:
            raise CompoundError(QT_TRANSLATE_NOOP("Engine", "a stream is shorter than it says"))
        return data[: entry.size]
