"""The klage steps: registering the person's complaint (against the three-week deadline) and recording
Statsforvalteren's outcome."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from navdesk.domain.case_codes import Outcome, code_label
from navdesk.domain.case_flow import (
    STATSFORVALTER_OUTCOMES,
    ComplaintDraft,
    ComplaintOutcome,
    Step,
    complaint_outcome_label,
)
from navdesk.i18n import _, format_date
from navdesk.services import applications
from navdesk.services.applications import CaseView
from navdesk.ui.cases.step_dialog import Operation, StepDialog
from navdesk.ui.context import UiContext
from navdesk.ui.setup.form import ERROR_STYLE, date_edit, from_qdate, hint


def _text_edit(height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class ComplaintDialog(StepDialog):
    """The person complains about the decision. A complaint after the deadline needs a note on why it is
    considered all the same (forvaltningsloven § 31)."""

    def __init__(self, ctx: UiContext, case: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, Step.COMPLAINT, _("Register complaint"),
                         _("The person complains about the decision of {date} ({outcome}). The complaint deadline is "
                           "three weeks from the decision (forvaltningsloven § 29).").format(
                               date=format_date(case.decided_on), outcome=case.outcome_label), parent)
        self.deadline = QLabel(format_date(case.complaint_deadline))
        self.deadline.setObjectName("complaintDeadline")
        self.received_on = date_edit(date.today())
        self.timing = QLabel()
        self.text = _text_edit(110)
        self.late_note = _text_edit(80)
        self.late_caption = QLabel(_("Why it is considered &all the same"))
        self.late_caption.setBuddy(self.late_note)
        self.late_box = self.errors.wrap("late_note", self.late_note)
        self.form.addRow(_("Complaint deadline"), self.deadline)
        self.form.addRow(_("Complaint &received"), self.errors.wrap("received_on", self.received_on))
        self.form.addRow("", self.timing)
        self.form.addRow(_("What the person &complains about"), self.errors.wrap("text", self.text))
        self.form.addRow(self.late_caption, self.late_box)
        self.received_on.dateChanged.connect(lambda _value: self._show_timing())
        self._show_timing()
        self.received_on.setFocus()

    def late(self) -> bool:
        deadline = self.case.complaint_deadline
        return deadline is not None and from_qdate(self.received_on.date()) > deadline

    def _show_timing(self) -> None:
        late = self.late()
        self.timing.setText(_("After the deadline: write why the complaint is considered all the same, or dismiss "
                              "it.") if late else _("Within the deadline."))
        self.timing.setStyleSheet(ERROR_STYLE if late else "")
        self.timing.setWordWrap(True)
        self.form.setRowVisible(self.late_box, late)

    def operation(self) -> Operation:
        db, actor, case_id, version = self.ctx.db, self.ctx.actor, self.case.id, self.case.version
        draft = ComplaintDraft(from_qdate(self.received_on.date()), self.text.toPlainText(),
                               self.late_note.toPlainText() if self.late() else "")
        return lambda: applications.register_complaint(db, actor, case_id, version, draft)


class ComplaintOutcomeDialog(StepDialog):
    """Statsforvalteren's answer to the complaint sent on."""

    def __init__(self, ctx: UiContext, case: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, Step.COMPLAINT_OUTCOME, _("Record Statsforvalteren's outcome"),
                         _("The complaint was sent to Statsforvalteren on {date}.").format(
                             date=format_date(case.sent_to_statsforvalteren_on)), parent)
        self.outcome = QComboBox()
        self.outcome.addItem(_("Choose…"), "")
        for outcome in STATSFORVALTER_OUTCOMES:
            self.outcome.addItem(complaint_outcome_label(outcome), outcome.value)
        self.on = date_edit(date.today())
        self.new_outcome = QComboBox()
        self.new_outcome.addItem(_("Choose…"), "")
        for decision in Outcome:
            self.new_outcome.addItem(code_label(decision), decision.value)
        self.new_outcome_box = self.errors.wrap("new_outcome", self.new_outcome)
        self.quashed_hint = hint(_("The case goes back to the office to be decided again, with a new processing "
                                   "deadline from the day it came back."))
        self.form.addRow(_("&Outcome"), self.errors.wrap("outcome", self.outcome))
        self.form.addRow(_("&Decided on"), self.errors.wrap("on", self.on))
        self.form.addRow(_("&Changed to"), self.new_outcome_box)
        self.form.addRow("", self.quashed_hint)
        self.outcome.currentIndexChanged.connect(lambda _index: self._show_choice())
        self._show_choice()
        self.outcome.setFocus()

    def chosen(self) -> ComplaintOutcome | None:
        value = self.outcome.currentData()
        return ComplaintOutcome(value) if value else None

    def _show_choice(self) -> None:
        chosen = self.chosen()
        self.form.setRowVisible(self.new_outcome_box, chosen is ComplaintOutcome.REVERSED)
        self.form.setRowVisible(self.quashed_hint, chosen is ComplaintOutcome.QUASHED)

    def unreadable(self) -> dict[str, str]:
        chosen = self.chosen()
        if chosen is None:
            return {"outcome": _("Choose Statsforvalteren's outcome.")}
        if chosen is ComplaintOutcome.REVERSED and not self.new_outcome.currentData():
            return {"new_outcome": _("Give the outcome Statsforvalteren changed the decision to.")}
        return {}

    def operation(self) -> Operation:
        db, actor, case_id, version = self.ctx.db, self.ctx.actor, self.case.id, self.case.version
        outcome = self.chosen()
        assert outcome is not None  # unreadable() stops the save without one
        new_value = self.new_outcome.currentData()
        new_outcome = Outcome(new_value) if new_value and outcome is ComplaintOutcome.REVERSED else None
        on = from_qdate(self.on.date())
        return lambda: applications.record_complaint_outcome(db, actor, case_id, version, outcome, on,
                                                             new_outcome=new_outcome)
