"""The card's own tools, used the way a veileder or leader would: ownership, §14a, conflicts, contacts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from card_people import GOL, fnr_of, resident, sign_in
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from navdesk.domain.case_codes import ContactChannel
from navdesk.domain.codes import Hovedmal, Innsatsgruppe
from navdesk.i18n import format_date
from navdesk.services import search
from navdesk.services.auth import authenticate
from navdesk.store.engine import Database
from navdesk.store.models import PersonContact
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.people.card.conflict_dialog import ConflictDialog
from navdesk.ui.people.card.contact_dialog import ContactDialog
from navdesk.ui.people.card.innsats_dialog import InnsatsDialog
from navdesk.ui.people.card.ownership_dialog import OwnershipDialog
from navdesk.ui.setup.form import select_data
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")


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


def action_enabled(view: CardView, key: str) -> bool:
    return next(entry for action, entry in view._menu_actions if action.key == key).isEnabled()


def closes(qtbot: QtBot, view: CardView) -> None:
    qtbot.waitUntil(lambda: view.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: view.ctx.worker.idle)


def finds(db: Database, login: str, person: uuid.UUID) -> bool:
    return person in search.search_people(db, sign_in(db, login), fnr_of(db, person)).ids


def test_saving_a_new_contact_veileder_asks_about_agreement_and_shows_in_the_header(
        qtbot: QtBot, open_card_as, demo_db: Database) -> None:
    view = open_card_as("leder", resident(demo_db, GOL))
    view.run_action("ownership")
    dialog = view.dialog
    assert isinstance(dialog, OwnershipDialog)
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=10_000)
    assert not dialog.agreement_box.isVisibleTo(dialog)
    primary = dialog.contacts[0]
    name = next(primary.itemText(i) for i in range(1, primary.count()) if primary.itemText(i) != primary.currentText())
    primary.setCurrentText(name)
    assert dialog.agreement_box.isVisibleTo(dialog)

    dialog.save()
    assert dialog.errors.label("agreed").isVisible()
    assert view.dialog is dialog  # nothing saved until the question is answered
    dialog.agreed_yes.setChecked(True)
    qtbot.keyClicks(dialog.note, "Ny kontakt etter samtale")
    dialog.save()
    closes(qtbot, view)
    assert "Followed up by " in view.facts.text() and name in view.facts.text()
    with demo_db.session() as session:
        primary_row = session.scalars(select(PersonContact).where(
            PersonContact.person_id == view.person_id, PersonContact.ends.is_(None), PersonContact.is_primary)).one()
        assert primary_row.agreed_with_person  # the answer is kept with the new contact

    view.run_action("ownership")
    again = view.dialog
    qtbot.waitUntil(lambda: again.loaded is not None, timeout=10_000)
    assert again.contacts[0].currentText() == name
    assert again.history.topLevelItem(0).text(4) == "Ny kontakt etter samtale"


def test_ownership_needs_a_team_or_a_contact(qtbot: QtBot, open_card_as, demo_db: Database) -> None:
    view = open_card_as("leder", resident(demo_db, GOL))
    view.run_action("ownership")
    dialog = view.dialog
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=10_000)
    dialog.team.setCurrentIndex(0)
    for combo in dialog.contacts:
        combo.setCurrentIndex(0)
    dialog.agreed_no.setChecked(True)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label("team_id").isVisible(), timeout=10_000)
    assert dialog.errors.label("team_id").text() == "Choose an owning team or at least one contact veileder."


def test_a_14a_decision_needs_its_hovedmal_and_then_shows_on_the_state_side(
        qtbot: QtBot, open_card_as, demo_db: Database) -> None:
    kommune = open_card_as("kommune", resident(demo_db, GOL))
    assert not action_enabled(kommune, "innsats")  # §14a is the state side's

    view = open_card_as("stat", resident(demo_db, GOL))
    history = view.state.history.topLevelItemCount()
    view.run_action("innsats")
    dialog = view.dialog
    assert isinstance(dialog, InnsatsDialog)
    select_data(dialog.innsatsgruppe, Innsatsgruppe.SITUASJONSBESTEMT)
    dialog.hovedmal.setCurrentIndex(0)
    dialog.decided_on.setDate(dialog.decided_on.date().addDays(3))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label("hovedmal").isVisible(), timeout=10_000)
    assert dialog.errors.label("hovedmal").text() == "Choose the hovedmål."
    assert dialog.errors.label("decided_on").text() == "The decision date lies in the future."

    select_data(dialog.hovedmal, Hovedmal.SKAFFE_ARBEID)
    dialog.decided_on.setDate(dialog.decided_on.date().addDays(-3))
    dialog.save()
    closes(qtbot, view)
    assert "Innsatsgruppe: Needs guidance (situasjonsbestemt innsats)" in view.state.innsats.text()
    assert "Hovedmål: Get work (skaffe arbeid)" in view.state.innsats.text()
    assert view.state.history.topLevelItemCount() == history + 1
    assert view.state.history.topLevelItem(0).text(0) == format_date(date.today())


def test_a_conflicted_staff_member_no_longer_finds_the_person_until_the_conflict_ends(
        qtbot: QtBot, open_card_as, demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    person = resident(demo_db, GOL)
    assert not action_enabled(open_card_as("stat", person), "conflicts")  # leaders only
    assert finds(demo_db, "stat", person)

    view = open_card_as("leder", person)
    view.run_action("conflicts")
    dialog = view.dialog
    assert isinstance(dialog, ConflictDialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.empty.isVisibleTo(dialog)
    dialog.save()
    assert dialog.errors.label("staff_id").isVisible() and dialog.errors.label("reason").isVisible()

    dialog.staff.setCurrentText("Ola Rud (stat)")
    qtbot.keyClicks(dialog.reason, "Nær familie")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1, timeout=10_000)
    assert dialog.list.topLevelItem(0).text(0) == "Ola Rud" and dialog.list.topLevelItem(0).text(1) == "Nær familie"
    assert dialog.reason.text() == ""
    assert not finds(demo_db, "stat", person)

    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    assert dialog.end_button.isEnabled()
    dialog.end_button.click()
    qtbot.waitUntil(lambda: dialog.list.topLevelItem(0).text(4) != "", timeout=10_000)
    assert not dialog.end_button.isEnabled()
    assert finds(demo_db, "stat", person)


def test_a_contact_registered_with_ctrl_k_appears_in_the_contacts_tab(
        qtbot: QtBot, open_card_as, demo_db: Database) -> None:
    view = open_card_as("stat", resident(demo_db, GOL))
    view.activateWindow()
    qtbot.waitActive(view)
    view.tabs.setCurrentWidget(view.contacts)
    view.tabs.setFocus()
    qtbot.keyClick(view.tabs, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, ContactDialog)
    assert [dialog.target.itemText(i) for i in range(dialog.target.count())] == ["State side"]

    later = datetime.now() + timedelta(hours=2)
    dialog.day.setDate(later.date())
    dialog.time.setTime(QTime(later.hour, later.minute))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label("summary").isVisible(), timeout=10_000)
    assert dialog.errors.label("at").text() == "A contact cannot lie in the future."

    dialog.day.setDate(datetime.now().date())
    dialog.time.setTime(QTime(0, 5))
    select_data(dialog.channel, ContactChannel.PHONE)
    dialog.summary.setPlainText("Ringte om meldekortet.")
    dialog.save()
    closes(qtbot, view)
    rows = [[view.contacts.contacts.topLevelItem(r).text(c) for c in (1, 3, 4)]
            for r in range(view.contacts.contacts.topLevelItemCount())]
    assert ["Phone", "Ola Rud", "Ringte om meldekortet."] in rows
