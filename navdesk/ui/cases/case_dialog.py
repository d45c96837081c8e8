"""One municipal application on screen: where it stands, its dates and deadlines, and the next steps.

Every step the workflow allows now is a button; the steps that need more than a click open their own
form over this dialog. Reading the case is logged like any other read; a reader who may not see it gets
the withheld marker and nothing of its content.
"""

from __future__ import annotations

import uuid
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.case_codes import CaseStatus
from navdesk.domain.case_flow import ACTIVITY_CONDITION_SERVICES, CHILD_ASSESSMENT_SERVICES, ComplaintOutcome, Step
from navdesk.domain.deadlines import DueKind, due_kind_label
from navdesk.domain.errors import Conflict, NotAllowed
from navdesk.i18n import _, format_date, ngettext
from navdesk.services import applications
from navdesk.services.applications import CaseView, DueLine
from navdesk.ui.cases.complaint_dialogs import ComplaintDialog, ComplaintOutcomeDialog
from navdesk.ui.cases.decision_dialog import DecisionDialog, outcome_caption
from navdesk.ui.cases.step_dialog import DatedStepDialog, StepDialog
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import CARD_STYLE
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import hint
from navdesk.ui.worker import show_error

CASE_STYLE = CARD_STYLE + """
QLabel#caseStatus {
    background: #e6f0fa; color: #00347d; border: 1px solid #99c2e8; border-radius: 9px; padding: 2px 10px;
    font-weight: 600;
}
QLabel#caseNotice { background: #fff5e6; color: #7a4100; border: 1px solid #f0b766; border-radius: 4px;
    padding: 6px 10px; }
"""
OVERDUE_COLOUR = "#c30000"
FINAL_OUTCOMES = frozenset({ComplaintOutcome.UPHELD, ComplaintOutcome.REVERSED, ComplaintOutcome.DISMISSED})

def _step_label(step: Step) -> str:
    labels = {
        Step.START: _("&Start processing"),
        Step.INTERIM_REPLY: _("Send &interim reply…"),
        Step.DECIDE: _("&Decide…"),
        Step.COMPLAINT: _("Register &complaint…"),
        Step.OFFICE_REVERSAL: _("C&hange the decision…"),
        Step.SEND_TO_STATSFORVALTEREN: _("Send to Stats&forvalteren…"),
        Step.COMPLAINT_OUTCOME: _("Record &outcome…"),
    }
    return labels[step]


class Facts(QGroupBox):
    """A titled group of label → value rows; a row without a value is hidden."""

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__(title)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        for key, caption in rows:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.form.addRow(caption, value)

    def set(self, key: str, text: str, *, rich: bool = False) -> None:
        label = self.values[key]
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        label.setText(text)
        self.form.setRowVisible(label, bool(text))


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _deadline(on: date | None, due: dict[str, DueLine], kind: DueKind, extra: str = "") -> str:
    """The date as rich text; while the deadline engine has it open, how long is left (red once passed)."""
    if on is None:
        return ""
    text = escape(format_date(on))
    line = due.get(due_kind_label(kind))
    if line is not None and line.due_on == on:
        days = (on - date.today()).days
        if line.overdue:
            state = _("overdue")
        elif days == 0:
            state = _("due today")
        else:
            state = ngettext("{count} day left", "{count} days left", days).format(count=days)
        colour = f' style="color:{OVERDUE_COLOUR};font-weight:600"' if line.overdue else ""
        text += f" — <span{colour}>{escape(state)}</span>"
    return text + (f" — {escape(extra)}" if extra else "")


class CaseDialog(QDialog):
    def __init__(self, ctx: UiContext, case_id: uuid.UUID, parent: QWidget | None = None, *,
                 person_name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.case: CaseView | None = None
        self.step_dialog: StepDialog | None = None
        self.busy = False
        self.setStyleSheet(CASE_STYLE)
        self.setWindowTitle(_("Application"))
        self.resize(980, 640)

        self.heading = QLabel(_("Application"))
        self.heading.setObjectName("dialogTitle")
        self.subheading = QLabel(person_name)
        self.status = QLabel()
        self.status.setObjectName("caseStatus")
        self.status.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        self.notice = QLabel()
        self.notice.setObjectName("caseNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.withheld = QLabel()
        self.withheld.setObjectName("withheld")
        self.withheld.setWordWrap(True)
        self.withheld.hide()
        self.loading = hint(_("Reading the application…"))

        self.application = Facts(_("Application"), [
            ("received", _("Received")), ("form", _("Form")), ("text", _("Applied for"))])
        self.deadlines = Facts(_("Dates and deadlines"), [
            ("processing_deadline", _("Processing deadline")), ("interim_reply", _("Interim reply")),
            ("complaint_deadline", _("Complaint deadline")), ("complaint_handling", _("Complaint to prepare by"))])
        self.decision = Facts(_("Decision"), [
            ("outcome", _("Outcome")), ("decided_on", _("Decided")), ("legal_basis", _("Legal basis")),
            ("reasons", _("Reasons")), ("period", _("Period")), ("children_assessed", _("Children's needs assessed")),
            ("activity_condition", _("Activity condition (§ 20 a)")), ("kvp_considered", _("KVP considered first"))])
        self.complaint = Facts(_("Complaint"), [
            ("received", _("Received")), ("text", _("Complains about")), ("late_note", _("Considered late because")),
            ("sent", _("Sent to Statsforvalteren")), ("outcome", _("Outcome"))])
        left = QVBoxLayout()
        left.addWidget(self.application)
        left.addWidget(self.deadlines)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.decision)
        right.addWidget(self.complaint)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.steps_caption = QLabel(_("Next step"))
        self.steps_caption.setObjectName("stepsCaption")
        self.step_buttons: dict[Step, QPushButton] = {}
        steps_row = QHBoxLayout()
        steps_row.addWidget(self.steps_caption)
        for step in Step:
            button = QPushButton(_step_label(step))
            button.clicked.connect(lambda _checked=False, s=step: self.take(s))
            button.hide()
            self.step_buttons[step] = button
            steps_row.addWidget(button)
        steps_row.addStretch(1)
        self.steps_note = hint("")
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(columns, 1)
        content_layout.addLayout(steps_row)
        content_layout.addWidget(self.steps_note)
        self.content.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.subheading)
        for widget in (self.notice, self.withheld, self.loading):
            layout.addWidget(widget)
        layout.addWidget(self.content, 1)
        layout.addWidget(self.buttons)
        self.reload()

    # Reading ----------------------------------------------------------------------------------------

    def reload(self) -> None:
        db, actor, case_id = self.ctx.db, self.ctx.actor, self.case_id
        self.ctx.worker.run(lambda: applications.application(db, actor, case_id), while_alive(self, self._read),
                            while_alive(self, self._refused), parent=self)

    def _read(self, case: CaseView) -> None:
        self.show_case(case)
        if self.step_dialog is not None:
            self.step_dialog.rebase(case)

    def _refused(self, error: BaseException) -> None:
        if not isinstance(error, NotAllowed):
            show_error(self, error)
            return
        self.case = None
        self.loading.hide()
        self.content.hide()
        self.status.hide()
        self.withheld.setText(_("Municipal information — no access. {reason}").format(reason=error.message))
        self.withheld.show()

    def show_case(self, case: CaseView) -> None:
        self.case = case
        self.loading.hide()
        self.withheld.hide()
        self.content.show()
        title = _("{service} — {municipality}").format(service=case.service, municipality=case.municipality)
        self.heading.setText(title)
        self.setWindowTitle(_("Application: {title}").format(title=title))
        self.status.setText(case.status_label)
        self.status.show()
        self._show_application(case)
        self._show_deadlines(case)
        self._show_decision(case)
        self._show_complaint(case)
        self._show_steps(case)

    def _show_application(self, case: CaseView) -> None:
        self.application.set("received", format_date(case.received_on))
        self.application.set("form", _("Oral") if case.oral else _("Written"))
        self.application.set("text", case.text)

    def _show_deadlines(self, case: CaseView) -> None:
        due = {line.label: line for line in case.due}
        sent = (_("sent {date}").format(date=format_date(case.interim_reply_sent_on))
                if case.interim_reply_sent_on else "")
        in_time = ""
        if case.complaint_in_time is not None:
            in_time = _("complaint received in time") if case.complaint_in_time else _("complaint received late")
        self.deadlines.set("processing_deadline", _deadline(case.processing_deadline, due, DueKind.PROCESSING),
                           rich=True)
        self.deadlines.set("interim_reply", _deadline(case.interim_reply_due, due, DueKind.INTERIM_REPLY, sent),
                           rich=True)
        self.deadlines.set("complaint_deadline",
                           _deadline(case.complaint_deadline, due, DueKind.COMPLAINT_DEADLINE, in_time), rich=True)
        self.deadlines.set("complaint_handling",
                           _deadline(case.complaint_handling_due, due, DueKind.COMPLAINT_HANDLING), rich=True)

    def _show_decision(self, case: CaseView) -> None:
        if case.decided_on is None:
            for key in self.decision.values:
                self.decision.set(key, "")
            self.decision.set("outcome", _("Not decided yet."))
            return
        period = ""
        if case.starts_on is not None:
            period = (_("{start} to {end}").format(start=format_date(case.starts_on), end=format_date(case.ends_on))
                      if case.ends_on else _("from {start}").format(start=format_date(case.starts_on)))
        self.decision.set("outcome", outcome_caption(case))
        self.decision.set("decided_on", format_date(case.decided_on))
        self.decision.set("legal_basis", case.legal_basis)
        self.decision.set("reasons", case.reasons)
        self.decision.set("period", period)
        children = case.service_code in CHILD_ASSESSMENT_SERVICES
        activity = case.service_code in ACTIVITY_CONDITION_SERVICES
        self.decision.set("children_assessed", _yes_no(case.children_assessed) if children else "")
        self.decision.set("activity_condition", _yes_no(case.activity_condition) if activity else "")
        self.decision.set("kvp_considered", _yes_no(case.kvp_considered) if activity else "")

    def _show_complaint(self, case: CaseView) -> None:
        received = case.complaint_received_on is not None
        self.complaint.setVisible(received)
        if not received:
            return
        timing = ""
        if case.complaint_in_time is not None:
            timing = _("in time") if case.complaint_in_time else _("after the deadline")
        self.complaint.set("received", f"{format_date(case.complaint_received_on)} ({timing})" if timing
                           else format_date(case.complaint_received_on))
        self.complaint.set("text", case.complaint_text)
        self.complaint.set("late_note", case.complaint_late_note)
        self.complaint.set("sent", format_date(case.sent_to_statsforvalteren_on))
        outcome = ""
        if case.complaint_outcome is not None:
            outcome = _("{outcome}, {date}").format(outcome=case.complaint_outcome_label,
                                                    date=format_date(case.complaint_decided_on))
        self.complaint.set("outcome", outcome)

    def _show_steps(self, case: CaseView) -> None:
        for step, button in self.step_buttons.items():
            button.setVisible(case.can_change and step in case.steps)
            button.setEnabled(not self.busy)
        possible = case.can_change and bool(case.steps)
        self.steps_caption.setVisible(possible)
        if not case.can_change and case.steps:
            note = _("You may read this application, but not handle it.")
        elif case.status is CaseStatus.APPEALED and case.sent_to_statsforvalteren_on is not None:
            note = _("Waiting for Statsforvalteren's decision on the complaint.")
        elif not case.steps and case.complaint_outcome in FINAL_OUTCOMES:
            note = _("Statsforvalteren has decided the complaint: the case is settled.")
        else:
            note = ""
        self.steps_note.setText(note)
        self.steps_note.setVisible(bool(note))
        first = next((self.step_buttons[step] for step in Step if step in case.steps and case.can_change), None)
        if first is not None and not self.busy:
            first.setFocus()

    # Steps ------------------------------------------------------------------------------------------

    def take(self, step: Step) -> None:
        """Take a step on the case shown: at once for starting, otherwise through the step's form."""
        case = self.case
        if case is None or self.busy or step not in case.steps:
            return
        if step is Step.START:
            self._start(case)
            return
        dialog: StepDialog
        if step in (Step.DECIDE, Step.OFFICE_REVERSAL):
            dialog = DecisionDialog(self.ctx, case, step, self)
        elif step is Step.COMPLAINT:
            dialog = ComplaintDialog(self.ctx, case, self)
        elif step is Step.COMPLAINT_OUTCOME:
            dialog = ComplaintOutcomeDialog(self.ctx, case, self)
        else:
            dialog = DatedStepDialog(self.ctx, case, step, self)
        self.step_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._stepped)
        dialog.conflicted.connect(self.reload)
        dialog.destroyed.connect(lambda *_args: self._forget(dialog))
        self.notice.hide()
        dialog.show()

    def _forget(self, dialog: StepDialog) -> None:
        if self.step_dialog is dialog:
            self.step_dialog = None

    def _stepped(self, case: CaseView) -> None:
        self.notice.hide()
        self.show_case(case)

    def _start(self, case: CaseView) -> None:
        db, actor, case_id, version = self.ctx.db, self.ctx.actor, case.id, case.version
        self._set_busy(True)
        self.ctx.worker.run(lambda: applications.start_processing(db, actor, case_id, version),
                            while_alive(self, self._started), while_alive(self, self._start_failed),
                            changes="person", parent=self)

    def _started(self, case: CaseView) -> None:
        self._set_busy(False)
        self._stepped(case)

    def _start_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, Conflict | NotAllowed):
            self.notice.setText(error.message + " " + _("The application has been read again: here is how it "
                                                        "stands now."))
            self.notice.show()
            self.reload()
        else:
            show_error(self, error)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in self.step_buttons.values():
            button.setEnabled(not busy)
