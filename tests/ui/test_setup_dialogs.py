"""The set-up dialogs on an empty database: create through the forms, errors next to fields, conflicts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from navdesk.domain.codes import Role, Side
from navdesk.domain.org_rules import AuthorisationEntry
from navdesk.services import org, staff_admin
from navdesk.services.actor import Actor
from navdesk.services.passwords import verify_password
from navdesk.store.engine import Database
from navdesk.store.models import Staff
from navdesk.ui.context import UiContext
from navdesk.ui.main_window import MainWindow
from navdesk.ui.setup.list_tab import ListTab
from navdesk.ui.setup.setup_view import SetupView
from navdesk.ui.worker import DbWorker


def add_staff(db: Database, login: str, *roles: Role) -> Actor:
    with db.session() as session:
        staff = Staff(login=login, name=login.title(), roles=",".join(r.value for r in roles))
        session.add(staff)
        session.flush()
        return Actor(staff.id, staff.login, staff.name, frozenset(roles))


@pytest.fixture
def admin(db: Database) -> Actor:
    return add_staff(db, "admin", Role.ADMIN)


@pytest.fixture
def view(qtbot: QtBot, db: Database, admin: Actor) -> Iterator[SetupView]:
    ctx = UiContext(db, DbWorker(), admin)
    setup = SetupView(ctx)
    qtbot.addWidget(setup)
    setup.show()
    setup.activateWindow()
    qtbot.waitActive(setup)
    yield setup
    qtbot.waitUntil(lambda: ctx.worker.idle)
    ctx.worker.shutdown()


@pytest.fixture
def gol(db: Database, admin: Actor) -> uuid.UUID:
    return org.create_municipality(db, admin, org.MunicipalityDraft("3324", "Gol")).id


def open_new(qtbot: QtBot, setup: SetupView, tab: ListTab, *, key: Qt.Key | None = None) -> Any:
    """Open the New dialog with `key`, or with the New button."""
    setup.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.loaded)
    if key is None:
        qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    else:
        tab.setFocus()
        qtbot.keyClick(tab, key)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible())
    return tab.dialog


def save_and_close(qtbot: QtBot, tab: ListTab) -> None:
    dialog = tab.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)


def test_a_leader_sees_set_up_and_a_veileder_does_not(qtbot: QtBot, db: Database) -> None:
    for actor, expected in (
        (add_staff(db, "lea", Role.LEADER), True),
        (add_staff(db, "vera", Role.VEILEDER), False),
    ):
        ctx = UiContext(db, DbWorker(), actor)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        assert ("setup" in window.area_keys()) is expected
        qtbot.waitUntil(lambda c=ctx: c.worker.idle)
        ctx.worker.shutdown()


def test_first_municipality_from_the_empty_state(
    qtbot: QtBot, view: SetupView, db: Database, admin: Actor, english: None
) -> None:
    tab = view.municipalities
    qtbot.waitUntil(lambda: tab.loaded)
    assert tab.stack.currentWidget() is tab.empty
    assert "Choose New (Ctrl+N)" in tab.empty.text()
    dialog = open_new(qtbot, view, tab, key=Qt.Key.Key_Insert)
    qtbot.keyClicks(dialog.number, "3330")
    qtbot.keyClicks(dialog.name, "Hol")
    save_and_close(qtbot, tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.stack.currentWidget() is tab.table
    (row,) = org.list_municipalities(db, admin)
    assert (row.number, row.name) == ("3330", "Hol") and row.services > 10
    assert tab.model.data(tab.model.index(0, 1)) == "Hol"


def test_a_bad_municipality_number_is_shown_next_to_the_field(
    qtbot: QtBot, db: Database, admin: Actor, gol: uuid.UUID, view: SetupView, english: None
) -> None:
    tab = view.municipalities
    dialog = open_new(qtbot, view, tab)
    qtbot.keyClicks(dialog.number, "3324")
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    label = dialog.errors.label("number")
    qtbot.waitUntil(label.isVisible)
    assert "already registered as Gol" in label.text()
    assert dialog.errors.label("name").text() == "This field is required."
    assert dialog.number.hasFocus()
    assert len(org.list_municipalities(db, admin)) == 1
    dialog.name.setText("Hol")
    dialog.number.setText("3330")
    save_and_close(qtbot, tab)
    assert [m.name for m in org.list_municipalities(db, admin)] == ["Gol", "Hol"]


def test_an_office_with_opening_hours_and_an_office_day(
    qtbot: QtBot, db: Database, admin: Actor, gol: uuid.UUID, view: SetupView, english: None
) -> None:
    hemsedal = org.create_municipality(db, admin, org.MunicipalityDraft("3326", "Hemsedal")).id
    tab = view.offices
    dialog = open_new(qtbot, view, tab)
    qtbot.keyClicks(dialog.code, "GOL")
    qtbot.keyClicks(dialog.name, "NAV Gol og Hemsedal")
    dialog.municipalities.set_checked(gol, True)
    dialog.municipalities.set_checked(hemsedal, True)
    for _day in range(2):
        qtbot.mouseClick(dialog.hours.add_button, Qt.MouseButton.LeftButton)
    # Tuesday overlaps itself: the second opening starts before the first one closes.
    monday, tuesday = dialog.hours.row_widgets(0), dialog.hours.row_widgets(1)
    tuesday[0].setCurrentIndex(0)
    tuesday[1].setTime(QTime(12, 0))
    tuesday[2].setTime(QTime(15, 0))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    label = dialog.errors.label("hours")
    qtbot.waitUntil(label.isVisible)
    assert label.text() == "Monday: two openings overlap."
    assert dialog.tabs.currentIndex() == 1
    assert org.list_offices(db, admin) == ()

    tuesday[0].setCurrentIndex(1)
    qtbot.mouseClick(dialog.days.add_button, Qt.MouseButton.LeftButton)
    day = dialog.days.row_widgets(0)
    day[1].setCurrentIndex(day[1].findText("Hemsedal"))
    day[4].setText("Hemsedal rådhus")
    save_and_close(qtbot, tab)
    (office,) = org.list_offices(db, admin)
    detail = org.get_office(db, admin, office.id)
    assert detail.municipality_ids == (gol, hemsedal)
    assert [(o.weekday, o.opens, o.closes) for o in detail.hours] == [
        (0, time(10), time(14)),
        (1, time(12), time(15)),
    ]
    assert [(d.municipality_id, d.location) for d in detail.days_elsewhere] == [(hemsedal, "Hemsedal rådhus")]
    assert monday  # the first row kept its defaults: Monday 10:00–14:00


def test_staff_form_errors_land_on_their_pages_and_the_first_gets_the_cursor(
    qtbot: QtBot, db: Database, admin: Actor, gol: uuid.UUID, view: SetupView, english: None
) -> None:
    tab = view.staff
    dialog = open_new(qtbot, view, tab)
    dialog.tabs.setCurrentIndex(4)
    dialog.leader_share.setValue(40)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    label = dialog.errors.label("login")
    qtbot.waitUntil(label.isVisible)
    assert dialog.tabs.currentIndex() == 0 and dialog.login.hasFocus()
    assert "leader role" in dialog.errors.label("leader_share_percent").text()
    assert "at least 8 characters" in dialog.errors.label("new_password").text()
    marked = [i for i in range(dialog.tabs.count()) if not dialog.tabs.tabIcon(i).isNull()]
    assert marked == [0, 1, 4]
    assert [r.login for r in staff_admin.list_staff(db, admin)] == ["admin"]
    dialog.reject()


def test_a_new_staff_member_with_authorisations_an_absence_and_a_password(
    qtbot: QtBot, db: Database, admin: Actor, gol: uuid.UUID, english: None, view: SetupView
) -> None:
    tab = view.staff
    dialog = open_new(qtbot, view, tab)
    qtbot.keyClicks(dialog.login, "kari")
    qtbot.keyClicks(dialog.name, "Kari Nordmann")
    dialog.employer.setCurrentIndex(dialog.employer.findText("Gol municipality"))
    dialog.roles[Role.LEADER].setChecked(True)
    dialog.leader_share.setValue(50)
    dialog.specialist_areas.setPlainText("Gjeld\n\nUngdom\n")
    qtbot.mouseClick(dialog.authorisations.add_button, Qt.MouseButton.LeftButton)  # the state side
    qtbot.mouseClick(dialog.authorisations.add_button, Qt.MouseButton.LeftButton)  # municipal, Gol
    side, place, service = dialog.authorisations.row_widgets(1)
    service.setCurrentIndex(service.findText("Økonomisk stønad"))
    qtbot.mouseClick(dialog.absences.add_button, Qt.MouseButton.LeftButton)
    starts, ends, deputy, reason = dialog.absences.row_widgets(0)
    starts.setDate(QDate(2026, 7, 1))
    ends.setDate(QDate(2026, 7, 21))
    deputy.setCurrentIndex(deputy.findText("Admin (admin)"))
    reason.setText("Ferie")
    dialog.new_password.setText("midlertidig-1")
    dialog.new_password_repeated.setText("midlertidig-1")
    save_and_close(qtbot, tab)

    row = next(r for r in staff_admin.list_staff(db, admin) if r.login == "kari")
    detail = staff_admin.get_staff(db, admin, row.id)
    assert detail.employer_municipality_id == gol
    assert detail.roles == {Role.VEILEDER, Role.LEADER} and detail.leader_share_percent == 50
    assert detail.specialist_areas == ("Gjeld", "Ungdom")
    assert set(detail.authorisations) == {
        AuthorisationEntry(Side.STATE),
        AuthorisationEntry(Side.MUNICIPAL, gol, "oko_stonad"),
    }
    (absence,) = detail.absences
    assert (absence.starts, absence.ends, absence.deputy_id, absence.reason) == (
        date(2026, 7, 1),
        date(2026, 7, 21),
        admin.staff_id,
        "Ferie",
    )
    assert detail.must_change_password
    with db.session() as session:
        stored = session.get(Staff, row.id)
        assert stored is not None and verify_password(stored.password_hash, "midlertidig-1")
    qtbot.waitUntil(lambda: tab.current_row() is not None and tab.current_row().login == "kari")


def test_a_team_with_its_lead_and_a_catalogue_entry(
    qtbot: QtBot, db: Database, admin: Actor, gol: uuid.UUID, view: SetupView
) -> None:
    office = org.create_office(db, admin, org.OfficeDraft("GOL", "NAV Gol", "", (gol,))).id
    tab = view.teams
    dialog = open_new(qtbot, view, tab)
    qtbot.keyClicks(dialog.name, "Ungdomsteamet")
    dialog.team_type.setCurrentIndex(dialog.team_type.findData("ungdom"))
    dialog.offices.set_checked(office, True)
    dialog.members.set_checked(admin.staff_id, True)
    dialog.lead.setCurrentIndex(1)
    save_and_close(qtbot, tab)
    (team,) = org.list_teams(db, admin)
    assert (team.name, team.lead, team.offices) == ("Ungdomsteamet", "Admin", ("GOL",))

    catalogue = view.catalogue
    view.tabs.setCurrentWidget(catalogue)
    qtbot.waitUntil(lambda: catalogue.filter.count() == 2)
    catalogue.filter.setCurrentIndex(1)
    qtbot.waitUntil(lambda: catalogue.loaded and catalogue.model.rowCount() > 0)
    dialog = open_new(qtbot, view, catalogue)
    assert dialog.municipality.currentData() == gol
    qtbot.keyClicks(dialog.code, "bostotte")
    qtbot.keyClicks(dialog.name, "Kommunal bostøtte")
    dialog.processing_days.setValue(21)
    save_and_close(qtbot, catalogue)
    entry = next(s for s in org.list_services(db, admin, gol) if s.code == "bostotte")
    assert (entry.processing_days, entry.side, entry.valid_to) == (21, Side.MUNICIPAL, None)


def test_a_conflicting_save_offers_to_load_the_other_version(
    qtbot: QtBot, db: Database, admin: Actor, gol: uuid.UUID, view: SetupView, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = view.municipalities
    qtbot.waitUntil(lambda: tab.loaded and tab.model.rowCount() == 1)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.dialog is not None)
    dialog = tab.dialog
    loaded = org.get_municipality(db, admin, gol)
    org.update_municipality(db, admin, gol, loaded.version, org.MunicipalityDraft("3324", "Gol kommune"))
    asked: list[str] = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog.name.setText("Gol (mitt forslag)")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.name.text() == "Gol kommune")
    assert asked and dialog.isVisible()
    assert org.get_municipality(db, admin, gol).name == "Gol kommune"
    dialog.reject()


def test_a_municipality_in_use_is_not_deleted_and_the_reason_is_shown(
    qtbot: QtBot,
    db: Database,
    admin: Actor,
    gol: uuid.UUID,
    view: SetupView,
    monkeypatch: pytest.MonkeyPatch,
    english: None,
) -> None:
    org.create_office(db, admin, org.OfficeDraft("GOL", "NAV Gol", "", (gol,)))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    tab = view.municipalities
    qtbot.waitUntil(lambda: tab.loaded and tab.model.rowCount() == 1)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(shown))
    assert "Gol cannot be deleted because it is in use: served by 1 office" in shown[0]
    assert len(org.list_municipalities(db, admin)) == 1


def test_staff_are_deactivated_not_deleted(
    qtbot: QtBot, db: Database, admin: Actor, english: None, view: SetupView, monkeypatch: pytest.MonkeyPatch
) -> None:
    kari = add_staff(db, "kari", Role.VEILEDER)
    tab = view.staff
    tab.refresh()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert tab.delete_button is not None and tab.delete_button.text() == "De&activate…"
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    assert tab.select_id(kari.staff_id)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.model.row_at(tab.model.find(lambda r: r.login == "kari")).active)
    assert [r.login for r in staff_admin.list_staff(db, admin, include_inactive=False)] == ["admin"]
