"""Small building blocks of the card: withheld markers, badges, read-only lists, empty states, a layout
that wraps its row of badges or buttons instead of making the card wider than the screen, and what the
card's forms do after a failed save."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

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


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto a new line when the width runs out; each line centred vertically.

    The card's badges and action buttons sit in one: at 1366 pixels, at 150 % scaling or beside the list,
    a long row wraps instead of pushing the card wider than the window (where it would be cut off).
    """

    def __init__(self, spacing: int = 6) -> None:
        super().__init__()
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - one line, when there is room for it
        shown = [item.sizeHint() for item in self._items if not item.isEmpty()]
        if not shown:
            return QSize(0, 0)
        return QSize(sum(size.width() for size in shown) + self._gap * (len(shown) - 1),
                     max(size.height() for size in shown))

    def minimumSize(self) -> QSize:  # noqa: N802 - the widest item: everything else can wrap
        size = QSize(0, 0)
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if lines[-1] and x + hint.width() > rect.width():
                lines.append([])
                x = 0
            lines[-1].append((item, hint))
            x += hint.width() + self._gap
        y = rect.y()
        for line in lines:
            height = max((hint.height() for _item, hint in line), default=0)
            x = rect.x()
            for item, hint in line:
                if place:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += hint.width() + self._gap
            y += height + self._gap
        return max(0, y - self._gap - rect.y())


def empty_state(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("emptyState")
    label.setWordWrap(True)
    return label


class RowsList(QTreeWidget):
    """A short read-only list with columns (a card section holds tens of rows, not thousands).

    Without `widths` each column fits its content (up to a limit) and the last one takes what is left.
    With `widths` (in characters, one per column) the columns keep those widths, never narrower than their
    translated heading, and the `stretch` column takes what is left — so that the columns after a long text
    stay on screen; a cut text shows whole in its tooltip.
    """

    def __init__(self, headers: Sequence[str], widths: Sequence[int] = (), stretch: int | None = None) -> None:
        super().__init__()
        self.setHeaderLabels(list(headers))
        self._widths = tuple(widths)
        if stretch is not None:
            header = self.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self._stretch = stretch
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
        if self._widths:
            self._fixed_widths()
        else:
            for column in range(self.columnCount() - 1):
                self.resizeColumnToContents(column)
                self.setColumnWidth(column, min(self.columnWidth(column) + 12, 320))
        if self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))

    def _fixed_widths(self) -> None:
        # Measured once polished: the font comes from the style sheet, which follows the display scaling.
        self.ensurePolished()
        char = self.fontMetrics().horizontalAdvance("0")
        header = self.header()
        for column, chars in enumerate(self._widths):
            if column != self._stretch:
                self.setColumnWidth(column, max(chars * char + 12, header.sectionSizeHint(column)))

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
        """Put the marker area last (call after adding the content).

        The trailing stretch keeps a lone marker or empty state at the top of the page: without it a tab
        with nothing to list would stretch its one grey box over the whole page.
        """
        self.layout_.addLayout(self.markers)
        self.layout_.addStretch(0)

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


def save_on_ctrl_enter(dialog: QDialog, save: Callable[[], None]) -> None:
    """Ctrl+Enter saves from anywhere in the form, also from a text box where Enter starts a new line."""
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), dialog).activated.connect(save)


def ready_to_save_again(dialog: QDialog, save_button: QPushButton, first_field: QWidget) -> None:
    """After a failed save: Save enabled and the default button again, the cursor in the form, and the
    dialog tall enough for its messages.

    Disabling the focused Save button had moved the focus to Cancel, and Qt makes a focused button the
    default: Enter would have closed the form and thrown away what was typed.
    """
    save_button.setEnabled(True)
    save_button.setDefault(True)
    focused = dialog.focusWidget()
    if focused is None or (isinstance(focused, QPushButton) and focused is not save_button):
        first_field.setFocus(Qt.FocusReason.OtherFocusReason)
    grow_to_fit(dialog)


def grow_to_fit(dialog: QDialog) -> None:
    """Make the dialog tall enough for messages that appeared and wrapped, so that none overlaps a field.

    Qt sizes a window by its layout's minimum, which does not count the extra lines of wrapped text.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    room = dialog.screen().availableGeometry().height()
    if needed > dialog.height():
        dialog.resize(width, max(dialog.height(), min(needed, room)))
