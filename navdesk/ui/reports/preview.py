"""The pages of a report PDF as images: for the preview on screen and for the printer.

PDFium (pypdfium2) draws the pages. It must not be used from two threads at once, so callers render on the
database worker only (one thread), and the GUI thread turns the images into pixmaps.
"""

from __future__ import annotations

import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from navdesk.i18n import _

PDF_POINTS_PER_INCH = 72
SCREEN_DPI = 96
# Enough for sharp text on paper without holding hundreds of megabytes of page images.
MAX_PRINT_DPI = 200


def render_pages(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page of `pdf` drawn at `dpi` dots per inch, white background."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / PDF_POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True)
            data = bytes(bitmap.buffer)
            images.append(QImage(data, bitmap.width, bitmap.height, bitmap.stride,
                                 QImage.Format.Format_RGBX8888).copy())
            bitmap.close()
            page.close()
        return images
    finally:
        document.close()


def print_dpi(printer: QPrinter) -> int:
    return min(printer.resolution(), MAX_PRINT_DPI)


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    """Each image on its own sheet, scaled to the printable area with its proportions kept."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for index, image in enumerate(pages):
            if index:
                printer.newPage()
            size = image.size().scaled(area.width(), area.height(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(0, 0, image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))
    finally:
        painter.end()


class PreviewPane(QScrollArea):
    """The pages one under the other, scrollable; a short text in their place until there are any."""

    def __init__(self, empty_text: str) -> None:
        super().__init__()
        self.setObjectName("reportPreview")
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys and Page Up/Down scroll the pages
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sheets = QWidget()
        self.sheets.setObjectName("reportSheets")
        self._column = QVBoxLayout(self.sheets)
        self._column.setSpacing(16)
        self._column.setContentsMargins(16, 16, 16, 16)
        self._column.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.sheets)
        self.setWidget(self.stack)
        self.pages: list[QLabel] = []

    def show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)

    def show_pages(self, images: list[QImage], ratio: float) -> None:
        for label in self.pages:
            label.deleteLater()
        self.pages = []
        for number, image in enumerate(images, start=1):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label = QLabel()
            label.setObjectName("reportPage")
            # A sheet of paper on the grey background: white, with a thin edge.
            label.setStyleSheet("QLabel#reportPage { background: #ffffff; border: 1px solid #c6cbd1; }")
            label.setPixmap(pixmap)
            label.setAccessibleName(_("Page {page} of {pages}").format(page=number, pages=len(images)))
            self._column.addWidget(label)
            self.pages.append(label)
        self.stack.setCurrentWidget(self.sheets)
        self.verticalScrollBar().setValue(0)
