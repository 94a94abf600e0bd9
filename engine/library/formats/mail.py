"""Saved mail (.eml, and each message of an mbox): who wrote it, when, about what, and
what it says, with its attachments read as files of their own.

A message is one page: its From, To, Cc, Date and Subject lines, then the body (the
plain-text part, else the HTML part as a web page reads). The page's heading is the
subject with the sender and date, so every passage of a long mail carries who wrote it
and when. Each attachment Hisho reads (a PDF, a workbook, a forwarded message …) adds
its own pages after the message, headed by its file name; attachments inside
attachments are followed to ``MAX_DEPTH`` levels and no further. Attachments are
written to a private temporary folder and read by the same ``extract`` (passed in as
``read``), under what is left of the file's text budget.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats.mail_parts import (
    body_text,
    filename,
    header,
    inner_message,
    parse_message,
    parts_of,
    sender,
    short_date,
)
from engine.library.types import Extracted, Heading, Page

#: Attachments inside attachments followed this deep (a forwarded mail's attachment is 2).
MAX_DEPTH = 5
_MAX_ATTACHMENTS = 100
_HEADERS = ("From", "To", "Cc", "Date", "Subject")
_SIGNATURES = frozenset({"application/pkcs7-signature", "application/x-pkcs7-signature",
                         "application/pgp-signature", "application/pgp-keys"})  # fmt: skip

if TYPE_CHECKING:
    from engine.library.readers import ReadFile


@dataclass
class MailBudget:
    """What a file's messages may still give: characters of text, and whether some
    was left out (too deep, too much)."""

    left: int
    too_deep: bool = False
    cut: bool = False

    def spend(self, pages: list[Page]) -> None:
        self.left -= sum(len(page.text) for page in pages)


@dataclass
class MailReader:
    """Turns messages into pages, reading attachments with ``read``."""

    read: ReadFile
    budget: MailBudget
    pages: list[Page] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # attachments that failed to read

    def message(self, message: Message, depth: int = 0, prefix: tuple[str, ...] = ()) -> None:
        """``message`` as a page, then the pages of its attachments."""
        parts = parts_of(message)
        page, heading = message_page(message, body_text(parts), prefix)
        if self.budget.left < len(page.text):
            self.budget.cut = True
            return
        self.pages.append(page)
        self.budget.spend([page])
        for count, part in enumerate(parts.attachments):
            if count >= _MAX_ATTACHMENTS or self.budget.left <= 0:
                self.budget.cut = True
                break
            if depth + 1 > MAX_DEPTH:
                self.budget.too_deep = True
                break
            self.attachment(part, depth + 1, (*prefix, heading))

    def attachment(self, part: Message, depth: int, prefix: tuple[str, ...]) -> None:
        name = filename(part)
        inner = inner_message(part)
        if inner is not None:
            self.message(inner, depth, (*prefix, name) if name else prefix)
            return
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data or _not_text(part):
            return
        extracted = self._read_file(data, name or "attachment", part.get_content_type())
        if extracted is None:
            if name and len(self.unread) < 20:
                self.unread.append(name)
            return
        label = name or extracted.title or part.get_content_type()
        pages = [_under(page, (*prefix, label)) for page in extracted.pages if page.text.strip()]
        self.pages += pages
        self.budget.spend(pages)
        self.budget.cut = self.budget.cut or extracted.partial

    def _read_file(self, data: bytes, name: str, content_type: str) -> Extracted | None:
        suffix = PurePath(name).suffix.lower()[:16]
        if not suffix and content_type.startswith("text/"):
            suffix = ".html" if content_type == "text/html" else ".txt"
        if suffix in (".mbox", ".mbx", ".msg") or content_type.startswith("message/"):
            return None  # a mailbox in a mail: not followed (its nesting would not count)
        with tempfile.TemporaryDirectory(prefix="hisho-mail-") as folder:
            path = Path(folder) / f"attachment{suffix}"
            path.write_bytes(data)
            try:
                extracted: Extracted = self.read(path, max_bytes=max(self.budget.left, 1))
            except ExtractError:
                return None  # not a kind Hisho reads, or damaged: the mail itself still counts
        return extracted


def _not_text(part: Message) -> bool:
    """Pictures, sound, film and signatures: attachments with no text to read."""
    return part.get_content_maintype() in ("image", "audio", "video") or (
        part.get_content_type() in _SIGNATURES
    )


def _under(page: Page, path: tuple[str, ...]) -> Page:
    """An attachment's page, its headings under the attachment's name (and the mail's)."""
    outer = tuple(Heading(0, level, title) for level, title in enumerate(path, start=1))
    depth = len(path)
    inner = tuple(Heading(h.offset, h.level + depth, h.title) for h in page.headings)
    return Page(page.number, page.text, outer + inner, page.rows)


def message_page(message: Message, body: str, prefix: tuple[str, ...] = ()) -> tuple[Page, str]:
    """The message as a page (headers, then ``body``) and its heading."""
    headers = {name: header(message, name) for name in _HEADERS}
    lines = [f"{name}: {value}" for name, value in headers.items() if value]
    text = "\n".join(lines) + ("\n\n" + body if body else "")
    subject = headers["Subject"] or QT_TRANSLATE_NOOP("Engine", "(no subject)")
    about = ", ".join(p for p in (sender(headers["From"]), short_date(headers["Date"])) if p)
    heading = f"{subject} — {about}" if about else subject
    path = (*prefix, heading)
    headings = tuple(Heading(0, level, title) for level, title in enumerate(path, start=1))
    return Page(None, text, headings), heading


def mail_result(kind: str, reader: MailReader, note: str = "") -> Extracted:
    """The pages a reader collected, with a note on what was left out."""
    notes = [note] if note else []
    if reader.budget.too_deep:
        notes.append(
            QT_TRANSLATE_NOOP(
                "Engine", "Attachments nested more than {depth} levels deep were not read."
            ).format(depth=MAX_DEPTH)
        )
    if reader.budget.cut and not note:
        notes.append(
            QT_TRANSLATE_NOOP(
                "Engine", "Some attachments were not read: the message holds more than Hisho reads."
            )
        )
    if reader.unread:
        notes.append(
            QT_TRANSLATE_NOOP(
                "Engine",
                "These attachments could not be read (damaged, or a kind Hisho doesn't "
                "read): {names}.",
            ).format(names=", ".join(reader.unread))
        )
    title = next((page.headings[0].title for page in reader.pages if page.headings), "")
    return Extracted(
        kind,
        tuple(reader.pages) or (Page(None, ""),),
        title=title.split(" — ", 1)[0],
        partial=reader.budget.cut or reader.budget.too_deep,
        note=" ".join(notes),
    )


def extract_eml(path: Path, *, max_bytes: int, read: ReadFile) -> Extracted:
    """A saved message (.eml) and its attachments.

    Raises:
        ExtractError: ``unsafe`` (nested past what the parser can follow).
    """
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    reader = MailReader(read, MailBudget(max_bytes))
    reader.message(parse_message(data[:max_bytes]))
    if len(data) > max_bytes:
        reader.budget.cut = True
    return mail_result("eml", reader)
