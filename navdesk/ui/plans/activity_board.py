"""The activity board: one column per status, each activity a card.

Cards move by drag and drop and by the keyboard (Ctrl+Right / Ctrl+Left to the nearest status the rules
allow in that direction). The board itself changes nothing: it asks for a move (`move_requested`) and
the tab decides, so a drop and a key press take the same path and a refused move says why.
Left/Right go from column to column, Up/Down from card to card, Enter opens the card.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.plans import LOCKED_STATUSES, STATUS_ORDER
from navdesk.i18n import _, ngettext
from navdesk.services.plan_types import ActivityBoard, ActivityCard
from navdesk.ui.plans.activity_format import period_text, short_date, spoken_text

MIME_TYPE = "application/x-navdesk-activity"
CARD_ROLE = Qt.ItemDataRole.UserRole
ORDER = [status.value for status in STATUS_ORDER]
LOCKED = {status.value for status in LOCKED_STATUSES}

Index = QModelIndex | QPersistentModelIndex

# Aksel colours: blue for what can be acted on, red for what is late, grey for what is closed.
EDGE_OPEN = QColor("#0067c5")
EDGE_OVERDUE = QColor("#c30000")
EDGE_LOCKED = QColor("#8f96a0")
TEXT_MAIN = QColor("#1a1f26")
TEXT_QUIET = QColor("#4a525c")
TEXT_OVERDUE = QColor("#a00000")
TEXT_AGREED = QColor("#06622f")
BORDER = QColor("#c6cbd1")
BORDER_FOCUS = QColor("#0067c5")
BACKGROUND = QColor("#ffffff")
BACKGROUND_SELECTED = QColor("#e6f0fa")
BACKGROUND_LOCKED = QColor("#f7f8fa")

BOARD_STYLE = """
QFrame#boardColumn { background: #eef0f3; border: 1px solid #d0d5db; border-radius: 6px; }
QFrame#boardColumn[dropTarget="true"] { background: #e6f0fa; border: 2px dashed #0067c5; }
QLabel#columnTitle { font-weight: 600; color: #1a1f26; padding: 6px 8px 0 8px; background: transparent; }
QLabel#columnHint { color: #5d6570; font-size: 8.5pt; padding: 0 8px 4px 8px; background: transparent; }
QListWidget#boardList { background: transparent; border: none; }
QListWidget#boardList:focus { border: none; }
QListWidget#boardList QScrollBar:vertical { background: transparent; width: 8px; margin: 0; }
QListWidget#boardList QScrollBar::handle:vertical { background: #a0a7b0; border-radius: 4px; min-height: 24px; }
QListWidget#boardList QScrollBar::add-line, QListWidget#boardList QScrollBar::sub-line { height: 0; }
QListWidget#boardList QScrollBar::add-page, QListWidget#boardList QScrollBar::sub-page { background: none; }
"""

PAD = 7  # inside a card
EDGE = 4  # the coloured left edge
MARGIN = 3  # around a card
GAP = 2  # between a card's lines
TITLE_LINES = 2


class CardDelegate(QStyledItemDelegate):
    """Paints an activity as a card: kind, title, what and where, dates, then its marks in words."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view

    # Layout ---------------------------------------------------------------------------------------------

    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() - 1, 7.5))
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        marks = QFont(small)
        marks.setWeight(QFont.Weight.DemiBold)
        return small, bold, marks

    def _lines(self, card: ActivityCard, base: QFont, width: int) -> list[tuple[str, QFont, QColor]]:
        small, bold, marks = self._fonts(base)
        inner = max(width - 2 * MARGIN - EDGE - 2 * PAD, 40)
        kind = card.type_label + (" · " + _("KVP") if card.kvp else "")
        lines = [(QFontMetrics(small).elidedText(kind, Qt.TextElideMode.ElideRight, inner), small, TEXT_QUIET)]
        lines += [(text, bold, TEXT_MAIN) for text in wrapped(bold, card.title, inner, TITLE_LINES)]
        if card.subtitle:
            subtitle = QFontMetrics(base).elidedText(card.subtitle, Qt.TextElideMode.ElideRight, inner)
            lines.append((subtitle, base, TEXT_MAIN))
        period = period_text(card, short=True)
        if card.to_date is not None and QFontMetrics(small).horizontalAdvance(period) > inner:
            period = _("Until {date}").format(date=short_date(card.to_date))  # the end is what matters
        if period:
            lines.append((period, small, TEXT_QUIET))
        if card.overdue:
            lines.append(("⚠ " + _("Overdue"), marks, TEXT_OVERDUE))
        if card.agreed:
            lines.append(("✓ " + _("Agreed"), marks, TEXT_AGREED))  # "with NAV" is in the tool tip
        return lines

    def _width(self) -> int:
        """Cards fill the column; the column lays them out again when its width changes."""
        return max(self.view.viewport().width(), 60)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        card = index.data(CARD_ROLE)
        if not isinstance(card, ActivityCard):
            return super().sizeHint(option, index)
        width = self._width()
        lines = self._lines(card, option.font, width)  # type: ignore[attr-defined]
        height = sum(QFontMetrics(font).height() for _text, font, _colour in lines) + GAP * (len(lines) - 1)
        return QSize(width, height + 2 * PAD + 2 * MARGIN)

    # Painting -------------------------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, ActivityCard):
            super().paint(painter, option, index)
            return
        rect = QRect(option.rect)  # type: ignore[attr-defined]
        rect.setWidth(min(rect.width(), self._width()))
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = selected and self.view.hasFocus()
        self.paint_card(painter, card, rect, option.font, selected=selected, focused=focused)  # type: ignore[attr-defined]

    def paint_card(self, painter: QPainter, card: ActivityCard, rect: QRect, font: QFont, *, selected: bool,
                   focused: bool) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        background = BACKGROUND_SELECTED if selected else (BACKGROUND_LOCKED if card.locked else BACKGROUND)
        painter.setPen(QPen(BORDER_FOCUS if focused else BORDER, 2 if focused else 1))
        painter.setBrush(background)
        painter.drawRoundedRect(box, 4, 4)
        edge = EDGE_OVERDUE if card.overdue else (EDGE_LOCKED if card.locked else EDGE_OPEN)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(edge)
        painter.drawRoundedRect(QRect(box.left(), box.top(), EDGE + 2, box.height()), 3, 3)
        painter.drawRect(QRect(box.left() + 2, box.top(), EDGE, box.height()))
        x = box.left() + EDGE + PAD
        y = box.top() + PAD
        width = box.right() - PAD - x
        for text, line_font, colour in self._lines(card, font, rect.width()):
            metrics = QFontMetrics(line_font)
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.setFont(line_font)
            painter.setPen(colour)
            painter.drawText(QRect(x, y, width, metrics.height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
            y += metrics.height() + GAP
        painter.restore()


def wrapped(font: QFont, text: str, width: int, most: int) -> list[str]:
    """`text` broken into at most `most` lines of `width`; a line that still does not fit is elided."""
    metrics = QFontMetrics(font)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
    layout.endLayout()
    if len(lines) > most:
        lines = lines[:most - 1] + [" ".join(lines[most - 1:])]
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines] or [""]


class ActivityColumn(QListWidget):
    """The cards of one status. Dragging a card out carries only its id; a drop asks the board to move it."""

    dropped = Signal(object, str)  # activity id, this column's status
    step = Signal(int)  # Ctrl+Left (-1) / Ctrl+Right (+1): move the current card
    focus_step = Signal(int)  # Left / Right: go to the neighbouring column
    open_current = Signal()
    menu_requested = Signal(QPoint)

    def __init__(self, status: str) -> None:
        super().__init__()
        self.status = status
        self.setObjectName("boardList")
        self.setItemDelegate(CardDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.itemActivated.connect(lambda _item: self.open_current.emit())

    def set_cards(self, cards: Sequence[ActivityCard]) -> None:
        self.clear()
        for card in cards:
            item = QListWidgetItem(card.title)
            item.setData(CARD_ROLE, card)
            item.setToolTip(spoken_text(card))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken_text(card))
            self.addItem(item)

    def cards(self) -> list[ActivityCard]:
        return [self.item(row).data(CARD_ROLE) for row in range(self.count())]

    def current_card(self) -> ActivityCard | None:
        item = self.currentItem()
        return item.data(CARD_ROLE) if item is not None else None

    def select(self, activity_id: uuid.UUID) -> bool:
        for row in range(self.count()):
            if self.item(row).data(CARD_ROLE).activity_id == activity_id:
                self.setCurrentRow(row)
                self.scrollToItem(self.item(row))
                return True
        return False

    # Drag and drop ---------------------------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        if items:
            card: ActivityCard = items[0].data(CARD_ROLE)
            data.setData(MIME_TYPE, QByteArray(str(card.activity_id).encode("ascii")))
            data.setText(spoken_text(card))
        return data

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N803 - Qt's name
        item = self.currentItem()
        if item is None:
            return
        card: ActivityCard = item.data(CARD_ROLE)
        rect = self.visualItemRect(item)
        pixmap = QPixmap(rect.size())
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        delegate = self.itemDelegate()
        assert isinstance(delegate, CardDelegate)
        delegate.paint_card(painter, card, QRect(QPoint(0, 0), rect.size()), self.font(), selected=True,
                            focused=True)
        painter.end()
        drag = QDrag(self)
        drag.setMimeData(self.mimeData([item]))
        drag.setPixmap(pixmap)
        drag.setHotSpot(QPoint(rect.width() // 2, 12))
        # The board is rebuilt from the database after a move: the item is never taken out here.
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME_TYPE):
            self._set_drop_target(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME_TYPE):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: object) -> None:
        self._set_drop_target(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_target(False)
        activity_id = activity_id_of(event.mimeData())
        if activity_id is None:
            event.ignore()
            return
        # Copy, not move: QListWidget would otherwise take the item out of the column it came from.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.dropped.emit(activity_id, self.status)

    def _set_drop_target(self, on: bool) -> None:
        frame = self.parentWidget()
        if frame is not None:
            frame.setProperty("dropTarget", on)
            frame.style().unpolish(frame)
            frame.style().polish(frame)

    # Keyboard ----------------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        sideways = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
        if key in sideways and modifiers == Qt.KeyboardModifier.ControlModifier:
            self.step.emit(sideways[key])
        elif key in sideways and modifiers == Qt.KeyboardModifier.NoModifier:
            self.focus_step.emit(sideways[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and modifiers in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if self.currentItem() is not None:
                self.open_current.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self.itemAt(event.pos())
        if item is not None:
            self.setCurrentItem(item)
        if self.currentItem() is not None:
            self.menu_requested.emit(event.globalPos())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(8, 8, -8, -8),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), _("No activities"))


def activity_id_of(data: QMimeData) -> uuid.UUID | None:
    if not data.hasFormat(MIME_TYPE):
        return None
    try:
        return uuid.UUID(bytes(data.data(MIME_TYPE).data()).decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None


class BoardView(QWidget):
    """The five columns side by side, with the keyboard and the drops wired to one place."""

    open_requested = Signal(object)  # ActivityCard
    move_requested = Signal(object, object)  # ActivityCard, target status (None: nothing that way)
    menu_requested = Signal(object, QPoint)  # ActivityCard, where
    current_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(BOARD_STYLE)
        self.columns: dict[str, ActivityColumn] = {}
        self.titles: dict[str, QLabel] = {}
        self.headers: list[QWidget] = []
        self._active = ORDER[0]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for status in STATUS_ORDER:
            frame = QFrame()
            frame.setObjectName("boardColumn")
            column = ActivityColumn(status.value)
            title = QLabel()
            title.setObjectName("columnTitle")
            # Every column equally wide, however long its heading is in the user's language: it wraps.
            title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            title.setWordWrap(True)
            title.setBuddy(column)
            header = QWidget()
            header_box = QVBoxLayout(header)
            header_box.setContentsMargins(0, 0, 0, 0)
            header_box.setSpacing(0)
            header_box.addWidget(title)
            if status.value in LOCKED:
                hint = QLabel(_("Locked"))
                hint.setObjectName("columnHint")
                hint.setToolTip(_("Completed and cancelled activities can no longer be changed. Create a new "
                                  "activity instead."))
                header_box.addWidget(hint)
            header_box.addStretch(1)
            box = QVBoxLayout(frame)
            box.setContentsMargins(2, 2, 2, 2)
            box.setSpacing(0)
            box.addWidget(header)
            box.addWidget(column, 1)
            self.headers.append(header)
            layout.addWidget(frame, 1)
            self.columns[status.value] = column
            self.titles[status.value] = title
            column.dropped.connect(self._dropped)
            column.step.connect(lambda direction, c=column: self._step(c, direction))
            column.focus_step.connect(lambda direction, c=column: self._focus_step(c, direction))
            column.open_current.connect(lambda c=column: self._open(c))
            column.menu_requested.connect(lambda where, c=column: self._menu(c, where))
            column.currentItemChanged.connect(lambda *_args, c=column: self._current_changed(c))
            column.installEventFilter(self)
        self.setFocusProxy(self.columns[ORDER[0]])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, ActivityColumn) and event.type() == QEvent.Type.FocusIn:
            self._activate(watched)
        return False

    def _activate(self, column: ActivityColumn) -> None:
        """One card is the current one on the whole board: the others' columns show none selected."""
        self._active = column.status
        self.setFocusProxy(column)
        for other in self.columns.values():
            if other is not column:
                other.clearSelection()
        item = column.currentItem()
        if item is not None and not item.isSelected():
            item.setSelected(True)
        self.current_changed.emit()

    def set_board(self, board: ActivityBoard, follow: uuid.UUID | None = None) -> None:
        """Show the columns; keep the card the user was on (or `follow` it to its new column)."""
        keep = follow or (card.activity_id if (card := self.current_card()) else None)
        for column in board.columns:
            widget = self.columns[column.status]
            widget.blockSignals(True)
            widget.set_cards(column.cards)
            widget.blockSignals(False)
            count = len(column.cards)
            self.titles[column.status].setText(_("{status} ({count})").format(status=column.label, count=count))
            widget.setAccessibleName(ngettext("{status}: {count} activity", "{status}: {count} activities",
                                              count).format(status=column.label, count=count))
        if keep is None or not self.select(keep):
            self._select_first()
        self._equalize_headers()
        self.current_changed.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._equalize_headers)  # once the columns have their new width

    def _equalize_headers(self) -> None:
        """All headings as tall as the tallest, so that the first cards of all columns line up."""
        if any(header.width() <= 0 for header in self.headers):
            return
        heights = [header.layout().totalHeightForWidth(header.width()) for header in self.headers]
        for header in self.headers:
            header.setFixedHeight(max(max(heights), 1))

    def select(self, activity_id: uuid.UUID) -> bool:
        for column in self.columns.values():
            if column.select(activity_id):
                self._activate(column)
                return True
        return False

    def focus_current(self) -> None:
        self.columns[self._active].setFocus(Qt.FocusReason.OtherFocusReason)

    def current_card(self) -> ActivityCard | None:
        return self.columns[self._active].current_card()

    def card(self, activity_id: uuid.UUID) -> ActivityCard | None:
        for column in self.columns.values():
            for card in column.cards():
                if card.activity_id == activity_id:
                    return card
        return None

    def _select_first(self) -> None:
        for column in self.columns.values():
            if column.count():
                column.setCurrentRow(0)
                self._activate(column)
                return

    def _current_changed(self, column: ActivityColumn) -> None:
        if column.currentItem() is not None and column.hasFocus():
            self._active = column.status
        self.current_changed.emit()

    def _dropped(self, activity_id: uuid.UUID, status: str) -> None:
        card = self.card(activity_id)
        if card is not None:
            self.select(activity_id)
            self.move_requested.emit(card, status)

    def _step(self, column: ActivityColumn, direction: int) -> None:
        card = column.current_card()
        if card is not None:
            self.move_requested.emit(card, step_target(card, direction))

    def _focus_step(self, column: ActivityColumn, direction: int) -> None:
        """The next column that way holding a card (empty ones are skipped), at about the same height."""
        index = ORDER.index(column.status) + direction
        while 0 <= index < len(ORDER):
            target = self.columns[ORDER[index]]
            if target.count():
                row = min(max(column.currentRow(), 0), target.count() - 1)
                target.setCurrentRow(row)
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                self._activate(target)
                return
            index += direction

    def _open(self, column: ActivityColumn) -> None:
        card = column.current_card()
        if card is not None:
            self._activate(column)
            self.open_requested.emit(card)

    def _menu(self, column: ActivityColumn, where: QPoint) -> None:
        card = column.current_card()
        if card is not None:
            self._activate(column)
            self.menu_requested.emit(card, where)


def step_target(card: ActivityCard, direction: int) -> str | None:
    """The nearest status the card may go to in that direction; else the next column (the move is then
    refused with the reason), or None at the edge of the board."""
    index = ORDER.index(card.status)
    ahead = ORDER[index + 1:] if direction > 0 else list(reversed(ORDER[:index]))
    allowed = {status for status, _label in card.next_statuses}
    return next((status for status in ahead if status in allowed), ahead[0] if ahead else None)
