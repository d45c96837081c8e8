"""The activity dialogs: a form that follows the type with errors next to the fields, edits and the
"avtalt med NAV" mark, a stale save that shows what others changed, cancelling with a reason, the
readable history, and a new activity made from a locked one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from card_people import sign_in
from plan_people import new_person
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_activity_board import LOCKED, drop, tab_opener, titles

from navdesk.domain.plans import FieldKind
from navdesk.services import activities
from navdesk.services.plan_types import ActivityEdit, ActivityForm
from navdesk.store.engine import Database
from navdesk.ui.plans.activity_cancel_dialog import CancelActivityDialog
from navdesk.ui.plans.activity_dialog import ActivityDialog
from navdesk.ui.plans.activity_history_dialog import ActivityHistoryDialog
from navdesk.ui.plans.activity_tab import ActivityTab
from navdesk.ui.setup.form import select_data

pytestmark = pytest.mark.usefixtures("english")

TODAY = date.today()
JOB = {"employer": "Kiwi Gol", "job_title": "Kokk", "label": "soknad_sendt"}


@pytest.fixture
def open_tab(qtbot: QtBot, demo_db: Database) -> Iterator:
    yield from tab_opener(qtbot, demo_db)


def planned_job(db: Database, title: str = "Kokk") -> tuple[uuid.UUID, uuid.UUID]:
    """A new person with one planned job application, written by stat: (person, activity)."""
    person = new_person(db)
    created = activities.create_activity(db, sign_in(db, "stat"), person, ActivityForm(
        "stilling", title, TODAY, TODAY + timedelta(days=14), {**JOB, "job_title": title}))
    return person, created.card.activity_id


def open_activity(qtbot: QtBot, tab: ActivityTab, activity_id: uuid.UUID) -> ActivityDialog:
    card = tab.board.card(activity_id)
    assert card is not None
    tab.open_activity(card)
    dialog = tab.card_view.dialog
    assert isinstance(dialog, ActivityDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    return dialog


def visible_errors(dialog: ActivityDialog) -> dict[str, str]:
    return {name: dialog.errors.label(name).text() for name in dialog.errors._fields
            if dialog.errors.label(name).isVisibleTo(dialog)}


def test_the_form_follows_the_type(qtbot: QtBot, open_tab, demo_db: Database) -> None:
    _view, tab = open_tab("stat", new_person(demo_db))
    tab.new_activity()
    dialog = tab.card_view.dialog
    assert isinstance(dialog, ActivityDialog)
    for activity_type, _label in activities.activity_types():
        select_data(dialog.kind, activity_type)
        spec = activities.activity_form_spec(activity_type)
        assert dialog.fields is not None and [s.name for s in dialog.fields.specs] == [f.name for f in spec.fields]
        statuses = [dialog.status.itemData(i) for i in range(dialog.status.count())]
        assert statuses == [value for value, _text in spec.initial_statuses]
        assert dialog.by.isEnabled() == (not spec.nav_only)
    select_data(dialog.kind, "mote")
    assert dialog.scroll.widget().findChild(type(dialog.title_edit)) is not None
    kinds = {spec.name: spec.kind for spec in dialog.fields.specs}
    assert kinds["time"] is FieldKind.TIME and kinds["channel"] is FieldKind.CHOICE


def test_errors_show_next_to_their_fields_and_nothing_is_saved(qtbot: QtBot, open_tab, demo_db: Database) -> None:
    person = new_person(demo_db)
    _view, tab = open_tab("stat", person)
    assert tab.empty.isVisible() and "Ctrl+N" in tab.empty.text()
    tab.new_activity()
    dialog = tab.card_view.dialog
    assert isinstance(dialog, ActivityDialog)
    select_data(dialog.kind, "sokeavtale")
    dialog.save()
    qtbot.waitUntil(lambda: "title" in visible_errors(dialog), timeout=10_000)
    assert visible_errors(dialog) == {"title": "This field is required.", "per_week": "This field is required."}
    assert dialog.isVisible() and activities.list_activities(demo_db, sign_in(demo_db, "stat"), person).items == ()

    # A typed title survives a change of type; the new type's own fields replace the old ones.
    qtbot.keyClicks(dialog.title_edit, "Søke fem jobber i uka")
    select_data(dialog.kind, "tiltak")
    assert dialog.title_edit.text() == "Søke fem jobber i uka"
    assert dialog.fields is not None and set(dialog.fields.names) == {"provider", "tiltak_kind"}
    qtbot.keyClicks(dialog.fields.widgets["provider"], "Hallingdal Vekst AS")
    dialog.save()
    qtbot.waitUntil(lambda: titles(tab.board.columns["planlagt"]) == ["Søke fem jobber i uka"], timeout=10_000)
    assert not tab.empty.isVisible() and tab.notice.text() == "The activity was saved."


def test_an_edit_is_saved_and_the_activity_can_be_marked_agreed(qtbot: QtBot, open_tab, demo_db: Database) -> None:
    person, activity_id = planned_job(demo_db)
    _view, tab = open_tab("stat", person)
    dialog = open_activity(qtbot, tab, activity_id)
    assert not dialog.read_only and dialog.agree_button.isVisibleTo(dialog)
    dialog.agree_button.click()
    qtbot.waitUntil(lambda: dialog.agreed_label.text() == "Yes — agreed with NAV", timeout=10_000)
    assert not dialog.agree_button.isVisibleTo(dialog)
    dialog.title_edit.setText("Kokk, deltid")
    dialog.save()
    qtbot.waitUntil(lambda: titles(tab.board.columns["planlagt"]) == ["Kokk, deltid"], timeout=10_000)
    card = tab.board.card(activity_id)
    assert card is not None and card.agreed and card.version == 3


def test_a_stale_save_shows_what_changed_and_offers_their_version(qtbot: QtBot, open_tab,
                                                                  demo_db: Database) -> None:
    person, activity_id = planned_job(demo_db)
    _view, tab = open_tab("stat", person)
    dialog = open_activity(qtbot, tab, activity_id)
    # Meanwhile, at another desk:
    leder = sign_in(demo_db, "leder")
    activities.update_activity(demo_db, leder, activity_id, 1, ActivityEdit(
        "Kokk", TODAY, TODAY + timedelta(days=14), {**JOB, "employer": "Rema 1000 Gol"}))

    dialog.description.setPlainText("Har levert CV.")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.conflict.isVisible(), timeout=10_000)
    text = dialog.conflict_text.text()
    assert text.startswith("Someone else changed this activity after you opened it.")
    assert "Employer: Kiwi Gol → Rema 1000 Gol" in text and "Changed" in text
    assert dialog.isVisible()
    assert activities.get_activity(demo_db, leder, activity_id).description == ""

    dialog.reload_button.click()
    qtbot.waitUntil(lambda: not dialog.conflict.isVisible(), timeout=10_000)
    assert dialog.fields is not None and dialog.fields.widgets["employer"].text() == "Rema 1000 Gol"
    dialog.description.setPlainText("Har levert CV.")
    dialog.save()
    qtbot.waitUntil(lambda: tab.card_view.dialog is None, timeout=10_000)  # saved, closed and gone
    assert activities.get_activity(demo_db, leder, activity_id).description == "Har levert CV."


def test_cancelling_asks_why_and_the_reason_stays_with_the_locked_activity(qtbot: QtBot, open_tab,
                                                                           demo_db: Database) -> None:
    person, activity_id = planned_job(demo_db)
    view, tab = open_tab("stat", person)
    drop(qtbot, tab, activity_id, "planlagt", "avbrutt")
    dialog = view.dialog
    assert isinstance(dialog, CancelActivityDialog)
    dialog.confirm()
    qtbot.waitUntil(lambda: dialog.errors.label("reason").isVisible(), timeout=10_000)
    assert dialog.errors.label("reason").text() == "Say why the activity is cancelled."
    assert titles(tab.board.columns["planlagt"]) == ["Kokk"]

    qtbot.keyClicks(dialog.reason, "Stillingen ble trukket.")
    dialog.confirm()
    qtbot.waitUntil(lambda: titles(tab.board.columns["avbrutt"]) == ["Kokk"], timeout=10_000)
    opened = open_activity(qtbot, tab, activity_id)
    assert opened.read_only
    assert opened.notice.text() == LOCKED + "\nReason for cancelling: Stillingen ble trukket."


def test_the_history_tells_who_changed_what(qtbot: QtBot, open_tab, demo_db: Database) -> None:
    person, activity_id = planned_job(demo_db)
    stat = sign_in(demo_db, "stat")
    activities.move_activity(demo_db, stat, activity_id, 1, "gjennomfores")
    view, tab = open_tab("stat", person)
    tab.board.select(activity_id)
    tab.board.focus_current()
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    history = view.dialog
    assert isinstance(history, ActivityHistoryDialog)
    qtbot.waitUntil(lambda: len(history.entries) == 2, timeout=10_000)
    moved, created = history.texts()
    assert "NAV (Ola Rud) · Moved" in moved
    assert "Status: Planned (planlagt) → In progress (gjennomføres)" in moved
    assert "Created" in created and "Employer: Kiwi Gol" in created
    assert history.tree.topLevelItemCount() == 2 and history.tree.topLevelItem(0).childCount() >= 1


def test_a_new_activity_can_start_from_a_locked_one(qtbot: QtBot, open_tab, demo_db: Database) -> None:
    person, activity_id = planned_job(demo_db, "Servitør")
    activities.move_activity(demo_db, sign_in(demo_db, "stat"), activity_id, 1, "fullfort")
    view, tab = open_tab("stat", person)
    locked = open_activity(qtbot, tab, activity_id)
    assert locked.copy_button.isVisible()
    locked.copy_button.click()
    fresh = view.dialog
    assert isinstance(fresh, ActivityDialog) and fresh is not locked and fresh.activity_id is None
    assert fresh.kind.currentData() == "stilling" and fresh.title_edit.text() == "Servitør"
    assert fresh.fields is not None and fresh.fields.widgets["employer"].text() == "Kiwi Gol"
    fresh.save()
    qtbot.waitUntil(lambda: titles(tab.board.columns["planlagt"]) == ["Servitør"], timeout=10_000)
    assert titles(tab.board.columns["fullfort"]) == ["Servitør"]
