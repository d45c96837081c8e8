"""The People area: search as you type on the left, the person's card on the right.

Searching runs on the worker a moment after the last key (a new key restarts the wait), and a result
that arrives after a newer search has started is dropped. Enter in the search field or on a row opens
the card; Down moves from the search field into the list, Esc back. Ctrl+N registers a new person and
F2 edits the selected one.

An open card gets the whole width: the list folds into a narrow strip (on a 1366-pixel laptop the card's
tabs and boards need it). F9 or the strip's button shows the list again and keeps it open next to the
cards that follow, for this session; F9 again folds it away for good. Ctrl+F or Esc from the card shows it
only for the next search, and Esc from the search field goes back to the card.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.codes import Role
from navdesk.i18n import _, format_number, ngettext
from navdesk.services import search
from navdesk.services.people import PersonSaved
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import Area
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.people.people_model import ID_ROLE, PAGE_SIZE, PeopleModel
from navdesk.ui.people.person_dialog import PersonDialog
from navdesk.ui.setup.callbacks import while_alive

DEBOUNCE_MS = 120
LIST_WIDTH, CARD_WIDTH = 500, 600
# What other views announce when they change people: the results are searched again.
PEOPLE_CHANGES = frozenset({"person", "people"})


STRIP_STYLE = """
QWidget#peopleStrip { background: #eef0f3; border-right: 1px solid #c6cbd1; }
QToolButton#showList, QToolButton#hideList {
    color: #0067c5; font-size: 12pt; font-weight: 600; border: 1px solid transparent; border-radius: 4px;
    padding: 2px 6px;
}
QToolButton#showList:hover, QToolButton#hideList:hover { background: #e6f0fa; border-color: #99c2e8; }
QToolButton#showList:focus, QToolButton#hideList:focus { border: 2px solid #00347d; }
"""
# Shows or folds away the list; Ctrl+Shift+F for keyboards where F9 needs the Fn key.
TOGGLE_KEYS = ("F9", "Ctrl+Shift+F")


class SearchField(QLineEdit):
    """The search field: Down goes into the results, Esc back to the card."""

    def __init__(self, on_down: Callable[[], None], on_escape: Callable[[], bool]) -> None:
        super().__init__()
        self._on_down = on_down
        self._on_escape = on_escape

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Down:
            self._on_down()
            return
        if event.key() == Qt.Key.Key_Escape and self._on_escape():
            return
        super().keyPressEvent(event)


class ResultsTable(QTableView):
    """The results: Esc goes back to the search field."""

    def __init__(self, on_escape: Callable[[], None]) -> None:
        super().__init__()
        self._on_escape = on_escape

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self._on_escape()
            return
        super().keyPressEvent(event)


class PeopleView(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._searched = ""  # the text of the search whose result is shown
        self._open_first = False  # Enter came before the result: open its first person on arrival
        self._search_generation = 0
        self.keep_list_open = False  # the user's choice for this session: the list stays beside the card
        self._focus_card = False  # a card was asked for: the cursor goes into it when it arrives
        self.model = PeopleModel(self)
        self.model.page_needed.connect(self._fetch_page)

        self.search_field = SearchField(self._enter_results, self._back_to_card)
        self.search_field.setObjectName("peopleSearch")
        self.search_field.setPlaceholderText(_("Name, fødselsnummer or phone"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(_("Search for a person"))
        self.search_field.textChanged.connect(self._typed)
        self.search_field.returnPressed.connect(self._open_current)
        self.new_button = QPushButton(_("New person"))
        self.new_button.setToolTip(_("Register a person (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_person)
        self.hide_list_button = self._toggle_button("hideList", "«", _("Give the card the whole width (F9)"),
                                                    _("Hide the search list"))
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)

        self.table = ResultsTable(self.focus_search)
        self.table.setObjectName("peopleResults")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Widths in characters, never narrower than the (translated) heading: right at any display scaling.
        char = self.table.fontMetrics().horizontalAdvance("0")
        for column, chars in ((PeopleModel.NAME, 22), (PeopleModel.FNR, 13), (PeopleModel.AGE, 3),
                              (PeopleModel.MUNICIPALITY, 9), (PeopleModel.FLAGS, 14)):
            self.table.setColumnWidth(column, max(chars * char + 12, header.sectionSizeHint(column)))
        self.table.activated.connect(self._open_index)  # Enter, and a double click

        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.results = QStackedWidget()
        self.results.addWidget(self.empty)
        self.results.addWidget(self.table)

        self.card = CardView(ctx)
        self.card.setObjectName("personCard")
        self.card.person_changed.connect(self._card_shown)
        self.card.escape_pressed.connect(self.back_to_list)

        self.show_list_button = self._toggle_button("showList", "»", _("Show the search list (F9)"),
                                                    _("Show the search list"))
        self.strip = QWidget()
        self.strip.setObjectName("peopleStrip")
        self.strip.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        strip = QVBoxLayout(self.strip)
        strip.setContentsMargins(1, 4, 2, 4)
        strip.addWidget(self.show_list_button)
        strip.addStretch(1)
        self.strip.setFixedWidth(self.show_list_button.sizeHint().width() + 3)
        self.strip.hide()

        left = QWidget()
        left.setObjectName("peopleList")
        self.list_pane = left
        top = QHBoxLayout()
        top.addWidget(self.search_field, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.hide_list_button)
        pane = QVBoxLayout(left)
        pane.setContentsMargins(0, 0, 0, 0)
        pane.addLayout(top)
        pane.addWidget(self.status)
        pane.addWidget(self.results, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.card)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        # Before the first show these are proportions: the list gets room for name, number, age and
        # municipality at 1366 pixels; the card takes the rest.
        self.splitter.setSizes([LIST_WIDTH, CARD_WIDTH])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.strip)
        layout.addWidget(self.splitter, 1)
        self.setStyleSheet(STRIP_STYLE)
        self._shortcuts(left)
        self.setFocusProxy(self.search_field)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.run_search)
        ctx.worker.changed.connect(self._changed)
        self._show_empty(_("Type a name, a fødselsnummer or a phone number"))

    def _shortcuts(self, left: QWidget) -> None:
        # In the list pane only: on the card, Ctrl+N writes a new note.
        for keys, slot in ((QKeySequence.StandardKey.New, self.new_person), (QKeySequence(Qt.Key.Key_F2),
                                                                              self.edit_person)):
            shortcut = QShortcut(QKeySequence(keys), left)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        for keys in TOGGLE_KEYS:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.toggle_list)

    def _toggle_button(self, name: str, arrow: str, tip: str, accessible: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setText(arrow)
        button.setToolTip(tip)
        button.setAccessibleName(accessible)
        button.setAutoRaise(True)
        button.clicked.connect(self.toggle_list)
        return button

    # --- the list beside the card -----------------------------------------------------------------------

    def list_shown(self) -> bool:
        return not self.list_pane.isHidden()

    def toggle_list(self) -> None:
        """F9: show or fold away the list, and keep it that way for the cards opened after (this session)."""
        shown = not self.list_shown()
        self.keep_list_open = shown
        self._show_list(shown)
        if shown:
            self._focus_list()
        elif self.card.person_id is not None:
            self.card.focus_card()
        else:
            self.show_list_button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def back_to_list(self) -> None:
        """Esc from the card: the list for the next choice, without changing what the user chose."""
        self._show_list(True)
        self._focus_list()

    def _back_to_card(self) -> bool:
        """Esc from the search field: back to the open card (the list folds away again unless kept open)."""
        if self.card.person_id is None:
            return False
        self._show_list(self.keep_list_open)
        self.card.focus_card()
        return True

    def _show_list(self, shown: bool) -> None:
        self.list_pane.setVisible(shown)
        self.strip.setVisible(not shown)

    def _focus_list(self) -> None:
        if self.results.currentWidget() is self.table and self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.focus_search()

    # --- searching ------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search field, its text selected so that typing replaces it."""
        self._show_list(True)
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _typed(self, _text: str) -> None:
        self.debounce.start()

    def run_search(self) -> None:
        """Search for what the field holds now (also after a change elsewhere)."""
        self.debounce.stop()
        text = self.search_field.text()
        self._search_generation += 1
        generation = self._search_generation
        if not text.strip():
            self._searched = text
            self.model.set_people([])
            self._show_empty(_("Type a name, a fødselsnummer or a phone number"))
            return
        db, actor = self.ctx.db, self.ctx.actor

        def operation() -> search.SearchResult | None:
            if generation != self._search_generation:
                return None  # typed on since: not worth the database's time
            return search.search_people(db, actor, text, first_page=PAGE_SIZE)

        def done(result: search.SearchResult | None) -> None:
            if result is not None and generation == self._search_generation:
                self._show_result(result)

        self.ctx.worker.run(operation, while_alive(self, done), parent=self)

    def _show_result(self, result: search.SearchResult) -> None:
        current = self.selected_person()
        if not result.ids:
            self._open_first = False
        self._searched = result.query
        self.model.set_people(result.ids, result.rows)
        if result.too_short:
            self._show_empty(_("Keep typing: at least two letters or digits."))
            return
        if not result.ids:
            self._show_empty(_("No one matches “{query}”. Check the spelling, or register the person with "
                               "New person (Ctrl+N).").format(query=result.query.strip()))
            return
        self.results.setCurrentWidget(self.table)
        self.status.setText(self._count_text(result))
        row = self.model.row_of(current) if current is not None else -1
        self.table.selectionModel().setCurrentIndex(
            self.model.index(max(row, 0), 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if self._open_first:
            self._open_first = False
            self.open_person(result.ids[0])

    @staticmethod
    def _count_text(result: search.SearchResult) -> str:
        shown = len(result.ids)
        if not result.truncated:
            return ngettext("{count} person", "{count} people", shown).format(count=format_number(shown))
        if result.total_exact:
            return _("The first {shown} of {total} — type more to narrow the search.").format(
                shown=format_number(shown), total=format_number(result.total))
        return _("The first {shown} of many — type more to narrow the search.").format(shown=format_number(shown))

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.status.setText("")
        self.results.setCurrentWidget(self.empty)

    def _fetch_page(self, generation: int, page: int) -> None:
        ids = self.model.ids_of_page(page)
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: search.people_rows(db, actor, ids),
                            while_alive(self, lambda rows: self.model.deliver(generation, page, rows)), parent=self)

    def _changed(self, what: str) -> None:
        if what in PEOPLE_CHANGES and self._searched.strip():
            self.run_search()

    # --- opening, registering, editing -----------------------------------------------------------------

    def selected_person(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return self.model.person_id(index.row()) if index.isValid() else None

    def _enter_results(self) -> None:
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)

    def _open_current(self) -> None:
        if self.debounce.isActive() or self._searched != self.search_field.text():
            # Enter before the search caught up: search now, and open the first match when it arrives.
            self._open_first = True
            self.run_search()
            return
        person_id = self.selected_person() or self.model.person_id(0)
        if person_id is not None:
            self.open_person(person_id)

    def _open_index(self, index: QModelIndex) -> None:
        person_id = index.data(ID_ROLE)
        if person_id is not None:
            self.open_person(person_id)

    def open_person(self, person_id: uuid.UUID) -> None:
        """Open the card and give it the room (unless the user keeps the list open); the cursor follows."""
        if not self.keep_list_open:
            self._show_list(False)
        already_shown = self.card.is_showing(person_id)  # reloaded, but no new person: no signal to wait for
        self._focus_card = not already_shown
        self.card.show_person(person_id)
        if already_shown:
            self.card.focus_card()

    def _card_shown(self, person_id: uuid.UUID | None) -> None:
        if person_id is not None and self._focus_card:
            self._focus_card = False
            self.card.focus_card()

    def new_person(self) -> None:
        dialog = PersonDialog(self.ctx, None, self)
        dialog.saved.connect(self._registered)
        dialog.open()

    def _registered(self, saved: PersonSaved) -> None:
        self.search_field.setText(saved.fnr)
        self.run_search()
        self.open_person(saved.id)

    def edit_person(self) -> None:
        person_id = self.selected_person() or self.card.person_id
        if person_id is None:
            return
        dialog = PersonDialog(self.ctx, person_id, self)
        dialog.open()


AREA = Area(
    key="people",
    label=lambda: _("People"),
    factory=PeopleView,
    visible=lambda actor: actor.has(Role.VEILEDER, Role.LEADER),
    order=10,
)
