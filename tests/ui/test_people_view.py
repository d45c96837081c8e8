"""The People area: type to find, Enter to open the card, Ctrl+N to register — all by keyboard."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from navdesk.domain.fnr import make_synthetic
from navdesk.domain.person_rules import PersonForm
from navdesk.services import people
from navdesk.services.actor import Actor
from navdesk.services.auth import authenticate
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Person
from navdesk.ui.context import UiContext
from navdesk.ui.main_window import MainWindow
from navdesk.ui.people import people_model
from navdesk.ui.people.people_model import PENDING, PeopleModel
from navdesk.ui.people.people_view import PeopleView
from navdesk.ui.people.person_dialog import PersonDialog
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def stat(demo_db: Database) -> Actor:
    return authenticate(demo_db, "stat", "demo")


@pytest.fixture
def ctx(demo_db: Database, stat: Actor) -> Iterator[UiContext]:
    context = UiContext(demo_db, DbWorker(), stat, is_demo=True)
    yield context
    context.worker.shutdown()


@pytest.fixture
def view(qtbot: QtBot, ctx: UiContext) -> Iterator[PeopleView]:
    people = PeopleView(ctx)
    qtbot.addWidget(people)
    people.resize(1300, 720)
    with qtbot.waitActive(people):
        people.show()
        people.activateWindow()
    yield people
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=10_000)


def a_gol_resident(db: Database) -> Person:
    with db.session() as session:
        return session.scalars(
            select(Person).join(Municipality, Municipality.id == Person.residence_municipality_id)
            .where(Municipality.number == "3324", Person.archived_at.is_(None)).order_by(Person.fnr).limit(1)
        ).one()


def shown_names(view: PeopleView) -> list[str]:
    return [view.model.index(row, PeopleModel.NAME).data() for row in range(view.model.rowCount())]


def test_it_starts_with_an_empty_state_that_says_what_to_type(view: PeopleView) -> None:
    assert view.results.currentWidget() is view.empty
    assert view.empty.text() == "Type a name, a fødselsnummer or a phone number"
    assert view.search_field.placeholderText() == "Name, fødselsnummer or phone"


def test_typing_finds_people_and_enter_opens_the_card(qtbot: QtBot, view: PeopleView, demo_db: Database) -> None:
    person = a_gol_resident(demo_db)
    view.focus_search()
    qtbot.keyClicks(view.search_field, f"{person.first_name.split()[0]} {person.last_name.split()[-1]}")
    qtbot.waitUntil(lambda: view.results.currentWidget() is view.table, timeout=10_000)
    assert f"{person.last_name}, {person.first_name}" in shown_names(view)
    assert view.status.text().endswith(("person", "people"))
    view.table.selectRow(view.model.row_of(person.id))
    view.table.setFocus()
    with qtbot.waitSignal(view.card.person_changed, timeout=10_000):
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.card.person_id == person.id
    assert view.card.stack.currentWidget() is view.card.card_page


def test_enter_in_the_search_field_before_the_results_opens_the_first_match(
    qtbot: QtBot, view: PeopleView, demo_db: Database,
) -> None:
    person = a_gol_resident(demo_db)
    view.search_field.setText(person.fnr)
    with qtbot.waitSignal(view.card.person_changed, timeout=10_000):
        qtbot.keyClick(view.search_field, Qt.Key.Key_Return)
    assert view.card.person_id == person.id


def test_down_goes_into_the_list_and_escape_back(qtbot: QtBot, view: PeopleView) -> None:
    view.search_field.setText("an")
    qtbot.waitUntil(lambda: view.model.rowCount() > 1, timeout=10_000)
    qtbot.keyClick(view.search_field, Qt.Key.Key_Down)
    assert view.table.hasFocus() and view.table.currentIndex().row() == 0
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert view.search_field.hasFocus()


def test_a_stale_result_never_replaces_a_newer_one(qtbot: QtBot, view: PeopleView) -> None:
    view.search_field.setText("an")
    view.run_search()
    view.search_field.setText("zzzq")
    view.run_search()
    qtbot.waitUntil(lambda: view.ctx.worker.idle, timeout=10_000)
    assert view.model.rowCount() == 0 and "No one matches “zzzq”" in view.empty.text()


def test_no_match_and_too_short_say_what_to_do(qtbot: QtBot, view: PeopleView) -> None:
    view.search_field.setText("q")
    qtbot.waitUntil(lambda: view.empty.text().startswith("Keep typing"), timeout=10_000)
    view.search_field.setText("qqqqxyz")
    qtbot.waitUntil(lambda: "New person (Ctrl+N)" in view.empty.text(), timeout=10_000)


def test_rows_beyond_the_first_page_are_fetched_when_they_show(
    qtbot: QtBot, view: PeopleView, monkeypatch: pytest.MonkeyPatch, qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(people_model, "PAGE_SIZE", 3)
    monkeypatch.setattr("navdesk.ui.people.people_view.PAGE_SIZE", 3)
    view.hide()  # nothing paints, so only this test asks for rows
    view.search_field.setText("an")
    qtbot.waitUntil(lambda: view.model.rowCount() > 6, timeout=10_000)
    last = view.model.rowCount() - 1
    assert view.model.index(last, PeopleModel.NAME).data() == PENDING
    qtbot.waitUntil(lambda: view.model.index(last, PeopleModel.NAME).data() != PENDING, timeout=10_000)
    qtbot.waitUntil(lambda: PENDING not in shown_names(view), timeout=10_000)  # asking fetches every page
    qtmodeltester.check(view.model)


def test_the_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PeopleModel()
    qtmodeltester.check(model)
    model.set_people([uuid.uuid4() for _ in range(5)])
    qtmodeltester.check(model)


def test_ctrl_f_from_anywhere_in_the_main_window_goes_to_the_search_field(
    qtbot: QtBot, ctx: UiContext,
) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert "people" in window.area_keys()
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    people = window.show_area("people")
    assert isinstance(people, PeopleView) and people.search_field.hasFocus()
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=10_000)


def test_the_area_is_only_for_staff_who_work_with_people(qtbot: QtBot, demo_db: Database) -> None:
    worker = DbWorker()
    window = MainWindow(UiContext(demo_db, worker, authenticate(demo_db, "admin", "demo"), is_demo=True))
    qtbot.addWidget(window)
    assert "people" not in window.area_keys()
    qtbot.waitUntil(lambda: worker.idle, timeout=10_000)
    worker.shutdown()


def open_new_person(qtbot: QtBot, view: PeopleView) -> PersonDialog:
    view.search_field.setFocus()
    qtbot.keyClick(view.search_field, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PersonDialog), timeout=10_000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PersonDialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    return dialog


def test_a_new_person_is_refused_field_by_field_then_registered_and_opened(
    qtbot: QtBot, view: PeopleView,
) -> None:
    dialog = open_new_person(qtbot, view)
    assert dialog.municipality.currentText().startswith("Gol")  # the veileder's own office first
    qtbot.keyClicks(dialog.fnr, "12345678901")
    qtbot.keyClicks(dialog.phone, "123")
    qtbot.keyClick(dialog.fnr, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.errors.label("fnr").isVisible(), timeout=10_000)
    assert dialog.errors.label("first_name").text() == "This field is required."
    # The phone's message waits on its own tab, which carries a warning sign.
    assert not dialog.errors.label("phone").isHidden() and not dialog.tabs.tabIcon(1).isNull()
    assert dialog.isVisible()
    assert dialog.fnr.hasFocus()

    dialog.fnr.setText(make_synthetic(date(1990, 5, 17), random.Random(99)))
    dialog.first_name.setText("Åsne")
    dialog.last_name.setText("Øvreli")
    dialog.phone.setText("912 34 567")
    with qtbot.waitSignal(view.card.person_changed, timeout=15_000):
        dialog.save()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: shown_names(view) == ["Øvreli, Åsne"], timeout=10_000)


def test_editing_shows_the_loaded_person_and_a_protected_address_stays_hidden(
    qtbot: QtBot, view: PeopleView, demo_db: Database, stat: Actor,
) -> None:
    gol = a_gol_resident(demo_db).residence_municipality_id
    protected = people.create_person(demo_db, stat, PersonForm(
        fnr=make_synthetic(date(1979, 3, 3), random.Random(7)), first_name="Vera", last_name="Vernesen",
        residence_municipality_id=gol, address_line="Hemmelig veg 7", protected_address=True))
    dialog = PersonDialog(view.ctx, protected.id, view)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.first_name.text() == "Vera" and dialog.protected.isChecked()
    assert dialog.address_line.text() == "" and not dialog.address_line.isEnabled()
    assert "protected address" in dialog.address_note.text()
    dialog.reject()
