"""What every step form of a case shares: saving through the worker, errors next to their fields, and a
clear word when someone else changed the case meanwhile; plus the forms of the steps that need only a date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from navdesk.domain.case_flow import Step, step_refusal
from navdesk.domain.errors import Conflict, NotAllowed, ValidationFailed
from navdesk.i18n import _, format_date
from navdesk.services import applications
from navdesk.services.applications import CaseView
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, date_edit, from_qdate
from navdesk.ui.worker import show_error

Operation = Callable[[], CaseView]


def fit_height(dialog: QWidget) -> None:
    """Grow the dialog to show messages that just appeared: a word-wrapped label needs more height than the
    layout asks for when it is measured, so without this the message would cover its field."""
    layout = dialog.layout()
    if layout is None:
        return
    needed = (layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth()
              else layout.totalSizeHint().height())
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


def show_errors(dialog: QWidget, errors: FormErrors, messages: dict[str, str]) -> None:
    errors.show(messages)
    QTimer.singleShot(0, dialog, lambda: fit_height(dialog))


class StepDialog(QDialog):
    """One step of a case. Subclasses lay out their fields in `self.form` and build the operation."""

    saved = Signal(object)  # the CaseView after the step
    conflicted = Signal()  # the case changed elsewhere: the case dialog reads it again and calls `rebase`

    def __init__(self, ctx: UiContext, case: CaseView, step: Step, title: str, intro: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = case
        self.step = step
        self.saving = False
        self.errors = FormErrors()
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        heading = QLabel(title)
        heading.setObjectName("dialogTitle")
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(heading)
        self.layout_.addWidget(self.intro)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.errors.general)
        self.layout_.addWidget(self.buttons)

    def operation(self) -> Operation:
        """The service call with the form's values, read here on the GUI thread."""
        raise NotImplementedError

    def unreadable(self) -> dict[str, str]:
        """What the form cannot even hand to the service (nothing chosen, an amount that is not a number)."""
        return {}

    def save(self) -> None:
        if self.saving:
            return
        unreadable = self.unreadable()
        if unreadable:
            show_errors(self, self.errors, unreadable)
            return
        work = self.operation()
        self.saving = True
        self.save_button.setEnabled(False)
        self.ctx.worker.run(work, while_alive(self, self._saved), while_alive(self, self._failed),
                            changes="person", parent=self)

    def _saved(self, view: CaseView) -> None:
        self.saving = False
        self.saved.emit(view)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.save_button.setDefault(True)  # disabling it while saving handed Enter to Cancel
        if isinstance(error, ValidationFailed):
            show_errors(self, self.errors, error.errors)
        elif isinstance(error, Conflict):
            show_errors(self, self.errors, {"": error.message + " " + _(
                "It has been read again behind this form: check what changed, then save again or cancel.")})
            self.conflicted.emit()
        elif isinstance(error, NotAllowed):
            show_errors(self, self.errors, {"": error.message})
        else:
            show_error(self, error)

    def rebase(self, case: CaseView) -> None:
        """The case as it stands now, after a conflict: save on top of it, if the step is still possible."""
        self.case = case
        if self.step not in case.steps:
            self.save_button.setEnabled(False)
            show_errors(self, self.errors, {"": step_refusal(case.status, self.step)})


class DatedStepDialog(StepDialog):
    """A step that records only the day it happened: the interim reply sent, the complaint sent on."""

    def __init__(self, ctx: UiContext, case: CaseView, step: Step, parent: QWidget | None = None) -> None:
        due = (" " + _("Due by {date}.").format(date=format_date(case.interim_reply_due))
               if case.interim_reply_due else "")
        texts = {
            Step.INTERIM_REPLY: (
                _("Send interim reply"),
                _("An interim reply (forvaltningsloven § 11 a) tells the person why the application takes time and "
                  "when they can expect an answer.") + due,
                _("&Reply sent on")),
            Step.SEND_TO_STATSFORVALTEREN: (
                _("Send the complaint to Statsforvalteren"),
                _("The office upholds its decision: the complaint, the decision and the case documents go to "
                  "Statsforvalteren, who decides the complaint."),
                _("Sent &on")),
        }
        title, intro, caption = texts[step]
        super().__init__(ctx, case, step, title, intro, parent)
        self.on = date_edit(date.today())
        self.form.addRow(caption, self.errors.wrap("on", self.on))
        self.on.setFocus()

    def operation(self) -> Operation:
        db, actor, case_id, version = self.ctx.db, self.ctx.actor, self.case.id, self.case.version
        on = from_qdate(self.on.date())
        if self.step is Step.INTERIM_REPLY:
            return lambda: applications.send_interim_reply(db, actor, case_id, version, on)
        return lambda: applications.send_to_statsforvalteren(db, actor, case_id, version, on)
