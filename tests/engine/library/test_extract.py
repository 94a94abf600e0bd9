"""Text extraction from real files: PDFs, Word documents, web pages, Markdown, text.

Every file is written here byte for byte (PDFs with a correct cross-reference table,
DOCX packages with ``zipfile``), or taken from the shared corpus where making one is
not practical (an encrypted PDF). The guard tests run the real child process.
"""

from __future__ import annotations

import codecs
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.errors import ExtractError
from engine.library.extract import extract
from engine.library.guard import ExtractorProcess, extract_guarded
from engine.library.types import Extracted
from tests.documents import pdf_file

RunCode = Callable[..., "subprocess.CompletedProcess[str]"]
CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
JAPANESE = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
ACCENTED = "Déjà vu: the naïve café owner’s façade — 15,50 €"


def text_of(extracted: Extracted) -> str:
    return "\n".join(page.text for page in extracted.pages)


def reason_of(path: Path, **limits: int) -> tuple[str, str]:
    with pytest.raises(ExtractError) as caught:
        extract(path, **limits)  # type: ignore[arg-type]
    assert str(caught.value).strip(), "every error carries a message for the user"
    return caught.value.reason, str(caught.value)


# --- PDF files, written by hand ------------------------------------------------------


def make_pdf(pages: list[bytes], *, rotate: int = 0, outline: list[tuple[str, int]] = ()) -> bytes:
    """A valid PDF: one content stream per page, Helvetica, a correct xref table."""
    count = len(pages)
    font = 3 + 2 * count
    objects = [
        b"",
        f"<< /Type /Pages /Kids [{' '.join(f'{3 + 2 * i} 0 R' for i in range(count))}]"
        f" /Count {count} >>".encode(),
    ]
    for i, content in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate {rotate} "
            f"/Contents {4 + 2 * i} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    if outline:
        first = len(objects) + 2
        catalog = b"<< /Type /Catalog /Pages 2 0 R /Outlines %d 0 R >>" % (first - 1)
        objects.append(
            b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
            % (first, first + len(outline) - 1, len(outline))
        )
        for n, (title, page) in enumerate(outline):
            links = b"".join(
                [
                    b" /Prev %d 0 R" % (first + n - 1) if n else b"",
                    b" /Next %d 0 R" % (first + n + 1) if n < len(outline) - 1 else b"",
                ]
            )
            objects.append(
                b"<< /Title (%s) /Parent %d 0 R /Dest [%d 0 R /XYZ null null null]%s >>"
                % (title.encode(), first - 1, 3 + 2 * (page - 1), links)
            )
    objects[0] = catalog
    return pdf_file(objects)


def lines(*texts: str, x: int = 72, top: int = 720) -> bytes:
    """A content stream that shows each text on its own line."""
    shown = [
        b"BT /F1 12 Tf %d %d Td (%s) Tj ET" % (x, top - 20 * i, t.encode("cp1252"))
        for i, t in enumerate(texts)
    ]
    return b"\n".join(shown)


def test_pdf_gives_one_numbered_page_per_page(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([lines("First page says hello"), lines("Second page"), b""]))

    result = extract(path)

    assert result.kind == "pdf"
    assert [page.number for page in result.pages] == [1, 2, 3]
    assert result.pages[0].text == "First page says hello"
    assert result.pages[1].text == "Second page"
    assert result.pages[2].text == ""
    assert not result.partial


def test_pdf_page_limit_reads_the_first_pages_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([lines(f"Page {n}") for n in range(1, 6)]))

    result = extract(path, max_pages=2)

    assert [page.text for page in result.pages] == ["Page 1", "Page 2"]
    assert result.partial
    assert "2 of 5 pages" in result.note


def test_pdf_bookmarks_become_headings_on_their_pages(tmp_path: Path) -> None:
    path = tmp_path / "outline.pdf"
    path.write_bytes(
        make_pdf(
            [lines("Intro", "Some words"), lines("Methods", "More words")],
            outline=[("Intro", 1), ("Methods", 2)],
        )
    )

    result = extract(path)

    assert [(h.title, h.level) for h in result.pages[0].headings] == [("Intro", 1)]
    methods = result.pages[1].headings[0]
    assert result.pages[1].text[methods.offset :].startswith("Methods")


def test_rotated_page_is_read_in_the_order_it_was_written(tmp_path: Path) -> None:
    path = tmp_path / "rotated.pdf"
    path.write_bytes(make_pdf([lines("Hello first", "Then second", "Last third")], rotate=90))

    assert extract(path).pages[0].text.split("\n") == ["Hello first", "Then second", "Last third"]


def test_accent_drawn_over_a_letter_joins_it(tmp_path: Path) -> None:
    # TeX-style: the letters, then a dieresis glyph placed over the "o".
    content = b"BT /F1 12 Tf 72 700 Td (Schon) Tj ET\nBT /F1 12 Tf 94 702 Td (\\250) Tj ET"
    path = tmp_path / "accent.pdf"
    path.write_bytes(make_pdf([content]))

    assert extract(path).pages[0].text == "Schön"


def test_blank_pdf_is_not_an_error_but_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(make_pdf([b"", b""]))

    result = extract(path)

    assert len(result.pages) == 2
    assert not result.has_text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "web page"),
        (b"oops\n", "doesn't start like one"),
        (b"PK\x03\x04" + b"\0" * 40, "ZIP"),
    ],
    ids=["html-saved-as-pdf", "five-bytes-of-junk", "zip-named-pdf"],
)
def test_file_named_pdf_that_is_not_one_is_corrupt(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "download.pdf"
    path.write_bytes(content)

    reason, message = reason_of(path)

    assert reason == "corrupt"
    assert expected in message


def test_pdf_cut_short_is_reported_as_incomplete(tmp_path: Path) -> None:
    whole = make_pdf([lines(f"Page {n} " + "words " * 40) for n in range(1, 20)])
    path = tmp_path / "partial-download.pdf"
    path.write_bytes(whole[: len(whole) // 3])

    reason, message = reason_of(path)

    assert reason == "corrupt"
    assert "incomplete" in message


def test_pdf_with_undecodable_page_content_is_damaged_not_blank(tmp_path: Path) -> None:
    stream = b"Not really compressed at all."
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"
    body = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page,
        b"<< /Length %d /Filter /LZWDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(body, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path = tmp_path / "broken-lzw.pdf"
    path.write_bytes(bytes(out))

    reason, message = reason_of(path)

    assert reason == "corrupt"
    assert "damaged" in message


def test_pdf_whose_page_tree_was_overwritten_is_salvaged(tmp_path: Path) -> None:
    data = make_pdf([lines("Survivor one"), lines("Survivor two")])
    start = data.index(b"2 0 obj")
    end = data.index(b"endobj", start) + len(b"endobj")
    path = tmp_path / "zeroed.pdf"
    path.write_bytes(data[:start] + b"\0" * (end - start) + data[end:])

    result = extract(path)

    assert "Survivor one" in text_of(result)
    assert "Survivor two" in text_of(result)
    assert result.partial
    assert "damaged" in result.note


def test_encrypted_pdf_asks_for_the_password_to_be_removed() -> None:
    path = CORPUS / "pdf" / "unstructured__pdf__password.pdf"
    if not path.is_file():
        pytest.skip(f"the shared corpus is not at {CORPUS}")

    reason, message = reason_of(path)

    assert reason == "password"
    assert "password" in message and "add it again" in message


# --- Word documents, built with zipfile ----------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def para(text: str, style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def part(root: str, body: str, ns: str = W) -> str:
    header = f'<?xml version="1.0" encoding="UTF-8"?><w:{root} xmlns:w="{ns}" xmlns:mc="{MC}">'
    return f"{header}{body}</w:{root}>"


def make_docx(
    path: Path,
    body: str,
    *,
    ns: str = W,
    rel_ns: str = REL,
    extra: dict[str, tuple[str, str]] | None = None,
    styles: str | None = "",
) -> Path:
    """A .docx package; ``extra`` maps part names to (relationship type, xml)."""
    extra = dict(extra or {})
    if styles is not None:
        styles = styles or (
            '<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>'
            '<w:style w:type="paragraph" w:styleId="berschrift1">'
            '<w:name w:val="heading 1"/></w:style>'
            '<w:style w:type="paragraph" w:styleId="H2x"><w:name w:val="heading 2"/></w:style>'
        )
        extra["word/styles.xml"] = ("styles", part("styles", styles, ns))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{rel_ns}/{kind}" Target="{name.removeprefix("word/")}"/>'
        for i, (name, (kind, _)) in enumerate(extra.items(), 1)
    )
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns='
            '"http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="r1" '
            f'Type="{rel_ns}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", part("document", f"<w:body>{body}</w:body>", ns))
        archive.writestr(
            "word/_rels/document.xml.rels",
            f'<Relationships xmlns="{package}">{rels}</Relationships>',
        )
        for name, (_, xml) in extra.items():
            archive.writestr(name, xml)
    return path


def table(*rows: tuple[str, ...]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


def text_box(text: str) -> str:
    box = f"<w:txbxContent>{para(text)}</w:txbxContent>"
    return (
        f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{box}'
        f"</w:drawing></mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )


def test_docx_reads_body_tables_boxes_headers_notes_and_comments(tmp_path: Path) -> None:
    body = (
        para("Quarterly report", "Titel")
        + para("Summary", "berschrift1")
        + para("Sales rose.")
        + table(("Region", "Total"), ("North", "42"))
        + text_box("Boxed remark")
        + para("Details", "H2x")
    )
    extra = {
        "word/header1.xml": ("header", part("hdr", para("Company confidential"))),
        "word/footer1.xml": ("footer", part("ftr", para("Page footer text"))),
        "word/footnotes.xml": (
            "footnotes",
            part("footnotes", f'<w:footnote w:id="1">{para("A footnote")}</w:footnote>'),
        ),
        "word/endnotes.xml": (
            "endnotes",
            part("endnotes", f'<w:endnote w:id="1">{para("An endnote")}</w:endnote>'),
        ),
        "word/comments.xml": (
            "comments",
            part("comments", f'<w:comment w:id="0">{para("Check this")}</w:comment>'),
        ),
    }
    result = extract(make_docx(tmp_path / "report.docx", body, extra=extra))

    (page,) = result.pages
    assert result.kind == "docx" and page.number is None
    assert "Region\tTotal\nNorth\t42" in page.text
    assert page.text.count("Boxed remark") == 1  # the text box's fallback copy is skipped
    for expected in (
        "Sales rose.",
        "Company confidential",
        "Page footer text",
        "A footnote",
        "An endnote",
        "Check this",
    ):
        assert expected in page.text
    headings = [
        (h.level, h.title, page.text[h.offset : h.offset + len(h.title)]) for h in page.headings
    ]
    assert headings == [
        (1, "Quarterly report", "Quarterly report"),
        (1, "Summary", "Summary"),
        (2, "Details", "Details"),
    ]
    assert result.title == "Quarterly report"


def test_docx_in_strict_ooxml_is_read(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "strict.docx",
        para("Strict heading", "berschrift1") + para("Strict body"),
        ns=STRICT_W,
        rel_ns=STRICT_REL,
    )

    (page,) = extract(path).pages

    assert page.text == "Strict heading\nStrict body"
    assert [(h.level, h.title) for h in page.headings] == [(1, "Strict heading")]


def test_docx_without_styles_part_takes_headings_from_style_ids(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "plain.docx", para("Overview", "Heading2") + para("Text"), styles=None
    )

    (page,) = extract(path).pages

    assert [(h.level, h.title) for h in page.headings] == [(2, "Overview")]


def test_docx_with_entities_is_refused_as_unsafe(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    path = make_docx(tmp_path / "laughs.docx", "")
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = laughs.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    assert reason_of(path)[0] == "unsafe"


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    padding = " " * (8 * 2**20)  # 8 MB of spaces deflate to ~8 KB: a 1000:1 ratio
    path = make_docx(
        tmp_path / "bomb.docx", para("hi") + f"<w:p><w:r><w:t>{padding}</w:t></w:r></w:p>"
    )

    reason, message = reason_of(path)

    assert reason == "unsafe"
    assert "zip bomb" in message


def test_truncated_docx_is_corrupt(tmp_path: Path) -> None:
    whole = make_docx(tmp_path / "whole.docx", para("Some text " * 500)).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])

    reason, message = reason_of(path)

    assert reason == "corrupt"
    assert "incomplete" in message


def test_old_word_file_renamed_docx_is_named_for_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)

    reason, message = reason_of(path)

    assert reason == "corrupt"
    assert "old Word .doc" in message


# --- HTML ----------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>The  Page
 Title</title><style>body { color: red } .styled-secret {}</style>
<script>var scriptSecret = "<p>not text</p>";</script></head>
<body>
<!-- commentSecret -->
<h1>Main heading</h1>
<p>First paragraph with <b>bold</b> words.
<p>Second paragraph
<div hidden><p>hiddenSecret<div>nestedHiddenSecret</div></div>
<div aria-hidden="true">ariaSecret</div>
<span style="color: blue; DISPLAY : none">styleSecret</span>
<p style="visibility:hidden">invisibleSecret<br>stillInvisibleSecret</p>
<noscript>noscriptSecret</noscript><template><p>templateSecret</p></template>
<h2>Sub heading</h2>
<pre>  keep   this
    spacing</pre>
<table><tr><td>cell one<td>cell two</tr><tr><th>three<th>four</table>
<ul><li>item one<li>item two</ul>
Tail text &amp; entities &eacute;
</body></html>"""


def test_html_gives_visible_text_only(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")

    result = extract(path)

    (page,) = result.pages
    assert "Secret" not in page.text and "color" not in page.text and "not text" not in page.text
    assert result.title == "The Page Title"
    assert "First paragraph with bold words.\n" in page.text
    assert "Second paragraph\n" in page.text
    assert "  keep   this\n    spacing" in page.text
    assert "cell one\tcell two\nthree\tfour" in page.text
    assert "item one\nitem two" in page.text
    assert page.text.endswith("Tail text & entities é")
    assert [(h.level, h.title) for h in page.headings] == [(1, "Main heading"), (2, "Sub heading")]
    for heading in page.headings:
        assert page.text[heading.offset :].startswith(heading.title)


def test_html_charset_that_lies_is_checked_against_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "mislabelled.html"
    path.write_bytes(f'<meta charset="gb2312"><p>{JAPANESE} 中文</p>'.encode())

    result = extract(path)

    assert result.encoding == "utf-8"
    assert result.pages[0].text == f"{JAPANESE} 中文"


@pytest.mark.parametrize("encoding", ["shift_jis", "euc-jp", "cp1252"])
def test_html_meta_charset_is_used_when_the_bytes_agree(tmp_path: Path, encoding: str) -> None:
    text = ACCENTED.replace("’", "'") if encoding == "cp1252" else JAPANESE
    path = tmp_path / "page.htm"
    path.write_bytes(
        f'<html><head><meta http-equiv="Content-Type" content="text/html; '
        f'charset={encoding}"></head><body><p>{text}</p></body></html>'.encode(encoding)
    )

    assert extract(path).pages[0].text == text


def test_html_in_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.html"
    path.write_bytes(f"<html><body><h1>{JAPANESE}</h1><p>𐌀𐌖𐌋</p></body></html>".encode("utf-16-le"))

    result = extract(path)

    assert result.encoding == "utf-16-le"
    assert result.pages[0].text == f"{JAPANESE}\n\n𐌀𐌖𐌋"


# --- text, code and Markdown ---------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("utf-8", b"", "utf-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
        ("utf-32-be", b"", "utf-32-be"),
        ("shift_jis", b"", "cp932"),
        ("euc-jp", b"", "euc-jp"),
        ("iso-2022-jp", b"", "iso-2022-jp"),
    ],
)
def test_japanese_text_round_trips(
    tmp_path: Path, encoding: str, bom: bytes, expected: str
) -> None:
    original = f"Notes 1\r\n{JAPANESE}\r\n{JAPANESE}\n"
    path = tmp_path / "notes.txt"
    path.write_bytes(bom + original.encode(encoding))

    result = extract(path)

    assert result.pages[0].text == original.replace("\r\n", "\n")
    assert result.encoding == expected
    assert result.kind == "text"


def test_cp1252_accents_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(((ACCENTED + "\n") * 20).encode("cp1252"))

    result = extract(path)

    assert result.pages[0].text == (ACCENTED + "\n") * 20
    assert result.encoding == "cp1252"


def test_binary_file_renamed_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "program.txt"
    path.write_bytes(bytes(range(256)) * 64 + b"\x7fELF\0\0\0" * 100)

    reason, message = reason_of(path)

    assert reason == "corrupt"
    assert "binary" in message


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_file_has_no_text_and_is_not_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)

    assert not extract(path).has_text


def test_capped_file_is_partial_and_keeps_whole_characters(tmp_path: Path) -> None:
    original = JAPANESE * 2000  # 3 bytes a character in UTF-8
    path = tmp_path / "big.md"
    path.write_text(original, encoding="utf-8")

    result = extract(path, max_bytes=100_001)  # cuts inside a character

    text = result.pages[0].text
    assert result.partial and "first" in result.note
    assert len(text) == 100_001 // 3
    assert original.startswith(text)


def test_newlines_are_normalised_and_nul_removed(tmp_path: Path) -> None:
    path = tmp_path / "script.py"
    path.write_bytes(b"def f():\r\n    return 1\r# old mac\n\0x = 2\n")

    result = extract(path)

    assert result.kind == "code"
    assert result.pages[0].text == "def f():\n    return 1\n# old mac\nx = 2\n"


def test_markdown_headings_skip_code_blocks(tmp_path: Path) -> None:
    source = (
        "# Title\n\nIntro text\n\n```bash\n# not a heading\n```\n\nSetext two\n----------\n"
        "## Second ##\n    # indented code\n#hashtag\n~~~\n## fenced\n~~~\n"
    )
    path = tmp_path / "README.md"
    path.write_text(source, encoding="utf-8")

    result = extract(path)

    (page,) = result.pages
    assert page.text == source
    assert [(h.level, h.title) for h in page.headings] == [
        (1, "Title"),
        (2, "Setext two"),
        (2, "Second"),
    ]
    for heading in page.headings:
        assert page.text[heading.offset :].lstrip("# ").startswith(heading.title)
    assert result.title == "Title"


@pytest.mark.parametrize(
    ("name", "content", "label"),
    [
        ("slides.key", b"PK\x03\x04" + b"\0" * 30, ".key files"),
        ("photos.zip", b"PK\x03\x04" + b"\0" * 30, ".zip files"),
        ("book.mobi", b"BOOKMOBI" + b"\0" * 30, ".mobi files"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Word .doc files"),
        ("layers.psd", b"8BPS\x00\x01" + b"\0" * 100, ".psd files"),  # PNG is read: OCR
        ("data.bin", b"\x00\x01\x02", ".bin files"),
    ],
)
def test_unsupported_formats_say_what_to_do(
    tmp_path: Path, name: str, content: bytes, label: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    reason, message = reason_of(path)

    assert reason == "unsupported"
    assert message == f"Hisho can't read {label} yet. Save it as PDF or DOCX and add that."


def test_missing_file(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "gone.pdf")[0] == "missing"


def test_unreadable_file(tmp_path: Path, run_engine_code: RunCode, hisho_home: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("private", encoding="utf-8")
    path.chmod(0)
    code = (
        "from pathlib import Path\nfrom engine.errors import ExtractError\n"
        "from engine.library.extract import extract\n"
        f"try:\n    extract(Path({str(path)!r}))\n    print('read')\n"
        "except ExtractError as e:\n    print(e.reason)"
    )
    try:
        result = run_engine_code(code, hisho_home, obey_file_modes=True)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot take away root's permission override here ({exc})")
    finally:
        path.chmod(0o600)
    if result.stdout.strip() == "read":
        pytest.skip("a chmod 000 file is still readable for child processes here")
    assert result.stdout.strip() == "unreadable", result.stderr


# --- the guard: a child process with limits ------------------------------------------


@pytest.fixture()
def big_text(tmp_path: Path) -> Path:
    path = tmp_path / "big.txt"
    path.write_bytes(b"all work and no play makes jack a dull boy\n" * (40 * 2**20 // 43))
    return path


def test_guarded_extraction_matches_in_process(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")

    with ExtractorProcess() as process:
        assert process.extract(path) == extract(path)


def test_extract_guarded_reports_errors_from_the_child(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 30)

    with pytest.raises(ExtractError) as caught:
        extract_guarded(path, time_limit_s=30)

    assert caught.value.reason == "unsupported"
    assert (
        str(caught.value) == "Hisho can't read .zip files yet. Save it as PDF or DOCX and add that."
    )


def test_time_limit_stops_the_file_and_the_next_one_works(tmp_path: Path, big_text: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("small file", encoding="utf-8")
    with ExtractorProcess() as process:
        process.extract(small)  # the child is up and warm
        first = process.pid

        with pytest.raises(ExtractError) as caught:
            process.extract(big_text, time_limit_s=0.001)

        assert caught.value.reason == "timeout"
        assert "took longer than" in str(caught.value)
        assert first is not None and not _alive(first)
        assert process.extract(small).pages[0].text == "small file"


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux only")
def test_memory_limit_stops_the_file_and_the_next_one_works(tmp_path: Path, big_text: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("small file", encoding="utf-8")
    with ExtractorProcess(memory_limit_bytes=96 * 2**20) as process:
        assert process.extract(small).pages[0].text == "small file"

        with pytest.raises(ExtractError) as caught:
            process.extract(big_text)

        assert caught.value.reason == "memory"
        assert "more memory" in str(caught.value)
        assert process.extract(small).pages[0].text == "small file"


def test_child_killed_from_outside_is_replaced(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("small file", encoding="utf-8")
    with ExtractorProcess() as process:
        process.extract(small)
        first = process.pid
        assert first is not None
        os.kill(first, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        _wait_dead(first)

        assert process.extract(small).pages[0].text == "small file"
        assert process.pid not in (None, first)


def test_close_ends_the_child(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("x", encoding="utf-8")
    with ExtractorProcess() as process:
        process.extract(small)
        pid = process.pid
    assert pid is not None
    _wait_dead(pid)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_child_inherits_the_privacy_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("DO_NOT_TRACK", "1")
    small = tmp_path / "small.txt"
    small.write_text("x", encoding="utf-8")
    with ExtractorProcess() as process:
        process.extract(small)
        environ = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
    assert b"HF_HUB_OFFLINE=1" in environ and b"DO_NOT_TRACK=1" in environ


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "zombie" in status.read_text())


def _wait_dead(pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while _alive(pid):
        assert time.monotonic() < deadline, f"process {pid} still running"
        time.sleep(0.05)
