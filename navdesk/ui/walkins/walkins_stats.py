"""The leader's month of walk-ins at one office: by category, and by weekday and hour (for opening hours)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from navdesk.domain.codes import weekday_label
from navdesk.i18n import _, format_date, format_number, format_percent_whole
from navdesk.services import walkins
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive

MONTHS_BACK = 12


def month_starts(today: date, count: int = MONTHS_BACK) -> list[date]:
    """The first day of this month and of the `count - 1` months before it, newest first."""
    first = today.replace(day=1)
    months = []
    for _index in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return months


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _cell(text: str, *, number: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class WalkInStatsPanel(QGroupBox):
    """Shown to leaders only; `show_office` (re)loads it for the office chosen above."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(_("Month statistics"))
        self.ctx = ctx
        self.office_id: uuid.UUID | None = None
        self.statistics: walkins.WalkInStatistics | None = None
        self._request = 0
        self.month = QComboBox()
        for first in month_starts(date.today()):
            self.month.addItem(format_date(first, "LLLL y"), first)
        self.month.currentIndexChanged.connect(lambda _index: self.reload())
        month_caption = QLabel(_("&Month"))
        month_caption.setBuddy(self.month)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(month_caption)
        top.addWidget(self.month)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        self.by_category = _table([_("Category"), _("Walk-ins"), _("Share")])
        header = self.by_category.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.by_category.verticalHeader().hide()
        self.by_hour = _table([])
        tables = QHBoxLayout()
        tables.addWidget(self.by_category, 2)
        tables.addWidget(self.by_hour, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tables, 1)

    def show_office(self, office_id: uuid.UUID | None) -> None:
        self.office_id = office_id
        self.reload()

    def showing_today(self) -> bool:
        first: date = self.month.currentData()
        return first <= date.today() <= month_end(first)

    def reload(self) -> None:
        office_id, first = self.office_id, self.month.currentData()
        if office_id is None or first is None:
            return
        end = min(month_end(first), date.today())
        self._request += 1
        request = self._request
        db, actor = self.ctx.db, self.ctx.actor

        def done(result: walkins.WalkInStatistics) -> None:
            if request == self._request:
                self._show(result)

        self.ctx.worker.run(lambda: walkins.statistics(db, actor, office_id, first, end), while_alive(self, done),
                            parent=self)

    def _show(self, statistics: walkins.WalkInStatistics) -> None:
        self.statistics = statistics
        self.summary.setText(_("{total} walk-ins on {days} days").format(
            total=format_number(statistics.total), days=format_number(statistics.days_with_walk_ins))
            if statistics.total else _("No walk-ins were registered this month."))
        rows = [(name, count) for _category, name, count in statistics.by_category]
        self.by_category.setRowCount(len(rows))
        for row, (name, count) in enumerate(rows):
            share = format_percent_whole(round(100 * count / statistics.total)) if statistics.total else ""
            for column, item in enumerate((_cell(name, number=False), _cell(format_number(count)), _cell(share))):
                self.by_category.setItem(row, column, item)
        self._show_hours(statistics)

    def _show_hours(self, statistics: walkins.WalkInStatistics) -> None:
        """Weekdays down, the hours anyone came across; the busiest cells are what opening hours follow."""
        counts = {(weekday, hour): count for weekday, hour, count in statistics.by_weekday_hour}
        weekdays = sorted({weekday for weekday, _hour in counts} | set(range(5)))
        hours = sorted({hour for _weekday, hour in counts})
        self.by_hour.clear()
        self.by_hour.setRowCount(len(weekdays))
        self.by_hour.setColumnCount(len(hours))
        self.by_hour.setHorizontalHeaderLabels([f"{hour:02d}:00" for hour in hours])
        self.by_hour.setVerticalHeaderLabels([weekday_label(weekday) for weekday in weekdays])
        for row, weekday in enumerate(weekdays):
            for column, hour in enumerate(hours):
                count = counts.get((weekday, hour), 0)
                self.by_hour.setItem(row, column, _cell(format_number(count) if count else ""))
        self.by_hour.resizeColumnsToContents()
