"""A handover on screen: Ola Rud (stat) hands a person to Marte Sando (msando) from the card; Ola stays
the veileder until Marte accepts in the Team area, and then the owner changes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from card_people import sign_in, staff_actor
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from navdesk.services import handovers, people
from navdesk.services.actor import Actor
from navdesk.services.handovers import HandoverForm
from navdesk.store.engine import Database
from navdesk.store.models import Handover, PersonContact, Staff
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.people.card.handover_action import HandoverDialog, HandoversPage
from navdesk.ui.setup.form import select_data
from navdesk.ui.team.decline_dialog import DeclineDialog
from navdesk.ui.team.team_view import TeamView
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")

MakeContext = Callable[[Actor], UiContext]


@pytest.fixture
def context_for(demo_db: Database) -> Iterator[MakeContext]:
    """One UiContext (with its own worker) per signed-in staff member, as on two desks."""
    workers: list[DbWorker] = []

    def make(actor: Actor) -> UiContext:
        worker = DbWorker()
        workers.append(worker)
        return UiContext(demo_db, worker, actor, is_demo=True)

    yield make
    for worker in workers:
        worker.shutdown()


def held_by(db: Database, login: str, receiver: Actor) -> uuid.UUID:
    """A person whose only veileder is `login`, with no handover waiting, whom `receiver` may take over
    (the demo marks some staff as conflicted for some people)."""
    with db.session() as session:
        waiting = select(Handover.person_id).where(Handover.answered_at.is_(None), Handover.withdrawn_at.is_(None))
        others = select(PersonContact.person_id).join(Staff, Staff.id == PersonContact.staff_id).where(
            Staff.login != login, PersonContact.ends.is_(None))
        candidates = session.scalars(
            select(PersonContact.person_id).join(Staff, Staff.id == PersonContact.staff_id)
            .where(Staff.login == login, PersonContact.ends.is_(None), PersonContact.is_primary.is_(True),
                   PersonContact.person_id.not_in(waiting), PersonContact.person_id.not_in(others))
            .order_by(PersonContact.person_id)).all()
    sender = staff_actor(db, login)
    return next(person for person in candidates
                if receiver.staff_id in dict(handovers.receivers(db, sender, person)))


def open_card(qtbot: QtBot, ctx: UiContext, person_id: uuid.UUID) -> CardView:
    view = CardView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 720)
    view.show()
    with qtbot.waitSignal(view.person_changed, timeout=10_000):
        view.show_person(person_id)
    qtbot.waitUntil(lambda: ctx.worker.idle)
    return view


def open_team(qtbot: QtBot, ctx: UiContext) -> TeamView:
    view = TeamView(ctx)
    qtbot.addWidget(view)
    view.resize(1300, 720)
    view.show()
    return view


def followed_by(view: CardView) -> str:
    return next(part for part in view.facts.text().split(" · ") if part.startswith("Followed up by"))


def test_the_sender_keeps_the_person_until_the_receiver_accepts(
        qtbot: QtBot, demo_db: Database, context_for: MakeContext) -> None:
    ola, marte = sign_in(demo_db, "stat"), staff_actor(demo_db, "msando")
    person = held_by(demo_db, "stat", marte)
    card = open_card(qtbot, context_for(ola), person)
    assert "Ola Rud" in followed_by(card)

    card.run_action("hand_over")
    dialog = card.dialog
    assert isinstance(dialog, HandoverDialog)
    qtbot.waitUntil(lambda: dialog.loaded)
    # Nothing is proposed until the receiver, the note and the answer about the person's agreement are given.
    dialog.propose()
    qtbot.waitUntil(lambda: dialog.errors.label("receiver_id").isVisible())
    assert dialog.errors.label("note").isVisible() and dialog.errors.label("agreed_with_person").isVisible()
    assert handovers.person_handovers(demo_db, ola, person) == ()

    select_data(dialog.receiver, marte.staff_id)
    assert dialog.receiver.currentText() == "Marte Sando"
    qtbot.keyClicks(dialog.note, "Trenger tett oppfølging; neste møte er 10. mars.")
    dialog.agreed.yes.setChecked(True)
    qtbot.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: card.ctx.worker.idle)

    # Still Ola's person: the header says so, and the card's Handovers tab shows the handover waiting.
    assert "Ola Rud" in followed_by(card) and "Marte Sando" not in followed_by(card)
    page = card.extra_tabs["handovers"]
    assert isinstance(page, HandoversPage)
    card.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.waiting is not None, timeout=10_000)
    assert "Marte Sando" in page.waiting_text.text() and "Ola Rud stays the veileder" in page.waiting_text.text()
    assert page.withdraw_button.isVisibleTo(page) and not page.accept_button.isVisibleTo(page)
    # The dialog, opened again, shows the handover instead of a second proposal.
    card.run_action("hand_over")
    again = card.dialog
    assert isinstance(again, HandoverDialog)
    qtbot.waitUntil(lambda: again.loaded)
    assert again.waiting_box.isVisibleTo(again) and not again.form_box.isVisibleTo(again)
    again.reject()

    # Marte, on her own desk, finds it in the Team area; Enter opens the card, Accept takes the person over.
    marte_ctx = context_for(marte)
    opened: list[uuid.UUID] = []
    marte_ctx.open_person = opened.append
    team = open_team(qtbot, marte_ctx)
    tab = team.handovers
    assert tab is not None
    qtbot.waitUntil(lambda: any(item.person_id == person for item in tab.incoming.rows()), timeout=10_000)
    assert tab.incoming.select(lambda item: item.person_id == person)
    assert "Trenger tett oppfølging" in tab.note.toPlainText()
    tab.incoming.table.setFocus()
    qtbot.keyClick(tab.incoming.table, Qt.Key.Key_Return)
    assert opened == [person]
    qtbot.mouseClick(tab.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(item.person_id != person for item in tab.incoming.rows()), timeout=10_000)
    assert "now" in tab.status.text()

    owner = people.ownership(demo_db, marte, person)
    assert [contact.staff_id for contact in owner.contacts] == [marte.staff_id]
    card.show_person(person)
    qtbot.waitUntil(lambda: "Marte Sando" in followed_by(card), timeout=10_000)
    assert "Ola Rud" not in followed_by(card)


def test_declining_needs_a_reason_and_the_sender_keeps_the_person(
        qtbot: QtBot, demo_db: Database, context_for: MakeContext) -> None:
    ola, marte = sign_in(demo_db, "stat"), staff_actor(demo_db, "msando")
    person = held_by(demo_db, "stat", marte)
    handovers.propose(demo_db, ola, person, HandoverForm(marte.staff_id, "Flytter til Ål.", True))
    team = open_team(qtbot, context_for(marte))
    tab = team.handovers
    assert tab is not None
    qtbot.waitUntil(lambda: tab.incoming.select(lambda item: item.person_id == person), timeout=10_000)

    tab.decline_current()
    dialog = tab.decline_dialog
    assert isinstance(dialog, DeclineDialog)
    dialog.confirm()
    qtbot.waitUntil(lambda: dialog.errors.label("reason").isVisible())
    assert "reason" in dialog.errors.label("reason").text()
    assert handovers.person_handovers(demo_db, ola, person)[0].open
    qtbot.keyClicks(dialog.reason, "Full kapasitet til etter ferien.")
    dialog.confirm()
    qtbot.waitUntil(lambda: all(item.person_id != person for item in tab.incoming.rows()), timeout=10_000)

    # Ola still follows the person up, and his card shows the answer with its reason.
    card = open_card(qtbot, context_for(ola), person)
    assert "Ola Rud" in followed_by(card)
    page = card.extra_tabs["handovers"]
    card.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.history.topLevelItemCount() > 0, timeout=10_000)
    assert page.history.topLevelItem(0).text(3) == "Declined: Full kapasitet til etter ferien."
    assert page.waiting is None and not page.waiting_text.isVisibleTo(page)


def test_overdue_handovers_at_the_office_are_flagged_to_the_leader(
        qtbot: QtBot, demo_db: Database, context_for: MakeContext) -> None:
    ola, marte = sign_in(demo_db, "stat"), staff_actor(demo_db, "msando")
    person = held_by(demo_db, "stat", marte)
    two_weeks_ago = datetime.now() - timedelta(days=14)
    late = handovers.propose(demo_db, ola, person, HandoverForm(marte.staff_id, "Flytter til Ål.", True),
                             now=two_weeks_ago)
    team = open_team(qtbot, context_for(sign_in(demo_db, "leder")))
    tab = team.handovers
    assert tab is not None and tab.overdue_box.isVisibleTo(tab)
    qtbot.waitUntil(lambda: tab.loaded, timeout=10_000)
    assert all(item.overdue for item in tab.overdue.rows())
    assert tab.overdue.select(lambda item: item.id == late.id)
    row = tab.overdue.table.currentIndex().row()
    assert tab.overdue.model().index(row, 3).data().endswith("overdue")
    assert tab.overdue.model().index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    # The leader may take it back, so that someone else can be asked.
    qtbot.mouseClick(tab.withdraw_overdue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(item.id != late.id for item in tab.overdue.rows()), timeout=10_000)
    assert handovers.person_handovers(demo_db, ola, person)[0].withdrawn
