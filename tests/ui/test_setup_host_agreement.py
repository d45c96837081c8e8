"""End to end: a leader edits the demo region's host agreement through the real main window and dialog."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from navdesk.services import org
from navdesk.services.auth import authenticate
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.main_window import MainWindow
from navdesk.ui.setup.host_agreement_dialog import HostAgreementDialog
from navdesk.ui.setup.list_tab import ListTab
from navdesk.ui.setup.setup_view import SetupView
from navdesk.ui.worker import DbWorker


@pytest.fixture
def leader_window(qtbot: QtBot, demo_db: Database) -> Iterator[MainWindow]:
    actor = authenticate(demo_db, "leder", "demo")
    ctx = UiContext(demo_db, DbWorker(), actor, is_demo=True)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    yield window
    qtbot.waitUntil(lambda: ctx.worker.idle)
    ctx.worker.shutdown()


def agreements_tab(qtbot: QtBot, window: MainWindow) -> ListTab:
    view = window.show_area("setup")
    assert isinstance(view, SetupView)
    view.tabs.setCurrentWidget(view.host_agreements)
    qtbot.waitUntil(lambda: view.host_agreements.loaded)
    return view.host_agreements


def open_gol_hemsedal(qtbot: QtBot, tab: ListTab) -> HostAgreementDialog:
    position = tab.model.find(lambda r: r.host == "Gol" and r.members == ("Hemsedal",))
    assert position >= 0
    tab.table.setFocus()
    tab.table.selectRow(position)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible())
    dialog = tab.dialog
    assert isinstance(dialog, HostAgreementDialog)
    return dialog


def municipality_id(dialog: HostAgreementDialog, name: str) -> uuid.UUID:
    return next(m.id for m in dialog.choices.municipalities if m.name == name)


def test_leader_narrows_the_gol_hemsedal_agreement_and_gives_it_a_last_day(
    qtbot: QtBot, leader_window: MainWindow, demo_db: Database
) -> None:
    ctx = leader_window.ctx
    tab = agreements_tab(qtbot, leader_window)
    dialog = open_gol_hemsedal(qtbot, tab)
    agreement_id = dialog.detail.id
    hemsedal = municipality_id(dialog, "Hemsedal")
    assert (hemsedal, "kvp") in dialog.grid.coverage()

    # Hemsedal takes KVP back: move to its cell and press Space, as a keyboard user would.
    grid = dialog.grid
    column = next(i for i, m in enumerate(dialog.choices.municipalities) if m.id == hemsedal)
    row = next(
        i for i in range(grid.rowCount()) if grid.verticalHeaderItem(i).text().startswith("Kvalifisering")
    )
    grid.setFocus()
    grid.setCurrentCell(row, column)
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert (hemsedal, "kvp") not in grid.coverage()
    qtbot.mouseClick(dialog.valid_to.enabled, Qt.MouseButton.LeftButton)
    dialog.valid_to.edit.setDate(dialog.valid_to.edit.date().fromString("2030-12-31", Qt.DateFormat.ISODate))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)

    saved = org.get_host_agreement(demo_db, ctx.actor, agreement_id)
    assert (hemsedal, "kvp") not in saved.coverage
    assert (hemsedal, "oko_stonad") in saved.coverage
    assert saved.valid_to == date(2030, 12, 31)
    # The list shows the change without being asked to.
    qtbot.waitUntil(
        lambda: (
            tab.model.row_at(tab.model.find(lambda r: r.id == agreement_id)).partial is False
            and "kvp" not in tab.model.row_at(tab.model.find(lambda r: r.id == agreement_id)).service_codes
        )
    )
    assert tab.current_row().id == agreement_id


def test_an_overlapping_agreement_is_refused_next_to_the_grid_and_nothing_changes(
    qtbot: QtBot, leader_window: MainWindow, demo_db: Database, english: None
) -> None:
    ctx = leader_window.ctx
    before = org.list_host_agreements(demo_db, ctx.actor)
    tab = agreements_tab(qtbot, leader_window)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible())
    dialog = tab.dialog
    assert isinstance(dialog, HostAgreementDialog) and dialog.is_new
    qtbot.keyClicks(dialog.name, "Ål overtar sosialhjelp for Hemsedal")
    dialog.host.setCurrentIndex(dialog.host.findText("Ål (3328)"))
    dialog.grid.set_checked(municipality_id(dialog, "Hemsedal"), "oko_stonad", True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    label = dialog.errors.label("coverage")
    qtbot.waitUntil(label.isVisible)
    assert "Hemsedal already takes part in Økonomisk stønad" in label.text()
    assert "«Vertskommuneavtale NAV Gol og Hemsedal»" in label.text()
    assert dialog.isVisible() and dialog.grid.hasFocus()
    assert not dialog.errors.label("name").isVisible()
    assert org.list_host_agreements(demo_db, ctx.actor) == before
    dialog.reject()


def test_the_host_cannot_also_be_a_member(
    qtbot: QtBot, leader_window: MainWindow, demo_db: Database, english: None
) -> None:
    tab = agreements_tab(qtbot, leader_window)
    dialog = open_gol_hemsedal(qtbot, tab)
    before = org.get_host_agreement(demo_db, leader_window.ctx.actor, dialog.detail.id)
    # Hemsedal becomes the host while its own services are still ticked.
    dialog.host.setCurrentIndex(dialog.host.findText("Hemsedal (3326)"))
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter saves

    label = dialog.errors.label("coverage")
    qtbot.waitUntil(label.isVisible)
    assert "Hemsedal is the host and cannot also be a member" in label.text()
    assert org.get_host_agreement(demo_db, leader_window.ctx.actor, dialog.detail.id) == before
    dialog.reject()
    qtbot.waitUntil(lambda: tab.dialog is None)
