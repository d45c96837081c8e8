"""The set-up lists' item models and their short texts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from navdesk.domain.codes import Role, TeamType
from navdesk.domain.org_rules import Opening
from navdesk.services import org, staff_admin
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.store.models import Staff
from navdesk.ui.context import UiContext
from navdesk.ui.setup import formatting
from navdesk.ui.setup.row_model import Column, RowTableModel
from navdesk.ui.setup.setup_view import SetupView
from navdesk.ui.worker import DbWorker


@dataclass(frozen=True)
class Sample:
    name: str
    count: int
    ended: bool


COLUMNS: list[Column[Sample]] = [
    Column(lambda: "Name", lambda r: r.name),
    Column(lambda: "Count", lambda r: str(r.count), numeric=True),
]


def test_row_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model: RowTableModel[Sample] = RowTableModel(COLUMNS, dimmed=lambda r: r.ended)
    qtmodeltester.check(model)
    model.set_rows([Sample("Gol", 3, False), Sample("Hol", 12, True)])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 1)) == "12"
    assert model.data(model.index(1, 1), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert model.find(lambda r: r.name == "Hol") == 1 and model.find(lambda r: r.name == "Ål") == -1


@pytest.fixture
def filled_view(qtbot: QtBot, db: Database) -> Iterator[SetupView]:
    with db.session() as session:
        admin = Staff(login="admin", name="Admin", roles="admin")
        session.add(admin)
        session.flush()
        actor = Actor(admin.id, "admin", "Admin", frozenset({Role.ADMIN}))
    gol = org.create_municipality(db, actor, org.MunicipalityDraft("3324", "Gol")).id
    office = org.create_office(
        db, actor, org.OfficeDraft("GOL", "NAV Gol", "", (gol,), (Opening(0, time(10), time(14)),))
    ).id
    org.create_team(db, actor, org.TeamDraft("Mottak", TeamType.MOTTAK, (office,), (), (actor.staff_id,)))
    staff_admin.create_staff(
        db,
        actor,
        staff_admin.StaffDraft("kari", "Kari", new_password="hemmelig-1", new_password_repeated="hemmelig-1"),
    )
    ctx = UiContext(db, DbWorker(), actor)
    view = SetupView(ctx)
    qtbot.addWidget(view)
    yield view
    qtbot.waitUntil(lambda: ctx.worker.idle)
    ctx.worker.shutdown()


def test_every_set_up_list_model_passes_the_model_tester(
    qtbot: QtBot,
    filled_view: SetupView,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    tabs = [filled_view.tabs.widget(i) for i in range(filled_view.tabs.count())]
    qtbot.waitUntil(lambda: all(tab.loaded for tab in tabs))
    for tab in tabs:
        qtmodeltester.check(tab.model)
    assert filled_view.staff.model.rowCount() == 2
    assert filled_view.catalogue.model.rowCount() > 10
    assert filled_view.host_agreements.stack.currentWidget() is filled_view.host_agreements.empty


def test_opening_hours_are_summarised_in_runs(english: None) -> None:
    week = [Opening(day, time(10), time(14)) for day in range(5)]
    assert formatting.opening_hours(week) == "Mon–Fri 10:00–14:00"
    split = [*week[:3], Opening(3, time(10), time(17)), week[4]]
    assert formatting.opening_hours(split) == "Mon–Wed 10:00–14:00; Thu 10:00–17:00; Fri 10:00–14:00"
    lunch = [Opening(1, time(9), time(11)), Opening(1, time(12), time(15))]
    assert formatting.opening_hours(lunch) == "Tue 09:00–11:00, 12:00–15:00"
    assert formatting.opening_hours([]) == "No opening hours"


def test_percentages_follow_the_language() -> None:
    from navdesk import i18n

    i18n.set_language("nb")
    assert formatting.position(80, 0) == "80\u00a0%"


def test_position_and_validity_texts(english: None) -> None:
    assert formatting.position(100, 50) == "100% (50% leader)"
    assert formatting.position(80, 0) == "80%"
    today = date(2026, 3, 1)
    assert formatting.validity(date(2020, 1, 1), None, today) == "In force"
    assert formatting.validity(date(2020, 1, 1), date(2025, 12, 31), today) == "Ended"
    assert formatting.validity(date(2027, 1, 1), None, today) == "Not yet in force"
    assert formatting.roles(frozenset({Role.VEILEDER, Role.LEADER})) == "Leader, Veileder"
