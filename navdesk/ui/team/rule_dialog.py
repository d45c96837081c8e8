"""One assignment rule: whom it takes (target group, birth-date days, employer) and where it routes them.

Every criterion left empty matches everyone. The days field is read as the user types and drawn as a
strip of days, so that "1-10, 21-31" can be checked at a glance; nothing is saved until the whole rule
is valid, and each problem is shown under its field.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.assignment import MAX_AGE, parse_days
from navdesk.domain.errors import Conflict, ValidationFailed
from navdesk.i18n import _
from navdesk.services import assignment
from navdesk.services.assignment import Chain, RuleDraft, RuleRow
from navdesk.services.team_desk import OfficeSetup
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import CheckList, FormErrors, hint, select_data
from navdesk.ui.team.day_strip import DayStrip
from navdesk.ui.team.widgets import field
from navdesk.ui.worker import show_error

NO_AGE = -1  # the spin box's lowest value, shown as "any"
CHANGES = "assignment_rules"


def _age_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(NO_AGE, MAX_AGE)
    box.setSpecialValueText(_("any"))
    box.setValue(NO_AGE)
    box.setSuffix(_(" years"))
    return box


def _age(box: QSpinBox) -> int | None:
    return None if box.value() == NO_AGE else box.value()


class RuleDialog(QDialog):
    saved = Signal(object)  # the chain after the save

    def __init__(self, ctx: UiContext, setup: OfficeSetup, rule: RuleRow | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setup = setup
        self.rule = rule
        self.saving = False
        self.errors = FormErrors()
        self.setWindowTitle(_("New assignment rule") if rule is None else _("Edit assignment rule"))
        self.setMinimumWidth(960)

        self.name = QLineEdit()
        self.name.setMaxLength(assignment.NAME_MAX)
        self.active = QCheckBox(_("In &use"))
        self.active.setChecked(True)
        self.min_age = _age_box()
        self.max_age = _age_box()
        self.services = CheckList(rows_visible=6)
        # CheckList hands back whatever it was given per item: here the service codes.
        self.services.set_choices((s.code, s.name) for s in setup.services)  # type: ignore[misc]
        self.municipalities = CheckList(rows_visible=4)
        self.municipalities.set_choices((m.id, m.label) for m in setup.municipalities)
        self.employers = QPlainTextEdit()
        self.employers.setTabChangesFocus(True)
        self.employers.setFixedHeight(self.employers.fontMetrics().lineSpacing() * 3 + 14)
        self.days = QLineEdit()
        self.days.setPlaceholderText(_("e.g. 1-10, 21-31"))
        self.day_strip = DayStrip(per_row=16)
        self.days_problem = QLabel()
        self.team = QComboBox()
        self.team.addItem(_("No team"), None)
        for team in setup.teams:
            self.team.addItem(team.label, team.id)
        self.staff = QComboBox()
        self.staff.addItem(_("No veileder — the team holds them"), None)
        for staff in setup.staff:
            self.staff.addItem(staff.label, staff.id)

        top = QFormLayout()
        name_row = QHBoxLayout()
        name_row.addWidget(field(self.errors, "name", self.name), 1)
        name_row.addWidget(self.active)
        top.addRow(_("&Name"), name_row)
        name_label = top.labelForField(name_row)
        if isinstance(name_label, QLabel):
            name_label.setBuddy(self.name)

        who = QGroupBox(_("Target group"))
        who_form = QFormLayout(who)
        who_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # the lists get the whole width
        ages = QHBoxLayout()
        ages.addWidget(field(self.errors, "min_age", self.min_age))
        ages.addWidget(QLabel(_("to")))
        ages.addWidget(field(self.errors, "max_age", self.max_age))
        ages.addStretch(1)
        who_form.addRow(_("A&ge"), ages)
        age_label = who_form.labelForField(ages)
        if isinstance(age_label, QLabel):
            age_label.setBuddy(self.min_age)
        who_form.addRow(_("Se&rvices (any of them)"), field(self.errors, "service_codes", self.services))
        who_form.addRow(_("&Lives in"), field(self.errors, "municipality_ids", self.municipalities))
        who_form.addRow(_("&Employer (one per line)"), field(self.errors, "employers", self.employers))
        who_form.addRow("", hint(_("Leave a criterion empty to take everyone. The employer is the one on the "
                                   "person's sick leave.")))

        days = QGroupBox(_("Birth-date days (datofordeling)"))
        days_form = QVBoxLayout(days)
        days_caption = QLabel(_("&Days of the month"))
        days_caption.setBuddy(self.days)
        days_form.addWidget(days_caption)
        days_form.addWidget(field(self.errors, "birth_days", self.days))
        days_form.addWidget(self.day_strip)
        days_form.addWidget(hint(_("The day of the month the person was born. Empty: every day.")))

        target = QGroupBox(_("Routes to"))
        target_form = QFormLayout(target)
        target_form.addRow(_("&Team"), field(self.errors, "team_id", self.team))
        target_form.addRow(_("&Veileder"), field(self.errors, "staff_id", self.staff))
        target_form.addRow("", hint(_("The veileder gets the person only where they may have them; otherwise "
                                      "the team holds the person until a veileder accepts.")))

        right = QVBoxLayout()
        right.addWidget(days)
        right.addWidget(target)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(who, 1)
        columns.addLayout(right, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

        self.days.textChanged.connect(self._days_changed)
        if rule is not None:
            self._fill(rule.draft)
        self._days_changed(self.days.text())
        self.name.setFocus()

    def _fill(self, draft: RuleDraft) -> None:
        self.name.setText(draft.name)
        self.active.setChecked(draft.active)
        self.min_age.setValue(NO_AGE if draft.min_age is None else draft.min_age)
        self.max_age.setValue(NO_AGE if draft.max_age is None else draft.max_age)
        self.services.check_exactly(draft.service_codes)  # type: ignore[arg-type]
        self.municipalities.check_exactly(draft.municipality_ids)
        self.employers.setPlainText("\n".join(draft.employers))
        self.days.setText(draft.birth_days)
        select_data(self.team, draft.team_id, fallback=0)
        select_data(self.staff, draft.staff_id, fallback=0)

    def _days_changed(self, text: str) -> None:
        try:
            self.day_strip.show_chosen(parse_days(text))
        except ValueError:
            return  # the strip keeps the last valid days; the message comes with the save

    def draft(self) -> RuleDraft:
        codes: set[str] = {str(code) for code in self.services.checked()}
        return RuleDraft(
            name=self.name.text(), team_id=self.team.currentData(), staff_id=self.staff.currentData(),
            min_age=_age(self.min_age), max_age=_age(self.max_age), service_codes=frozenset(codes),
            municipality_ids=frozenset(self.municipalities.checked()), birth_days=self.days.text(),
            employers=tuple(line.strip() for line in self.employers.toPlainText().splitlines() if line.strip()),
            active=self.active.isChecked(),
        )

    def save(self) -> None:
        if self.saving:
            return
        db, actor, rule, office_id, draft = self.ctx.db, self.ctx.actor, self.rule, self.setup.office_id, self.draft()

        def operation() -> Chain:
            if rule is None:
                return assignment.create_rule(db, actor, office_id, draft)
            return assignment.update_rule(db, actor, rule.id, rule.version, draft)

        self.saving = True
        self.save_button.setEnabled(False)
        self.ctx.worker.run(operation, while_alive(self, self._saved), while_alive(self, self._failed),
                            changes=CHANGES, parent=self)

    def _saved(self, chain: Chain) -> None:
        self.saving = False
        self.saved.emit(chain)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        elif isinstance(error, Conflict):
            self.errors.show({"": error.message})
        else:
            show_error(self, error)

