"""Printing a plan from the card: the dialog asks the KVP question only when there is KVP content the
reader may print, saves the PDF where it was told, and the PDF holds the goal but nothing withheld."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from card_people import sign_in
from plan_people import municipality, new_person
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from navdesk.services import activities, individual_plans, kvp, plans
from navdesk.services.plan_prints import KvpPrint
from navdesk.services.plan_types import ActivityForm, IndividualPlanForm, KvpForm, PlanRef
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.plans.print_dialog import INDIVIDUAL_PLAN, PrintDialog
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")

TODAY = date.today()
GOAL = "Jeg vil ha fast jobb i butikk."
KVP_GOAL = "Jeg vil klare en full arbeidsdag."
KVP_ACTIVITY = "Norskopplæring i KVP"
OpenPrint = Callable[[str, uuid.UUID], PrintDialog]


def text_of(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def open_print(qtbot: QtBot, demo_db: Database) -> Iterator[OpenPrint]:
    """The print dialog, opened from the card's action as `login`, with its choices loaded."""
    workers: list[DbWorker] = []

    def open_as(login: str, person_id: uuid.UUID) -> PrintDialog:
        worker = DbWorker()
        workers.append(worker)
        view = CardView(UiContext(demo_db, worker, sign_in(demo_db, login), is_demo=True))
        qtbot.addWidget(view)
        view.show()
        with qtbot.waitSignal(view.person_changed, timeout=10_000):
            view.show_person(person_id)
        qtbot.waitUntil(lambda: worker.idle)
        view.run_action("print_plan")
        dialog = view.dialog
        assert isinstance(dialog, PrintDialog)
        qtbot.waitUntil(lambda: dialog.choices is not None, timeout=10_000)
        return dialog

    yield open_as
    for worker in workers:
        worker.shutdown()


@pytest.fixture
def with_kvp(demo_db: Database) -> uuid.UUID:
    """A Gol resident with a state goal on the activity plan and a KVP programme with its own goal and an
    open KVP activity (municipal side)."""
    leder, kommune = sign_in(demo_db, "leder"), sign_in(demo_db, "kommune")
    person = new_person(demo_db, seed=5)
    plans.add_goal(demo_db, leder, person, GOAL, PlanRef.activity_plan())
    programme = kvp.start_kvp(demo_db, kommune, person, KvpForm(municipality(demo_db), TODAY - timedelta(days=30),
                                                                TODAY + timedelta(days=300)))
    plans.add_goal(demo_db, kommune, person, KVP_GOAL, PlanRef.kvp(programme.programme_id))
    activities.create_activity(demo_db, kommune, person, ActivityForm(
        "egenaktivitet", KVP_ACTIVITY, TODAY, TODAY + timedelta(days=60), {"purpose": "Bedre norsk"},
        kvp_programme_id=programme.programme_id))
    return person


def print_to(qtbot: QtBot, dialog: PrintDialog, path: Path) -> str:
    dialog.path.setText(str(path))
    dialog.print_plan()
    qtbot.waitUntil(lambda: dialog.saved_to is not None, timeout=20_000)
    assert dialog.saved_to == path and dialog.saved_label.isVisible()
    assert str(path) in dialog.saved_label.text()
    return text_of(path)


def test_the_kvp_question_is_asked_when_there_is_kvp_content_and_the_answer_is_printed(
        qtbot: QtBot, open_print: OpenPrint, with_kvp: uuid.UUID, tmp_path: Path) -> None:
    dialog = open_print("leder", with_kvp)
    assert dialog.kvp_box.isVisible()
    assert [radio.text() for radio in dialog.kvp_buttons.values()] == [
        "Leave KVP activities out", "Include KVP activities", "Only KVP activities"]

    dialog.path.setText(str(tmp_path / "plan.pdf"))
    dialog.print_plan()  # not answered yet: it asks, and prints nothing
    assert dialog.kvp_error.isVisible() and dialog.kvp_error.text() == "Choose whether to print the KVP activities."
    assert not (tmp_path / "plan.pdf").exists()

    dialog.kvp_buttons[KvpPrint.INCLUDE].setChecked(True)
    text = print_to(qtbot, dialog, tmp_path / "plan.pdf")
    assert GOAL in text and KVP_GOAL in text and KVP_ACTIVITY in text

    dialog.kvp_buttons[KvpPrint.EXCLUDE].setChecked(True)
    dialog.saved_to = None
    text = print_to(qtbot, dialog, tmp_path / "without-kvp.pdf")
    assert GOAL in text and KVP_ACTIVITY not in text and KVP_GOAL not in text

    # The question belongs to the activity plan only.
    dialog.kind_buttons["kvp"].setChecked(True)
    assert not dialog.kvp_box.isVisible()


def test_without_kvp_content_the_reader_may_print_there_is_no_question_and_nothing_withheld_is_printed(
        qtbot: QtBot, open_print: OpenPrint, with_kvp: uuid.UUID, tmp_path: Path) -> None:
    dialog = open_print("stat", with_kvp)  # stat may not see the municipal KVP programme
    assert not dialog.kvp_box.isVisible()
    assert not dialog.kind_buttons["kvp"].isEnabled() and not dialog.kind_buttons[INDIVIDUAL_PLAN].isEnabled()
    text = print_to(qtbot, dialog, tmp_path / "stat.pdf")
    assert GOAL in text
    assert KVP_GOAL not in text and KVP_ACTIVITY not in text


def test_an_individual_plan_is_printed_in_the_language_chosen(qtbot: QtBot, open_print: OpenPrint,
                                                              demo_db: Database, tmp_path: Path) -> None:
    kommune = sign_in(demo_db, "kommune")
    person = new_person(demo_db, seed=6)
    plan = individual_plans.create_individual_plan(demo_db, kommune, person, IndividualPlanForm(
        municipality(demo_db), TODAY, TODAY + timedelta(days=180), needs="Egen bolig"))
    plans.add_goal(demo_db, kommune, person, "Jeg vil bo for meg selv.", PlanRef.individual_plan(plan.plan_id))
    dialog = open_print("kommune", person)
    assert not dialog.kvp_box.isVisible()
    dialog.kind_buttons[INDIVIDUAL_PLAN].setChecked(True)
    assert Path(dialog.path.text()).name.startswith("individuell-plan-")
    dialog.language.select("nn")
    text = print_to(qtbot, dialog, tmp_path / "ip.pdf")
    assert "Jeg vil bo for meg selv." in text and "Egen bolig" in text
    assert "Individuell plan" in text and "Individual plan" not in text
