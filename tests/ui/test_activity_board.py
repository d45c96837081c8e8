"""The activity plan on the person card: a veileder adds an activity on the board, moves it (by drop and
by keyboard) to fullført and finds it locked; a reader without the municipal side never sees KVP
activities on the board; the list filters as asked."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from card_people import GOL, conflicted_person, resident, sign_in
from plan_people import new_person
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from navdesk.domain.errors import NotAllowed
from navdesk.services import activities
from navdesk.services.plan_types import ActivityForm
from navdesk.store.engine import Database
from navdesk.store.models import Activity, Municipality, Person
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.people.card.widgets import WithheldBox
from navdesk.ui.plans.activity_board import ActivityColumn
from navdesk.ui.plans.activity_dialog import ActivityDialog
from navdesk.ui.plans.activity_tab import ActivityTab
from navdesk.ui.setup.form import select_data
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")

LOCKED = "A completed or cancelled activity can no longer be changed. Create a new activity instead."
NO_MUNICIPAL = "Municipal information — no access. You are not authorised for this."
TODAY = date.today()


def tab_opener(qtbot: QtBot, demo_db: Database) -> Iterator:
    """Open the person's card as `login` and switch to the activity plan tab, loaded (the `open_tab` fixture)."""
    workers: list[DbWorker] = []

    def open_as(login: str, person_id: uuid.UUID) -> tuple[CardView, ActivityTab]:
        worker = DbWorker()
        workers.append(worker)
        view = CardView(UiContext(demo_db, worker, sign_in(demo_db, login), is_demo=True))
        qtbot.addWidget(view)
        view.resize(1366, 720)
        view.show()
        with qtbot.waitSignal(view.person_changed, timeout=10_000):
            view.show_person(person_id)
        tab = view.extra_tabs["activity_plan"]
        assert isinstance(tab, ActivityTab)
        view.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(lambda: tab.board_data is not None and worker.idle, timeout=10_000)
        view.activateWindow()
        qtbot.waitActive(view)
        return view, tab

    yield open_as
    for worker in workers:
        worker.shutdown()


@pytest.fixture
def open_tab(qtbot: QtBot, demo_db: Database) -> Iterator:
    yield from tab_opener(qtbot, demo_db)


def titles(column: ActivityColumn) -> list[str]:
    return [card.title for card in column.cards()]


def gol_person_with_a_plan(db: Database) -> uuid.UUID:
    """A Gol resident of the demo whose activity plan `stat` may read and add to."""
    stat = sign_in(db, "stat")
    for index in range(60):
        person = resident(db, GOL, index)
        try:
            board = activities.board(db, stat, person)
        except NotAllowed:
            continue  # the demo marks stat as conflicted for one Gol resident
        if board.can_create and sum(len(column.cards) for column in board.columns) >= 3:
            return person
    raise AssertionError("the demo has no Gol resident with an activity plan")


def drop(qtbot: QtBot, tab: ActivityTab, activity_id: uuid.UUID, source: str, target: str) -> None:
    """Drop a card on a column exactly as a mouse drop arrives: the dragged data and a QDropEvent."""
    columns = tab.board.columns
    assert columns[source].select(activity_id)
    data = columns[source].mimeData([columns[source].currentItem()])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    columns[target].dropEvent(event)
    assert event.isAccepted()


def test_a_veileder_adds_an_activity_moves_it_to_fullfort_and_finds_it_locked(
        qtbot: QtBot, open_tab, demo_db: Database) -> None:
    view, tab = open_tab("stat", gol_person_with_a_plan(demo_db))
    board = tab.board
    before = sum(len(column.cards()) for column in board.columns.values())
    assert before >= 3 and tab.new_button.isEnabled()

    # Ctrl+N on the board makes a new activity (the card's own Ctrl+N writes a note elsewhere).
    board.focus_current()
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, ActivityDialog)
    select_data(dialog.kind, "stilling")
    assert dialog.fields is not None and {"employer", "job_title", "label"} <= dialog.fields.names
    qtbot.keyClicks(dialog.title_edit, "Lagermedarbeider")
    fields = dialog.fields.widgets
    qtbot.keyClicks(fields["employer"], "Coop Gol")
    qtbot.keyClicks(fields["job_title"], "Lagermedarbeider")
    select_data(fields["label"], "soknad_sendt")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    planned = board.columns["planlagt"]
    qtbot.waitUntil(lambda: "Lagermedarbeider" in titles(planned), timeout=10_000)
    assert sum(len(column.cards()) for column in board.columns.values()) == before + 1
    card = next(card for card in planned.cards() if card.title == "Lagermedarbeider")
    assert card.subtitle == "Coop Gol · Lagermedarbeider · Application sent"

    # Planned -> in progress by drag and drop, through the drop handler a real drop calls.
    drop(qtbot, tab, card.activity_id, "planlagt", "gjennomfores")
    qtbot.waitUntil(lambda: "Lagermedarbeider" in titles(board.columns["gjennomfores"]), timeout=10_000)
    assert "Lagermedarbeider" not in titles(planned)

    # In progress -> completed by keyboard: Ctrl+Right goes to the nearest status the rules allow.
    board.select(card.activity_id)
    board.focus_current()
    qtbot.keyClick(board.columns["gjennomfores"], Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    completed = board.columns["fullfort"]
    qtbot.waitUntil(lambda: "Lagermedarbeider" in titles(completed), timeout=10_000)
    assert tab.notice.text() == "Moved “Lagermedarbeider” to Completed (fullført)."
    done = next(card for card in completed.cards() if card.title == "Lagermedarbeider")
    assert done.locked and done.next_statuses == ()
    assert view.focusWidget() is completed and completed.current_card() == done  # the cursor followed the card

    # Locked: a move back is refused with the reason, by keyboard and by drop, and nothing changes.
    qtbot.keyClick(completed, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert tab.notice.text() == LOCKED and tab.notice.isVisible()
    drop(qtbot, tab, done.activity_id, "fullfort", "planlagt")
    assert tab.notice.text() == LOCKED
    qtbot.waitUntil(lambda: view.ctx.worker.idle)
    assert activities.get_activity(demo_db, view.ctx.actor, done.activity_id).card.status == "fullfort"

    # Enter opens it read-only, telling the user to make a new activity.
    completed.select(done.activity_id)
    completed.setFocus()
    qtbot.keyClick(completed, Qt.Key.Key_Return)
    opened = view.dialog
    assert isinstance(opened, ActivityDialog)
    qtbot.waitUntil(lambda: opened.detail is not None, timeout=10_000)
    assert opened.read_only and opened.notice.isVisible() and opened.notice.text() == LOCKED
    assert opened.title_edit.isReadOnly() and opened.title_edit.text() == "Lagermedarbeider"
    assert not opened.save_button.isVisible() and opened.copy_button.isVisible()
    assert not opened.from_edit.isEnabled()


def test_a_move_the_rules_do_not_allow_says_why_and_changes_nothing(
        qtbot: QtBot, open_tab, demo_db: Database) -> None:
    stat = sign_in(demo_db, "stat")
    person = new_person(demo_db)
    created = activities.create_activity(demo_db, stat, person, ActivityForm(
        "egenaktivitet", "Oppdatere CV", TODAY, TODAY + timedelta(days=7), {"purpose": "Søke jobber"}))
    view, tab = open_tab("stat", person)
    planned = tab.board.columns["planlagt"]
    assert titles(planned) == ["Oppdatere CV"]

    drop(qtbot, tab, created.card.activity_id, "planlagt", "forslag")
    assert tab.notice.text() == "An activity cannot be moved from Planned (planlagt) to Suggested (forslag)."
    planned.setFocus()
    qtbot.keyClick(planned, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)  # forslag is the only way left
    assert "cannot be moved from Planned (planlagt) to Suggested (forslag)" in tab.notice.text()
    qtbot.waitUntil(lambda: view.ctx.worker.idle)
    assert titles(planned) == ["Oppdatere CV"] and titles(tab.board.columns["forslag"]) == []
    assert activities.get_activity(demo_db, stat, created.card.activity_id).card.version == created.card.version


def kvp_and_state_person(db: Database) -> tuple[uuid.UUID, int, int]:
    """A Gol resident with both a state activity plan and KVP activities whom `stat` and `kommune` may both see
    (the demo marks each of them conflicted for someone): (person, state count, KVP count)."""
    conflicted = {conflicted_person(db, "stat"), conflicted_person(db, "kommune")}
    with db.session() as session:
        rows = session.execute(
            select(Activity.person_id, Activity.kvp_programme_id)
            .join(Person, Person.id == Activity.person_id)
            .join(Municipality, Municipality.id == Person.residence_municipality_id)
            .where(Municipality.number == GOL)).all()
    counts: dict[uuid.UUID, list[int]] = {}
    for person_id, programme_id in rows:
        counts.setdefault(person_id, [0, 0])[programme_id is not None] += 1
    person, (state, kvp) = next((person, pair) for person, pair in counts.items()
                                if all(pair) and person not in conflicted)
    return person, state, kvp


def test_a_reader_without_the_municipal_side_does_not_see_kvp_activities(open_tab, demo_db: Database) -> None:
    person, state, kvp = kvp_and_state_person(demo_db)
    _view, stat = open_tab("stat", person)
    stat_cards = [card for column in stat.board.columns.values() for card in column.cards()]
    assert len(stat_cards) == state and not any(card.kvp for card in stat_cards)
    assert [box.text() for box in stat.findChildren(WithheldBox)] == [NO_MUNICIPAL]

    _view, kommune = open_tab("kommune", person)
    kommune_cards = [card for column in kommune.board.columns.values() for card in column.cards()]
    assert len(kommune_cards) == kvp and all(card.kvp for card in kommune_cards)
    assert not {card.activity_id for card in stat_cards} & {card.activity_id for card in kommune_cards}


def test_the_list_filters_by_kind_status_overdue_and_agreed(qtbot: QtBot, open_tab, demo_db: Database,
                                                           qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    stat = sign_in(demo_db, "stat")
    person = new_person(demo_db)
    job = {"employer": "Kiwi Gol", "job_title": "Butikkmedarbeider"}
    activities.create_activity(demo_db, stat, person, ActivityForm(
        "stilling", "Renholder", TODAY - timedelta(days=20), TODAY - timedelta(days=2), job))
    activities.create_activity(demo_db, stat, person, ActivityForm(
        "stilling", "Kokk", TODAY, TODAY + timedelta(days=10), job, agreed=True))
    cv = activities.create_activity(demo_db, stat, person, ActivityForm(
        "egenaktivitet", "Oppdatere CV", TODAY, TODAY + timedelta(days=7), {}))
    activities.move_activity(demo_db, stat, cv.card.activity_id, cv.card.version, "gjennomfores")
    view, tab = open_tab("stat", person)
    assert tab.overdue_label.text() == "⚠ 1 overdue"

    tab.board.focus_current()
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    listing = tab.list_view
    assert tab.showing_list()

    def listed() -> list[str]:
        model = listing.table.model()
        return [model.index(row, 1).data() for row in range(model.rowCount())]

    qtbot.waitUntil(lambda: sorted(listed()) == ["Kokk", "Oppdatere CV", "Renholder"], timeout=10_000)
    qtmodeltester.check(listing.model)
    assert "Overdue" in listing.model.index(listed().index("Renholder"), 6).data()

    def choose(combo, value: object, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
        select_data(combo, value)
        qtbot.waitUntil(lambda: sorted(listed()) == expected, timeout=10_000)

    choose(listing.overdue, True, ["Renholder"])
    choose(listing.overdue, False, ["Kokk", "Oppdatere CV"])
    choose(listing.agreed, True, ["Kokk"])
    listing.clear_filters()
    qtbot.waitUntil(lambda: len(listed()) == 3, timeout=10_000)
    choose(listing.kind, "egenaktivitet", ["Oppdatere CV"])
    choose(listing.status, "fullfort", [])
    assert listing.empty.isVisible()
    listing.clear_filters()
    choose(listing.status, "gjennomfores", ["Oppdatere CV"])
    listing.clear_filters()
    qtbot.waitUntil(lambda: len(listed()) == 3, timeout=10_000)

    listing.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert listed() == ["Kokk", "Oppdatere CV", "Renholder"]
    listing.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # by end date: the overdue one first
    assert listed()[0] == "Renholder"
