"""Registering a consent (parties, data, dates, form, purpose) and withdrawing one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.access_types import DataKind
from navdesk.domain.case_codes import ConsentForm, code_label
from navdesk.domain.codes import Side, label
from navdesk.domain.errors import ValidationFailed
from navdesk.i18n import _, format_date
from navdesk.services import consents
from navdesk.services.card_types import ConsentItem
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import ready_to_save_again, save_on_ctrl_enter
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import CheckList, FormErrors, OptionalDate, date_edit, from_qdate, hint
from navdesk.ui.worker import show_error


class _SaveDialog(QDialog):
    """Save and Cancel, saving once through the worker, errors beside their fields."""

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saving = False
        self.errors = FormErrors()
        self.setWindowTitle(title)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        save_on_ctrl_enter(self, self.save)

    def save(self) -> None:
        raise NotImplementedError

    def first_field(self) -> QWidget:
        """Where the cursor goes back to after a failed save that named no field."""
        raise NotImplementedError

    def run(self, operation: Callable[[], object]) -> None:
        if self.saving:
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.ctx.worker.run(operation, while_alive(self, self._saved), while_alive(self, self._failed),
                            changes="person", parent=self)

    def _saved(self, _result: object) -> None:
        self.saving = False
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        else:
            show_error(self, error)
        ready_to_save_again(self, self.save_button, self.first_field())


class ConsentDialog(_SaveDialog):
    def __init__(self, ctx: UiContext, person_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Register consent"), parent)
        self.person_id = person_id
        self.loaded = False
        self.resize(900, 600)
        self.save_button.setText(_("&Register"))
        self.save_button.setEnabled(False)

        self.to_state = QCheckBox(_("The &state side (NAV)"))
        self.municipalities = CheckList(rows_visible=6)
        self.staff = CheckList(rows_visible=9)
        self.sides = {side: QCheckBox(label(side)) for side in (Side.STATE, Side.MUNICIPAL)}
        self.services = CheckList(rows_visible=8)
        self.kinds = CheckList(rows_visible=8)
        for check_list in (self.municipalities, self.staff, self.services, self.kinds):
            # Fixed: otherwise the form hands the dialog's spare height to the captions between the lists.
            check_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.given_on = date_edit(date.today())
        self.valid_until = OptionalDate(_("Expires"))
        self.written = QRadioButton(code_label(ConsentForm.WRITTEN))
        self.oral = QRadioButton(code_label(ConsentForm.ORAL))
        self.written.setChecked(True)
        self.purpose = QPlainTextEdit()
        self.purpose.setTabChangesFocus(True)
        self.purpose.setMaximumHeight(64)

        who = QGroupBox(_("Who may read"))
        who_layout = QVBoxLayout(who)
        who_layout.addWidget(self.to_state)
        who_layout.addWidget(QLabel(_("The municipal side of:")))
        who_layout.addWidget(self.municipalities)
        who_layout.addWidget(QLabel(_("Named staff:")))
        who_layout.addWidget(self.staff)
        who_layout.addStretch(1)

        sides = QHBoxLayout()
        for box in self.sides.values():
            sides.addWidget(box)
        sides.addStretch(1)
        sides_box = QWidget()
        sides_box.setLayout(sides)
        sides.setContentsMargins(0, 0, 0, 0)
        what = QGroupBox(_("What they may read"))
        what_layout = QVBoxLayout(what)
        what_layout.addWidget(self.errors.wrap("sides", sides_box, self.sides[Side.STATE]))
        what_layout.addWidget(QLabel(_("Services:")))
        what_layout.addWidget(self.errors.wrap("service_codes", self.services))
        what_layout.addWidget(hint(_("Tick none to include every service of the chosen sides.")))
        what_layout.addWidget(QLabel(_("Kinds of data:")))
        what_layout.addWidget(self.kinds)
        what_layout.addWidget(hint(_("Tick none to include every kind of data.")))
        what_layout.addStretch(1)

        form_kind = QWidget()
        form_layout = QHBoxLayout(form_kind)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.written)
        form_layout.addWidget(self.oral)
        form_layout.addStretch(1)
        when = QHBoxLayout()
        for caption, field in ((_("&Given"), self.errors.wrap("given_on", self.given_on)),
                               (_("Expiry"), self.errors.wrap("valid_until", self.valid_until)),
                               (_("Form"), self.errors.wrap("form", form_kind, self.written))):
            label_ = QLabel(caption)
            label_.setBuddy(field)
            when.addWidget(label_, 0, Qt.AlignmentFlag.AlignTop)
            when.addWidget(field, 0, Qt.AlignmentFlag.AlignTop)
            when.addSpacing(12)
        when.addStretch(1)
        purpose = QFormLayout()
        purpose.addRow(_("&Purpose"), self.errors.wrap("purpose", self.purpose))

        columns = QHBoxLayout()
        columns.addWidget(self.errors.wrap("parties", who, self.to_state), 1)
        columns.addWidget(what, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(when)
        layout.addLayout(purpose)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        db, actor = ctx.db, ctx.actor
        ctx.worker.run(lambda: consents.consent_choices(db, actor, person_id), while_alive(self, self._fill),
                       parent=self)

    def first_field(self) -> QWidget:
        return self.to_state

    def _fill(self, choices: consents.ConsentChoices) -> None:
        self.municipalities.set_choices((uuid.UUID(c.key), c.label) for c in choices.municipalities)
        self.staff.set_choices((uuid.UUID(c.key), c.label) for c in choices.staff)
        self.services.set_choices((c.key, c.label) for c in choices.services)  # type: ignore[misc]
        self.kinds.set_choices((c.key, c.label) for c in choices.kinds)  # type: ignore[misc]
        self.loaded = True
        self.save_button.setEnabled(True)
        self.to_state.setFocus()

    def draft(self) -> consents.ConsentInput:
        return consents.ConsentInput(
            given_on=from_qdate(self.given_on.date()),
            valid_until=self.valid_until.value(),
            form=(ConsentForm.ORAL if self.oral.isChecked() else ConsentForm.WRITTEN).value,
            purpose=self.purpose.toPlainText(),
            sides=frozenset(side for side, box in self.sides.items() if box.isChecked()),
            to_state=self.to_state.isChecked(),
            to_municipality_ids=frozenset(self.municipalities.checked()),
            to_staff_ids=frozenset(self.staff.checked()),
            service_codes=frozenset(str(code) for code in self.services.checked()),
            kinds=frozenset(DataKind(str(kind)) for kind in self.kinds.checked()),
        )

    def save(self) -> None:
        if not self.loaded:
            return
        db, actor, person_id, draft = self.ctx.db, self.ctx.actor, self.person_id, self.draft()
        self.run(lambda: consents.register_consent(db, actor, person_id, draft))


class WithdrawConsentDialog(_SaveDialog):
    def __init__(self, ctx: UiContext, consent: ConsentItem, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Withdraw consent"), parent)
        self.consent = consent
        self.save_button.setText(_("&Withdraw"))
        text = QLabel(_("The consent given {date} to {parties} stops applying from the day of withdrawal.").format(
            date=format_date(consent.given_on), parties="; ".join(consent.parties)))
        text.setWordWrap(True)
        self.withdrawn_on = date_edit(date.today())
        form = QFormLayout()
        form.addRow(_("Withdrawn &on"), self.errors.wrap("withdrawn_on", self.withdrawn_on))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.withdrawn_on.setFocus()

    def first_field(self) -> QWidget:
        return self.withdrawn_on

    def save(self) -> None:
        db, actor, consent_id = self.ctx.db, self.ctx.actor, self.consent.consent_id
        withdrawn_on = from_qdate(self.withdrawn_on.date())
        self.run(lambda: consents.withdraw_consent(db, actor, consent_id, withdrawn_on))
