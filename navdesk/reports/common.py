"""The page every navdesk report shares, and the typography that goes with it.

Each page names the office at the top and says "Page 1 of 3" and the print date at the bottom.
Reports use reportlab's built-in Helvetica, which covers Norwegian (æ, ø, å) on every platform;
letters outside its character set are printed without their accent rather than as empty boxes.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from navdesk.i18n import _

FONT, BOLD = "Helvetica", "Helvetica-Bold"
INK = colors.HexColor("#23262a")
MUTED = colors.HexColor("#5d6570")
RULE = colors.HexColor("#c6cbd1")
SHADE = colors.HexColor("#f1f2f4")
REFUSED = colors.HexColor("#c30000")
MARGIN = 18 * mm
PAGE_WIDTH, PAGE_HEIGHT = A4
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
# Letters NFKD does not take apart, and their plain forms.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ŋ": "n", "Ŋ": "N", "ß": "ss"})


@dataclass(frozen=True)
class PageFrame:
    """What each page's header and footer say."""

    office: str
    title: str
    printed: str  # the print date, already formatted in the report's language


def printable(text: str) -> str:
    """`text` in the characters the built-in fonts have (Windows-1252): other letters lose their accent."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    result = []
    for ch in text:
        try:
            ch.encode("cp1252")
            result.append(ch)
        except UnicodeEncodeError:
            plain = "".join(c for c in unicodedata.normalize("NFKD", ch.translate(_FOLD))
                            if not unicodedata.combining(c))
            result.append(plain if plain and plain.isascii() else "?")
    return "".join(result)


def markup(text: str) -> str:
    """Plain text made safe for a Paragraph (escaped, printable, line breaks kept)."""
    return escape(printable(text)).replace("\n", "<br/>")


def styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK, spaceAfter=6)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=18, leading=22, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12, leading=15, textColor=MUTED,
                                   spaceAfter=12),
        "heading": ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=12, leading=15, spaceBefore=10),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cell_head": ParagraphStyle("cell_head", parent=body, fontName=BOLD, fontSize=8.5, leading=10.5,
                                    spaceAfter=0),
        "cell_right": ParagraphStyle("cell_right", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0,
                                     alignment=TA_RIGHT),
        "cell_refused": ParagraphStyle("cell_refused", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0,
                                       textColor=REFUSED),
    }


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def data_table(header: Sequence[str], rows: Sequence[Sequence[Flowable | str]], widths: Sequence[float],
               *, extra: Sequence[tuple[Any, ...]] = ()) -> Table:
    """A table with a repeated header row, light rules and zebra shading; `extra` adds style commands."""
    look = styles()
    head = [Paragraph(markup(text), look["cell_head"]) for text in header]
    body = [[cell if isinstance(cell, Flowable) else Paragraph(markup(cell), look["cell"]) for cell in row]
            for row in rows]
    table = Table([head, *body], colWidths=list(widths), repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands.extend(("BACKGROUND", (0, index), (-1, index), SHADE) for index in range(2, len(body) + 1, 2))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


def build_pdf(story: list[Flowable], frame: PageFrame) -> bytes:
    """Lay out `story` on A4 pages with the shared header and footer; the PDF as bytes."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 8 * mm,
        bottomMargin=MARGIN + 6 * mm, title=printable(frame.title), author=printable(frame.office),
        creator="navdesk",
    )
    document.build(story, canvasmaker=_numbered_canvas(frame))
    return buffer.getvalue()


def _numbered_canvas(frame: PageFrame) -> type[Canvas]:
    """A canvas that holds back every page until the end, so each can say how many pages there are."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            self.saveState()
            self.setFillColor(MUTED)
            self.setFont(FONT, 8.5)
            top = PAGE_HEIGHT - MARGIN
            self.drawString(MARGIN, top, printable(frame.office))
            self.drawRightString(PAGE_WIDTH - MARGIN, top, printable(frame.title))
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, top - 3 * mm, PAGE_WIDTH - MARGIN, top - 3 * mm)
            bottom = MARGIN
            self.line(MARGIN, bottom + 4 * mm, PAGE_WIDTH - MARGIN, bottom + 4 * mm)
            self.drawString(MARGIN, bottom, printable(_("Printed {date}").format(date=frame.printed)))
            page = _("Page {page} of {pages}").format(page=self._pageNumber, pages=total)
            self.drawRightString(PAGE_WIDTH - MARGIN, bottom, printable(page))
            self.restoreState()

    return NumberedCanvas
