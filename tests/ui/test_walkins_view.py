"""The walk-in register at the counter: a click or a digit counts one, Undo takes the last one back."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from card_people import sign_in, staff_actor
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from navdesk.domain.codes import Role
from navdesk.services import walkins
from navdesk.services.actor import Actor
from navdesk.services.walkins import WalkInCategory
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.setup.form import to_qdate
from navdesk.ui.walkins.walkins_view import AREA, WalkInsView
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def open_view(qtbot: QtBot, demo_db: Database) -> Iterator:
    workers: list[DbWorker] = []

    def open_as(actor: Actor) -> WalkInsView:
        worker = DbWorker()
        workers.append(worker)
        view = WalkInsView(UiContext(demo_db, worker, actor, is_demo=True))
        qtbot.addWidget(view)
        view.resize(1200, 700)
        view.show()
        qtbot.waitUntil(lambda: worker.idle and (view.day_register is not None or view.no_office.isVisible()),
                        timeout=10_000)
        return view

    yield open_as
    for worker in workers:
        worker.shutdown()


def count(view: WalkInsView, category: WalkInCategory) -> str:
    return view.buttons[category].count.text()


def test_a_click_and_a_digit_each_count_one_and_undo_takes_the_last_back(
        qtbot: QtBot, open_view, demo_db: Database) -> None:
    view = open_view(sign_in(demo_db, "kommune"))
    assert view.office.currentText() == "NAV Gol og Hemsedal"
    social, job = WalkInCategory.SOCIAL_ASSISTANCE, WalkInCategory.JOB_SEEKER
    before = int(count(view, social))
    assert not view.undo_button.isEnabled()

    view.buttons[social].click()
    qtbot.waitUntil(lambda: count(view, social) == str(before + 1), timeout=10_000)
    view.activateWindow()
    qtbot.waitActive(view)
    view.buttons[social].setFocus()
    qtbot.keyClick(view.buttons[social], Qt.Key.Key_2)
    qtbot.waitUntil(lambda: count(view, job) == "1", timeout=10_000)
    assert view.entries.topLevelItem(0).text(1) == "Job seeking"
    assert view.total.text().startswith(f"{before + 2} walk-ins on ")

    assert view.undo_button.isEnabled()
    qtbot.keyClick(view.buttons[social], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: count(view, job) == "0", timeout=10_000)
    assert count(view, social) == str(before + 1)
    assert view.entries.topLevelItem(0).text(1) == "Social assistance"

    # Someone else at the desk sees the walk-in, but cannot take it back.
    other = open_view(sign_in(demo_db, "stat"))
    assert count(other, social) == str(before + 1)
    assert not other.undo_button.isEnabled()


def test_an_earlier_day_shows_its_counts_but_registers_nothing(qtbot: QtBot, open_view, demo_db: Database) -> None:
    view = open_view(sign_in(demo_db, "kommune"))
    day = date.today() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    view.day.setDate(to_qdate(day))
    qtbot.waitUntil(lambda: view.day_register is not None and view.day_register.day == day, timeout=10_000)
    assert view.not_today.isVisible()
    assert not any(button.isEnabled() for button in view.buttons.values())
    shown = sum(int(button.count.text()) for button in view.buttons.values())
    assert shown == len(view.day_register.entries) > 0

    view.register_category(WalkInCategory.OTHER)
    qtbot.waitUntil(lambda: view.ctx.worker.idle)
    assert sum(int(button.count.text()) for button in view.buttons.values()) == shown


def test_leaders_see_the_month_by_category_and_hour_veiledere_do_not(open_view, qtbot: QtBot,
                                                                    demo_db: Database) -> None:
    assert open_view(sign_in(demo_db, "kommune")).stats is None
    view = open_view(sign_in(demo_db, "leder"))
    stats = view.stats
    assert stats is not None
    stats.month.setCurrentIndex(1)  # last month: complete in the demo
    qtbot.waitUntil(lambda: stats.statistics is not None and stats.statistics.start.month != date.today().month,
                    timeout=10_000)
    statistics = stats.statistics
    assert statistics.total > 0
    column_total = sum(int(stats.by_category.item(row, 1).text()) for row in range(stats.by_category.rowCount()))
    assert column_total == statistics.total
    assert stats.by_hour.verticalHeaderItem(0).text() == "Monday"
    assert str(statistics.days_with_walk_ins) in stats.summary.text()


def test_someone_at_no_office_is_told_how_to_get_a_register(open_view, demo_db: Database) -> None:
    nowhere = dataclasses.replace(staff_actor(demo_db, "admin"), roles=frozenset({Role.VEILEDER}))
    assert walkins.my_offices(demo_db, nowhere) == ()
    view = open_view(nowhere)
    assert view.no_office.isVisible() and not view.content.isVisible()


def test_the_area_is_for_veiledere_and_leaders(demo_db: Database) -> None:
    assert AREA.visible(sign_in(demo_db, "kommune")) and AREA.visible(sign_in(demo_db, "leder"))
    assert not AREA.visible(staff_actor(demo_db, "admin"))
