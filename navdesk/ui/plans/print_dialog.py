"""Printing a plan from the card (Ctrl+Shift+P): the activity plan for the person to read and sign, an
individual plan, a KVP plan or the minutes of an ansvarsgruppe meeting, in bokmål, nynorsk or English.

When the person has KVP activities the reader may print, the activity plan asks — as NAV's own print
does — whether to leave them out, include them or print only them. The PDF is made and saved on the
worker; the services leave out what the reader may not print and log every print.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.errors import UserError
from navdesk.i18n import _, current_language, format_date
from navdesk.services import individual_plans, plan_prints, plans
from navdesk.services.card_types import PersonCard
from navdesk.services.plan_prints import KvpPrint
from navdesk.services.plan_types import PlanOverview, PrintedPlan
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.extensions import CardAction
from navdesk.ui.plans.ip_page import plan_choice_label
from navdesk.ui.plans.kvp_page import programme_label
from navdesk.ui.plans.plan_form import ChoiceBox, button
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import ErrorLabel, hint
from navdesk.ui.worker import show_error

if TYPE_CHECKING:
    from navdesk.ui.people.card.card_view import CardView

LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
ACTIVITY_PLAN, INDIVIDUAL_PLAN, KVP_PLAN, MINUTES = "plan", "ip", "kvp", "minutes"
# The file names the services suggest, so a saved print is recognisable whatever the screen language.
FILE_NAMES = {ACTIVITY_PLAN: "aktivitetsplan", INDIVIDUAL_PLAN: "individuell-plan", KVP_PLAN: "kvp-plan",
              MINUTES: "referat-ansvarsgruppe"}
LATEST = "latest"


@dataclass(frozen=True)
class PrintChoices:
    """What the person has that the reader may print, read once when the dialog opens."""

    overview: PlanOverview
    has_kvp_activities: bool
    meetings: tuple[tuple[uuid.UUID, str], ...]  # newest first


def print_choices(ctx: UiContext, person_id: uuid.UUID) -> PrintChoices:
    """Worker thread: the plans and meetings to choose from."""
    db, actor = ctx.db, ctx.actor
    overview = plans.plan_overview(db, actor, person_id)
    meetings: list[tuple[date, uuid.UUID, str]] = []
    for summary in overview.ansvarsgrupper:
        if summary.last_meeting_on is None:
            continue
        group = individual_plans.get_ansvarsgruppe(db, actor, summary.group_id)
        meetings += [(meeting.held_on, meeting.meeting_id, _("{date}, {group}").format(
            date=format_date(meeting.held_on), group=group.name) + (f" ({meeting.place})" if meeting.place else ""))
            for meeting in group.meetings]
    meetings.sort(key=lambda entry: entry[0], reverse=True)
    return PrintChoices(overview, plan_prints.has_kvp_activities(db, actor, person_id),
                        tuple((meeting_id, text) for _held, meeting_id, text in meetings))


class PrintDialog(QDialog):
    def __init__(self, ctx: UiContext, card: PersonCard, parent: QWidget | None = None, *,
                 meeting_id: uuid.UUID | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = card.header.person_id
        self.wanted_meeting = meeting_id
        self.choices: PrintChoices | None = None
        self.saved_to: Path | None = None
        self.printing = False
        self._named_by_user = False
        self.setWindowTitle(_("Print plan — {name}").format(name=card.header.name))
        self.setMinimumWidth(680)

        self.what = QGroupBox(_("What to print"))
        grid = QGridLayout(self.what)
        self.kind = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        self.plan = ChoiceBox()
        self.programme = ChoiceBox()
        self.meeting = ChoiceBox()
        for row, (key, text, chooser) in enumerate((
                (ACTIVITY_PLAN, _("The &activity plan, for the person to read and sign"), None),
                (INDIVIDUAL_PLAN, _("The &individual plan"), self.plan),
                (KVP_PLAN, _("The &KVP plan"), self.programme),
                (MINUTES, _("Ansvarsgruppe &minutes"), self.meeting))):
            radio = QRadioButton(text)
            self.kind.addButton(radio)
            self.kind_buttons[key] = radio
            if chooser is None:
                grid.addWidget(radio, row, 0, 1, 2)
            else:
                grid.addWidget(radio, row, 0)
                grid.addWidget(chooser, row, 1)
            radio.toggled.connect(lambda _on: self._kind_changed())
        grid.setColumnStretch(1, 1)

        self.kvp_box = QGroupBox(_("The person has KVP activities. Print them?"))
        kvp_layout = QVBoxLayout(self.kvp_box)
        self.kvp = QButtonGroup(self)
        self.kvp_buttons: dict[KvpPrint, QRadioButton] = {}
        for value, text in plan_prints.kvp_print_choices():
            radio = QRadioButton(text)
            self.kvp.addButton(radio)
            self.kvp_buttons[KvpPrint(value)] = radio
            kvp_layout.addWidget(radio)
        self.kvp_error = ErrorLabel()
        kvp_layout.addWidget(self.kvp_error)
        self.kvp_box.hide()

        self.language = ChoiceBox()
        self.language.set_choices(LANGUAGE_NAMES.items(), current_language())
        self.path = QLineEdit()
        self.path.textEdited.connect(self._path_edited)
        browse = button(_("&Browse…"), self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        settings = QGridLayout()
        settings.addWidget(hint(_("Language")), 0, 0)
        settings.addWidget(self.language, 0, 1)
        settings.addWidget(hint(_("Save as")), 1, 0)
        settings.addLayout(file_row, 1, 1)
        settings.setColumnStretch(1, 1)
        self.file_error = ErrorLabel()
        self.saved_label = hint("")
        self.saved_label.setObjectName("printResult")
        self.saved_label.hide()
        self.error = ErrorLabel()
        note = hint(_("The print leaves out what you may not see and never shows a protected address. Every "
                      "print is recorded in the person's access log."))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.print_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.print_button.setText(_("&Print to PDF"))
        self.print_button.setDefault(True)
        self.print_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.buttons.accepted.connect(self.print_plan)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(self.kvp_box)
        layout.addLayout(settings)
        layout.addWidget(self.file_error)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.buttons)
        self.kind_buttons[MINUTES if meeting_id else ACTIVITY_PLAN].setChecked(True)
        for widget in (self.what, self.kvp_box):
            widget.setEnabled(False)
        person_id = self.person_id
        ctx.worker.run(lambda: print_choices(ctx, person_id), while_alive(self, self._loaded),
                       while_alive(self, self._failed), parent=self)

    # Choosing ---------------------------------------------------------------------------------------

    def _loaded(self, choices: PrintChoices) -> None:
        self.choices = choices
        overview = choices.overview
        self.plan.set_choices((s.plan_id, plan_choice_label(s)) for s in overview.individual_plans)
        self.programme.set_choices((p.programme_id, programme_label(p)) for p in overview.kvp)
        self.meeting.set_choices([(LATEST, _("The latest meeting")), *choices.meetings],
                                 self.wanted_meeting or LATEST)
        for key, available in ((INDIVIDUAL_PLAN, overview.individual_plans), (KVP_PLAN, overview.kvp),
                               (MINUTES, choices.meetings)):
            self.kind_buttons[key].setEnabled(bool(available))
        self.plan.setEnabled(bool(overview.individual_plans))
        self.programme.setEnabled(bool(overview.kvp))
        self.meeting.setEnabled(bool(choices.meetings))
        if not self.kind_buttons[self.current_kind()].isEnabled():
            self.kind_buttons[ACTIVITY_PLAN].setChecked(True)
        self.what.setEnabled(True)
        self.kvp_box.setEnabled(True)
        self.print_button.setEnabled(True)
        self._kind_changed()
        self.kind_buttons[self.current_kind()].setFocus()

    def current_kind(self) -> str:
        return next(key for key, radio in self.kind_buttons.items() if radio.isChecked())

    def asks_kvp(self) -> bool:
        """The KVP question is asked for the activity plan only, and only when there is KVP content."""
        return (self.current_kind() == ACTIVITY_PLAN and self.choices is not None
                and self.choices.has_kvp_activities)

    def _kind_changed(self) -> None:
        self.kvp_box.setVisible(self.asks_kvp())
        if not self._named_by_user:
            folder = Path(self.path.text()).parent if self.path.text() else Path.home()
            name = f"{FILE_NAMES[self.current_kind()]}-{date.today().isoformat()}.pdf"
            self.path.setText(str(folder / name))
        self.adjustSize()

    def _path_edited(self, _text: str) -> None:
        self._named_by_user = True

    def browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the plan as"), self.path.text(),
                                                    _("PDF files (*.pdf)"))
        if path:
            self.path.setText(path)
            self._named_by_user = True

    # Printing ---------------------------------------------------------------------------------------

    def kvp_choice(self) -> KvpPrint | None:
        if not self.asks_kvp():
            return KvpPrint.EXCLUDE
        return next((value for value, radio in self.kvp_buttons.items() if radio.isChecked()), None)

    def print_plan(self) -> None:
        if self.printing or self.choices is None:
            return
        kvp = self.kvp_choice()
        self.kvp_error.show_message(_("Choose whether to print the KVP activities.") if kvp is None else None)
        text = self.path.text().strip()
        self.file_error.show_message(_("Choose where to save the PDF.") if not text else None)
        if kvp is None or not text:
            return
        target = Path(text if text.lower().endswith(".pdf") else text + ".pdf")
        kind, language = self.current_kind(), self.language.value()
        plan_id, programme_id, meeting = self.plan.value(), self.programme.value(), self.meeting.value()
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id

        def work() -> Path:
            printed: PrintedPlan
            if kind == INDIVIDUAL_PLAN:
                printed = plan_prints.print_individual_plan(db, actor, plan_id, language=language)
            elif kind == KVP_PLAN:
                printed = plan_prints.print_kvp_plan(db, actor, programme_id, language=language)
            elif kind == MINUTES:
                meeting_id = plan_prints.latest_meeting(db, actor, person_id) if meeting == LATEST else meeting
                printed = plan_prints.print_minutes(db, actor, meeting_id, language=language)
            else:
                printed = plan_prints.print_activity_plan(db, actor, person_id, kvp=kvp, language=language)
            try:
                target.write_bytes(printed.pdf)
            except OSError as error:
                raise UserError(_("The PDF could not be saved to {path}: {reason}").format(
                    path=target, reason=error.strerror or error)) from error
            return target

        self.printing = True
        self.print_button.setEnabled(False)
        self.error.show_message(None)
        self.saved_label.hide()
        self.ctx.worker.run(work, while_alive(self, self._printed), while_alive(self, self._failed), parent=self)

    def _printed(self, path: Path) -> None:
        self.printing = False
        self.print_button.setEnabled(True)
        self.saved_to = path
        self.saved_label.setText(_("Saved to {path}").format(path=path))
        self.saved_label.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()

    def _failed(self, error: BaseException) -> None:
        self.printing = False
        self.print_button.setEnabled(self.choices is not None)
        if isinstance(error, UserError):
            self.error.show_message(error.message)
        else:
            show_error(self, error)


def _print(view: CardView, card: PersonCard) -> None:
    view.open_dialog(PrintDialog(view.ctx, card, view))


ACTIONS = (CardAction("print_plan", lambda: _("Print &plan…"), _print, shortcut="Ctrl+Shift+P", order=20),)
