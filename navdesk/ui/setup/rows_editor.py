"""Editing a short list of structured rows (opening hours, absences, ...) with plain widgets.

Each row is a line of widgets in a grid under column headings, with a Remove button; Add appends a row.
Plain widgets rather than a table keep Tab moving field by field, as keyboard users expect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from navdesk.i18n import _


@dataclass
class EditorRow:
    widgets: list[QWidget]
    value: Callable[[], Any]
    remove: QPushButton | None = None


class RowsEditor(QWidget):
    changed = Signal()

    def __init__(
        self,
        headers: Sequence[str],
        make_row: Callable[[Any], EditorRow],
        new_value: Callable[[list[Any]], Any],
        *,
        add_caption: str,
        empty_text: str,
        stretch_column: int | None = None,
    ) -> None:
        super().__init__()
        self._headers = list(headers)
        self._make_row = make_row
        self._new_value = new_value
        # The column that takes spare width (a free-text field); by default it goes right of the rows.
        self._stretch = len(headers) + 1 if stretch_column is None else stretch_column
        self._rows: list[EditorRow] = []
        self.grid_box = QWidget()
        self.empty = QLabel(empty_text)
        self.empty.setWordWrap(True)
        self.add_button = QPushButton(add_caption)
        self.add_button.clicked.connect(self.add_row)
        add_line = QHBoxLayout()
        add_line.addWidget(self.add_button)
        add_line.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid_box)
        layout.addWidget(self.empty)
        layout.addLayout(add_line)
        layout.addStretch(1)
        self.setFocusProxy(self.add_button)
        self.set_values([])

    def values(self) -> list[Any]:
        return [row.value() for row in self._rows]

    def set_values(self, values: Sequence[Any]) -> None:
        old = self.grid_box
        self.grid_box = QWidget()
        grid = QGridLayout(self.grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        for column, text in enumerate(self._headers):
            heading = QLabel(text)
            heading.setObjectName("columnHeading")
            grid.addWidget(heading, 0, column)
        self._rows = []
        for value in values:
            row = self._make_row(value)
            line = len(self._rows) + 1
            for column, widget in enumerate(row.widgets):
                grid.addWidget(widget, line, column)
            remove = QPushButton(_("Remove"))
            remove.setAccessibleName(_("Remove row {number}").format(number=line))
            remove.clicked.connect(lambda _checked=False, r=row: self._remove(r))
            grid.addWidget(remove, line, len(self._headers))
            row.remove = remove
            self._rows.append(row)
        grid.setColumnStretch(self._stretch, 1)
        layout = self.layout()
        layout.replaceWidget(old, self.grid_box)
        old.deleteLater()
        self.grid_box.setVisible(bool(self._rows))
        self.empty.setVisible(not self._rows)
        # Keep Tab order: row by row, then Add.
        previous: QWidget | None = None
        for row in self._rows:
            for widget in [*row.widgets, row.remove]:
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        if previous is not None:
            QWidget.setTabOrder(previous, self.add_button)
        self.changed.emit()

    def add_row(self) -> None:
        values = self.values()
        self.set_values([*values, self._new_value(values)])
        self._rows[-1].widgets[0].setFocus(Qt.FocusReason.TabFocusReason)

    def _remove(self, row: EditorRow) -> None:
        position = self._rows.index(row)
        self.set_values([r.value() for r in self._rows if r is not row])
        if self._rows:
            self._rows[min(position, len(self._rows) - 1)].widgets[0].setFocus()
        else:
            self.add_button.setFocus()

    def row_widgets(self, position: int) -> list[QWidget]:
        return self._rows[position].widgets
