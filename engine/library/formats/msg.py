"""Outlook messages (.msg): read from their compound file, then as any saved mail.

No maintained reader with a licence Hisho can ship exists (extract-msg is GPL-3.0),
so the message's MAPI properties are read here ([MS-OXMSG]) from the compound file
(``cfb``): subject, sender, recipients, the submit time, the plain-text body (else the
HTML body), and the attachments (files, and messages attached as messages). They are
turned into an ordinary MIME message and read by ``mail``, so a .msg gets the same
page, heading, attachment handling and nesting limit as an .eml.
"""

from __future__ import annotations

import codecs
import datetime as dt
import struct
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats.cfb import STORAGE, Compound, CompoundError
from engine.library.formats.mail import MAX_DEPTH, MailBudget, MailReader, mail_result
from engine.library.types import Extracted

if TYPE_CHECKING:
    from engine.library.readers import ReadFile

_SUBJECT, _BODY, _HTML = 0x0037, 0x1000, 0x1013
_SENDER_NAME, _SENDER_EMAIL, _SENDER_SMTP = 0x0C1A, 0x0C1F, 0x5D01
_TO, _CC, _SUBMIT_TIME = 0x0E04, 0x0E03, 0x0039
_CODEPAGE, _INTERNET_CODEPAGE, _LOCALE = 0x3FFD, 0x3FDE, 0x3FF1
_FILENAME, _LONG_FILENAME, _ATTACHED, _MIME = 0x3704, 0x3707, 0x3701, 0x370E
_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)


class _Properties:
    """The MAPI properties of one storage (the message, or an attachment)."""

    def __init__(self, box: Compound, storage: int, header: int, codepage: str) -> None:
        self.box, self.codepage = box, codepage
        self.names = box.children(storage)
        self.fixed = self._fixed(header)

    def _fixed(self, header: int) -> dict[int, bytes]:
        """Tag → 8-byte value, from the storage's ``__properties_version1.0`` stream."""
        index = self.names.get("__properties_version1.0")
        data = self.box.read(index) if index is not None else b""
        values: dict[int, bytes] = {}
        for at in range(header, len(data) - 15, 16):
            _, tag = struct.unpack_from("<HH", data, at)
            values[tag] = data[at + 8 : at + 16]
        return values

    def raw(self, tag: int, kind: str) -> bytes | None:
        index = self.names.get(f"__substg1.0_{tag:04X}{kind}")
        return self.box.read(index) if index is not None else None

    def text(self, tag: int) -> str:
        wide = self.raw(tag, "001F")
        if wide is not None:
            return wide.decode("utf-16-le", "replace").rstrip("\0")
        narrow = self.raw(tag, "001E")
        return narrow.decode(self.codepage, "replace").rstrip("\0") if narrow else ""

    def time(self, tag: int) -> dt.datetime | None:
        value = self.fixed.get(tag)
        if value is None:
            return None
        ticks = struct.unpack("<Q", value)[0]
        try:
            return _FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10)
        except OverflowError:
            return None


#: Windows code page numbers Python names otherwise (the rest are ``cpNNN``).
_CODEPAGES = {65001: "utf-8", 1200: "utf-16-le", 50220: "iso2022_jp", 50221: "iso2022_jp_ext",
              50222: "iso2022_jp", 51932: "euc_jp", 20932: "euc_jp", 936: "gbk",
              28591: "latin-1", 28592: "iso8859_2", 20127: "ascii"}  # fmt: skip


#: Code pages of the Windows locales whose ANSI code page is not cp1252.
_LOCALES = {1049: 1251, 1058: 1251, 1059: 1251, 1026: 1251, 1087: 1251, 1028: 950,
            3076: 950, 2052: 936, 4100: 936, 1041: 932, 1042: 949, 1037: 1255, 1025: 1256,
            1032: 1253, 1055: 1254, 1029: 1250, 1045: 1250, 1038: 1250, 1051: 1250,
            1060: 1250, 1050: 1250, 1048: 1250, 1054: 874, 1066: 1258, 1061: 1257,
            1062: 1257, 1063: 1257}  # fmt: skip


def _codec(number: int) -> str:
    name = _CODEPAGES.get(number, f"cp{number}")
    try:
        codecs.lookup(name)
    except LookupError:
        return ""
    return name


def _codepages(box: Compound) -> tuple[str, str]:
    """The code page of the message's 8-bit strings (PR_MESSAGE_CODEPAGE, else its
    locale's) and of a binary HTML body (PR_INTERNET_CPID, else the same)."""
    fixed = _Properties(box, 0, 32, "cp1252").fixed

    def number(tag: int) -> int:
        value = fixed.get(tag)
        return int(struct.unpack("<I", value[:4])[0]) if value is not None else 0

    strings = _codec(number(_CODEPAGE)) or _codec(_LOCALES.get(number(_LOCALE), 1252))
    return strings or "cp1252", _codec(number(_INTERNET_CODEPAGE)) or strings or "cp1252"


class _Converter:
    """Turns a message storage (and the messages attached to it) into MIME."""

    def __init__(self, box: Compound) -> None:
        self.box = box
        self.codepage, self.html_codepage = _codepages(box)
        self.too_deep = False

    def message(self, storage: int, header: int, depth: int) -> Message:
        props = _Properties(self.box, storage, header, self.codepage)
        mime = MIMEMultipart("mixed")
        fields = {"From": _sender(props), "To": props.text(_TO), "Cc": props.text(_CC),
                  "Subject": props.text(_SUBJECT)}  # fmt: skip
        for field, value in fields.items():
            if value:
                mime[field] = " ".join(value.split())
        if (sent := props.time(_SUBMIT_TIME)) is not None:
            mime["Date"] = sent.strftime("%a, %d %b %Y %H:%M:%S +0000")
        body, html = props.text(_BODY), props.raw(_HTML, "0102") or props.text(_HTML).encode()
        if body.strip():
            mime.attach(MIMEText(body, "plain", "utf-8"))
        elif html:
            mime.attach(MIMEText(html.decode(self.html_codepage, "replace"), "html", "utf-8"))
        for name, index in sorted(props.names.items()):
            if name.startswith("__attach_version1.0_") and self.box.entries[index].kind == STORAGE:
                part = self.attachment(index, depth)
                if part is not None:
                    mime.attach(part)
        return mime

    def attachment(self, storage: int, depth: int) -> Message | None:
        props = _Properties(self.box, storage, 8, self.codepage)
        name = props.text(_LONG_FILENAME) or props.text(_FILENAME)
        embedded = props.names.get(f"__substg1.0_{_ATTACHED:04X}000D")
        part: Message
        if embedded is not None:
            if depth >= MAX_DEPTH:
                self.too_deep = True
                return None
            part = MIMEMessage(self.message(embedded, 24, depth + 1))
        else:
            data = props.raw(_ATTACHED, "0102")
            if not data:
                return None
            maintype, _, subtype = (props.text(_MIME) or "application/octet-stream").partition("/")
            part = MIMEApplication(data, subtype or "octet-stream")
            part.replace_header(
                "Content-Type", f"{maintype or 'application'}/{part.get_content_subtype()}"
            )
        part.add_header("Content-Disposition", "attachment", filename=name or "attachment")
        return part


def _sender(props: _Properties) -> str:
    name = props.text(_SENDER_NAME)
    address = props.text(_SENDER_SMTP) or props.text(_SENDER_EMAIL)
    smtp = "@" in address and not address.startswith("/")  # not an Exchange address
    return f"{name} <{address}>" if name and smtp else name or (address if smtp else "")


def extract_msg(path: Path, *, max_bytes: int, read: ReadFile) -> Extracted:
    """An Outlook message and its attachments, read as a saved mail is.

    Raises:
        ExtractError: ``corrupt`` (a damaged compound file), ``unsafe`` (too large).
    """
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ExtractError(
            "unsafe",
            QT_TRANSLATE_NOOP(
                "Engine", "This Outlook message is larger than Hisho reads ({size} MB)."
            ).format(size=max_bytes // 2**20),
        )
    try:
        converter = _Converter(Compound(data))
        message = converter.message(0, 32, 0)
    except (CompoundError, ValueError, struct.error, IndexError, KeyError, OverflowError) as exc:
        raise ExtractError(
            "corrupt",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This Outlook message is damaged and can't be opened ({error}). Open it in "
                "Outlook and save it again.",
            ).format(error=exc),
        ) from exc
    reader = MailReader(read, MailBudget(max_bytes, too_deep=converter.too_deep))
    reader.message(message)
    return mail_result("msg", reader)
