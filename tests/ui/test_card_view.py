"""The card on screen: stat and kommune open the same Hemsedal resident and see different sides."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from card_people import HEMSEDAL, conflicted_person, resident
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from navdesk.services.auth import authenticate
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.people.card.emergency_dialog import EmergencyDialog
from navdesk.ui.people.card.note_dialog import NoteDialog
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")

NO_MUNICIPAL = "Municipal information — no access. You are not authorised for this."


@pytest.fixture
def open_card_as(qtbot: QtBot, demo_db: Database) -> Iterator:
    workers: list[DbWorker] = []

    def open_as(login: str, person_id: uuid.UUID) -> CardView:
        worker = DbWorker()
        workers.append(worker)
        view = CardView(UiContext(demo_db, worker, authenticate(demo_db, login, "demo"), is_demo=True))
        qtbot.addWidget(view)
        view.resize(1100, 700)
        view.show()
        with qtbot.waitSignal(view.person_changed, timeout=10_000):
            view.show_person(person_id)
        qtbot.waitUntil(lambda: worker.idle)
        return view

    yield open_as
    for worker in workers:
        worker.shutdown()


def test_the_municipal_section_is_withheld_for_stat_and_shown_for_kommune(open_card_as, demo_db: Database) -> None:
    person = resident(demo_db, HEMSEDAL)
    stat = open_card_as("stat", person)
    kommune = open_card_as("kommune", person)

    assert stat.stack.currentWidget() is stat.card_page and kommune.stack.currentWidget() is kommune.card_page
    assert stat.name.text() == kommune.name.text()
    assert stat.municipal.withheld_texts() == [NO_MUNICIPAL]
    assert stat.municipal.cases.isHidden()
    assert kommune.municipal.withheld_texts() == []
    assert not kommune.municipal.cases.isHidden()
    services = {kommune.municipal.cases.topLevelItem(row).text(1)
                for row in range(kommune.municipal.cases.topLevelItemCount())}
    assert {"Økonomisk stønad", "Gjeldsrådgivning"} <= services
    assert stat.state.facts.topLevelItemCount() >= 2 and kommune.state.facts.topLevelItemCount() == 0


def test_a_refused_card_offers_emergency_access_and_then_opens_with_a_red_banner(
        qtbot: QtBot, open_card_as, demo_db: Database) -> None:
    view = open_card_as("gjeld", resident(demo_db, HEMSEDAL))
    assert view.stack.currentWidget() is view.refused_page
    assert view.refused_text.text().startswith("You cannot open this card")

    view.emergency_button.setFocus()
    qtbot.keyClick(view.emergency_button, Qt.Key.Key_Space)
    dialog = view.dialog
    assert isinstance(dialog, EmergencyDialog)
    qtbot.keyClicks(dialog.reason, "kort")
    dialog.confirm()
    qtbot.waitUntil(lambda: dialog.errors.label("reason").isVisible())
    dialog.reason.setPlainText("Bruker er i krise og trenger hjelp i kveld")
    dialog.confirm()
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.card_page, timeout=10_000)
    assert view.banner.isVisibleTo(view) and "Emergency access" in view.banner.text()
    assert not view.new_note_button.isEnabled() and not view.print_button.isEnabled()


def test_a_conflicted_member_sees_the_same_refusal_as_for_no_one(open_card_as, demo_db: Database) -> None:
    conflicted = open_card_as("stat", conflicted_person(demo_db, "stat"))
    nobody = open_card_as("stat", uuid.uuid4())
    assert conflicted.stack.currentWidget() is conflicted.refused_page
    assert conflicted.refused_text.text() == nobody.refused_text.text()


def test_a_note_written_in_the_dialog_appears_in_the_journal(qtbot: QtBot, open_card_as, demo_db: Database) -> None:
    view = open_card_as("kommune", resident(demo_db, HEMSEDAL))
    view.activateWindow()
    qtbot.waitActive(view)
    view.tabs.setCurrentWidget(view.journal)
    view.tabs.setFocus()
    qtbot.keyClick(view.tabs, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, NoteDialog)
    assert all(dialog.target.itemText(i).startswith("Municipal — Hemsedal") for i in range(dialog.target.count()))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label("title").isVisible())
    qtbot.keyClicks(dialog.title_edit, "Samtale om husleie")
    dialog.text.setPlainText("Bruker har fått varsel om utkastelse.")
    count = view.journal.list.topLevelItemCount()
    dialog.save()
    qtbot.waitUntil(lambda: view.journal.list.topLevelItemCount() == count + 1, timeout=10_000)
    titles = {view.journal.list.topLevelItem(row).text(3) for row in range(view.journal.list.topLevelItemCount())}
    assert "Samtale om husleie" in titles
