"""The Plans tab on the card: an individual plan made through the dialogs, a goal entered once and changed
everywhere it is linked, the ansvarsgruppe's minutes and tasks, the partner register from a form, and the
end of a KVP programme closing its open activities."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from card_people import sign_in
from plan_people import municipality, new_person
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from navdesk.i18n import format_date
from navdesk.services import activities, individual_plans, kvp, plans
from navdesk.services.plan_types import (
    ActivityForm,
    AnsvarsgruppeForm,
    IndividualPlanForm,
    KvpForm,
    MemberForm,
    PlanRef,
)
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.plans.goal_dialog import GoalDialog
from navdesk.ui.plans.group_meeting_dialog import MeetingDialog
from navdesk.ui.plans.group_task_dialog import CompleteTaskDialog
from navdesk.ui.plans.ip_dialog import IndividualPlanDialog
from navdesk.ui.plans.ip_participant_dialog import ParticipantDialog
from navdesk.ui.plans.kvp_end_dialog import EndKvpDialog
from navdesk.ui.plans.partner_dialog import PartnerContactDialog, PartnerDialog
from navdesk.ui.plans.partner_register_dialog import PartnerRegisterDialog
from navdesk.ui.plans.plans_tab import PlansTab
from navdesk.ui.setup.form import to_qdate
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")

TODAY = date.today()
OpenPlans = Callable[[str, uuid.UUID], tuple[CardView, PlansTab]]


@pytest.fixture
def open_plans(qtbot: QtBot, demo_db: Database) -> Iterator[OpenPlans]:
    """The person's card as `login` sees it, turned to the Plans tab (which then loads)."""
    workers: list[DbWorker] = []

    def open_as(login: str, person_id: uuid.UUID) -> tuple[CardView, PlansTab]:
        worker = DbWorker()
        workers.append(worker)
        view = CardView(UiContext(demo_db, worker, sign_in(demo_db, login), is_demo=True))
        qtbot.addWidget(view)
        view.resize(1100, 720)
        view.show()
        with qtbot.waitSignal(view.person_changed, timeout=10_000):
            view.show_person(person_id)
        tab = view.extra_tabs["plans"]
        assert isinstance(tab, PlansTab)
        view.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(lambda: tab.overview is not None and worker.idle, timeout=10_000)
        return view, tab

    yield open_as
    for worker in workers:
        worker.shutdown()


def dialog_of(qtbot: QtBot, view: CardView, kind: type[QWidget]) -> QWidget:
    qtbot.waitUntil(lambda: isinstance(view.dialog, kind))
    assert view.dialog is not None
    return view.dialog


def saved(qtbot: QtBot, view: CardView, dialog: QWidget) -> None:
    """Save the dialog and wait until it has closed and the card (and tab) reloaded."""
    dialog.save()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.dialog is not dialog, timeout=10_000)
    qtbot.waitUntil(lambda: view.ctx.worker.idle, timeout=10_000)


def rows(tree: QWidget, column: int = 0) -> list[str]:
    return [tree.topLevelItem(i).text(column) for i in range(tree.topLevelItemCount())]  # type: ignore[attr-defined]


def goal_texts(box: QWidget) -> list[str]:
    return rows(box.goal_list)  # type: ignore[attr-defined]


def test_an_individual_plan_made_through_the_dialogs_shows_in_the_tab(qtbot: QtBot, open_plans: OpenPlans,
                                                                      demo_db: Database) -> None:
    view, tab = open_plans("kommune", new_person(demo_db))
    tab.sections.setCurrentWidget(tab.ip_page)
    assert tab.ip_page.empty.isVisibleTo(tab)

    tab.ip_page.new_plan()
    dialog = dialog_of(qtbot, view, IndividualPlanDialog)
    assert isinstance(dialog, IndividualPlanDialog)
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.municipality.currentText() == "Gol"
    dialog.next_revision.setDate(to_qdate(TODAY - timedelta(days=1)))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label("next_revision_on").isVisible())
    assert dialog.errors.label("next_revision_on").text() == "The next revision must come after the plan period starts."
    assert individual_plans.individual_plans(demo_db, sign_in(demo_db, "kommune"),
                                             tab.person_id) == ()  # type: ignore[arg-type]

    revision = TODAY + timedelta(days=120)
    dialog.next_revision.setDate(to_qdate(revision))
    dialog.needs.setPlainText("Egen bolig og faste aktiviteter")
    saved(qtbot, view, dialog)
    qtbot.waitUntil(lambda: tab.ip_page.plan is not None)
    page = tab.ip_page
    assert page.scroll_area.isVisibleTo(tab) and not page.empty.isVisibleTo(tab)
    assert page.next_revision.text() == format_date(revision)
    assert page.needs.text() == "Egen bolig og faste aktiviteter"
    assert page.requirement_labels["period"].text().startswith("✓")
    assert page.requirement_labels["goals"].text().startswith("○")

    page.goals.new_goal()
    goal = dialog_of(qtbot, view, GoalDialog)
    assert isinstance(goal, GoalDialog)
    assert [goal.plans.item(i).text() for i in range(goal.plans.count())
            if goal.plans.item(i).checkState().value] == ["This individual plan"]
    goal.text.setPlainText("Jeg vil bo i egen leilighet.")
    saved(qtbot, view, goal)
    qtbot.waitUntil(lambda: goal_texts(tab.ip_page.goals) == ["Jeg vil bo i egen leilighet."])
    assert tab.ip_page.goals.goal_list.isVisibleTo(tab)


def test_a_goal_changed_in_one_plan_shows_in_the_other_it_is_linked_into(qtbot: QtBot, open_plans: OpenPlans,
                                                                         demo_db: Database) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
        municipality(demo_db), TODAY, TODAY + timedelta(days=180)))
    kvp.start_kvp(demo_db, kommune, person, KvpForm(municipality(demo_db), TODAY, TODAY + timedelta(days=300)))
    view, tab = open_plans("kommune", person)
    # kommune cannot see the state side: the activity plan is not offered for linking.
    tab.sections.setCurrentWidget(tab.ip_page)
    qtbot.waitUntil(lambda: tab.ip_page.plan is not None)

    tab.ip_page.goals.new_goal()
    goal = dialog_of(qtbot, view, GoalDialog)
    assert isinstance(goal, GoalDialog)
    offered = [goal.plans.item(i).text() for i in range(goal.plans.count())]
    assert offered[0] == "This individual plan" and offered[1].startswith("KVP plan, Gol")
    assert not any(text.startswith("Activity plan") for text in offered)
    goal.plans.item(1).setCheckState(Qt.CheckState.Checked)
    goal.text.setPlainText("Jeg vil klare en full arbeidsdag.")
    saved(qtbot, view, goal)

    tab.sections.setCurrentWidget(tab.kvp_page)
    qtbot.waitUntil(lambda: goal_texts(tab.kvp_page.goals) == ["Jeg vil klare en full arbeidsdag."])
    tab.kvp_page.goals.goal_list.setCurrentItem(tab.kvp_page.goals.goal_list.topLevelItem(0))
    tab.kvp_page.goals.edit_goal()
    edit = dialog_of(qtbot, view, GoalDialog)
    assert isinstance(edit, GoalDialog)
    edit.text.setPlainText("Jeg vil klare en full arbeidsdag, fem dager i uka.")
    saved(qtbot, view, edit)
    qtbot.waitUntil(lambda: goal_texts(tab.kvp_page.goals) == ["Jeg vil klare en full arbeidsdag, fem dager i uka."])

    tab.sections.setCurrentWidget(tab.ip_page)
    qtbot.waitUntil(lambda: goal_texts(tab.ip_page.goals) == ["Jeg vil klare en full arbeidsdag, fem dager i uka."])
    tab.sections.setCurrentWidget(tab.goal_page)
    qtbot.waitUntil(lambda: goal_texts(tab.goal_page.box) == ["Jeg vil klare en full arbeidsdag, fem dager i uka."])
    in_plans = tab.goal_page.box.goal_list.topLevelItem(0).text(1)
    assert in_plans.startswith("Individual plan, Gol") and "KVP plan, Gol" in in_plans


def test_a_stale_edit_is_told_in_the_dialog_and_what_was_typed_stays(qtbot: QtBot, open_plans: OpenPlans,
                                                                     demo_db: Database) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    plan = individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
        municipality(demo_db), TODAY, TODAY + timedelta(days=180), needs="Bolig"))
    view, tab = open_plans("kommune", person)
    tab.sections.setCurrentWidget(tab.ip_page)
    qtbot.waitUntil(lambda: tab.ip_page.plan is not None)
    tab.ip_page.edit_plan()
    dialog = dialog_of(qtbot, view, IndividualPlanDialog)
    assert isinstance(dialog, IndividualPlanDialog)
    qtbot.waitUntil(dialog.save_button.isEnabled)
    individual_plans.update_individual_plan(demo_db, kommune, plan.plan_id, plan.version, IndividualPlanForm(
        municipality(demo_db), TODAY, TODAY + timedelta(days=180), needs="Bolig og arbeid"))
    dialog.needs.setPlainText("Mitt forslag")
    dialog.save()
    qtbot.waitUntil(dialog.errors.general.isVisible)
    assert dialog.errors.general.text().startswith("Someone else changed this after you opened it.")
    assert dialog.needs.toPlainText() == "Mitt forslag"
    assert individual_plans.get_individual_plan(demo_db, kommune, plan.plan_id).needs == "Bolig og arbeid"
    qtbot.waitUntil(lambda: tab.ip_page.needs.text() == "Bolig og arbeid")


def test_a_partner_contact_added_from_the_participant_form_can_be_chosen_at_once(
        qtbot: QtBot, open_plans: OpenPlans, demo_db: Database) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
        municipality(demo_db), TODAY, TODAY + timedelta(days=180)))
    view, tab = open_plans("kommune", person)
    tab.sections.setCurrentWidget(tab.ip_page)
    qtbot.waitUntil(lambda: tab.ip_page.plan is not None)
    tab.ip_page.add_participant()
    participant = dialog_of(qtbot, view, ParticipantDialog)
    assert isinstance(participant, ParticipantDialog)
    participant.who.open_register()
    register = participant.who.register
    assert isinstance(register, PartnerRegisterDialog)
    qtbot.waitUntil(lambda: view.ctx.worker.idle)

    register.new_partner()
    partner = register.dialog
    assert isinstance(partner, PartnerDialog)
    partner.name.setText("Testskolen")
    partner.kind.select("school")
    partner.email.setText("ikke en adresse")
    partner.save()
    qtbot.waitUntil(lambda: partner.errors.label("email").isVisible())
    partner.email.setText("post@testskolen.no")
    partner.save()
    qtbot.waitUntil(lambda: register.current_partner() is not None
                    and register.current_partner().name == "Testskolen")  # type: ignore[union-attr]
    register.new_contact()
    contact = register.dialog
    assert isinstance(contact, PartnerContactDialog)
    contact.name.setText("Per Hagen")
    contact.title_edit.setText("kontaktlærer")
    contact.save()
    qtbot.waitUntil(lambda: rows(register.contacts) == ["Per Hagen"])
    register.close()

    qtbot.waitUntil(lambda: "Per Hagen (kontaktlærer), Testskolen" in [
        participant.who.contact.itemText(i) for i in range(participant.who.contact.count())])
    participant.who.contact.select(next(participant.who.contact.itemData(i)
                                        for i in range(participant.who.contact.count())
                                        if participant.who.contact.itemText(i).startswith("Per Hagen")))
    participant.role.setText("Kontaktlærer")
    participant.contribution.setPlainText("Følger opp skolegangen")
    saved(qtbot, view, participant)
    qtbot.waitUntil(lambda: rows(tab.ip_page.participants) == ["Per Hagen (kontaktlærer), Testskolen"])
    assert rows(tab.ip_page.participants, 3) == ["Not recorded"]


def test_minutes_with_a_follow_up_task_and_completing_the_task(qtbot: QtBot, open_plans: OpenPlans,
                                                               demo_db: Database) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    plan = individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
        municipality(demo_db), TODAY, TODAY + timedelta(days=180)))
    group = individual_plans.create_ansvarsgruppe(demo_db, kommune, person, AnsvarsgruppeForm(
        "Ansvarsgruppe", individual_plan_id=plan.plan_id))
    individual_plans.add_member(demo_db, kommune, group.group_id, MemberForm("next_of_kin", name="Liv Planlegger",
                                                                             role="Mor"))
    view, tab = open_plans("kommune", person)
    tab.sections.setCurrentWidget(tab.group_page)
    qtbot.waitUntil(lambda: tab.group_page.group is not None)
    assert rows(tab.group_page.members) == ["The person", "Liv Planlegger"]

    tab.group_page.new_meeting()
    meeting = dialog_of(qtbot, view, MeetingDialog)
    assert isinstance(meeting, MeetingDialog)
    task = meeting.add_task()
    task.description.setText("Sende boligsøknad")
    meeting.save()
    qtbot.waitUntil(lambda: meeting.errors.label("attendee_ids").isVisible())
    assert meeting.errors.label("minutes").text() == "Write the minutes or the decisions."
    for index in range(meeting.attendees.count()):
        meeting.attendees.item(index).setCheckState(Qt.CheckState.Checked)
    meeting.minutes.setPlainText("Gikk gjennom planen.")
    meeting.decisions.setPlainText("Søke kommunal bolig.")
    task.owner.member.select(next(m.member_id for m in tab.group_page.group.members  # type: ignore[union-attr]
                                  if m.name == "Liv Planlegger"))
    saved(qtbot, view, meeting)
    qtbot.waitUntil(lambda: rows(tab.group_page.tasks) == ["Sende boligsøknad"])
    assert rows(tab.group_page.tasks, 1) == ["Liv Planlegger"]
    assert rows(tab.group_page.meetings) == [format_date(TODAY)]
    assert "Søke kommunal bolig." in tab.group_page.minutes.toPlainText()

    tab.group_page.complete_task()
    done = dialog_of(qtbot, view, CompleteTaskDialog)
    saved(qtbot, view, done)
    qtbot.waitUntil(lambda: tab.group_page.no_tasks.isVisibleTo(tab))
    assert tab.group_page.tasks.topLevelItemCount() == 0


def test_ending_kvp_in_the_gui_closes_its_open_activities(qtbot: QtBot, open_plans: OpenPlans,
                                                          demo_db: Database) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db)
    programme = kvp.start_kvp(demo_db, kommune, person, KvpForm(
        municipality(demo_db), TODAY - timedelta(days=200), TODAY + timedelta(days=160)))
    activities.create_activity(demo_db, kommune, person, ActivityForm(
        "egenaktivitet", "Norskopplæring", TODAY - timedelta(days=100), TODAY + timedelta(days=60),
        {"purpose": "Bedre norsk"}, kvp_programme_id=programme.programme_id))
    plans.add_goal(demo_db, kommune, person, "Jeg vil klare en full arbeidsdag.", PlanRef.kvp(programme.programme_id))
    view, tab = open_plans("kommune", person)
    tab.sections.setCurrentWidget(tab.kvp_page)
    qtbot.waitUntil(lambda: tab.kvp_page.programme is not None)
    assert rows(tab.kvp_page.activities, 1) == ["Planned (planlagt)"]

    tab.kvp_page.end_programme()
    end = dialog_of(qtbot, view, EndKvpDialog)
    assert isinstance(end, EndKvpDialog)
    end.reason.select("annet")
    end.save()
    qtbot.waitUntil(lambda: end.errors.label("note").isVisible())
    assert kvp.get_kvp(demo_db, kommune, programme.programme_id).ended_on is None
    end.reason.select("arbeid")
    saved(qtbot, view, end)
    page = tab.kvp_page
    qtbot.waitUntil(lambda: page.programme is not None and page.programme.ended_on == TODAY)
    assert rows(page.activities, 1) == ["Cancelled (avbrutt)"]
    assert page.ended.text() == f"{format_date(TODAY)}: Went into work"
    assert not page.end_button.isEnabled() and not page.week_button.isEnabled()
