"""The activity plan as a table: filters on kind, status, overdue and agreed (the database filters),
columns sortable by clicking or by keyboard on the header, Enter opens the activity."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.plans import STATUS_ORDER, label
from navdesk.i18n import _, ngettext
from navdesk.services.activities import activity_types
from navdesk.services.plan_types import ActivityCard, ActivityFilter, ActivityList
from navdesk.ui.people.card.widgets import empty_state
from navdesk.ui.plans.activity_list_model import CARD_ROLE, SORT_ROLE, ActivityListModel

EITHER = "either"


class ActivityListView(QWidget):
    open_requested = Signal(object)  # ActivityCard
    filters_changed = Signal()
    current_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.addItem(_("All kinds"), "")
        for value, text in activity_types():
            self.kind.addItem(text, value)
        self.status = QComboBox()
        self.status.addItem(_("All statuses"), "")
        for status in STATUS_ORDER:
            self.status.addItem(label(status), status.value)
        self.overdue = QComboBox()
        for text, value in ((_("Overdue or not"), EITHER), (_("Only overdue"), True), (_("Not overdue"), False)):
            self.overdue.addItem(text, value)
        self.agreed = QComboBox()
        for text, value in ((_("Agreed or not"), EITHER), (_("Agreed with NAV"), True), (_("Not agreed"), False)):
            self.agreed.addItem(text, value)
        self.clear_button = QPushButton(_("Clear &filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        filters = QGridLayout()
        filters.setHorizontalSpacing(8)
        filters.setVerticalSpacing(2)
        for column, (caption, combo) in enumerate(((_("&Kind"), self.kind), (_("S&tatus"), self.status),
                                                   (_("O&verdue"), self.overdue), (_("A&greed"), self.agreed))):
            caption_label = QLabel(caption)
            caption_label.setBuddy(combo)
            filters.addWidget(caption_label, 0, column)
            filters.addWidget(combo, 1, column)
            combo.currentIndexChanged.connect(lambda _index: self.filters_changed.emit())
        filters.addWidget(self.clear_button, 1, 4)
        filters.setColumnStretch(5, 1)

        self.model = ActivityListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order until a column is chosen
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self.current_changed.emit())
        self.count_label = QLabel()
        self.empty = empty_state(_("No activities match these filters. Clear the filters to see them all."))
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        layout.addLayout(footer)
        self.setFocusProxy(self.table)

    def current_filter(self) -> ActivityFilter:
        kind, status = self.kind.currentData(), self.status.currentData()
        overdue, agreed = self.overdue.currentData(), self.agreed.currentData()
        return ActivityFilter(
            types=frozenset({kind}) if kind else frozenset(),
            statuses=frozenset({status}) if status else frozenset(),
            overdue=None if overdue == EITHER else bool(overdue),
            agreed=None if agreed == EITHER else bool(agreed),
        )

    def clear_filters(self) -> None:
        for combo in (self.kind, self.status, self.overdue, self.agreed):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.filters_changed.emit()

    def set_list(self, listing: ActivityList) -> None:
        keep = self.current_card()
        self.model.set_cards(listing.items)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 12, 280))
        count = len(listing.items)
        self.count_label.setText(ngettext("{count} activity", "{count} activities", count).format(count=count))
        filtered = self.current_filter() != ActivityFilter()
        self.empty.setVisible(count == 0 and filtered)
        if keep is None or not self.select(keep.activity_id):
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def select(self, activity_id: object) -> bool:
        for row in range(self.proxy.rowCount()):
            card = self.proxy.index(row, 0).data(CARD_ROLE)
            if card is not None and card.activity_id == activity_id:
                self.table.setCurrentIndex(self.proxy.index(row, 0))
                return True
        return False

    def current_card(self) -> ActivityCard | None:
        index = self.table.currentIndex()
        return index.data(CARD_ROLE) if index.isValid() else None

    def _activated(self) -> None:
        card = self.current_card()
        if card is not None:
            self.open_requested.emit(card)
