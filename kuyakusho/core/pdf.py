"""PDF output for notices, reports and certificates-of-receipt, in Japanese.

ReportLab's built-in Adobe CID fonts (HeiseiKakuGo-W5 gothic, HeiseiMin-W3 mincho) are used
so that no font file has to be downloaded, shipped or embedded: every PDF reader provides
them. Modules describe a document as a list of simple blocks (Heading, Paragraph, Table) and
never touch ReportLab; user text is always escaped, because ReportLab's Paragraph parses
`<` and `&` as markup. Long Japanese text wraps with CJK line breaking (wordWrap="CJK"),
tables repeat their header row on every page and may split a tall row across pages, and each
page carries "n / N" in its footer, which needs the total page count: the canvas holds back
every page until the document is complete, then stamps the numbers.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

GOTHIC = "HeiseiKakuGo-W5"
MINCHO = "HeiseiMin-W3"
FOOTER_FONT = "Helvetica"
MARGIN = 20 * mm
# A row taller than the page may split, as long as each part is at least this high.
MIN_ROW_SPLIT = 24
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 or 2


@dataclass(frozen=True)
class Paragraph:
    text: str  # plain text; line breaks are kept


@dataclass(frozen=True)
class Table:
    headers: Sequence[object]
    rows: Sequence[Sequence[object]]
    # Relative column widths (e.g. [1, 3, 1]), scaled to the text width; equal when None.
    col_widths: Sequence[float] | None = None


Block = Heading | Paragraph | Table


def render_document(
    title: str,
    blocks: Sequence[Block],
    *,
    author: str = "",
    subject: str = "",
    language: str = "ja",
) -> bytes:
    """Render an A4 PDF: the title, then the blocks in order; returns the PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=_clean(title),
        author=_clean(author),
        subject=_clean(subject),
        creator="Kuyakusho",
        lang=language,
    )
    story = [_paragraph(title, _styles()["title"]), *_flowables(blocks, document.width)]
    document.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


@functools.cache
def register_fonts() -> None:
    """Register the Japanese CID fonts with ReportLab (once per process)."""
    pdfmetrics.registerFont(UnicodeCIDFont(GOTHIC))
    pdfmetrics.registerFont(UnicodeCIDFont(MINCHO))


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    common = {"wordWrap": "CJK", "textColor": colors.black}
    return {
        "title": ParagraphStyle(
            "title", fontName=GOTHIC, fontSize=18, leading=26, spaceAfter=12, **common
        ),
        "h1": ParagraphStyle(
            "h1", fontName=GOTHIC, fontSize=14, leading=20, spaceBefore=10, spaceAfter=6, **common
        ),
        "h2": ParagraphStyle(
            "h2", fontName=GOTHIC, fontSize=12, leading=17, spaceBefore=8, spaceAfter=4, **common
        ),
        "body": ParagraphStyle(
            "body", fontName=MINCHO, fontSize=10.5, leading=17, spaceAfter=6, **common
        ),
        "th": ParagraphStyle(
            "th", fontName=GOTHIC, fontSize=9.5, leading=13, alignment=TA_CENTER, **common
        ),
        "td": ParagraphStyle("td", fontName=MINCHO, fontSize=9.5, leading=13, **common),
    }


def _flowables(blocks: Sequence[Block], width: float) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = []
    for block in blocks:
        if isinstance(block, Heading):
            story.append(_paragraph(block.text, styles["h1" if block.level <= 1 else "h2"]))
        elif isinstance(block, Paragraph):
            story.append(_paragraph(block.text, styles["body"]))
        elif isinstance(block, Table):
            story.extend(_table(block, width))
        else:
            raise TypeError(f"not a PDF block: {block!r}")
    return story


def _clean(value: object) -> str:
    """Text without control characters (line breaks stay), for markup or metadata."""
    return _CONTROL.sub("", "" if value is None else str(value))


def _markup(value: object) -> str:
    """Plain text as ReportLab Paragraph markup: escaped, line breaks as <br/>."""
    text = escape(_clean(value).replace("\r\n", "\n"))
    return text.replace("\n", "<br/>").replace("\t", " ")


def _paragraph(value: object, style: ParagraphStyle) -> RLParagraph:
    return RLParagraph(_markup(value), style)


def _table(block: Table, width: float) -> list[Flowable]:
    columns = max([len(block.headers), *(len(row) for row in block.rows)], default=0)
    if columns == 0:
        return []
    styles = _styles()
    header = [_paragraph(cell, styles["th"]) for cell in _pad(block.headers, columns)]
    body = [[_paragraph(cell, styles["td"]) for cell in _pad(row, columns)] for row in block.rows]
    table = RLTable(
        [header, *body] if block.headers else body,
        colWidths=_column_widths(block.col_widths, columns, width),
        repeatRows=1 if block.headers else 0,
        splitInRow=MIN_ROW_SPLIT,
        hAlign="LEFT",
    )
    table.setStyle(_table_style(has_header=bool(block.headers)))
    return [table, Spacer(1, 6)]


def _pad(cells: Sequence[object], columns: int) -> list[object]:
    cells = list(cells)
    return cells + [""] * (columns - len(cells))


def _column_widths(weights: Sequence[float] | None, columns: int, width: float) -> list[float]:
    given = [float(w) for w in (weights or [])][:columns]
    given += [1.0] * (columns - len(given))
    given = [w if w > 0 else 1.0 for w in given]
    return [width * w / sum(given) for w in given]


def _table_style(*, has_header: bool) -> TableStyle:
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if has_header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")))
    return TableStyle(commands)


class _NumberedCanvas(Canvas):
    """A canvas that keeps each finished page back until save(), when the total is known,
    then stamps "n / N" in every page's footer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict] = []

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(FOOTER_FONT, 9)
        self.setFillColor(colors.black)
        self.drawCentredString(width / 2, MARGIN / 2, f"{self.getPageNumber()} / {total}")
        self.restoreState()
