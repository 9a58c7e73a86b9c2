"""The PDF helper: Japanese CID fonts, metadata, page numbers, repeated table headers, escaping.

The PDF is inspected as bytes: content streams are ASCII85 + Flate encoded and the CID fonts
encode text as UTF-16BE, so the helpers below decode just enough of the format."""

from __future__ import annotations

import base64
import re
import zlib

import pytest

from kuyakusho.core import pdf
from kuyakusho.core.pdf import Heading, Paragraph, Table

_STREAM = re.compile(
    rb"/Filter \[ /ASCII85Decode /FlateDecode \].*?stream\r?\n(.*?)endstream", re.S
)
# A font selection (/F2 10.5 Tf) or a shown string ((...) Tj), in content-stream order.
_FONT_OR_TEXT = re.compile(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal: bytes) -> bytes:
    """The bytes of a PDF literal string (without its parentheses)."""

    def replace(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8) & 0xFF])
        return _ESCAPES.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", replace, literal, flags=re.S)


def _text(literal: bytes) -> str:
    raw = _unescape(literal)
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


def _pages(document: bytes) -> list[str]:
    """The text shown on each page: strings in a CID font decoded as UTF-16BE, others as
    Latin-1 (the footer is in Helvetica)."""
    cid_fonts = set(re.findall(rb"/Encoding /UniJIS-UCS2-H /Name /(F\d+)", document))
    pages = []
    for encoded in _STREAM.findall(document):
        content = zlib.decompress(base64.a85decode(encoded.strip().removesuffix(b"~>")))
        font, shown = None, []
        for match in _FONT_OR_TEXT.finditer(content):
            if match.group(1):
                font = match.group(1)
                continue
            raw = _unescape(match.group(2))
            shown.append(
                raw.decode("utf-16-be", "replace") if font in cid_fonts else raw.decode("latin-1")
            )
        pages.append("\n".join(shown))
    return pages


def _info(document: bytes, key: str) -> str:
    match = re.search(rb"/" + key.encode() + rb" \(((?:\\.|[^\\)])*)\)", document, re.S)
    assert match, f"/{key} missing"
    return _text(match.group(1))


def _rows(n: int) -> list[list[str]]:
    return [
        [f"{i}", f"練馬区立第{i}図書館の開館時間のお知らせ。" * 3, "予約が必要です"]
        for i in range(n)
    ]


def test_a_simple_document_is_a_pdf_in_the_japanese_fonts():
    document = pdf.render_document(
        "区民だより", [Heading("お知らせ"), Paragraph("図書館は月曜休館です。")]
    )
    assert document.startswith(b"%PDF-")
    assert document.rstrip().endswith(b"%%EOF")
    assert b"/BaseFont /HeiseiKakuGo-W5" in document
    assert b"/BaseFont /HeiseiMin-W3" in document
    [page] = _pages(document)
    assert "区民だより" in page and "お知らせ" in page and "図書館は月曜休館です。" in page
    assert "1 / 1" in page


def test_metadata_is_set():
    document = pdf.render_document(
        "令和7年度 事業報告", [], author="練馬区 情報政策課", subject="年次報告", language="ja"
    )
    assert _info(document, "Title") == "令和7年度 事業報告"
    assert _info(document, "Author") == "練馬区 情報政策課"
    assert _info(document, "Subject") == "年次報告"
    assert b"/Lang (ja)" in document


def test_a_long_table_spans_pages_with_its_header_and_page_numbers_on_each():
    table = Table(["番号", "内容", "備考"], _rows(300), col_widths=[1, 6, 2])
    pages = _pages(pdf.render_document("蔵書一覧", [Heading("一覧"), table]))
    total = len(pages)
    assert total >= 5
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {total}" in page
        assert "番号" in page and "備考" in page  # the header row is repeated
    everything = "\n".join(pages)
    assert "練馬区立第299図書館" in everything and "練馬区立第0図書館" in everything


def test_long_japanese_cell_text_wraps_and_a_row_taller_than_a_page_splits():
    huge = "区役所の窓口は平日午前8時30分から午後5時15分まで開いています。" * 200
    pages = _pages(pdf.render_document("案内", [Table(["項目", "説明"], [["窓口", huge]])]))
    assert len(pages) >= 2
    assert all("項目" in page for page in pages)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>&",
        "a < b && c > d",
        "&amp; &#x41; <b>太字</b>",
        "<br/>\x00\x07",
        "",
    ],
)
def test_user_text_is_escaped_not_interpreted(text):
    document = pdf.render_document(
        text,
        [
            Heading(text),
            Heading(text, level=2),
            Paragraph(text),
            Table([text, "列"], [[text, 1], [None]]),
        ],
        author=text,
        subject=text,
    )
    assert document.startswith(b"%PDF-")
    visible = text.replace("\x00", "").replace("\x07", "")
    if visible:
        assert visible in _pages(document)[0]


def test_paragraph_line_breaks_are_kept():
    [page] = _pages(pdf.render_document("題", [Paragraph("一行目\n二行目")]))
    assert "一行目" in page and "二行目" in page
    assert "一行目二行目" not in page


@pytest.mark.parametrize(
    "table",
    [
        Table(["番号", "内容"], []),
        Table([], []),
        Table([], [["ヘッダーなし", "の表"]]),
        Table(["a"], [["x", "余分な列"]]),
    ],
)
def test_empty_and_ragged_tables_render(table):
    document = pdf.render_document("空の表", [table, Paragraph("以上")])
    assert document.startswith(b"%PDF-")
    assert "以上" in _pages(document)[-1]


def test_characters_outside_the_font_do_not_break_rendering():
    document = pdf.render_document("絵文字 😀", [Paragraph("𠮷野家 😀 ①②③ ㈱ ﾊﾝｶｸ")])
    assert document.startswith(b"%PDF-")


def test_unknown_blocks_are_refused():
    with pytest.raises(TypeError):
        pdf.render_document("題", ["plain string"])


def test_fonts_are_registered_once():
    from reportlab.pdfbase import pdfmetrics

    pdf.register_fonts()
    pdf.register_fonts()
    assert {pdf.GOTHIC, pdf.MINCHO} <= set(pdfmetrics.getRegisteredFontNames())
