"""Choosing a person by typing part of their name or fødselsnummer: the booking form's person field.

The matches come from the same search as the People area, so only people the user may find are offered.
Down moves from the text into the matches, Enter (or a click) chooses one; typing again starts over. The
list keeps its place in the form, so that the fields below do not jump while the user types.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from navdesk.i18n import _, format_date, ngettext
from navdesk.services import search
from navdesk.services.search import PersonRow, SearchResult
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import hint

MATCHES_SHOWN = 8
TYPING_PAUSE_MS = 250


def only_visible_text() -> str:
    return _("Only people you may see are found.")


class _QueryEdit(QLineEdit):
    down = Signal()
    enter = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.choosing = False  # while matches wait for a choice, Enter chooses rather than saving the form

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.choosing:
            self.enter.emit()
        else:
            super().keyPressEvent(event)


class _Matches(QListWidget):
    chosen = Signal(QListWidgetItem)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.chosen.emit(self.currentItem())
        else:
            super().keyPressEvent(event)


class PersonPicker(QWidget):
    chosen = Signal(object)  # the person's uuid, or None when the choice is undone

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id: uuid.UUID | None = None
        self.person_name = ""
        self._request = 0
        self.query = _QueryEdit()
        self.query.setObjectName("personQuery")
        self.query.setPlaceholderText(_("Type a name or a fødselsnummer"))
        self.query.setClearButtonEnabled(True)
        self.matches = _Matches()
        self.matches.setObjectName("personMatches")
        self.matches.setFixedHeight(self.fontMetrics().height() * 4 + 14)
        self.status = hint("")
        self.status.setWordWrap(False)  # one short line; a wrapping label would make the form guess its height
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_PAUSE_MS)
        self.timer.timeout.connect(self._search)
        self.query.textEdited.connect(self._typed)
        self.query.down.connect(self._into_matches)
        self.query.enter.connect(self._choose_only_match)
        self.matches.chosen.connect(self._choose)
        self.matches.itemClicked.connect(self._choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.query)
        layout.addWidget(self.matches)
        layout.addWidget(self.status)
        self.setFocusProxy(self.query)
        self.status.setText(only_visible_text())

    def _typed(self, _text: str) -> None:
        if self.person_id is not None:
            self.person_id, self.person_name = None, ""
            self.chosen.emit(None)
        self.query.choosing = bool(self.query.text().strip())
        self.timer.start()

    def _search(self) -> None:
        text = self.query.text().strip()
        self._request += 1
        request, db, actor = self._request, self.ctx.db, self.ctx.actor
        if not text:
            self._show(SearchResult(text, (), 0, False, too_short=True))
            return

        def done(result: SearchResult) -> None:
            if request == self._request:
                self._show(result)

        self.ctx.worker.run(lambda: search.search_people(db, actor, text, limit=MATCHES_SHOWN,
                                                         first_page=MATCHES_SHOWN),
                            while_alive(self, done), parent=self)

    def _show(self, result: SearchResult) -> None:
        self.matches.clear()
        for row in result.rows:
            item = QListWidgetItem(self._describe(row))
            item.setData(Qt.ItemDataRole.UserRole, (row.id, row.name))
            self.matches.addItem(item)
        self.query.choosing = bool(result.rows)
        if result.rows:
            self.matches.setCurrentRow(0)
        if result.too_short:
            message = only_visible_text()
        elif not result.rows:
            message = _("Nobody you may see matches. Check the spelling or type less.")
        elif result.truncated:
            message = _("More people match: type more to narrow the list.")
        else:
            message = ngettext("{count} person found. Press Down to choose.",
                               "{count} people found. Press Down to choose.", len(result.rows)).format(
                count=len(result.rows))
        self.status.setText(message)
        self.status.setVisible(bool(message))

    @staticmethod
    def _describe(row: PersonRow) -> str:
        return " · ".join(part for part in (row.name, format_date(row.birth_date), row.municipality) if part)

    def _into_matches(self) -> None:
        if self.matches.count():
            self.matches.setFocus()

    def _choose_only_match(self) -> None:
        if self.matches.count() == 1:
            self._choose(self.matches.item(0))
        else:
            self._into_matches()

    def _choose(self, item: QListWidgetItem) -> None:
        person_id, name = item.data(Qt.ItemDataRole.UserRole)
        self.person_id, self.person_name = person_id, name
        self.query.setText(name)
        self.query.choosing = False
        self.status.setText(_("Chosen: {name}").format(name=name))
        self.status.show()
        self.chosen.emit(person_id)
        self.focusNextChild()

