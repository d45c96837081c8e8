"""Small building blocks of the card: withheld markers, badges, read-only lists, empty states."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from navdesk.services.card_types import Withheld

# Local to the card: grey for what is withheld, quiet badges, red only for emergency access.
CARD_STYLE = """
QLabel#withheld {
    background: #eceef0; color: #4a525c; border: 1px dashed #a0a7b0; border-radius: 4px; padding: 8px 10px;
}
QLabel#badge {
    background: #e6f0fa; color: #00347d; border: 1px solid #99c2e8; border-radius: 9px; padding: 1px 8px;
    font-size: 9pt;
}
QLabel#badge[tone="warning"] { background: #fff5e6; color: #7a4100; border-color: #f0b766; }
QLabel#badge[tone="danger"] { background: #fde8e8; color: #8c0000; border-color: #e08a8a; }
QLabel#emergencyBanner {
    background: #c30000; color: #ffffff; font-weight: 600; padding: 8px 12px; border-radius: 4px;
}
QLabel#emptyState { color: #5d6570; padding: 12px 4px; }
QLabel#cardName { font-size: 16pt; font-weight: 600; color: #1a1f26; }
QLabel#cardFacts { color: #3c434b; }
"""


class WithheldBox(QLabel):
    """A grey box standing where information was left out: what kind, and why."""

    def __init__(self, marker: Withheld) -> None:
        super().__init__(marker.text)
        self.setObjectName("withheld")
        self.setWordWrap(True)
        self.marker = marker


class Badge(QLabel):
    def __init__(self, text: str, tone: str = "") -> None:
        super().__init__(text)
        self.setObjectName("badge")
        if tone:
            self.setProperty("tone", tone)


def empty_state(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("emptyState")
    label.setWordWrap(True)
    return label


class RowsList(QTreeWidget):
    """A short read-only list with columns (a card section holds tens of rows, not thousands)."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self.setHeaderLabels(list(headers))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)

    def set_rows(self, rows: Iterable[tuple[Sequence[str], Any]]) -> None:
        """Each row: its texts, and the value kept with it (found again with `current_value`)."""
        self.clear()
        for texts, value in rows:
            item = QTreeWidgetItem([str(text) for text in texts])
            item.setData(0, Qt.ItemDataRole.UserRole, value)
            for column, text in enumerate(texts):
                item.setToolTip(column, str(text))
            self.addTopLevelItem(item)
        for column in range(self.columnCount() - 1):
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, min(self.columnWidth(column) + 12, 320))
        if self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))

    def current_value(self) -> Any:
        item = self.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None


class SectionPage(QWidget):
    """One tab of the card: its content, then the withheld markers, or the empty state."""

    def __init__(self, empty_text: str) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        self.empty = empty_state(empty_text)
        self.markers = QVBoxLayout()
        self.markers.setSpacing(6)
        self.layout_.addWidget(self.empty)

    def finish(self) -> None:
        """Put the marker area last (call after adding the content)."""
        self.layout_.addLayout(self.markers)

    def show_markers(self, markers: Iterable[Withheld], *, empty: bool) -> None:
        while self.markers.count():
            widget = self.markers.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        shown = list(dict.fromkeys(markers))
        for marker in shown:
            self.markers.addWidget(WithheldBox(marker))
        self.empty.setVisible(empty and not shown)

    def withheld_texts(self) -> list[str]:
        return [self.markers.itemAt(i).widget().text() for i in range(self.markers.count())
                if isinstance(self.markers.itemAt(i).widget(), WithheldBox)]
