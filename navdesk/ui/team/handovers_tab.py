"""Handovers: what waits for my answer, what I proposed, and (leaders) every overdue one at my offices.

The receiver reads the transfer note beside the list before accepting or declining. Overdue rows are
tinted red. Enter on a row opens the person's card.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.codes import Role
from navdesk.i18n import _
from navdesk.services import handovers
from navdesk.services.handovers import HandoverItem, HandoverOverview
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.row_model import Column
from navdesk.ui.team import handover_steps
from navdesk.ui.team.decline_dialog import DeclineDialog
from navdesk.ui.team.handover_text import agreed_text, due_text, proposed_text
from navdesk.ui.team.widgets import RowList

Handovers = RowList[HandoverItem]


def _overdue(item: HandoverItem) -> bool:
    return item.overdue


class HandoversTab(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.loaded = False
        self._stale = True
        self.decline_dialog: DeclineDialog | None = None
        self.leader = ctx.actor.has(Role.LEADER)

        self.incoming: Handovers = RowList([
            Column(lambda: _("Person"), lambda i: i.person),
            Column(lambda: _("From"), lambda i: i.sender),
            Column(lambda: _("Proposed"), proposed_text),
            Column(lambda: _("Answer due"), due_text),
            Column(lambda: _("Agreed with the person"), agreed_text),
        ], _("Nobody is waiting for your answer to a handover."), flagged=_overdue)
        self.outgoing: Handovers = RowList([
            Column(lambda: _("Person"), lambda i: i.person),
            Column(lambda: _("To"), lambda i: i.receiver),
            Column(lambda: _("Proposed"), proposed_text),
            Column(lambda: _("Answer due"), due_text),
        ], _("You have no handovers waiting for an answer. Hand a person over from their card: "
             "Actions → Hand over…"), flagged=_overdue)
        self.overdue: Handovers = RowList([
            Column(lambda: _("Person"), lambda i: i.person),
            Column(lambda: _("From"), lambda i: i.sender),
            Column(lambda: _("To"), lambda i: i.receiver),
            Column(lambda: _("Answer due"), due_text),
        ], _("No handover at your offices is overdue."), flagged=_overdue)

        self.accept_button = QPushButton(_("&Accept"))
        self.accept_button.setToolTip(_("You become the person's veileder; the sender's contact ends today."))
        self.accept_button.clicked.connect(self.accept_current)
        self.decline_button = QPushButton(_("&Decline…"))
        self.decline_button.clicked.connect(self.decline_current)
        self.withdraw_button = QPushButton(_("&Withdraw"))
        self.withdraw_button.clicked.connect(lambda: self.withdraw_current(self.outgoing))
        self.withdraw_overdue_button = QPushButton(_("Withdraw &overdue"))
        self.withdraw_overdue_button.clicked.connect(lambda: self.withdraw_current(self.overdue))

        self.incoming_box = self._box(self.incoming, [self.accept_button, self.decline_button])
        self.outgoing_box = self._box(self.outgoing, [self.withdraw_button])
        self.overdue_box = self._box(self.overdue, [self.withdraw_overdue_button])
        self.overdue_box.setVisible(self.leader)
        self._note_source = self.incoming

        self.note_title = QLabel(_("Transfer note"))
        self.note_title.setObjectName("sectionTitle")
        self.note = QPlainTextEdit()
        self.note.setReadOnly(True)
        self.note.setPlaceholderText(_("Choose a handover to read its transfer note."))
        self.status = QLabel()
        self.status.setWordWrap(True)
        note_panel = QWidget()
        note_layout = QVBoxLayout(note_panel)
        note_layout.setContentsMargins(0, 0, 0, 0)
        note_layout.addWidget(self.note_title)
        note_layout.addWidget(self.note, 1)
        note_layout.addWidget(self.status)

        lists = QSplitter(Qt.Orientation.Vertical)
        for box in (self.incoming_box, self.outgoing_box, self.overdue_box):
            lists.addWidget(box)
        lists.setChildrenCollapsible(False)
        splitter = QSplitter()
        splitter.addWidget(lists)
        splitter.addWidget(note_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for rows in (self.incoming, self.outgoing, self.overdue):
            rows.activated.connect(lambda item: self.ctx.open_person(item.person_id))
            rows.current_changed.connect(lambda rows=rows: self._current_moved(rows))
        self.setFocusProxy(self.incoming)
        ctx.worker.changed.connect(while_alive(self, lambda _what: self._changed()))
        self._update_buttons()

    @staticmethod
    def _box(rows: Handovers, buttons: list[QPushButton]) -> QGroupBox:
        box = QGroupBox()
        layout = QVBoxLayout(box)
        layout.addWidget(rows, 1)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # --- loading --------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: handovers.overview(db, actor), while_alive(self, self._show), parent=self)

    def _show(self, overview: HandoverOverview) -> None:
        for rows, box, items, title in (
            (self.incoming, self.incoming_box, overview.incoming, _("Waiting for your answer ({count})")),
            (self.outgoing, self.outgoing_box, overview.outgoing, _("Proposed by you, not yet answered ({count})")),
            (self.overdue, self.overdue_box, overview.overdue_at_my_offices, _("Overdue at your offices ({count})")),
        ):
            current = rows.current()
            rows.set_rows(items, keep=(lambda i, c=current: c is not None and i.id == c.id))
            box.setTitle(title.format(count=len(items)))
        self.loaded = True
        self._show_note()
        self._update_buttons()

    # --- acting ---------------------------------------------------------------------------------------

    def _current_moved(self, rows: Handovers) -> None:
        # The note follows the list the user works in; a refresh keeps showing that list's note.
        if rows.table.hasFocus():
            self._note_source = rows
        if rows is self._note_source:
            self._show_note()
        self._update_buttons()

    def _show_note(self) -> None:
        # An empty list has nothing to read: then the first list that has a handover speaks.
        sources = [self._note_source, self.incoming, self.outgoing, self.overdue]
        item = next((rows.current() for rows in sources if rows.current() is not None), None)
        if item is None:
            self.note_title.setText(_("Transfer note"))
            self.note.clear()
        else:
            self.note_title.setText(_("Transfer note: {person}").format(person=item.person))
            self.note.setPlainText(item.note)

    def _update_buttons(self) -> None:
        incoming = self.incoming.current()
        self.accept_button.setEnabled(incoming is not None)
        self.decline_button.setEnabled(incoming is not None)
        self.withdraw_button.setEnabled(self.outgoing.current() is not None)
        self.withdraw_overdue_button.setEnabled(self.overdue.current() is not None)

    def accept_current(self) -> None:
        item = self.incoming.current()
        if item is not None and handover_steps.may_answer(self.ctx, item):
            self.accept_button.setEnabled(False)
            handover_steps.accept(self.ctx, item, self, self._accepted)

    def _accepted(self, item: HandoverItem) -> None:
        self.status.setText(_("You are now {person}'s veileder.").format(person=item.person))

    def decline_current(self) -> None:
        item = self.incoming.current()
        if item is not None and handover_steps.may_answer(self.ctx, item):
            self.decline_dialog = handover_steps.decline(self.ctx, item, self)

    def withdraw_current(self, rows: Handovers) -> None:
        item = rows.current()
        if item is not None and handover_steps.may_withdraw(self.ctx, item):
            handover_steps.withdraw(self.ctx, item, self, self._withdrawn)

    def _withdrawn(self, item: HandoverItem) -> None:
        self.status.setText(_("The handover of {person} was withdrawn.").format(person=item.person))
