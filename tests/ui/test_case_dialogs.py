"""Municipal case handling on screen: kommune takes an oral application for a Gol resident from receipt to
Statsforvalteren's outcome, each step visible in the case dialog and on the card's Municipal side tab;
the supervisory checks stop a decision next to their field; stat never sees the case."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from card_people import GOL, resident, sign_in
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from navdesk.domain.case_codes import CaseStatus
from navdesk.domain.case_flow import ApplicationDraft, Step
from navdesk.i18n import format_date, format_money
from navdesk.services import applications
from navdesk.store.engine import Database
from navdesk.store.models import HouseholdMember
from navdesk.ui.cases.case_dialog import CaseDialog
from navdesk.ui.cases.complaint_dialogs import ComplaintDialog, ComplaintOutcomeDialog
from navdesk.ui.cases.decision_dialog import DecisionDialog
from navdesk.ui.cases.register_dialog import RegisterApplicationDialog
from navdesk.ui.cases.step_dialog import DatedStepDialog, StepDialog
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.setup.form import select_data
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")

OpenCard = Callable[[str, uuid.UUID], CardView]


@pytest.fixture
def workers() -> Iterator[list[DbWorker]]:
    made: list[DbWorker] = []
    yield made
    for worker in made:
        worker.shutdown()


@pytest.fixture
def open_card_as(qtbot: QtBot, demo_db: Database, workers: list[DbWorker]) -> OpenCard:
    def open_as(login: str, person_id: uuid.UUID) -> CardView:
        worker = DbWorker()
        workers.append(worker)
        view = CardView(UiContext(demo_db, worker, sign_in(demo_db, login), is_demo=True))
        qtbot.addWidget(view)
        view.resize(1100, 700)
        view.show()
        with qtbot.waitSignal(view.person_changed, timeout=10_000):
            view.show_person(person_id)
        qtbot.waitUntil(lambda: worker.idle)
        return view

    return open_as


def parent_of_children(db: Database) -> uuid.UUID:
    """The first Gol resident, with a child in the household: a decision must assess the child's needs."""
    person = resident(db, GOL)
    with db.session() as session:
        if session.scalar(select(HouseholdMember.id).where(HouseholdMember.person_id == person,
                                                           HouseholdMember.relation == "child").limit(1)) is None:
            session.add(HouseholdMember(person_id=person, relation="child", first_name="Ola",
                                        birth_date=date(2016, 5, 1)))
    return person


def case_row(view: CardView, case_id: uuid.UUID) -> QTreeWidgetItem | None:
    cases = view.municipal.cases
    for row in range(cases.topLevelItemCount()):
        item = cases.topLevelItem(row)
        if item.data(0, Qt.ItemDataRole.UserRole) == case_id:
            return item
    return None


def row_shows(view: CardView, case_id: uuid.UUID, column: int, text: str) -> bool:
    item = case_row(view, case_id)
    return item is not None and text in item.text(column)


STATUS, OUTCOME, RECEIVED, DEADLINE = 2, 3, 4, 6


def open_step(qtbot: QtBot, dialog: CaseDialog, step: Step) -> StepDialog:
    button = dialog.step_buttons[step]
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.step_dialog is not None
    return dialog.step_dialog


def save_and_wait(qtbot: QtBot, dialog: CaseDialog, form: StepDialog, status: str) -> None:
    form.save()
    qtbot.waitUntil(lambda: dialog.status.text() == status, timeout=10_000)


def registered_case(qtbot: QtBot, view: CardView) -> CaseDialog:
    """Register an oral application for økonomisk stønad through the card's action."""
    view.run_action("register_application")
    form = view.dialog
    assert isinstance(form, RegisterApplicationDialog)
    qtbot.waitUntil(lambda: form.fields.isEnabled(), timeout=10_000)
    assert form.municipality.currentText() == "Gol"  # the residence comes first
    select_data(form.service, "oko_stonad")
    form.oral.setChecked(True)
    form.save()
    qtbot.waitUntil(lambda: form.errors.label("text").isVisible())
    assert "oral application" in form.errors.label("text").text()
    qtbot.keyClicks(form.text, "Søker om penger til husleie for mars.")
    form.save()
    qtbot.waitUntil(lambda: isinstance(view.dialog, CaseDialog) and view.dialog.case is not None, timeout=10_000)
    dialog = view.dialog
    assert isinstance(dialog, CaseDialog)
    return dialog


def test_an_oral_application_goes_all_the_way_to_statsforvalteren(qtbot: QtBot, open_card_as: OpenCard,
                                                                   demo_db: Database) -> None:
    view = open_card_as("kommune", parent_of_children(demo_db))
    dialog = registered_case(qtbot, view)
    case = dialog.case
    assert case is not None and case.processing_deadline is not None
    assert dialog.status.text() == "Application received"
    assert dialog.application.values["form"].text() == "Oral"
    assert dialog.application.values["text"].text() == "Søker om penger til husleie for mars."
    assert format_date(case.processing_deadline) in dialog.deadlines.values["processing_deadline"].text()
    qtbot.waitUntil(lambda: row_shows(view, case.id, STATUS, "Application received"), timeout=10_000)
    assert row_shows(view, case.id, RECEIVED, "(oral)")

    qtbot.keyClick(dialog.step_buttons[Step.START], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.status.text() == "Being processed", timeout=10_000)
    assert not dialog.step_buttons[Step.START].isVisible()
    qtbot.waitUntil(lambda: row_shows(view, case.id, STATUS, "Being processed"), timeout=10_000)

    interim = open_step(qtbot, dialog, Step.INTERIM_REPLY)
    assert isinstance(interim, DatedStepDialog)
    interim.save()
    qtbot.waitUntil(lambda: "sent" in dialog.deadlines.values["interim_reply"].text(), timeout=10_000)
    assert not dialog.step_buttons[Step.INTERIM_REPLY].isVisible()

    decision = open_step(qtbot, dialog, Step.DECIDE)
    assert isinstance(decision, DecisionDialog)
    assert decision.legal_basis.text()  # suggested from the catalogue
    select_data(decision.outcome, "avslatt")
    assert not decision.period_box.isVisible() and not decision.amount_box.isVisible()
    decision.reasons.setPlainText("Inntekten er over satsen for en familie med ett barn.")
    decision.save()
    qtbot.waitUntil(lambda: decision.errors.label("children_assessed").isVisible(), timeout=10_000)
    assert "children" in decision.errors.label("children_assessed").text()
    assert decision.isVisible()
    assert applications.application(demo_db, view.ctx.actor, case.id).status is CaseStatus.IN_PROGRESS
    qtbot.mouseClick(decision.children_assessed, Qt.MouseButton.LeftButton)
    assert decision.children_assessed.isChecked()
    save_and_wait(qtbot, dialog, decision, "Decided")
    decided = dialog.case
    assert decided is not None and decided.complaint_deadline is not None
    assert dialog.decision.values["outcome"].text() == "Refused"
    assert dialog.decision.values["children_assessed"].text() == "Yes"
    assert timedelta(days=21) <= decided.complaint_deadline - date.today() <= timedelta(days=24)
    assert format_date(decided.complaint_deadline) in dialog.deadlines.values["complaint_deadline"].text()
    qtbot.waitUntil(lambda: row_shows(view, case.id, OUTCOME, "Refused"), timeout=10_000)
    assert row_shows(view, case.id, DEADLINE, format_date(decided.complaint_deadline))

    complaint = open_step(qtbot, dialog, Step.COMPLAINT)
    assert isinstance(complaint, ComplaintDialog)
    assert complaint.deadline.text() == format_date(decided.complaint_deadline)
    assert complaint.timing.text() == "Within the deadline."
    qtbot.keyClicks(complaint.text, "Husleien er ikke tatt med i beregningen.")
    save_and_wait(qtbot, dialog, complaint, "Complaint received")
    assert dialog.complaint.isVisible()
    assert "in time" in dialog.complaint.values["received"].text()
    assert dialog.step_buttons[Step.OFFICE_REVERSAL].isVisible()
    qtbot.waitUntil(lambda: row_shows(view, case.id, STATUS, "Complaint received"), timeout=10_000)

    send = open_step(qtbot, dialog, Step.SEND_TO_STATSFORVALTEREN)
    send.save()
    qtbot.waitUntil(lambda: dialog.complaint.values["sent"].text() == format_date(date.today()), timeout=10_000)
    assert dialog.steps_note.text() == "Waiting for Statsforvalteren's decision on the complaint."
    assert not dialog.step_buttons[Step.OFFICE_REVERSAL].isVisible()

    outcome = open_step(qtbot, dialog, Step.COMPLAINT_OUTCOME)
    assert isinstance(outcome, ComplaintOutcomeDialog)
    outcome.save()
    assert outcome.errors.label("outcome").isVisible()  # nothing chosen: nothing sent to be saved
    select_data(outcome.outcome, "stadfestet")
    save_and_wait(qtbot, dialog, outcome, "Decided")
    assert dialog.complaint.values["outcome"].text() == f"Upheld (stadfestet), {format_date(date.today())}"
    assert not any(button.isVisible() for button in dialog.step_buttons.values())  # Statsforvalteren's is final
    assert dialog.steps_note.text() == "Statsforvalteren has decided the complaint: the case is settled."
    qtbot.waitUntil(lambda: row_shows(view, case.id, STATUS, "Decided"), timeout=10_000)


def test_enter_on_a_case_in_the_municipal_tab_opens_it(qtbot: QtBot, open_card_as: OpenCard,
                                                       demo_db: Database) -> None:
    view = open_card_as("kommune", resident(demo_db, GOL))
    view.tabs.setCurrentWidget(view.municipal)
    cases = view.municipal.cases
    assert cases.topLevelItemCount() > 0
    cases.setCurrentItem(cases.topLevelItem(0))
    cases.setFocus()
    qtbot.keyClick(cases.viewport(), Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, CaseDialog)
    assert dialog.case_id == cases.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole)
    qtbot.waitUntil(lambda: dialog.case is not None, timeout=10_000)
    assert dialog.heading.text().startswith(cases.topLevelItem(0).text(1))


def test_state_staff_cannot_open_the_case(qtbot: QtBot, open_card_as: OpenCard, demo_db: Database,
                                          workers: list[DbWorker]) -> None:
    person = resident(demo_db, GOL)
    case = applications.register(demo_db, sign_in(demo_db, "kommune"), person,
                                 ApplicationDraft("oko_stonad", date.today(), oral=True, text="Strøm for mars."))
    view = open_card_as("stat", person)
    assert view.municipal.withheld_texts() and view.municipal.cases.isHidden()
    view.run_action("register_application")
    view.run_action("case_handling")
    assert view.dialog is None

    # Even given the case's id (an old link, a guessed id), the dialog shows only that it is withheld.
    worker = DbWorker()
    workers.append(worker)
    dialog = CaseDialog(UiContext(demo_db, worker, sign_in(demo_db, "stat"), is_demo=True), case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.withheld.isVisible(), timeout=10_000)
    assert dialog.withheld.text().startswith("Municipal information — no access.")
    assert dialog.case is None and not dialog.content.isVisible()
    assert "Strøm" not in dialog.withheld.text() and dialog.heading.text() == "Application"


def test_a_decision_saved_over_a_change_from_another_desk_is_stopped_and_can_be_retried(
        qtbot: QtBot, open_card_as: OpenCard, demo_db: Database) -> None:
    view = open_card_as("kommune", resident(demo_db, GOL))
    dialog = registered_case(qtbot, view)
    case = dialog.case
    assert case is not None
    decision = open_step(qtbot, dialog, Step.DECIDE)
    assert isinstance(decision, DecisionDialog)
    select_data(decision.outcome, "innvilget")
    assert decision.amount_box.isVisible() and decision.period_box.isVisible()
    decision.children_assessed.setChecked(True)
    decision.amount.setText("tolv tusen")
    decision.save()
    assert decision.errors.label("amount").isVisible()  # not a number: nothing sent to be saved

    applications.start_processing(demo_db, sign_in(demo_db, "kommune"), case.id, case.version)  # another desk
    decision.amount.setText("12,500.5")
    decision.save()
    qtbot.waitUntil(lambda: "Someone else changed" in decision.errors.general.text(), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.status.text() == "Being processed", timeout=10_000)
    assert decision.isVisible() and decision.save_button.isEnabled()

    save_and_wait(qtbot, dialog, decision, "Decided")
    assert dialog.decision.values["outcome"].text() == f"Granted: {format_money(Decimal('12500.50'))}"
    assert dialog.decision.values["period"].text() == f"from {format_date(date.today())}"
