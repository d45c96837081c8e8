"""A grid of columns against time that draws meetings as blocks: the calendar's week and office day.

Columns are days (a veileder's week) or places (an office day: the office and its office days in other
municipalities); time runs down. Meetings that overlap in one column share it side by side. The arrow
keys move between meetings, Enter opens one, Delete asks to cancel it; the grid knows no services.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QToolTip, QWidget

from navdesk.services.appointments import CalendarEntry
from navdesk.ui.calendar.calendar_text import clock

GUTTER = 58  # the hour labels on the left
HEADER = 48  # column title and subtitle
MIN_HOUR = 48  # pixels per hour below which the grid scrolls rather than squeezes
MINUTES_PER_STEP = 15  # where a double click on an empty slot puts a new meeting

# NAV's design system (Aksel): blue for the user's own work, purple for office days elsewhere, grey for what
# the reader may not know more about. Light fills with a darker bar on the left keep the week calm.
INK, QUIET_INK, LINE, FAINT_LINE = QColor("#23262a"), QColor("#5d6570"), QColor("#d5d9de"), QColor("#eceef0")
OPEN_FILL, CLOSED_FILL, HEADER_FILL = QColor("#ffffff"), QColor("#f3f4f6"), QColor("#f7f7f8")
TODAY_INK, NOW_LINE, FOCUS = QColor("#0067c5"), QColor("#c30000"), QColor("#00347d")


class Tone(StrEnum):
    OWN = "own"
    ELSEWHERE = "elsewhere"  # on an office day in another municipality
    WITHHELD = "withheld"  # the reader may not see whom the meeting is with


TONES: dict[Tone, tuple[QColor, QColor]] = {  # fill, bar
    Tone.OWN: (QColor("#e6f0ff"), QColor("#0067c5")),
    Tone.ELSEWHERE: (QColor("#efecf4"), QColor("#634689")),
    Tone.WITHHELD: (QColor("#eceef0"), QColor("#8f96a0")),
}
ELSEWHERE_HEADER = QColor("#efecf4")


@dataclass(frozen=True)
class GridColumn:
    key: object  # the day (week) or the place (office day)
    title: str
    subtitle: str = ""
    open_hours: tuple[tuple[time, time], ...] = ()  # drawn white; the rest of the column grey
    today: bool = False
    elsewhere: bool = False  # an office day in another municipality: its heading is tinted


@dataclass(frozen=True)
class GridBlock:
    entry: CalendarEntry
    column: int
    lines: tuple[str, ...]  # the first is drawn bold
    tone: Tone
    description: str  # the whole text, for the tooltip and screen readers


@dataclass
class _Placed:
    block: GridBlock
    lane: int
    lanes: int
    rect: QRectF


class TimeGrid(QWidget):
    current_changed = Signal(object)  # CalendarEntry | None
    activated = Signal(object)  # CalendarEntry: Enter or a double click
    delete_requested = Signal(object)  # CalendarEntry: the Delete key
    new_requested = Signal(object, object)  # column key, time: a double click on an empty slot

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: tuple[GridColumn, ...] = ()
        self.blocks: tuple[GridBlock, ...] = ()
        self.first_hour, self.last_hour = 8, 16
        self.empty_text = ""
        self.now: datetime | None = None
        self._placed: list[_Placed] = []
        self._current: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    # Content ----------------------------------------------------------------------------------------

    def set_content(self, columns: tuple[GridColumn, ...], blocks: tuple[GridBlock, ...], first_hour: int,
                    last_hour: int, *, empty_text: str = "", now: datetime | None = None,
                    keep: uuid.UUID | None = None) -> None:
        """Show `blocks` in `columns` from `first_hour` to `last_hour`; the cursor stays on `keep` if shown."""
        self.columns, self.blocks = columns, blocks
        self.first_hour, self.last_hour = first_hour, max(last_hour, first_hour + 1)
        self.empty_text, self.now = empty_text, now
        self.setMinimumHeight(HEADER + (self.last_hour - self.first_hour) * MIN_HOUR)
        self._place()
        kept = next((i for i, placed in enumerate(self._placed) if placed.block.entry.id == keep), None)
        self._set_current(kept, scroll=kept is not None)
        self.update()

    def current(self) -> CalendarEntry | None:
        return self._placed[self._current].block.entry if self._current is not None else None

    def select(self, entry_id: uuid.UUID) -> bool:
        index = next((i for i, placed in enumerate(self._placed) if placed.block.entry.id == entry_id), None)
        if index is not None:
            self._set_current(index)
        return index is not None

    # Geometry ---------------------------------------------------------------------------------------

    def _hour_height(self) -> float:
        return max((self.height() - HEADER) / (self.last_hour - self.first_hour), 1.0)

    def _column_width(self) -> float:
        return (self.width() - GUTTER) / max(len(self.columns), 1)

    def _y(self, moment: time) -> float:
        hours = moment.hour + moment.minute / 60 - self.first_hour
        return HEADER + min(max(hours, 0.0), self.last_hour - self.first_hour) * self._hour_height()

    def _time_at(self, y: float) -> time:
        minutes = (y - HEADER) / self._hour_height() * 60 + self.first_hour * 60
        minutes = int(minutes // MINUTES_PER_STEP * MINUTES_PER_STEP)
        minutes = min(max(minutes, self.first_hour * 60), self.last_hour * 60 - MINUTES_PER_STEP)
        return time(minutes // 60, minutes % 60)

    def _column_at(self, x: float) -> int | None:
        if x < GUTTER or not self.columns:
            return None
        index = int((x - GUTTER) // self._column_width())
        return index if index < len(self.columns) else None

    def _place(self) -> None:
        """Lay the blocks out: overlapping meetings in one column get a lane each."""
        placed: list[_Placed] = []
        for column in range(len(self.columns)):
            mine = sorted((b for b in self.blocks if b.column == column),
                          key=lambda b: (b.entry.starts_at, b.entry.ends_at))
            cluster: list[_Placed] = []
            lane_ends: list[datetime] = []
            cluster_end: datetime | None = None
            for block in mine:
                if cluster_end is not None and block.entry.starts_at >= cluster_end:
                    for item in cluster:
                        item.lanes = len(lane_ends)
                    cluster, lane_ends = [], []
                lane = next((i for i, end in enumerate(lane_ends) if end <= block.entry.starts_at), len(lane_ends))
                if lane == len(lane_ends):
                    lane_ends.append(block.entry.ends_at)
                else:
                    lane_ends[lane] = block.entry.ends_at
                item = _Placed(block, lane, 1, QRectF())
                cluster.append(item)
                placed.append(item)
                cluster_end = max(cluster_end or block.entry.ends_at, block.entry.ends_at)
            for item in cluster:
                item.lanes = len(lane_ends)
        self._placed = placed
        self._geometry()

    def _geometry(self) -> None:
        width = self._column_width()
        for item in self._placed:
            entry = item.block.entry
            lane_width = (width - 8) / item.lanes
            x = GUTTER + item.block.column * width + 4 + item.lane * lane_width
            top = self._y(entry.starts_at.time())
            bottom = self._y(entry.ends_at.time()) if entry.ends_at.date() == entry.starts_at.date() else \
                self._y(time(23, 59))
            item.rect = QRectF(x, top + 1, lane_width - 3, max(bottom - top - 2, 16.0))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._geometry()

    # Drawing ----------------------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), OPEN_FILL)
        self._paint_columns(painter)
        self._paint_hours(painter)
        self._paint_now(painter)
        for index, item in enumerate(self._placed):
            self._paint_block(painter, item, index == self._current)
        if not self._placed and self.empty_text:
            painter.setPen(QUIET_INK)
            body = QRectF(GUTTER, HEADER, self.width() - GUTTER, self.height() - HEADER)
            painter.drawText(body.adjusted(24, 24, -24, -24),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
        painter.end()

    def _paint_columns(self, painter: QPainter) -> None:
        width = self._column_width()
        bottom = HEADER + (self.last_hour - self.first_hour) * self._hour_height()
        title_font, small_font = QFont(self.font()), QFont(self.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        small_font.setPointSizeF(max(self.font().pointSizeF() - 1, 7.0))
        for index, column in enumerate(self.columns):
            x = GUTTER + index * width
            painter.fillRect(QRectF(x, 0, width, HEADER), ELSEWHERE_HEADER if column.elsewhere else HEADER_FILL)
            painter.fillRect(QRectF(x, HEADER, width, bottom - HEADER), CLOSED_FILL)
            for opens, closes in column.open_hours:
                top = self._y(opens)
                painter.fillRect(QRectF(x, top, width, self._y(closes) - top), OPEN_FILL)
            text = QRectF(x + 8, 4, width - 16, HEADER - 8)
            painter.setFont(title_font)
            painter.setPen(TODAY_INK if column.today else INK)
            painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             painter.fontMetrics().elidedText(column.title, Qt.TextElideMode.ElideRight,
                                                              int(text.width())))
            painter.setFont(small_font)
            painter.setPen(QUIET_INK)
            painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                             painter.fontMetrics().elidedText(column.subtitle, Qt.TextElideMode.ElideRight,
                                                              int(text.width())))
            if column.today:
                painter.fillRect(QRectF(x, HEADER - 3, width, 3), TODAY_INK)
            painter.setPen(QPen(LINE, 1))
            painter.drawLine(QPointF(x, 0), QPointF(x, bottom))
        painter.setFont(self.font())
        painter.setPen(QPen(LINE, 1))
        painter.drawLine(QPointF(0, HEADER), QPointF(self.width(), HEADER))

    def _paint_hours(self, painter: QPainter) -> None:
        hour_height = self._hour_height()
        small_font = QFont(self.font())
        small_font.setPointSizeF(max(self.font().pointSizeF() - 1, 7.0))
        painter.setFont(small_font)
        for hour in range(self.first_hour, self.last_hour):
            y = HEADER + (hour - self.first_hour) * hour_height
            if hour > self.first_hour:
                painter.setPen(QPen(LINE, 1))
                painter.drawLine(QPointF(GUTTER - 6, y), QPointF(self.width(), y))
            painter.setPen(QPen(FAINT_LINE, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(GUTTER, y + hour_height / 2), QPointF(self.width(), y + hour_height / 2))
            painter.setPen(QUIET_INK)
            painter.drawText(QRectF(0, y + 2, GUTTER - 10, 18), Qt.AlignmentFlag.AlignRight, clock(time(hour)))
        painter.setFont(self.font())

    def _paint_now(self, painter: QPainter) -> None:
        if self.now is None:
            return
        column = next((i for i, c in enumerate(self.columns) if c.today), None)
        moment = self.now.time()
        if column is None or not self.first_hour <= moment.hour < self.last_hour:
            return
        width = self._column_width()
        x, y = GUTTER + column * width, self._y(moment)
        painter.setPen(QPen(NOW_LINE, 2))
        painter.drawLine(QPointF(x, y), QPointF(x + width, y))
        painter.setBrush(NOW_LINE)
        painter.drawEllipse(QPointF(x, y), 3.5, 3.5)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_block(self, painter: QPainter, item: _Placed, current: bool) -> None:
        fill, bar = TONES[item.block.tone]
        rect = item.rect
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setBrush(bar)
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 4, rect.height()), 2, 2)
        if current:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(FOCUS if self.hasFocus() else bar, 2))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
        painter.setClipRect(rect.adjusted(8, 2, -4, -2))
        metrics = painter.fontMetrics()
        line_height = metrics.height()
        y = rect.top() + 3
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for number, line in enumerate(item.block.lines):
            if number and y + line_height > rect.bottom() + 2:
                break
            painter.setFont(bold if number == 0 else self.font())
            painter.setPen(INK if number == 0 else QUIET_INK)
            text = painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, int(rect.width() - 12))
            painter.drawText(QPointF(rect.left() + 9, y + metrics.ascent()), text)
            y += line_height
        painter.setClipping(False)
        painter.setFont(self.font())

    # Keyboard and mouse -----------------------------------------------------------------------------

    def _set_current(self, index: int | None, *, scroll: bool = True) -> None:
        self._current = index
        entry = self.current()
        self.setAccessibleDescription(self._placed[index].block.description if index is not None else "")
        if index is not None and scroll:
            self._reveal(self._placed[index].rect)
        self.update()
        self.current_changed.emit(entry)

    def _reveal(self, rect: QRectF) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            parent.ensureVisible(int(rect.center().x()), int(rect.center().y()), 0, int(rect.height() / 2) + 8)

    def _in_column(self, column: int) -> list[int]:
        return [i for i, placed in enumerate(self._placed) if placed.block.column == column]

    def _step(self, key: int) -> int | None:
        if not self._placed:
            return None
        if self._current is None:
            return 0
        here = self._placed[self._current]
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            same = self._in_column(here.block.column)
            position = same.index(self._current) + (1 if key == Qt.Key.Key_Down else -1)
            return same[position] if 0 <= position < len(same) else self._current
        direction = 1 if key == Qt.Key.Key_Right else -1
        column = here.block.column + direction
        while 0 <= column < len(self.columns):
            others = self._in_column(column)
            if others:
                start = here.block.entry.starts_at.time()
                return min(others, key=lambda i: abs(_minutes(self._placed[i].block.entry.starts_at.time())
                                                     - _minutes(start)))
            column += direction
        return self._current

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._set_current(self._step(key))
        elif plain and key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self._placed:
            self._set_current(0 if key == Qt.Key.Key_Home else len(self._placed) - 1)
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current() is not None:
            self.activated.emit(self.current())
        elif plain and key == Qt.Key.Key_Delete and self.current() is not None:
            self.delete_requested.emit(self.current())
        else:
            super().keyPressEvent(event)

    def _index_at(self, point: QPointF) -> int | None:
        return next((i for i, placed in enumerate(self._placed) if placed.rect.contains(point)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._set_current(self._index_at(event.position()), scroll=False)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        index = self._index_at(event.position())
        if index is not None:
            self.activated.emit(self._placed[index].block.entry)
            return
        column = self._column_at(event.position().x())
        if column is not None and event.position().y() > HEADER:
            self.new_requested.emit(self.columns[column].key, self._time_at(event.position().y()))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._index_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._placed[index].block.description, self)
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        if self._current is None and self._placed and event.reason() != Qt.FocusReason.MouseFocusReason:
            self._set_current(0)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.update()


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute
