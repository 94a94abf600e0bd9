"""One mail message taken apart: its headers decoded, its body, its attachments.

Parsed with the standard library's ``email`` package under the ``compat32`` policy:
the modern policy parses every header through its registry each time one is read,
which made a mailbox of 10,000 messages take over a minute; here headers are decoded
once, as RFC 2047 says (``=?ISO-2022-JP?B?…?=`` subjects read as Japanese). The body
is the first plain-text part that is not an attachment, else the first HTML part
(read as a web page is); attachments are the parts marked so or carrying a file name,
and forwarded messages (``message/rfc822``).
"""

from __future__ import annotations

import email
import email.errors
import email.header
import email.policy
import email.utils
from dataclasses import dataclass, field
from email.message import Message
from pathlib import PurePath

from engine.errors import ExtractError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.library.formats.html import html_to_text
from engine.library.formats.text import clean_text, decode_bytes

_MAX_NESTING = 50  # multiparts inside multiparts, followed this deep


def parse_message(data: bytes) -> Message:
    """Parse a message's bytes (RFC 5322), nested messages included.

    Raises:
        ExtractError: ``unsafe`` when it is nested deeper than the parser can follow.
    """
    try:
        return email.message_from_bytes(data, policy=email.policy.compat32)
    except RecursionError as exc:
        raise ExtractError(
            "unsafe",
            QT_TRANSLATE_NOOP(
                "Engine",
                "This message is nested too deeply to read; it is probably damaged or made "
                "to attack mail readers.",
            ),
        ) from exc


def decoded_header(value: object) -> str:
    """A header's text, RFC 2047 words decoded and raw UTF-8 (RFC 6532) read, on one line."""
    if value is None:
        return ""
    try:
        pieces = email.header.decode_header(value)  # type: ignore[arg-type]
        text = "".join(_piece(data, charset) for data, charset in pieces)
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        text = str(value)
    return " ".join(text.split())


def _piece(data: bytes | str, charset: str | None) -> str:
    if isinstance(data, str):
        if not any("\udc80" <= ch <= "\udcff" for ch in data):
            return data
        data, charset = data.encode("ascii", "surrogateescape"), None
    if charset and charset != "unknown-8bit":
        try:
            return data.decode(charset, "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return decode_bytes(data).text
        except ExtractError:
            return data.decode("utf-8", "replace")


def header(message: Message, name: str) -> str:
    try:
        return decoded_header(message.get(name))
    except (TypeError, ValueError, LookupError, IndexError):
        return ""


def filename(part: Message) -> str:
    """The attachment's file name (decoded; without any folder it names)."""
    try:
        raw = part.get_filename()
    except (TypeError, ValueError, LookupError):
        return ""
    return PurePath(decoded_header(raw)).name if raw else ""


def short_date(value: str) -> str:
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return value
    return moment.strftime("%Y-%m-%d %H:%M") if moment else value


def sender(value: str) -> str:
    name, address = email.utils.parseaddr(value)
    return name or address or value


@dataclass
class Parts:
    """A message's body parts and attachments, found once."""

    plain: Message | None = None
    html: Message | None = None
    attachments: list[Message] = field(default_factory=list)


def parts_of(message: Message) -> Parts:
    found = Parts()
    _collect(message, found, 0)
    return found


def _collect(part: Message, found: Parts, depth: int) -> None:
    content_type = part.get_content_type()
    if content_type.startswith("multipart/"):
        payload = part.get_payload()
        for inner in payload if isinstance(payload, list) and depth < _MAX_NESTING else ():
            if isinstance(inner, Message):
                _collect(inner, found, depth + 1)
        return
    disposition = str(part.get("Content-Disposition", "")).split(";", 1)[0].strip().lower()
    if content_type == "message/rfc822" or disposition == "attachment" or filename(part):
        found.attachments.append(part)
    elif content_type == "text/plain" and found.plain is None:
        found.plain = part
    elif content_type == "text/html" and found.html is None:
        found.html = part


def inner_message(part: Message) -> Message | None:
    """A forwarded message (``message/rfc822``, or an attached .eml), parsed."""
    if part.get_content_type() == "message/rfc822":
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            return payload[0]
    if PurePath(filename(part)).suffix.lower() == ".eml":
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            return parse_message(data)
    return None


def body_text(parts: Parts) -> str:
    """The message's text: its plain part, else its HTML part's visible text."""
    part = parts.plain or parts.html
    if part is None:
        return ""
    text = decoded_text(part)
    if part is parts.html and parts.plain is None:
        text = html_to_text(text)[0]
    return clean_text(text).strip()


def decoded_text(part: Message) -> str:
    """A text part's payload, in the charset it names (else guessed)."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    charset = part.get_content_charset() or ""
    try:
        return data.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        try:
            return decode_bytes(data).text
        except ExtractError:
            return data.decode("utf-8", "replace")
