"""Handing a person over from the card: the "Hand over…" action and the card's Handovers tab.

The sender stays the veileder until the receiver accepts; the dialog and the tab say so while the
handover waits, and the tab keeps every earlier handover with its answer (a decline with its reason).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.codes import Role
from navdesk.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from navdesk.i18n import _
from navdesk.services import handovers
from navdesk.services.card_types import PersonCard
from navdesk.services.handovers import HandoverForm, HandoverItem
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.extensions import CardAction, CardTab
from navdesk.ui.people.card.widgets import RowsList, empty_state
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, hint
from navdesk.ui.team import handover_steps
from navdesk.ui.team.decline_dialog import DeclineDialog
from navdesk.ui.team.handover_text import proposed_text, status_text, waiting_text
from navdesk.ui.team.widgets import YesNo, field
from navdesk.ui.worker import show_error

if TYPE_CHECKING:
    from navdesk.ui.people.card.card_view import CardView

Loaded = tuple[tuple[HandoverItem, ...], tuple[tuple[uuid.UUID, str], ...]]
# A handover waiting for an answer: amber, like other things on the card that wait for someone.
WAITING_STYLE = "background: #fff5e6; color: #5c3200; border: 1px solid #f0b766; border-radius: 4px; padding: 8px 10px;"


def _open_one(items: tuple[HandoverItem, ...]) -> HandoverItem | None:
    return next((item for item in items if item.open), None)


class HandoverDialog(QDialog):
    """Propose a handover; while one waits for an answer, show it instead (and let the sender withdraw)."""

    def __init__(self, ctx: UiContext, person_id: uuid.UUID, person: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.waiting: HandoverItem | None = None
        self.saving = False
        self.loaded = False
        self.errors = FormErrors()
        self.setWindowTitle(_("Hand over"))
        self.setMinimumWidth(600)
        title = QLabel(_("Hand {person} over to another veileder").format(person=person))
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)

        self.waiting_text = QLabel()
        self.waiting_text.setObjectName("handoverWaiting")
        self.waiting_text.setStyleSheet(WAITING_STYLE)
        self.waiting_text.setWordWrap(True)
        self.withdraw_button = QPushButton(_("&Withdraw the handover"))
        self.withdraw_button.clicked.connect(self.withdraw)
        self.waiting_box = QWidget()
        waiting_layout = QVBoxLayout(self.waiting_box)
        waiting_layout.setContentsMargins(0, 0, 0, 0)
        waiting_layout.addWidget(self.waiting_text)
        withdraw_row = QHBoxLayout()
        withdraw_row.addWidget(self.withdraw_button)
        withdraw_row.addStretch(1)
        waiting_layout.addLayout(withdraw_row)

        self.receiver = QComboBox()
        self.receiver.setMinimumContentsLength(28)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(140)
        self.note.setPlaceholderText(_("What the receiver needs to know: the situation, what is agreed, "
                                       "what is due next."))
        self.agreed = YesNo(_("&Yes"), _("N&o"))
        self.form_box = QWidget()
        form = QFormLayout(self.form_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("&Receiver"), field(self.errors, "receiver_id", self.receiver))
        form.addRow(_("Transfer &note"), field(self.errors, "note", self.note))
        form.addRow(_("Was the change &agreed with the person?"), field(self.errors, "agreed_with_person",
                                                                        self.agreed))
        form.addRow("", hint(_("You stay the person's veileder until the receiver accepts. If the receiver does "
                               "not answer in time, you, the receiver and the leader are told.")))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.propose_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.propose_button.setText(_("&Propose handover"))
        self.propose_button.setEnabled(False)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        self.buttons.accepted.connect(self.propose)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, self.waiting_box, self.form_box, self.errors.general, self.buttons):
            layout.addWidget(widget)
        self.waiting_box.hide()
        self.form_box.setEnabled(False)
        self._load()

    def _load(self) -> None:
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id

        def load() -> Loaded:
            return handovers.person_handovers(db, actor, person_id), handovers.receivers(db, actor, person_id)

        self.ctx.worker.run(load, while_alive(self, self._loaded), while_alive(self, self._failed), parent=self)

    def _loaded(self, loaded: Loaded) -> None:
        items, receivers = loaded
        self.loaded = True
        self.waiting = _open_one(items)
        if self.waiting is not None:
            self.waiting_text.setText(waiting_text(self.waiting))
            self.withdraw_button.setVisible(handover_steps.may_withdraw(self.ctx, self.waiting))
            self.waiting_box.show()
            self.form_box.hide()
            self.propose_button.hide()
            self.cancel_button.setText(_("Close"))
            self.withdraw_button.setFocus()
            return
        self.receiver.clear()
        self.receiver.addItem(_("Choose who takes over…") if receivers else
                              _("Nobody else may be this person's veileder"), None)
        for staff_id, name in receivers:
            self.receiver.addItem(name, staff_id)
        self.form_box.setEnabled(True)
        self.propose_button.setEnabled(True)
        self.propose_button.setDefault(True)
        self.receiver.setFocus()

    def form(self) -> HandoverForm:
        return HandoverForm(self.receiver.currentData(), self.note.toPlainText(), self.agreed.value())

    def propose(self) -> None:
        if self.saving or not self.loaded or self.waiting is not None:
            return
        db, actor, person_id, form = self.ctx.db, self.ctx.actor, self.person_id, self.form()
        self.saving = True
        self.propose_button.setEnabled(False)
        self.ctx.worker.run(lambda: handovers.propose(db, actor, person_id, form),
                            while_alive(self, self._proposed), while_alive(self, self._failed),
                            changes="person", parent=self)

    def _proposed(self, _item: HandoverItem) -> None:
        self.saving = False
        self.accept()

    def withdraw(self) -> None:
        if self.waiting is not None:
            self.withdraw_button.setEnabled(False)
            handover_steps.withdraw(self.ctx, self.waiting, self, lambda _item: self.accept())

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.propose_button.setEnabled(self.loaded)
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        elif isinstance(error, NotAllowed | NotFound | Conflict):
            self.errors.show({"": error.message})
        else:
            show_error(self, error)


class HandoversPage(QWidget):
    """The card's Handovers tab: the one waiting for an answer (with the answers the user may give), then
    every earlier one. Loaded only while the tab is on screen."""

    def __init__(self, ctx: UiContext, view: CardView) -> None:
        super().__init__()
        self.ctx = ctx
        self.view = view
        self.person_id: uuid.UUID | None = None
        self.items: tuple[HandoverItem, ...] = ()
        self.waiting: HandoverItem | None = None
        self.decline_dialog: DeclineDialog | None = None
        self.loaded_for: uuid.UUID | None = None
        self._stale = False
        self._request = 0
        self.waiting_text = QLabel()
        self.waiting_text.setObjectName("handoverWaiting")
        self.waiting_text.setStyleSheet(WAITING_STYLE)
        self.waiting_text.setWordWrap(True)
        self.accept_button = QPushButton(_("Accept the handover"))
        self.accept_button.clicked.connect(self.accept_waiting)
        self.decline_button = QPushButton(_("Decline the handover…"))
        self.decline_button.clicked.connect(self.decline_waiting)
        self.withdraw_button = QPushButton(_("Withdraw the handover"))
        self.withdraw_button.clicked.connect(self.withdraw_waiting)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.decline_button, self.withdraw_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.history = RowsList([_("Proposed"), _("From"), _("To"), _("Answer"), _("Transfer note")])
        self.empty = empty_state(_("This person has not been handed over. To hand them over to a colleague, "
                                   "choose Actions → Hand over…"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.waiting_text)
        layout.addLayout(buttons)
        layout.addWidget(self.history, 1)
        layout.addWidget(self.empty)
        layout.addStretch(0)
        self._show_items(())

    def show_card(self, card: PersonCard) -> None:
        self.person_id = card.header.person_id
        self._stale = True
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._load()

    def _load(self) -> None:
        person_id = self.person_id
        if person_id is None:
            return
        self._stale = False
        self._request += 1
        request, db, actor = self._request, self.ctx.db, self.ctx.actor

        def show(items: tuple[HandoverItem, ...]) -> None:
            if request == self._request:
                self.loaded_for = person_id
                self._show_items(items)

        self.ctx.worker.run(lambda: handovers.person_handovers(db, actor, person_id), while_alive(self, show),
                            parent=self)

    def _show_items(self, items: tuple[HandoverItem, ...]) -> None:
        self.items = items
        self.waiting = _open_one(items)
        waiting = self.waiting
        self.waiting_text.setVisible(waiting is not None)
        self.waiting_text.setText(waiting_text(waiting) if waiting is not None else "")
        self.accept_button.setVisible(waiting is not None and handover_steps.may_answer(self.ctx, waiting))
        self.decline_button.setVisible(self.accept_button.isVisibleTo(self))
        self.withdraw_button.setVisible(waiting is not None and handover_steps.may_withdraw(self.ctx, waiting))
        for button in (self.accept_button, self.decline_button, self.withdraw_button):
            button.setEnabled(True)
        self.history.set_rows(
            ((proposed_text(item), item.sender, item.receiver, status_text(item), item.note), item) for item in items)
        self.history.setVisible(bool(items))
        self.empty.setVisible(not items)

    def accept_waiting(self) -> None:
        if self.waiting is not None:
            self.accept_button.setEnabled(False)
            handover_steps.accept(self.ctx, self.waiting, self, lambda _item: None)

    def decline_waiting(self) -> None:
        if self.waiting is not None:
            self.decline_dialog = handover_steps.decline(self.ctx, self.waiting, self)

    def withdraw_waiting(self) -> None:
        if self.waiting is not None:
            self.withdraw_button.setEnabled(False)
            handover_steps.withdraw(self.ctx, self.waiting, self, lambda _item: None)


def _hand_over(view: CardView, card: PersonCard) -> None:
    view.open_dialog(HandoverDialog(view.ctx, card.header.person_id, card.header.name, view))


def _may_hand_over(ctx: UiContext, card: PersonCard) -> bool:
    # Only in the user's own right: not while reading the card by emergency access.
    return ctx.actor.has(Role.VEILEDER, Role.LEADER) and not card.emergency


ACTIONS = (
    CardAction("hand_over", lambda: _("Hand o&ver…"), _hand_over, _may_hand_over, order=15),
)

TABS = (
    CardTab("handovers", lambda: _("Handovers"), HandoversPage, order=60),
)
