"""The host agreement's coverage: services (rows) × member municipalities (columns), one tick per pair.

Partial participation is simply fewer ticks. Clicking a heading ticks or clears the whole row or column;
Space ticks the current cell. The host's own column is greyed: a host is never its own member.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from navdesk.i18n import _
from navdesk.services.org import MunicipalityChoice, ServiceChoice

Pair = tuple[uuid.UUID, str]
MAX_HEIGHT = 420
HEADING_WIDTH = 330  # service names longer than this are cut with … (the tooltip has them whole)


class CoverageGrid(QTableWidget):
    def __init__(
        self, municipalities: Sequence[MunicipalityChoice], services: Sequence[ServiceChoice]
    ) -> None:
        super().__init__(len(services), len(municipalities))
        self._municipalities = list(municipalities)
        self._services = list(services)
        self._host: uuid.UUID | None = None
        self.setObjectName("coverageGrid")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the grid; the arrow keys move inside it
        for row, service in enumerate(self._services):
            shown = self.fontMetrics().elidedText(service.name, Qt.TextElideMode.ElideRight, HEADING_WIDTH)
            heading = QTableWidgetItem(shown)
            heading.setToolTip(service.name)
            self.setVerticalHeaderItem(row, heading)
            for column in range(len(self._municipalities)):
                item = QTableWidgetItem()
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                )
                item.setCheckState(Qt.CheckState.Unchecked)
                self.setItem(row, column, item)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(70)
        self.horizontalHeader().setHighlightSections(False)
        self.verticalHeader().setHighlightSections(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.verticalHeader().setMaximumWidth(HEADING_WIDTH + 24)
        self.horizontalHeader().setSectionsClickable(True)
        self.verticalHeader().setSectionsClickable(True)
        self.horizontalHeader().sectionClicked.connect(self._toggle_column)
        self.verticalHeader().sectionClicked.connect(self._toggle_row)
        self.set_host(None)
        # Every service in sight where the screen allows: a row scrolled away could hide a tick.
        full = self.verticalHeader().length() + self.horizontalHeader().sizeHint().height()
        self.setFixedHeight(min(full + 2 * self.frameWidth() + 2, MAX_HEIGHT))
        if self.rowCount() and self.columnCount():
            self.setCurrentCell(0, 0, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _item(self, member: uuid.UUID, code: str) -> QTableWidgetItem | None:
        column = next((i for i, m in enumerate(self._municipalities) if m.id == member), -1)
        row = next((i for i, s in enumerate(self._services) if s.code == code), -1)
        return self.item(row, column) if row >= 0 and column >= 0 else None

    def set_host(self, host: uuid.UUID | None) -> None:
        self._host = host
        for column, municipality in enumerate(self._municipalities):
            is_host = municipality.id == host
            text = _("{name} (host)").format(name=municipality.name) if is_host else municipality.name
            heading = QTableWidgetItem(text)
            heading.setToolTip(
                _("The host runs these services; it cannot be its own member.")
                if is_host
                else _("Click to tick or clear every service for {name}.").format(name=municipality.name)
            )
            self.setHorizontalHeaderItem(column, heading)
            for row in range(self.rowCount()):
                item = self.item(row, column)
                flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                # A tick left in the host's column stays visible, so the refusal to save it makes sense.
                item.setFlags(flags if is_host else flags | Qt.ItemFlag.ItemIsEnabled)

    def set_coverage(self, coverage: frozenset[Pair]) -> None:
        for row, service in enumerate(self._services):
            for column, municipality in enumerate(self._municipalities):
                ticked = (municipality.id, service.code) in coverage
                self.item(row, column).setCheckState(
                    Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
                )

    def coverage(self) -> frozenset[Pair]:
        return frozenset(
            (municipality.id, service.code)
            for row, service in enumerate(self._services)
            for column, municipality in enumerate(self._municipalities)
            if self.item(row, column).checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, member: uuid.UUID, code: str, checked: bool) -> None:
        item = self._item(member, code)
        if item is None:
            raise KeyError((member, code))
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _toggle(self, items: list[QTableWidgetItem]) -> None:
        usable = [item for item in items if item.flags() & Qt.ItemFlag.ItemIsEnabled]
        tick = not all(item.checkState() == Qt.CheckState.Checked for item in usable)
        for item in usable:
            item.setCheckState(Qt.CheckState.Checked if tick else Qt.CheckState.Unchecked)

    def _toggle_column(self, column: int) -> None:
        self._toggle([self.item(row, column) for row in range(self.rowCount())])

    def _toggle_row(self, row: int) -> None:
        self._toggle([self.item(row, column) for column in range(self.columnCount())])
