"""Building blocks of the Team area: lists with an empty state and flagged rows, a yes/no question,
and the office chooser of the leader's tabs."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from navdesk.services import team_desk
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors
from navdesk.ui.setup.row_model import AnyIndex, Column, RowTableModel

Row = TypeVar("Row")
MAX_COLUMN_WIDTH = 280
FLAG_BACKGROUND, FLAG_TEXT = QColor("#fde8e8"), QColor("#8c0000")


class FlaggedModel(RowTableModel[Row]):
    """The set-up's row model, with rows that need attention (overdue, never matching) tinted red."""

    def __init__(self, columns: Sequence[Column[Row]], *, flagged: Callable[[Row], bool] | None = None,
                 dimmed: Callable[[Row], bool] | None = None, parent: Any = None) -> None:
        super().__init__(columns, dimmed=dimmed, parent=parent)
        self._flagged = flagged

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (self._flagged is not None and index.isValid() and index.row() < self.rowCount()
                and self._flagged(self.row_at(index.row()))):
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(FLAG_BACKGROUND)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(FLAG_TEXT)
        return super().data(index, role)


class RowList(QWidget, Generic[Row]):
    """A table of rows, or a line saying what to do when there are none. Enter (or a double click)
    activates the current row."""

    activated = Signal(object)  # the row
    current_changed = Signal()

    def __init__(self, columns: Sequence[Column[Row]], empty_text: str, *, multi: bool = False,
                 flagged: Callable[[Row], bool] | None = None, dimmed: Callable[[Row], bool] | None = None) -> None:
        super().__init__()
        self.multi = multi
        self._model: FlaggedModel[Row] = FlaggedModel(columns, flagged=flagged, dimmed=dimmed, parent=self)
        self.table = QTableView()
        self.table.setModel(self._model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                                    else QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self.current_changed.emit())
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self.current_changed.emit())
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setFocusProxy(self.table)
        self.stack.setCurrentWidget(self.empty)

    def set_rows(self, rows: Sequence[Row], *, keep: Callable[[Row], bool] | None = None) -> None:
        """Show `rows`; the cursor goes back to the row `keep` picks, else to the first."""
        self._model.set_rows(rows)
        self.table.resizeColumnsToContents()
        for column in range(self._model.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 12, MAX_COLUMN_WIDTH))
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        if rows:
            position = max(self._model.find(keep) if keep is not None else -1, 0)
            if self.multi:
                # The cursor goes to the row, but choosing whom to act on is left to the user.
                self.table.selectionModel().setCurrentIndex(self._model.index(position, 0),
                                                            QItemSelectionModel.SelectionFlag.NoUpdate)
            else:
                self.table.selectRow(position)
        self.current_changed.emit()

    # Like an item view: model() and setCurrentIndex() reach the table, so the list can stand in for one.
    def model(self) -> FlaggedModel[Row]:
        return self._model

    def setCurrentIndex(self, index: QModelIndex) -> None:  # noqa: N802 - Qt's name
        self.table.setCurrentIndex(index)

    def rows(self) -> list[Row]:
        return [self._model.row_at(i) for i in range(self._model.rowCount())]

    def current(self) -> Row | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.stack.currentWidget() is not self.table:
            return None
        return self._model.row_at(index.row())

    def selected(self) -> list[Row]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._model.row_at(row) for row in rows]

    def select(self, predicate: Callable[[Row], bool]) -> bool:
        position = self._model.find(predicate)
        if position >= 0:
            self.table.selectRow(position)
        return position >= 0

    def _activated(self, index: Any) -> None:
        if index.isValid():
            self.activated.emit(self._model.row_at(index.row()))


class YesNo(QWidget):
    """A question that must be answered: neither choice is made until the user makes it."""

    def __init__(self, yes: str, no: str) -> None:
        super().__init__()
        self.yes = QRadioButton(yes)
        self.no = QRadioButton(no)
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.yes)
        layout.addWidget(self.no)
        layout.addStretch(1)
        self.setFocusProxy(self.yes)

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        return False if self.no.isChecked() else None


class OfficeChooser(QComboBox):
    """The office a leader's tab works on; the leader's own offices come first."""

    office_changed = Signal(object)  # uuid.UUID

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setMinimumContentsLength(24)
        self.currentIndexChanged.connect(lambda _index: self._emit())
        db, actor = ctx.db, ctx.actor
        ctx.worker.run(lambda: team_desk.offices(db, actor), while_alive(self, self._loaded), parent=self)

    def _loaded(self, offices: tuple[team_desk.Pick, ...]) -> None:
        self.blockSignals(True)
        for office in offices:
            self.addItem(office.label, office.id)
        self.blockSignals(False)
        self._emit()

    def office_id(self) -> uuid.UUID | None:
        value = self.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def _emit(self) -> None:
        if self.office_id() is not None:
            self.office_changed.emit(self.office_id())


def field(errors: FormErrors, name: str, widget: QWidget) -> QWidget:
    """The field with its error label, for a form row: the row's label (and its Alt key) focuses the field."""
    box = errors.wrap(name, widget)
    box.setFocusProxy(widget)
    return box
