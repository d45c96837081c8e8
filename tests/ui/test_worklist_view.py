"""The Worklist area: counts as the service counts them, filters that narrow and combine, the card on
Enter, reminders written from the list, saved filters, sorting in the database, rows fetched lazily."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from navdesk.i18n import format_number
from navdesk.services import saved_filters, worklist
from navdesk.services.actor import Actor
from navdesk.services.auth import authenticate
from navdesk.services.worklist import Filter, SortKey, View, WorklistQuery
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.main_window import MainWindow
from navdesk.ui.worker import DbWorker
from navdesk.ui.worklist import worklist_model, worklist_view
from navdesk.ui.worklist.reminder_dialog import ReminderDialog
from navdesk.ui.worklist.saved_filter_dialog import SaveFilterDialog
from navdesk.ui.worklist.worklist_model import NAME, NOTES, WorklistModel
from navdesk.ui.worklist.worklist_view import WorklistView

pytestmark = pytest.mark.usefixtures("english")
WAIT = 15_000


def sign_in(db: Database, login: str) -> Actor:
    return authenticate(db, login, "demo")


@pytest.fixture
def make_view(qtbot: QtBot, demo_db: Database) -> Iterator[Callable[[str], WorklistView]]:
    contexts: list[UiContext] = []

    def make(login: str) -> WorklistView:
        ctx = UiContext(demo_db, DbWorker(), sign_in(demo_db, login), is_demo=True)
        contexts.append(ctx)
        view = WorklistView(ctx)
        qtbot.addWidget(view)
        view.resize(1366, 700)
        view.show()
        qtbot.waitUntil(lambda: view.complete and bool(view.counts) and view.ctx.worker.idle, timeout=WAIT)
        return view

    yield make
    for ctx in contexts:
        qtbot.waitUntil(lambda c=ctx: c.worker.idle, timeout=WAIT)  # type: ignore[misc]
        ctx.worker.shutdown()


def listed(view: WorklistView) -> list[uuid.UUID]:
    return view.model.ids()


def settled(qtbot: QtBot, view: WorklistView) -> None:
    qtbot.waitUntil(lambda: view.ctx.worker.idle and view.complete, timeout=WAIT)


def second_filter(db: Database, actor: Actor) -> Filter:
    """A filter that keeps some, not all, of the actor's people without contact (the demo decides which)."""
    def mine(key: Filter) -> set[uuid.UUID]:
        return set(worklist.worklist_ids(db, actor, WorklistQuery(View.MINE, key)))

    no_contact = mine(Filter.NO_CONTACT)
    return next(key for key in (Filter.EXPIRED_ACTIVITIES, Filter.NOT_IN_AGREED_ACTIVITY, Filter.IN_AGREED_ACTIVITY,
                                Filter.NEW_FOR_ME, Filter.NEEDS_14A)
                if 0 < len(mine(key) & no_contact) < len(no_contact))


def tick(qtbot: QtBot, view: WorklistView, key: Filter) -> None:
    """Tick a filter the way a keyboard user does: into the filter list, onto the filter, Space."""
    view.filters.setFocus()
    view.filters.setCurrentItem(view.filters.item_of(key))
    qtbot.keyClick(view.filters, Qt.Key.Key_Space)


def test_the_counts_shown_are_the_services_counts(make_view: Callable[[str], WorklistView],
                                                    demo_db: Database) -> None:
    view = make_view("stat")
    expected = worklist.worklist_counts(demo_db, view.ctx.actor, View.MINE)
    assert {key: view.filters.count_text(key) for key in Filter} == {
        count.filter: format_number(count.count) for count in expected}
    everyone = next(count.count for count in expected if count.filter is Filter.ALL)
    assert len(listed(view)) == everyone
    assert view.status.text() == f"{everyone} people"


def test_a_filter_narrows_the_list_and_a_second_one_narrows_it_further(
    qtbot: QtBot, make_view: Callable[[str], WorklistView], demo_db: Database,
) -> None:
    view = make_view("stat")
    stat = view.ctx.actor
    everyone = listed(view)
    tick(qtbot, view, Filter.NO_CONTACT)
    no_contact = worklist.worklist_ids(demo_db, stat, WorklistQuery(View.MINE, Filter.NO_CONTACT))
    qtbot.waitUntil(lambda: listed(view) == list(no_contact), timeout=WAIT)
    assert 0 < len(no_contact) < len(everyone)
    assert view.filters.item_of(Filter.ALL).checkState() == Qt.CheckState.Unchecked
    assert view.status.text() == f"{len(no_contact)} of {len(everyone)} people"

    second = second_filter(demo_db, stat)
    tick(qtbot, view, second)
    both = worklist.worklist_ids(demo_db, stat, WorklistQuery.combining(View.MINE, [Filter.NO_CONTACT, second]))
    qtbot.waitUntil(lambda: listed(view) == list(both), timeout=WAIT)
    other = worklist.worklist_ids(demo_db, stat, WorklistQuery(View.MINE, second))
    assert set(both) == set(no_contact) & set(other) and 0 < len(both) < len(no_contact)

    view.clear_button.click()
    qtbot.waitUntil(lambda: listed(view) == everyone, timeout=WAIT)
    assert view.filters.item_of(Filter.ALL).checkState() == Qt.CheckState.Checked


def test_a_filter_nobody_meets_says_what_to_do(qtbot: QtBot, make_view: Callable[[str], WorklistView]) -> None:
    view = make_view("stat")
    empty = next(key for key in Filter if view.counts[key] == 0)
    tick(qtbot, view, empty)
    qtbot.waitUntil(lambda: view.results.currentWidget() is view.empty, timeout=WAIT)
    assert "Clear filters" in view.empty.text()
    assert not view.open_button.isEnabled() and not view.reminder_button.isEnabled()


def test_enter_and_a_double_click_open_the_card(qtbot: QtBot, make_view: Callable[[str], WorklistView]) -> None:
    view = make_view("stat")
    opened: list[uuid.UUID] = []
    view.ctx.open_person = opened.append
    view.table.setFocus()
    view.table.selectRow(2)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == [listed(view)[2]]
    rect = view.table.visualRect(view.model.index(4, NAME))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a real double click
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # starts with a press
    assert opened == [listed(view)[2], listed(view)[4]]


def test_in_the_main_window_enter_shows_the_card_in_people(qtbot: QtBot, demo_db: Database) -> None:
    ctx = UiContext(demo_db, DbWorker(), sign_in(demo_db, "stat"), is_demo=True)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert window.area_keys().index("worklist") < window.area_keys().index("people")
    view = window.show_area("worklist")
    assert isinstance(view, WorklistView)
    qtbot.waitUntil(lambda: view.complete and view.model.rowCount() > 0, timeout=WAIT)
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    people = window.show_area("people")
    assert window.stack.currentWidget() is people
    assert people.card.person_id == listed(view)[0]  # type: ignore[attr-defined]
    # Ctrl+F stays the global person search, also from inside the worklist.
    window.show_area("worklist")
    view.filters.setFocus()
    qtbot.keyClick(view.filters, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is people
    assert QApplication.focusWidget() is people.search_field  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=WAIT)
    ctx.worker.shutdown()


def test_the_worklist_is_for_veiledere_and_leaders(demo_db: Database) -> None:
    assert worklist_view.AREA.visible(sign_in(demo_db, "stat"))
    assert worklist_view.AREA.visible(sign_in(demo_db, "leder"))
    assert not worklist_view.AREA.visible(sign_in(demo_db, "admin"))


def test_a_reminder_written_here_shows_in_the_list_and_under_its_filter(
    qtbot: QtBot, make_view: Callable[[str], WorklistView],
) -> None:
    view = make_view("stat")
    before = view.counts[Filter.REMINDERS]
    row = next(r for r in range(view.model.rowCount()) if "Reminder:" not in view.model.index(r, NOTES).data())
    person = listed(view)[row]
    view.table.selectRow(row)
    view.reminder_button.click()
    dialog = view.dialog
    assert isinstance(dialog, ReminderDialog)
    qtbot.waitUntil(lambda: dialog.ctx.worker.idle, timeout=WAIT)
    dialog.text.setText("")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label("text").isVisible(), timeout=WAIT)  # nothing saved without text
    qtbot.keyClicks(dialog.text, "Ring om jobbintervjuet")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=WAIT)
    assert "Ring om jobbintervjuet" in dialog.list.item(0).text()
    dialog.reject()

    qtbot.waitUntil(lambda: view.counts.get(Filter.REMINDERS) == before + 1, timeout=WAIT)
    settled(qtbot, view)
    shown = view.model.index(view.model.row_of(person), NOTES).data()
    assert "Reminder: Ring om jobbintervjuet" in shown
    tick(qtbot, view, Filter.REMINDERS)
    qtbot.waitUntil(lambda: person in listed(view) and len(listed(view)) == before + 1, timeout=WAIT)


def test_a_reminder_is_changed_ticked_off_and_deleted(qtbot: QtBot, make_view: Callable[[str], WorklistView],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    view = make_view("stat")
    view.table.selectRow(0)
    view.edit_reminders()
    dialog = view.dialog
    assert isinstance(dialog, ReminderDialog)
    qtbot.keyClicks(dialog.text, "Send CV")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=WAIT)
    dialog.list.setCurrentRow(0)
    assert dialog.text.text() == "Send CV" and dialog.delete_button.isEnabled()
    dialog.text.setText("Send CV til Kiwi")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "Send CV til Kiwi" in dialog.list.item(0).text(), timeout=WAIT)
    dialog.list.setCurrentRow(0)
    dialog.done_button.click()
    qtbot.waitUntil(lambda: dialog.list.count() == 1 and dialog.list.item(0).text().startswith("Done:"),
                    timeout=WAIT)
    dialog.list.setCurrentRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    dialog.delete_button.click()
    qtbot.waitUntil(lambda: dialog.shown.currentWidget() is dialog.empty, timeout=WAIT)


def test_a_saved_filter_brings_the_list_back(qtbot: QtBot, make_view: Callable[[str], WorklistView],
                                             demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    view = make_view("stat")
    second = second_filter(demo_db, view.ctx.actor)
    tick(qtbot, view, Filter.NO_CONTACT)
    tick(qtbot, view, second)
    view.table.horizontalHeader().setSortIndicator(worklist_model.AGE, Qt.SortOrder.DescendingOrder)  # oldest first
    query = WorklistQuery.combining(View.MINE, [Filter.NO_CONTACT, second], SortKey.BIRTH_DATE)
    wanted = list(worklist.worklist_ids(demo_db, view.ctx.actor, query))
    qtbot.waitUntil(lambda: listed(view) == wanted, timeout=WAIT)
    assert wanted

    view.save_button.click()
    dialog = view.dialog
    assert isinstance(dialog, SaveFilterDialog)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label("name").isVisible(), timeout=WAIT)
    qtbot.keyClicks(dialog.name, "Lenge siden sist")
    dialog.save()
    qtbot.waitUntil(lambda: view.saved_box.currentText() == "Lenge siden sist", timeout=WAIT)
    assert [item.query for item in saved_filters.saved_filters(demo_db, view.ctx.actor)] == [query]

    view.clear_button.click()
    view.sort_box.setCurrentIndex(0)
    view.sort_box.activated.emit(0)
    qtbot.waitUntil(lambda: view.saved_box.currentIndex() == 0 and len(listed(view)) > len(wanted), timeout=WAIT)

    view.saved_box.setCurrentIndex(1)
    view.saved_box.activated.emit(1)
    qtbot.waitUntil(lambda: listed(view) == wanted, timeout=WAIT)
    assert view.filters.chosen() == query.filters
    assert view.table.horizontalHeader().sortIndicatorSection() == worklist_model.AGE

    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    view.delete_saved_button.click()
    qtbot.waitUntil(lambda: view.saved_box.count() == 1, timeout=WAIT)
    assert saved_filters.saved_filters(demo_db, view.ctx.actor) == ()


def test_sorting_is_the_databases_and_the_notes_column_keeps_the_order(
    qtbot: QtBot, make_view: Callable[[str], WorklistView], demo_db: Database,
) -> None:
    view = make_view("stat")
    header = view.table.horizontalHeader()
    header.setSortIndicator(worklist_model.LAST_CONTACT, Qt.SortOrder.AscendingOrder)
    wanted = worklist.worklist_ids(demo_db, view.ctx.actor, WorklistQuery(View.MINE, sort=SortKey.LAST_CONTACT))
    qtbot.waitUntil(lambda: listed(view) == list(wanted), timeout=WAIT)
    assert view.sort_box.currentText() == "Last contact"
    header.setSortIndicator(NOTES, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == worklist_model.LAST_CONTACT
    assert (view.sort, view.descending) == (SortKey.LAST_CONTACT, False)
    view.descending_box.click()  # the keyboard's way
    wanted = worklist.worklist_ids(demo_db, view.ctx.actor, WorklistQuery(View.MINE, sort=SortKey.LAST_CONTACT,
                                                                          descending=True))
    qtbot.waitUntil(lambda: listed(view) == list(wanted), timeout=WAIT)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_a_leader_chooses_the_office_and_its_counts_follow(qtbot: QtBot, make_view: Callable[[str], WorklistView],
                                                           demo_db: Database) -> None:
    view = make_view("leder")
    office = next(i for i, choice in enumerate(view.views) if choice.view is View.OFFICE)
    choice = view.views[office]
    view.view_box.setCurrentIndex(office)
    expected = worklist.worklist_counts(demo_db, view.ctx.actor, View.OFFICE, scope_id=choice.scope_id)
    total = next(count.count for count in expected if count.filter is Filter.ALL)
    qtbot.waitUntil(lambda: view.complete and len(listed(view)) == total, timeout=WAIT)
    qtbot.waitUntil(lambda: view.filters.count_text(Filter.UNASSIGNED) == format_number(
        next(c.count for c in expected if c.filter is Filter.UNASSIGNED)), timeout=WAIT)


def test_the_first_screen_comes_first_and_further_rows_as_they_show(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch, qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(worklist_model, "PAGE_SIZE", 4)
    monkeypatch.setattr(worklist_view, "FIRST_SCREEN", 4)
    ctx = UiContext(demo_db, DbWorker(), sign_in(demo_db, "leder"), is_demo=True)
    view = WorklistView(ctx)
    qtbot.addWidget(view)  # never shown: only this test asks for rows
    qtbot.waitUntil(lambda: len(view.views) > 1, timeout=WAIT)
    shown: list[int] = []
    view.model.rowsInserted.connect(lambda _parent, first, _last: shown.append(first))
    view.view_box.setCurrentIndex(next(i for i, choice in enumerate(view.views) if choice.view is View.OFFICE))
    qtbot.waitUntil(lambda: view.complete and view.model.rowCount() > 12, timeout=WAIT)
    assert shown == [4]  # the first screen of four came first, and the rest was added below it
    model: WorklistModel = view.model
    first = model.cached(model.person_id(0))  # the first screen came with its rows
    assert first is not None and first == worklist.worklist_rows(demo_db, ctx.actor, [first.person_id])[0]
    assert model.cached(model.person_id(9)) is None
    assert model.index(9, NAME).data() == "…"
    qtbot.waitUntil(lambda: model.cached(model.person_id(9)) is not None, timeout=WAIT)
    assert model.index(9, NAME).data() == model.cached(model.person_id(9)).name  # type: ignore[union-attr]
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=WAIT)
    ctx.worker.shutdown()
