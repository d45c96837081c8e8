"""The Worklist area (portefølje): the people I, my team or my office hold, with NAV's ready-made filters.

The list comes first and the filter counts after it, since counting every filter costs more than one
screen of rows. One's own list (a few thousand people at most) comes whole with its first screen of
rows; a team's or an office's comes as its first screen, then the whole id list. Rows further down
come a page at a time as they scroll into view. Sorting is the database's (a header click, or the
Sort by chooser for the keyboard). Enter or a double click opens the person's card in the People
area; a reminder (huskelapp) is written from here for the chosen person. Any change elsewhere
refreshes the list, at once when it is on screen, else when it shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.codes import Role
from navdesk.domain.errors import UserError
from navdesk.i18n import _, format_number, ngettext
from navdesk.services import saved_filters, worklist
from navdesk.services.saved_filters import SavedFilterItem
from navdesk.services.worklist import Filter, FilterCount, SortKey, View, ViewChoice, WorklistQuery, WorklistScreen
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import Area
from navdesk.ui.people.people_model import ID_ROLE
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import select_data
from navdesk.ui.worker import show_error
from navdesk.ui.worklist import worklist_model as columns
from navdesk.ui.worklist.filter_panel import FilterPanel
from navdesk.ui.worklist.reminder_dialog import ReminderDialog
from navdesk.ui.worklist.saved_filter_dialog import SaveFilterDialog
from navdesk.ui.worklist.worklist_model import PAGE_SIZE, WorklistModel, column_for, sort_for

FIRST_SCREEN = PAGE_SIZE


class WorklistView(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.views: tuple[ViewChoice, ...] = ()
        self.saved: tuple[SavedFilterItem, ...] = ()
        self.counts: dict[Filter, int] = {}
        self.sort, self.descending = SortKey.NAME, False
        self.complete = False  # the whole id list is in the model, not just its first screen
        self.dialog: QWidget | None = None  # the open reminder or save dialog (tests reach it here)
        self._request = 0  # the newest list request; older answers are dropped
        self._counted = 0  # the newest counts request
        self._stale = False  # something changed while the area was not on screen
        self.model = WorklistModel(self)
        self.model.page_needed.connect(self._fetch_page)

        self.filters = FilterPanel()
        self.filters.changed.connect(self._filters_changed)
        self.table = self._build_table()
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.results = QStackedWidget()
        self.results.addWidget(self.empty)
        self.results.addWidget(self.table)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._filters_pane())
        self.splitter.addWidget(self._list_pane())
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([self.filters.minimumWidth(), 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._top_bar())
        layout.addWidget(self.splitter, 1)
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)
        self.setFocusProxy(self.table)
        for first, second in ((self.view_box, self.saved_box), (self.saved_box, self.save_button),
                              (self.save_button, self.delete_saved_button), (self.delete_saved_button, self.filters),
                              (self.filters, self.table)):
            QWidget.setTabOrder(first, second)

        ctx.worker.changed.connect(self._changed)
        self._show_empty(_("Loading the worklist…"))
        self._update_buttons()
        self._load_choices()

    def _top_bar(self) -> QHBoxLayout:
        """The view, the saved filters, and what to do with the chosen person."""
        self.view_box = QComboBox()
        self.view_box.setObjectName("worklistView")
        self.view_box.setMinimumContentsLength(24)
        self.view_box.currentIndexChanged.connect(self._view_chosen)
        view_label = QLabel(_("&View"))
        view_label.setBuddy(self.view_box)
        self.saved_box = QComboBox()
        self.saved_box.setObjectName("savedFilters")
        self.saved_box.setMinimumContentsLength(18)
        self.saved_box.activated.connect(self._saved_chosen)
        saved_label = QLabel(_("Saved fil&ters"))
        saved_label.setBuddy(self.saved_box)
        self.save_button = QPushButton(_("Save &as…"))
        self.save_button.setToolTip(_("Save the view, filters and sort under a name"))
        self.save_button.clicked.connect(self.save_filter)
        self.delete_saved_button = QPushButton(_("&Delete saved"))
        self.delete_saved_button.setToolTip(_("Delete the chosen saved filter"))
        self.delete_saved_button.clicked.connect(self.delete_saved_filter)
        self.reminder_button = QPushButton(_("&Reminders…"))
        self.reminder_button.setToolTip(_("Write or tick off a reminder (huskelapp) about the chosen person"))
        self.reminder_button.clicked.connect(self.edit_reminders)
        self.open_button = QPushButton(_("&Open card"))
        self.open_button.setToolTip(_("Open the chosen person's card (Enter)"))
        self.open_button.clicked.connect(self.open_current)
        top = QHBoxLayout()
        _add_all(top, view_label, self.view_box)
        top.addSpacing(16)
        _add_all(top, saved_label, self.saved_box, self.save_button, self.delete_saved_button)
        top.addStretch(1)
        _add_all(top, self.reminder_button, self.open_button)
        return top

    def _filters_pane(self) -> QWidget:
        filters_label = QLabel(_("F&ilters"))
        filters_label.setObjectName("sectionTitle")
        filters_label.setBuddy(self.filters)
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(filters_label)
        layout.addWidget(self.filters, 1)
        return pane

    def _list_pane(self) -> QWidget:
        """How many are listed, clearing the filters, the sort for keyboard users, and the list."""
        self.status = QLabel()
        self.status.setObjectName("worklistStatus")
        self.clear_button = QPushButton(_("&Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.sort_box = QComboBox()
        self.sort_box.setObjectName("worklistSort")
        for column in range(columns.COLUMN_COUNT):
            if sort_for(column, Qt.SortOrder.AscendingOrder) is not None:
                self.sort_box.addItem(columns.headings()[column], column)
        self.sort_box.activated.connect(self._sort_chosen)
        sort_label = QLabel(_("&Sort by"))
        sort_label.setBuddy(self.sort_box)
        self.descending_box = QCheckBox(_("Desce&nding"))
        self.descending_box.toggled.connect(lambda _on: self._sort_chosen())
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.clear_button)
        status_row.addSpacing(16)
        _add_all(status_row, sort_label, self.sort_box, self.descending_box)
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(status_row)
        layout.addWidget(self.results, 1)
        return pane

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("worklistTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(columns.NAME, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._header_sorted)
        # Widths in characters, never narrower than the (translated) heading: right at any display scaling.
        char = table.fontMetrics().horizontalAdvance("0")
        for column, chars in ((columns.NAME, 22), (columns.FNR, 12), (columns.AGE, 3), (columns.NEXT_DEADLINE, 10),
                              (columns.NOTES, 30), (columns.VEILEDER, 14), (columns.TEAM, 14),
                              (columns.MUNICIPALITY, 9), (columns.INNSATS, 14)):
            table.setColumnWidth(column, max(chars * char + 12, header.sectionSizeHint(column)))
        table.activated.connect(self._open_index)  # Enter, and a double click
        table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        return table

    # --- what the list shows ----------------------------------------------------------------------------

    def view_choice(self) -> ViewChoice | None:
        index = self.view_box.currentIndex()
        return self.views[index] if 0 <= index < len(self.views) else None

    def query(self) -> WorklistQuery:
        choice = self.view_choice()
        view, scope_id = (choice.view, choice.scope_id) if choice is not None else (View.MINE, None)
        return WorklistQuery.combining(view, self.filters.chosen(), self.sort, self.descending, scope_id)

    def _load_choices(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def operation() -> tuple[tuple[ViewChoice, ...], tuple[SavedFilterItem, ...]]:
            return worklist.available_views(db, actor), saved_filters.saved_filters(db, actor)

        self.ctx.worker.run(operation, while_alive(self, self._choices_loaded), while_alive(self, self._failed),
                            parent=self)

    def _choices_loaded(self, loaded: tuple[tuple[ViewChoice, ...], tuple[SavedFilterItem, ...]]) -> None:
        self.views, saved = loaded
        self.view_box.blockSignals(True)
        self.view_box.clear()
        for choice in self.views:
            self.view_box.addItem(choice.label)
        self.view_box.setCurrentIndex(0)
        self.view_box.blockSignals(False)
        self._show_saved(saved)
        self.refresh()

    def _view_chosen(self, _index: int) -> None:
        self.saved_box.setCurrentIndex(0)
        self.refresh()

    def _filters_changed(self) -> None:
        self.saved_box.setCurrentIndex(0)
        self._load_list()

    def clear_filters(self) -> None:
        if self.filters.chosen():
            self.filters.choose(())
            self._filters_changed()

    def _header_sorted(self, column: int, order: Qt.SortOrder) -> None:
        chosen = sort_for(column, order)
        if chosen is None:  # a column the database cannot sort by: keep showing the current order
            self._show_sort()
            return
        self._set_sort(*chosen)

    def _sort_chosen(self, _index: int = 0) -> None:
        column = self.sort_box.currentData()
        order = Qt.SortOrder.DescendingOrder if self.descending_box.isChecked() else Qt.SortOrder.AscendingOrder
        chosen = sort_for(column, order)
        if chosen is not None:
            self._set_sort(*chosen)

    def _set_sort(self, key: SortKey, descending: bool) -> None:
        if (key, descending) == (self.sort, self.descending):
            return
        self.sort, self.descending = key, descending
        self._show_sort()
        self.saved_box.setCurrentIndex(0)
        self._load_list()

    def _show_sort(self) -> None:
        """The header's arrow and the Sort by chooser both show the database order."""
        column, order = column_for(self.sort, self.descending)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)
        for widget in (self.sort_box, self.descending_box):
            widget.blockSignals(True)
        select_data(self.sort_box, column)
        self.descending_box.setChecked(order == Qt.SortOrder.DescendingOrder)
        for widget in (self.sort_box, self.descending_box):
            widget.blockSignals(False)

    # --- loading ------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """The list and the counts, read again (after a change, or F5)."""
        self._stale = False
        if not self.views:
            return
        self._load_list(counts=True)

    def _load_list(self, *, counts: bool = False) -> None:
        self._request += 1
        request, query = self._request, self.query()
        db, actor = self.ctx.db, self.ctx.actor
        if counts:
            self._counted += 1
            self.filters.clear_counts()

        # One's own list is a few thousand people at most: all its ids at once. A team's or an office's can
        # be tens of thousands: its first screen first, the rest after.
        limit = None if query.view is View.MINE else FIRST_SCREEN

        def first_screen() -> WorklistScreen | None:
            if request != self._request:
                return None  # asked again since: not worth the database's time
            return worklist.worklist_screen(db, actor, query, limit=limit, rows=FIRST_SCREEN)

        def done(result: WorklistScreen | None) -> None:
            if result is not None and request == self._request:
                self._show_first_screen(request, query, result, limit)
            if counts:
                self._load_counts(self._counted, query)

        self.ctx.worker.run(first_screen, while_alive(self, done), while_alive(self, self._failed), parent=self)

    def _show_first_screen(self, request: int, query: WorklistQuery, screen: WorklistScreen,
                           limit: int | None) -> None:
        current = self.selected_person()
        self.model.set_people(screen.ids, screen.rows)
        self.complete = limit is None or len(screen.ids) < limit
        self._select(current)
        self._show_state()
        if not self.complete:
            self._load_rest(request, query)

    def _load_rest(self, request: int, query: WorklistQuery) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def operation() -> tuple[uuid.UUID, ...] | None:
            return worklist.worklist_ids(db, actor, query) if request == self._request else None

        def done(ids: tuple[uuid.UUID, ...] | None) -> None:
            if ids is None or request != self._request:
                return
            if not self.model.extend(ids):  # the list changed between the two reads: show it as it is now
                current = self.selected_person()
                self.model.set_people(ids)
                self._select(current)
            self.complete = True
            self._show_state()

        self.ctx.worker.run(operation, while_alive(self, done), while_alive(self, self._failed), parent=self)

    def _load_counts(self, counted: int, query: WorklistQuery) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def operation() -> tuple[FilterCount, ...] | None:
            if counted != self._counted:
                return None
            return worklist.worklist_counts(db, actor, query.view, scope_id=query.scope_id)

        def done(found: tuple[FilterCount, ...] | None) -> None:
            if found is None or counted != self._counted:
                return
            self.counts = {count.filter: count.count for count in found}
            self.filters.set_counts(found)
            self._show_state()

        self.ctx.worker.run(operation, while_alive(self, done), while_alive(self, self._failed), parent=self)

    def _fetch_page(self, generation: int, page: int) -> None:
        ids = self.model.ids_of_page(page)
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: worklist.worklist_rows(db, actor, ids),
                            while_alive(self, lambda rows: self.model.deliver(generation, page, rows)), parent=self)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self._show_empty(error.message)
        else:
            show_error(self, error)

    def _changed(self, _what: str) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # --- what the user sees ---------------------------------------------------------------------------

    def _show_state(self) -> None:
        shown = self.model.rowCount()
        chosen = self.filters.chosen()
        self.clear_button.setEnabled(bool(chosen))
        if shown == 0:
            self._show_empty(self._empty_text(chosen))
        else:
            self.results.setCurrentWidget(self.table)
            self.status.setText(self._count_text(shown, chosen))
        self._update_buttons()

    def _count_text(self, shown: int, chosen: Sequence[Filter]) -> str:
        if not self.complete:
            return _("The first {count} people — fetching the rest…").format(count=format_number(shown))
        total = self.counts.get(Filter.ALL)
        text = ngettext("{count} person", "{count} people", shown).format(count=format_number(shown))
        if chosen and total is not None:
            text = ngettext("{shown} of {total} person", "{shown} of {total} people", total).format(
                shown=format_number(shown), total=format_number(total))
        return text

    def _empty_text(self, chosen: Sequence[Filter]) -> str:
        if chosen:
            return _("Nobody in this view matches the chosen filters. Untick a filter, or press Clear filters "
                     "to see everyone.")
        choice = self.view_choice()
        if choice is None or choice.view is View.MINE:
            return _("Nobody is in your worklist yet. People come here when you become their contact veileder, "
                     "when a colleague hands someone over to you, or when an assignment rule routes a new person "
                     "to you. Press Ctrl+F to find anyone.")
        return _("Nobody is in this worklist yet. Press Ctrl+F to find a person.")

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.status.setText("")
        self.results.setCurrentWidget(self.empty)
        self._update_buttons()

    def _update_buttons(self) -> None:
        person = self.selected_person()
        self.reminder_button.setEnabled(person is not None)
        self.open_button.setEnabled(person is not None)
        self.delete_saved_button.setEnabled(self.saved_box.currentIndex() > 0)

    def _select(self, person_id: uuid.UUID | None) -> None:
        """Keep the chosen person chosen across a refresh (else the first row)."""
        if not self.model.rowCount():
            return
        row = self.model.row_of(person_id) if person_id is not None else -1
        self.table.selectionModel().setCurrentIndex(
            self.model.index(max(row, 0), 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def selected_person(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return self.model.person_id(index.row()) if index.isValid() else None

    # --- opening and reminders --------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        person_id = index.data(ID_ROLE)
        if person_id is not None:
            self.ctx.open_person(person_id)

    def open_current(self) -> None:
        person_id = self.selected_person()
        if person_id is not None:
            self.ctx.open_person(person_id)

    def edit_reminders(self) -> None:
        person_id = self.selected_person()
        if person_id is None:
            return
        row = self.model.cached(person_id)
        dialog = ReminderDialog(self.ctx, person_id, row.name if row is not None else "", self)
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_args: setattr(self, "dialog", None))
        dialog.open()  # type: ignore[attr-defined]

    # --- saved filters ----------------------------------------------------------------------------------

    def _load_saved(self, choose: uuid.UUID | None = None) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: saved_filters.saved_filters(db, actor),
                            while_alive(self, lambda saved: self._show_saved(saved, choose)), parent=self)

    def _show_saved(self, saved: tuple[SavedFilterItem, ...], choose: uuid.UUID | None = None) -> None:
        current = choose or self._saved_id()
        self.saved = saved
        self.saved_box.blockSignals(True)
        self.saved_box.clear()
        self.saved_box.addItem(_("None chosen") if saved else _("None saved yet"), None)
        for item in saved:
            self.saved_box.addItem(item.name, item.id)
        select_data(self.saved_box, current, fallback=0)
        self.saved_box.blockSignals(False)
        self._update_buttons()

    def _saved_id(self) -> uuid.UUID | None:
        value: Any = self.saved_box.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def _saved_chosen(self, _index: int) -> None:
        saved_id = self._saved_id()
        item = next((item for item in self.saved if item.id == saved_id), None)
        self._update_buttons()
        if item is not None:
            self.apply(item.query)

    def apply(self, query: WorklistQuery) -> None:
        """Show the list as `query` says: its view, filters and sort (a saved filter being opened)."""
        index = next((i for i, choice in enumerate(self.views)
                      if (choice.view, choice.scope_id) == (query.view, query.scope_id)), -1)
        if index < 0:
            QMessageBox.information(self, _("Saved filter"),
                                    _("This saved filter is for a view you can no longer open."))
            return
        same_view = index == self.view_box.currentIndex()
        self.view_box.blockSignals(True)
        self.view_box.setCurrentIndex(index)
        self.view_box.blockSignals(False)
        self.filters.choose(query.filters)
        self.sort, self.descending = query.sort, query.descending
        self._show_sort()
        self._load_list(counts=not same_view)

    def save_filter(self) -> None:
        saved_id = self._saved_id()
        name = next((item.name for item in self.saved if item.id == saved_id), "")
        dialog = SaveFilterDialog(self.ctx, self.query(), self.describe(), name, self)
        dialog.saved.connect(lambda item: self._load_saved(choose=item.id))
        self._open_dialog(dialog)

    def describe(self) -> str:
        """The view, filters and sort in words, for the save dialog."""
        choice = self.view_choice()
        chosen = self.filters.chosen()
        what = " + ".join(worklist.filter_label(key) for key in chosen) if chosen else _("everyone")
        column, order = column_for(self.sort, self.descending)
        direction = _("descending") if order == Qt.SortOrder.DescendingOrder else _("ascending")
        return _("{view}: {filters}; sorted by {column}, {direction}").format(
            view=choice.label if choice else "", filters=what, column=columns.headings()[column],
            direction=direction)

    def delete_saved_filter(self) -> None:
        saved_id = self._saved_id()
        item = next((item for item in self.saved if item.id == saved_id), None)
        if item is None:
            return
        answer = QMessageBox.question(self, _("Delete saved filter"),
                                      _("Delete the saved filter “{name}”?").format(name=item.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: saved_filters.delete_filter(db, actor, item.id),
                            while_alive(self, lambda _none: self._load_saved()), parent=self)


def _add_all(layout: QHBoxLayout, *widgets: QWidget) -> None:
    for widget in widgets:
        layout.addWidget(widget)


AREA = Area(
    key="worklist",
    label=lambda: _("Worklist"),
    factory=WorklistView,
    visible=lambda actor: actor.has(Role.VEILEDER, Role.LEADER),
    order=5,
)
