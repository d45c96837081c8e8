"""Conflicts of interest (inhabilitet) for one person: the leader lists, registers and ends them.

A conflicted staff member no longer finds the person, cannot open their card and cannot be given them.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navdesk.i18n import _, format_datetime
from navdesk.services import consents
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.save_dialog import SaveDialog
from navdesk.ui.people.card.widgets import RowsList, empty_state
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import hint

Loaded = tuple[tuple[consents.ConflictItem, ...], consents.ConsentChoices]


class ConflictDialog(SaveDialog):
    def __init__(self, ctx: UiContext, person_id: uuid.UUID, person_name: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Conflicts of interest — {name}").format(name=person_name), _("&Register"), parent)
        self.person_id = person_id
        self.resize(820, 520)
        self.cancel_button.setText(_("Close"))
        self.list = RowsList([_("Staff member"), _("Reason"), _("Registered by"), _("Registered"), _("Ended")])
        self.empty = empty_state(_("No conflicts of interest are registered for this person. Register one below "
                                   "when a staff member must not work with them."))
        self.end_button = QPushButton(_("&End conflict…"))
        self.end_button.clicked.connect(self.end_current)
        self.list.currentItemChanged.connect(lambda *_args: self._update_end_button())
        end_row = QHBoxLayout()
        end_row.addWidget(self.end_button)
        end_row.addStretch(1)

        self.staff = QComboBox()
        self.reason = QLineEdit()
        self.reason.setMaxLength(consents.REASON_MAX)
        self.reason.setPlaceholderText(_("For example: close family, neighbour, former colleague"))
        register = QGroupBox(_("Register a conflict of interest"))
        form = QFormLayout(register)
        self.add_row(form, _("&Staff member"), "staff_id", self.staff)
        self.add_row(form, _("R&eason"), "reason", self.reason)

        layout = QVBoxLayout(self)
        layout.addWidget(hint(_("A staff member marked as conflicted can no longer find or open this person and "
                                "cannot be given them. Ending the conflict gives the access back.")))
        # One of the two is shown, and takes the spare height.
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.list, 1)
        layout.addLayout(end_row)
        layout.addWidget(register)
        self.finish(layout)
        self.save_button.setEnabled(False)
        self.end_button.setEnabled(False)
        self._load()

    def _load(self) -> None:
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id

        def load() -> Loaded:
            return (consents.list_conflicts(db, actor, person_id),
                    consents.consent_choices(db, actor, person_id))

        self.ctx.worker.run(load, while_alive(self, self._show), while_alive(self, self.failed), parent=self)

    def _show(self, loaded: Loaded) -> None:
        conflicts, choices = loaded
        self.list.set_rows(
            ((item.staff, item.reason, item.registered_by, format_datetime(item.registered_at),
              format_datetime(item.ended_at) if item.ended_at else ""), item)
            for item in conflicts)
        self.list.setVisible(bool(conflicts))
        self.end_button.setVisible(bool(conflicts))
        self.empty.setVisible(not conflicts)
        chosen = self.staff.currentData()
        self.staff.clear()
        self.staff.addItem(_("Choose a staff member"), None)
        for choice in choices.staff:
            self.staff.addItem(choice.label, uuid.UUID(choice.key))
        self.staff.setCurrentIndex(max(self.staff.findData(chosen), 0) if chosen else 0)
        self.save_button.setEnabled(True)
        self._update_end_button()
        (self.list if conflicts else self.staff).setFocus()

    def current(self) -> consents.ConflictItem | None:
        item = self.list.current_value()
        return item if isinstance(item, consents.ConflictItem) else None

    def _update_end_button(self) -> None:
        item = self.current()
        self.end_button.setEnabled(item is not None and item.ended_at is None)

    def save(self) -> None:
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id
        staff_id, reason = self.staff.currentData(), self.reason.text()
        if staff_id is None:  # the service needs someone to check the rest against
            missing = {"staff_id": _("Choose the staff member who has the conflict.")}
            if not reason.strip():
                missing["reason"] = _("This field is required.")
            self.errors.show(missing)
            return
        self.run(lambda: consents.register_conflict(db, actor, person_id, staff_id, reason))

    def saved(self, _result: Any) -> None:
        self.errors.clear()
        self.reason.clear()
        self.staff.setCurrentIndex(0)
        self._load()

    def end_current(self) -> None:
        item = self.current()
        if item is None or item.ended_at is not None or self.saving:
            return
        answer = QMessageBox.question(
            self, _("End conflict of interest"),
            _("End the conflict of interest for {name}? They can then find and be given this person again.").format(
                name=item.staff))
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.run(lambda: consents.end_conflict(db, actor, item.conflict_id))
