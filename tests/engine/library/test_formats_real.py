"""Real files of the new kinds, from the formats' own libraries' test suites.

They are third-party data, so they live beside the checkout in ``../shared/formats/``
(not in the repository); its README.md says where each came from and under which
licence. Without that folder these tests skip.
Each is read through the real guarded child (one for all), as the library reads it,
and must give what a person opening it sees: the text named here (compared after
NFKC with all whitespace removed), on the page named, with its heading; or, for the
password-protected ones, a refusal that says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.errors import ExtractError
from engine.library.guard import ExtractorProcess
from engine.library.types import Extracted
from tests.engine.library.test_corpus import squeeze

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "formats"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/formats is not here")

#: file → (kind, page number or None, heading of that page or "", text on that page)
EXPECTED: dict[str, tuple[str, int | None, str, str]] = {
    "calamine__issues.xlsx": ("xlsx", 6, "spc_chrs", "aaa ' aaa\n\"\n☺\n֍\nàâéêèçöïî«»"),
    "calamine__date.xlsx": ("xlsx", 1, "Sheet1", "2021-01-01 · 15\n2021-01-02 · 16"),
    "calamine__rph.xlsx": ("xlsx", 1, "Sheet1", "課きく 毛こ"),  # furigana left out
    "calamine__issues.ods": ("ods", 3, "issue2", "1 · a\n2 · b\n3 · c"),
    "calamine__issue_594_dos.ods": ("ods", 1, "Sheet1", "X · X · X"),
    "odfpy__chinese_spreadsheet.ods": ("ods", 1, "工作表1", "test · test · test"),
    "python-pptx__test.pptx": ("pptx", 1, "Presentation Title Text", "Subtitle Text"),
    "python-pptx__ph-inherit-props.pptx": (
        "pptx",
        1,
        "Title Text",
        "Body Text\nNotes:\nNotes in inherited position and size.",
    ),
    "python-pptx__sld-notes.pptx": ("pptx", 1, "", "Notes:\nNotes"),
    "python-pptx__tbl-cell.pptx": ("pptx", 3, "", "a\tb\tc\nd\te\tf\ng\th\ti"),
    "odfpy__ol.odp": ("odp", 1, "OL", "Eins\nTsvey\nDray"),
    "odfpy__cols.odp": ("odp", 1, "", "Col 3"),
    "odfpy__simpletable.odt": ("odt", None, "", "Cell 1\tCell 2\nCell 3 (bold)\tCell 4 (italic)"),
    "odfpy__headerfooter.odt": ("odt", None, "Lorem ipsum", "Footer"),
    "epubjs__alice_without_cover.epub": (
        "epub",
        2,
        "Alice's Adventures in Wonderland",
        "By Sam'l Gabriel Sons & Company",
    ),
    "striprtf__unicode.rtf": ("rtf", None, "", "柔道"),
    "striprtf__ansicpg1250.rtf": ("rtf", None, "", "Proszę o zapoznanie się z poniższą"),
    "striprtf__french.rtf": ("rtf", None, "", "a 10'000  b."),
    "striprtf__minimal_table.rtf": ("rtf", None, "", "cell 1\tcell 2\tcell 3"),
    "mail__japanese_iso_2022.eml": ("eml", None, "まみむめも — Mikel Lindsaar", "すみません。"),
    "mail__japanese_shift_jis.eml": (
        "eml",
        None,
        "test — xxxxxxx@docomo.ne.jp, 2014-05-28 17:18",
        "このメールはテスト用のメールです。",
    ),
    "mail__attachment_message_rfc822.eml": (
        "eml",
        None,
        "ForwardedMessage.eml",
        "Just attaching another PDF, here",
    ),
    "mail__raw_email_with_nested_attachment.eml": (
        "eml",
        None,
        "Testing attachments — Jamis Buck, 2007-02-22 11:20",
        "Here is a test",
    ),
    "mail__attachment_pdf.eml": ("eml", None, "", "Just attaching another PDF"),
    "poi__simple_test_msg.msg": (
        "msg",
        None,
        "test message — Travis Ferguson, 2007-07-06 05:27",
        "This is a test message.",
    ),
    "poi__attachment_msg_pdf.msg": (
        "msg",
        None,
        "Test Attachment — Nick, 2010-06-17 23:52",
        "Blah blah blah",
    ),
    "poi__chinese-traditional.msg": (
        "msg",
        None,
        "",
        "Alfresco MSG format testing ( MSG 格式測試 )",
    ),
    "poi__ASCII_CP1251_LCID1049.msg": ("msg", None, "", "Body автоматически Body"),
    "poi__HTMLBodyBinary_CP1251.msg": ("msg", None, "Subject öäü Subject", "HTML автоматически"),
}
PROTECTED = ["calamine__pass_protected.xlsx", "calamine__pass_protected.ods"]
DAMAGED = ["poi__clusterfuzz-testcase-minimized-POIHSMFFuzzer-4735011465854976.msg"]


@pytest.fixture(scope="module")
def process() -> Iterator[ExtractorProcess]:
    with ExtractorProcess(time_limit_s=30) as child:
        yield child


def test_every_file_in_the_folder_is_checked() -> None:
    listed = {*EXPECTED, *PROTECTED, *DAMAGED, "README.md"}
    assert {path.name for path in DATA.iterdir()} == listed


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_file_reads_as_a_person_sees_it(process: ExtractorProcess, name: str) -> None:
    kind, number, heading, text = EXPECTED[name]

    result: Extracted = process.extract(DATA / name)

    assert result.kind == kind
    pages = [p for p in result.pages if p.number == number and squeeze(text) in squeeze(p.text)]
    assert pages, f"{text!r} not on page {number}: {[p.text[:80] for p in result.pages]}"
    if heading:
        titles = [h.title for page in pages for h in page.headings]
        assert heading in titles


def test_broken_attachment_is_named_and_the_mail_still_read(process: ExtractorProcess) -> None:
    result = process.extract(DATA / "mail__attachment_pdf.eml")

    assert "broken.pdf" in result.note
    assert result.title == "Another PDF with 🎉 Unicode chars in it 🍿"


@pytest.mark.parametrize("name", PROTECTED)
def test_password_protected_files_say_so(process: ExtractorProcess, name: str) -> None:
    with pytest.raises(ExtractError) as caught:
        process.extract(DATA / name)

    assert caught.value.reason == "password"
    assert "protected by a password" in str(caught.value)


def test_a_pdf_attached_to_an_outlook_message_is_read_as_its_own_file(
    process: ExtractorProcess,
) -> None:
    result = process.extract(DATA / "poi__attachment_msg_pdf.msg")

    (pdf,) = [page for page in result.pages if page.number == 1]
    assert [h.title for h in pdf.headings][-1] == "smbprn.00009008.KdcPjl.pdf"
    assert "Subject: Test Attachment" in pdf.text


@pytest.mark.parametrize("name", DAMAGED)
def test_damaged_files_are_refused_with_a_reason(process: ExtractorProcess, name: str) -> None:
    with pytest.raises(ExtractError) as caught:
        process.extract(DATA / name)

    assert caught.value.reason == "corrupt" and "damaged" in str(caught.value)
