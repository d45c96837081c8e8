"""The assignment rule editor on screen: the Gol chain, the days it leaves uncovered, the rule that never
matches; deleting a rule opens a day gap, a new rule closes it, and moving a rule up changes what matches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from card_people import sign_in
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from navdesk.services import assignment
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.setup.form import select_data
from navdesk.ui.team import rules_tab
from navdesk.ui.team.rule_dialog import RuleDialog
from navdesk.ui.team.rules_tab import RulesTab
from navdesk.ui.team.team_view import TeamView
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def tab(qtbot: QtBot, demo_db: Database) -> Iterator[RulesTab]:
    worker = DbWorker()
    view = TeamView(UiContext(demo_db, worker, sign_in(demo_db, "leder"), is_demo=True))
    qtbot.addWidget(view)
    view.resize(1300, 720)
    view.show()
    assert view.rules is not None
    view.tabs.setCurrentWidget(view.rules)
    qtbot.waitUntil(lambda: view.rules.loaded, timeout=10_000)
    yield view.rules
    worker.shutdown()


def names(tab: RulesTab) -> list[str]:
    return [row.draft.name for row in tab.rules.rows()]


def test_the_chain_shows_the_uncovered_days_and_the_rule_that_never_matches(tab: RulesTab) -> None:
    assert tab.office.currentText() == "NAV Gol og Hemsedal (GOL)"
    assert names(tab)[:2] == ["Gjeldsrådgivning (Gol)", "Ungdom 18–29"]
    assert tab.days_text.text().startswith("Days not covered: 31.")
    assert [day for day in range(1, 32) if tab.day_strip.state(day) == "gap"] == [31]
    assert "Hemsedal, dato 1–10: earlier rules take all its people (Dato 1–10" in tab.never_text.text()
    never = tab.rules.model().find(lambda row: row.draft.name == "Hemsedal, dato 1–10")
    assert tab.rules.model().index(never, 5).data().startswith("Never matches")
    assert tab.rules.model().index(never, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Dato 11–20" in tab.day_strip.days[15].toolTip()


def test_deleting_a_rule_shows_a_day_gap(qtbot: QtBot, tab: RulesTab, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(rules_tab, "confirm", lambda _parent, _title, question: asked.append(question) or True)
    assert tab.rules.select(lambda row: row.draft.name == "Dato 11–20")
    tab.rules.table.setFocus()
    qtbot.keyClick(tab.rules.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "Dato 11–20" not in names(tab), timeout=10_000)
    assert asked and "Dato 11–20" in asked[0]
    assert tab.days_text.text().startswith("Days not covered: 11-20, 31.")
    assert [day for day in range(1, 32) if tab.day_strip.state(day) == "gap"] == [*range(11, 21), 31]


def test_a_new_rule_is_checked_field_by_field_and_closes_the_gap(qtbot: QtBot, tab: RulesTab) -> None:
    tab.rules.table.setFocus()
    qtbot.keyClick(tab.rules.table, Qt.Key.Key_Insert)
    dialog = tab.dialog
    assert isinstance(dialog, RuleDialog)
    qtbot.keyClicks(dialog.days, "31-40")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label("birth_days").isVisible(), timeout=10_000)
    assert dialog.errors.label("name").isVisible() and dialog.errors.label("team_id").isVisible()
    count = len(names(tab))

    qtbot.keyClicks(dialog.name, "Dato 31")
    dialog.days.setText("31")
    assert dialog.day_strip.state(31) == "on" and dialog.day_strip.state(30) == "off"
    select_data(dialog.team, dialog.setup.teams[0].id)
    dialog.save()
    qtbot.waitUntil(lambda: len(names(tab)) == count + 1, timeout=10_000)
    assert tab.rules.current().draft.name == "Dato 31"
    assert tab.days_text.text().startswith("Every day of the month is covered")
    assert tab.day_strip.state(31) == "on"


def test_moving_a_rule_up_changes_which_rule_never_matches(qtbot: QtBot, tab: RulesTab, demo_db: Database) -> None:
    assert tab.rules.select(lambda row: row.draft.name == "Hemsedal, dato 1–10")
    for _step in range(5):  # above "Dato 1–10", which took all its people
        position = names(tab).index("Hemsedal, dato 1–10")
        tab.rules.table.setFocus()
        qtbot.keyClick(tab.rules.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda p=position: names(tab).index("Hemsedal, dato 1–10") == p - 1, timeout=10_000)
    assert names(tab).index("Hemsedal, dato 1–10") < names(tab).index("Dato 1–10")
    assert tab.never_text.text() == "Every rule in use can match someone."
    assert tab.office.office_id() is not None
    chain = assignment.chain(demo_db, sign_in(demo_db, "leder"), tab.office.office_id())
    assert [row.draft.name for row in chain.rules] == names(tab)
