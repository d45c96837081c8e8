"""Absence and cover on screen: the leader sees who is away and who covers, previews moving people to a
colleague before anything changes, and reads the cover view; a deputy sees whom they cover for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from card_people import sign_in, staff_actor
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from navdesk.services import absence_cover, people
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.setup.form import select_data
from navdesk.ui.team.absence_tab import AbsenceTab
from navdesk.ui.team.move_dialog import MoveDialog
from navdesk.ui.team.team_view import TeamView
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def absence_tab(qtbot: QtBot, demo_db: Database) -> Iterator:
    workers: list[DbWorker] = []
    views: list[TeamView] = []  # the tab alone would not keep its view alive

    def open_as(actor: Actor) -> AbsenceTab:
        worker = DbWorker()
        workers.append(worker)
        view = TeamView(UiContext(demo_db, worker, actor, is_demo=True))
        views.append(view)
        qtbot.addWidget(view)
        view.resize(1300, 720)
        view.show()
        assert view.absence is not None
        view.tabs.setCurrentWidget(view.absence)
        qtbot.waitUntil(lambda: view.absence.loaded, timeout=10_000)
        return view.absence

    yield open_as
    for worker in workers:
        worker.shutdown()


def test_a_leader_previews_a_move_and_moving_changes_the_owner(qtbot: QtBot, demo_db: Database, absence_tab) -> None:
    leder = sign_in(demo_db, "leder")
    tab = absence_tab(leder)
    ola, marte = staff_actor(demo_db, "stat"), staff_actor(demo_db, "msando")
    # Randi Lien is on parental leave with Anne Grøthe as deputy (the demo's absences).
    away = {line.name: line.deputy for line in tab.away.rows()}
    assert away["Randi Lien"] == "Anne Grøthe"

    panel = tab.move_panel
    assert panel is not None
    select_data(panel.holder, ola.staff_id)
    qtbot.waitUntil(lambda: len(panel.people.rows()) > 3, timeout=10_000)
    assert not panel.preview_button.isEnabled()
    chosen = panel.people.rows()[:3]
    selection = panel.people.table.selectionModel()
    selection.clearSelection()
    for position in range(3):
        selection.select(panel.people.model().index(position, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert panel.selected_label.text() == "3 people selected"
    select_data(panel.target, marte.staff_id)
    assert panel.preview_button.isEnabled()

    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, MoveDialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert [line.person for line in dialog.lines.rows()] == [line.name for line in chosen]
    assert all(line.can_move and "Ola Rud" in line.current for line in dialog.lines.rows())
    assert dialog.title.text() == "3 of 3 people can move to Marte Sando."
    # The preview changed nothing; the move needs a reason and the answer about agreement.
    assert set(absence_cover.caseload(demo_db, leder, ola.staff_id)) >= {line.person_id for line in chosen}
    dialog.confirm()
    qtbot.waitUntil(lambda: dialog.errors.label("note").isVisible())
    assert dialog.errors.label("agreed_with_person").isVisible()

    qtbot.keyClicks(dialog.note, "Ola har permisjon til august.")
    dialog.agreed.no.setChecked(True)
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=10_000)
    assert panel.status.text() == "Moved 3 people to Marte Sando."
    for line in chosen:
        owner = people.ownership(demo_db, leder, line.person_id)
        assert marte.staff_id in {contact.staff_id for contact in owner.contacts}
        assert ola.staff_id not in {contact.staff_id for contact in owner.contacts}
    # Ola's list on screen no longer holds them.
    moved = {line.person_id for line in chosen}
    qtbot.waitUntil(lambda: not moved & {line.person_id for line in panel.people.rows()}, timeout=10_000)


def test_enter_on_a_person_in_the_caseload_opens_their_card(qtbot: QtBot, demo_db: Database, absence_tab) -> None:
    tab = absence_tab(sign_in(demo_db, "leder"))
    opened: list = []
    tab.ctx.open_person = opened.append
    panel = tab.move_panel
    select_data(panel.holder, staff_actor(demo_db, "stat").staff_id)
    qtbot.waitUntil(lambda: bool(panel.people.rows()), timeout=10_000)
    panel.people.table.setFocus()
    qtbot.keyClick(panel.people.table, Qt.Key.Key_Return)
    assert opened == [panel.people.rows()[0].person_id]


def test_the_cover_view_names_what_nobody_present_covers(qtbot: QtBot, demo_db: Database, absence_tab) -> None:
    tab = absence_tab(sign_in(demo_db, "leder"))
    page = tab.cover_page.toPlainText()
    # Randi Lien (individual plans, ansvarsgrupper) is away for the whole period, and nobody else has those areas.
    assert "Every working day of the period" in page
    assert "Away: Randi Lien" in page
    assert "Specialist areas nobody present covers: Ansvarsgrupper, Individuell plan" in page
    # A period the service refuses is explained next to the end date.
    tab.end.setDate(tab.start.date().addDays(200))
    qtbot.mouseClick(tab.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.errors.label("end").isVisible(), timeout=10_000)


def test_a_deputy_sees_whom_they_cover_for(qtbot: QtBot, demo_db: Database, absence_tab) -> None:
    tab = absence_tab(sign_in(demo_db, "kommune"))
    assert tab.office is None and tab.covering_box.isVisibleTo(tab)
    rows = tab.covering.rows()
    assert [row.name for row in rows] == ["Randi Lien"] and rows[0].people > 0
    stat = absence_tab(sign_in(demo_db, "stat"))
    assert stat.covering.rows() == [] and stat.covering.empty.isVisibleTo(stat)
