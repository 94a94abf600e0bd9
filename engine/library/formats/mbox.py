"""Mailboxes (.mbox, and Thunderbird's folder files): every message, streamed.

The file is read a line at a time (a line longer than 64 KB in pieces, runs of NUL
bytes from a preallocated or sparse file skipped) and split where a ``From sender
date`` line follows a blank line (a body line that merely begins with "From " does
not split). Each message is parsed and read as a saved mail is (``mail``) before the
next is read, so a mailbox of gigabytes never sits in memory: at most one message, up
to ``MAX_MESSAGE`` bytes. Reading stops when the file's text budget is spent, or its
time nearly is (``deadline``), with a note that says how many messages were read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.deadline import past_deadline
from engine.library.formats.mail import MailBudget, MailReader, mail_result
from engine.library.formats.mail_parts import parse_message
from engine.library.types import Extracted

if TYPE_CHECKING:
    from engine.library.readers import ReadFile

#: The most bytes of one message kept (its attachments included).
MAX_MESSAGE = 48 * 2**20
_PIECE = 64 * 1024
#: "From sender Fri Jan  5 10:30:00 2024": a body line "From here on…" is not one.
_SEPARATOR = re.compile(rb"From \S+\s.*\d\d?:\d\d")


def _messages(path: Path, most: int) -> Iterator[tuple[bytes, bool]]:
    """Each message's bytes (up to ``most``) and whether it was longer."""
    buffer = bytearray()
    over = False
    line_start = True
    previous_blank = True
    with path.open("rb") as handle:
        while piece := handle.readline(_PIECE):
            if piece.count(0) == len(piece):
                continue  # a hole of NUL bytes
            if line_start and piece.startswith(b"\x00"):
                piece = piece.lstrip(b"\x00")  # the end of a hole, then a line
            starts_message = line_start and previous_blank and bool(_SEPARATOR.match(piece))
            if line_start:
                previous_blank = not piece.strip()
            line_start = piece.endswith(b"\n")
            if starts_message:
                if buffer.strip():
                    yield bytes(buffer), over
                buffer.clear()
                over = False
                continue
            if line_start and piece.startswith(b">From "):
                piece = piece[1:]  # mboxrd quoting
            if len(buffer) + len(piece) > most:
                over = True
                continue
            buffer += piece
    if buffer.strip():
        yield bytes(buffer), over


def extract_mbox(path: Path, *, max_bytes: int, read: ReadFile) -> Extracted:
    """Every message of a mailbox, each a page (with its attachments' pages)."""
    reader = MailReader(read, MailBudget(max_bytes))
    count = 0
    late = False
    for data, over in _messages(path, min(max_bytes, MAX_MESSAGE)):
        if past_deadline():
            reader.budget.cut = late = True
            break
        before = len(reader.pages)
        reader.message(parse_message(data))
        if len(reader.pages) == before and reader.budget.cut:
            break  # not even this message's own text fits any more
        count += 1
        reader.budget.cut = reader.budget.cut or over
        if reader.budget.left <= 0:
            reader.budget.cut = True
            break
    note = ""
    if late:
        note = QT_TRANSLATE_NOOP(
            "Engine",
            "This mailbox is larger than Hisho reads in the time it gives one file: the "
            "first {count} messages were read.",
        ).format(count=f"{count:,}")
    elif reader.budget.cut:
        note = QT_TRANSLATE_NOOP(
            "Engine",
            "This mailbox holds more than Hisho reads: {count} messages were read, some of "
            "them in part.",
        ).format(count=f"{count:,}")
    return mail_result("mbox", reader, note)
