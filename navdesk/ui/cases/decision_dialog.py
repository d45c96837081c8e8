"""The vedtak form: outcome, legal basis, reasons, the period and amount of a grant, and the checks the
supervisory authorities look for. The same form changes a decision after a complaint (the office agrees
with the person)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.case_codes import Outcome, code_label
from navdesk.domain.case_flow import (
    ACTIVITY_CONDITION_SERVICES,
    CHILD_ASSESSMENT_SERVICES,
    GRANTING,
    LEGAL_BASIS_MAX,
    MONEY_SERVICES,
    DecisionDraft,
    Step,
)
from navdesk.i18n import _, format_date, format_money, locale
from navdesk.services import applications
from navdesk.services.applications import CaseView
from navdesk.ui.cases.step_dialog import Operation, StepDialog
from navdesk.ui.context import UiContext
from navdesk.ui.setup.form import OptionalDate, date_edit, from_qdate, hint

# Written after an amount in Norwegian ("4 500 kr", "4 500,-"); the number is what is left.
_CURRENCY_MARKS = ("kr.", "kr", "nok", ",-")


def read_amount(text: str) -> Decimal | None:
    """The amount typed in the user's language ("12 500,50"), None when empty; ValueError when unreadable."""
    cleaned = text.strip().lower()
    for mark in _CURRENCY_MARKS:
        cleaned = cleaned.replace(mark, "")
    cleaned = cleaned.strip()
    if not cleaned:
        return None
    try:
        return parse_decimal(cleaned, locale=locale())
    except NumberFormatError as error:
        raise ValueError(text) from error


class DecisionDialog(StepDialog):
    """Decide the application (`step` DECIDE) or change the decision after a complaint (OFFICE_REVERSAL)."""

    def __init__(self, ctx: UiContext, case: CaseView, step: Step = Step.DECIDE,
                 parent: QWidget | None = None) -> None:
        changing = step is Step.OFFICE_REVERSAL
        title = _("Change the decision") if changing else _("Decide the application")
        intro = (_("The office agrees with the complaint, wholly or in part, and makes a new decision itself. "
                   "The complaint is then settled and not sent on.") if changing
                 else _("{service}, received {date}.").format(service=case.service,
                                                               date=format_date(case.received_on)))
        super().__init__(ctx, case, step, title, intro, parent)
        self.setMinimumWidth(640)
        service = case.service_code
        self.outcome = QComboBox()
        self.outcome.addItem(_("Choose…"), "")
        for outcome in Outcome:
            self.outcome.addItem(code_label(outcome), outcome.value)
        self.decided_on = date_edit(date.today())
        self.legal_basis = QLineEdit(case.legal_basis if changing and case.legal_basis else case.suggested_legal_basis)
        self.legal_basis.setMaxLength(LEGAL_BASIS_MAX)
        self.reasons = QPlainTextEdit()
        self.reasons.setTabChangesFocus(True)
        self.reasons.setFixedHeight(110)
        self.starts_on = date_edit(date.today())
        self.ends_on = OptionalDate(_("&Until"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(format_money(Decimal("4500")))
        self.amount.setMaximumWidth(200)

        self.form.addRow(_("&Outcome"), self.errors.wrap("outcome", self.outcome))
        self.form.addRow(_("&Decision date"), self.errors.wrap("decided_on", self.decided_on))
        self.form.addRow(_("&Legal basis"), self.errors.wrap("legal_basis", self.legal_basis))
        self.reasons_box = self.errors.wrap("reasons", self.reasons)
        self.form.addRow(_("&Reasons"), self.reasons_box)
        self.form.addRow("", hint(_("Every decision that does not grant in full must give its reasons "
                                    "(forvaltningsloven § 24).")))
        self.period_box = QWidget()
        period_row = QHBoxLayout(self.period_box)
        period_row.setContentsMargins(0, 0, 0, 0)
        period_row.addWidget(self.errors.wrap("starts_on", self.starts_on), 0, Qt.AlignmentFlag.AlignTop)
        period_row.addWidget(self.errors.wrap("ends_on", self.ends_on), 1, Qt.AlignmentFlag.AlignTop)
        self.form.addRow(_("Granted &from"), self.period_box)
        self.amount_box = self.errors.wrap("amount", self.amount)
        self.form.addRow(_("&Amount"), self.amount_box)

        checks = QGroupBox(_("Checks the supervisory authorities look for"))
        checks_layout = QVBoxLayout(checks)
        self.children_assessed = QCheckBox(_("The needs of &children in the household are assessed"))
        self.activity_condition = QCheckBox(_("Set an acti&vity condition (sosialtjenesteloven § 20 a)"))
        self.kvp_considered = QCheckBox(_("The &qualification programme (KVP) has been considered first"))
        self.children_box = self.errors.wrap("children_assessed", self.children_assessed)
        self.activity_box = self.errors.wrap("activity_condition", self.activity_condition)
        self.kvp_box = self.errors.wrap("kvp_considered", self.kvp_considered)
        for box in (self.children_box, self.activity_box, self.kvp_box):
            checks_layout.addWidget(box)
        self.children_box.setVisible(service in CHILD_ASSESSMENT_SERVICES)
        self.kvp_box.setVisible(service in ACTIVITY_CONDITION_SERVICES)
        self.checks = checks
        checks.setVisible(service in CHILD_ASSESSMENT_SERVICES | ACTIVITY_CONDITION_SERVICES)
        self.layout_.insertWidget(self.layout_.indexOf(self.errors.general), checks)
        self.outcome.currentIndexChanged.connect(lambda _index: self._show_outcome())
        self._show_outcome()
        self.outcome.setFocus()

    def chosen(self) -> Outcome | None:
        value = self.outcome.currentData()
        return Outcome(value) if value else None

    def granting(self) -> bool:
        return self.chosen() in GRANTING

    def _show_outcome(self) -> None:
        granting = self.granting()
        service = self.case.service_code
        self.form.setRowVisible(self.period_box, granting)
        self.form.setRowVisible(self.amount_box, granting and service in MONEY_SERVICES)
        self.activity_box.setVisible(granting and service in ACTIVITY_CONDITION_SERVICES)

    def unreadable(self) -> dict[str, str]:
        if self.amount_shown():
            try:
                read_amount(self.amount.text())
            except ValueError:
                return {"amount": _("Write the amount as a number, for example {example}.").format(
                    example=format_money(Decimal("4500.50")))}
        return {}

    def amount_shown(self) -> bool:
        return self.granting() and self.case.service_code in MONEY_SERVICES

    def draft(self) -> DecisionDraft:
        granting = self.granting()
        service = self.case.service_code
        return DecisionDraft(
            outcome=self.outcome.currentData(),
            decided_on=from_qdate(self.decided_on.date()),
            legal_basis=self.legal_basis.text(),
            reasons=self.reasons.toPlainText(),
            starts_on=from_qdate(self.starts_on.date()) if granting else None,
            ends_on=self.ends_on.value() if granting else None,
            children_assessed=service in CHILD_ASSESSMENT_SERVICES and self.children_assessed.isChecked(),
            activity_condition=(granting and service in ACTIVITY_CONDITION_SERVICES
                                and self.activity_condition.isChecked()),
            kvp_considered=service in ACTIVITY_CONDITION_SERVICES and self.kvp_considered.isChecked(),
            amount=read_amount(self.amount.text()) if self.amount_shown() else None,
        )

    def operation(self) -> Operation:
        db, actor, case_id, version = self.ctx.db, self.ctx.actor, self.case.id, self.case.version
        draft = self.draft()
        if self.step is Step.OFFICE_REVERSAL:
            return lambda: applications.change_decision(db, actor, case_id, version, draft)
        return lambda: applications.decide(db, actor, case_id, version, draft)


def outcome_caption(case: CaseView) -> str:
    """The outcome as the case dialog shows it, with the amount of a grant."""
    if case.amount is None:
        return case.outcome_label
    return _("{outcome}: {amount}").format(outcome=case.outcome_label, amount=format_money(case.amount))
