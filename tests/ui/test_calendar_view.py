"""The calendar on screen, in the demo region: Ola Rud (stat, Gol office) books from a person's card and
from the calendar, Gol's office day at Hemsedal town hall shows beside the office, a meeting with a
person Ola may not see says only "Booked", and a cancelled meeting leaves the week."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

import pytest
from card_people import GOL, HEMSEDAL, conflicted_person, resident, sign_in
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from navdesk.domain.codes import Side
from navdesk.services import appointment_choices, appointments
from navdesk.services.actor import Actor
from navdesk.services.appointments import BookingForm
from navdesk.store.engine import Database
from navdesk.store.models import Appointment, Municipality, Office, Person
from navdesk.ui.calendar.booking_dialog import BookingDialog
from navdesk.ui.calendar.calendar_text import monday_of
from navdesk.ui.calendar.calendar_view import CalendarView
from navdesk.ui.context import UiContext
from navdesk.ui.navigation import areas
from navdesk.ui.people.card.card_view import CardView
from navdesk.ui.setup.form import select_data, to_qdate
from navdesk.ui.worker import DbWorker

pytestmark = pytest.mark.usefixtures("english")

MakeContext = Callable[[Actor], UiContext]
NEXT_TUESDAY = monday_of(date.today()) + timedelta(days=8)  # always ahead; Gol holds office day in Hemsedal


@pytest.fixture
def context_for(demo_db: Database) -> Iterator[MakeContext]:
    workers: list[DbWorker] = []

    def make(actor: Actor) -> UiContext:
        worker = DbWorker()
        workers.append(worker)
        return UiContext(demo_db, worker, actor, is_demo=True)

    yield make
    for worker in workers:
        worker.shutdown()


def free_slot(db: Database, actor: Actor, day: date, opens: int = 10, closes: int = 14, minutes: int = 45) -> time:
    """A start in the staff member's day that no meeting of theirs overlaps (the demo books many)."""
    taken = [e for e in appointments.staff_calendar(db, actor, actor.staff_id, day, day) if not e.cancelled]
    for quarter in range(opens * 4, closes * 4 - minutes // 15):
        start = datetime.combine(day, time(quarter // 4, quarter % 4 * 15))
        end = start + timedelta(minutes=minutes)
        if all(e.ends_at <= start or e.starts_at >= end for e in taken):
            return start.time()
    raise AssertionError(f"no free slot on {day}")


def appointment_count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Appointment)) or 0


def ids_of(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    """The Gol office and Hemsedal municipality."""
    with db.session() as session:
        office = session.scalars(select(Office.id).where(Office.code == "GOL")).one()
        hemsedal = session.scalars(select(Municipality.id).where(Municipality.number == HEMSEDAL)).one()
        return office, hemsedal


def open_calendar(qtbot: QtBot, ctx: UiContext) -> CalendarView:
    view = CalendarView(ctx)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    qtbot.waitUntil(lambda: view.week.loaded, timeout=10_000)
    return view


def open_card(qtbot: QtBot, ctx: UiContext, person_id: uuid.UUID) -> CardView:
    view = CardView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 720)
    view.show()
    with qtbot.waitSignal(view.person_changed, timeout=10_000):
        view.show_person(person_id)
    qtbot.waitUntil(lambda: ctx.worker.idle)
    return view


def ready(qtbot: QtBot, dialog: BookingDialog) -> None:
    """The dialog has its choices and the sides the user may book the person on."""
    qtbot.waitUntil(lambda: dialog.choices is not None and dialog.side.isEnabled(), timeout=10_000)


def book_in_dialog(dialog: BookingDialog, day: date, start: time, purpose: str) -> None:
    dialog.day.setDate(to_qdate(day))
    dialog.start.setTime(QTime(start.hour, start.minute))
    dialog.purpose.setText(purpose)


def shown(view: CalendarView, entry_id: uuid.UUID) -> str | None:
    """What the week's block for the meeting says, or None when the week does not show it."""
    grid = view.week.grid
    return next((block.description for block in grid.blocks if block.entry.id == entry_id), None)


def test_a_meeting_booked_from_the_card_shows_in_the_veileders_week(
        qtbot: QtBot, demo_db: Database, context_for: MakeContext) -> None:
    ola = sign_in(demo_db, "stat")
    ctx = context_for(ola)
    person = resident(demo_db, GOL)
    start = free_slot(demo_db, ola, NEXT_TUESDAY + timedelta(days=1))
    card = open_card(qtbot, ctx, person)

    card.run_action("book_appointment")
    dialog = card.dialog
    assert isinstance(dialog, BookingDialog)
    ready(qtbot, dialog)
    assert dialog.staff.currentData() == ola.staff_id  # booked in my own calendar unless I choose otherwise
    assert [dialog.side.itemData(i).side for i in range(dialog.side.count())] == [Side.STATE]
    select_data(dialog.channel, "telefon")
    book_in_dialog(dialog, NEXT_TUESDAY + timedelta(days=1), start, "Oppfølgingssamtale")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: ctx.worker.idle)
    # The card reloaded and lists the meeting on its Contacts and appointments tab.
    assert any(item.purpose == "Oppfølgingssamtale" and item.channel == "By phone"
               for item in card.card.appointments.items)  # type: ignore[union-attr]

    view = open_calendar(qtbot, ctx)
    assert view.week.staff.currentData() == ola.staff_id
    view.week.grid.setFocus()
    qtbot.keyClick(view.week.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.week.monday == monday_of(NEXT_TUESDAY) and view.week.loaded
                    and view.ctx.worker.idle, timeout=10_000)
    (entry,) = [block.entry for block in view.week.grid.blocks if block.entry.purpose == "Oppfølgingssamtale"
                and block.entry.starts_at == datetime.combine(NEXT_TUESDAY + timedelta(days=1), start)]
    with demo_db.session() as session:
        name = "{0.last_name}, {0.first_name}".format(session.get_one(Person, person))
    text = shown(view, entry.id)
    assert text is not None and name in text and "By phone" in text and "NAV Gol og Hemsedal" in text

    # Enter on the meeting opens the person's card; Ctrl+T goes back to this week.
    opened: list[uuid.UUID] = []
    ctx.open_person = opened.append
    assert view.week.grid.select(entry.id)
    qtbot.keyClick(view.week.grid, Qt.Key.Key_Return)
    assert opened == [person]
    qtbot.keyClick(view.week.grid, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert view.week.monday == monday_of(date.today())


def test_the_office_day_shows_the_day_held_in_another_municipality(
        qtbot: QtBot, demo_db: Database, context_for: MakeContext) -> None:
    ola = sign_in(demo_db, "stat")
    ctx = context_for(ola)
    office, hemsedal = ids_of(demo_db)
    person = resident(demo_db, HEMSEDAL)
    start = free_slot(demo_db, ola, NEXT_TUESDAY)
    view = open_calendar(qtbot, ctx)
    view.tabs.setCurrentWidget(view.office_day)
    page = view.office_day
    assert page.office_id() == office  # Ola's own office first
    page.go_to(NEXT_TUESDAY)
    qtbot.waitUntil(lambda: page.loaded and ctx.worker.idle and page.grid.columns[0].key is not None,
                    timeout=10_000)
    titles = [column.title for column in page.grid.columns]
    assert titles == ["NAV Gol og Hemsedal", "Office day in Hemsedal"]
    assert page.grid.columns[1].elsewhere and "Hemsedal rådhus" in page.grid.columns[1].subtitle
    assert "Office day in Hemsedal" in page.title.text()

    # Booked from the calendar: the person is found by name, the place is the office day.
    qtbot.keyClick(page.grid, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, BookingDialog) and dialog.picker is not None
    qtbot.waitUntil(lambda: dialog.choices is not None, timeout=10_000)
    assert dialog.day.date() == to_qdate(NEXT_TUESDAY)
    with demo_db.session() as session:
        found = session.get_one(Person, person)
        query = f"{found.first_name} {found.last_name}"
    qtbot.keyClicks(dialog.picker.query, query)
    matches = dialog.picker.matches
    qtbot.waitUntil(lambda: matches.count() > 0, timeout=10_000)
    row = next(i for i in range(matches.count()) if matches.item(i).data(Qt.ItemDataRole.UserRole)[0] == person)
    qtbot.keyClick(dialog.picker.query, Qt.Key.Key_Down)
    matches.setCurrentRow(row)
    qtbot.keyClick(matches, Qt.Key.Key_Return)
    assert dialog.person_id == person
    ready(qtbot, dialog)
    select_data(dialog.place, (office, hemsedal))
    book_in_dialog(dialog, NEXT_TUESDAY, start, "Samtale om økonomi")
    assert dialog.place_note_text() == ""  # within the office day's hours
    dialog.save()
    qtbot.waitUntil(lambda: page.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: ctx.worker.idle and page.grid.current() is not None, timeout=10_000)

    booked = page.grid.current()
    assert booked is not None and booked.person_id == person and booked.municipality_id == hemsedal
    (block,) = [b for b in page.grid.blocks if b.entry.id == booked.id]
    assert page.grid.columns[block.column].title == "Office day in Hemsedal"
    assert "Ola Rud" in block.description and "Samtale om økonomi" in block.description


def test_a_meeting_with_someone_the_viewer_may_not_see_says_booked(
        qtbot: QtBot, demo_db: Database, context_for: MakeContext) -> None:
    ingrid, ola = sign_in(demo_db, "leder"), sign_in(demo_db, "stat")
    hidden = conflicted_person(demo_db, "stat")  # Ola is inhabil: he never sees this person
    day = NEXT_TUESDAY + timedelta(days=2)
    office, _hemsedal = ids_of(demo_db)
    entry = appointments.book(demo_db, ingrid, hidden, BookingForm(
        starts_at=datetime.combine(day, free_slot(demo_db, ingrid, day)), minutes=45, side="state",
        purpose="Samtale om arbeid", office_id=office))
    with demo_db.session() as session:
        person = session.get_one(Person, hidden)
        names = (person.first_name, person.last_name)

    view = open_calendar(qtbot, context_for(ola))
    assert ingrid.staff_id in [view.week.staff.itemData(i) for i in range(view.week.staff.count())]
    select_data(view.week.staff, ingrid.staff_id)
    view.week.go_to(day)
    qtbot.waitUntil(lambda: shown(view, entry.id) is not None, timeout=10_000)
    text = shown(view, entry.id)
    assert text is not None and "Booked" in text and "Samtale om arbeid" not in text
    assert not any(name in text for name in names)
    assert view.week.grid.select(entry.id)
    assert "may not see whom" in view.week.selected.text()
    assert not view.week.open_button.isEnabled() and not view.week.cancel_button.isEnabled()


def test_cancelling_a_meeting_asks_first_and_removes_it_from_the_week(
        qtbot: QtBot, demo_db: Database, context_for: MakeContext, monkeypatch: pytest.MonkeyPatch) -> None:
    ola = sign_in(demo_db, "stat")
    ctx = context_for(ola)
    office, _hemsedal = ids_of(demo_db)
    day = NEXT_TUESDAY + timedelta(days=3)
    entry = appointments.book(demo_db, ola, resident(demo_db, GOL), BookingForm(
        starts_at=datetime.combine(day, free_slot(demo_db, ola, day)), minutes=30, side="state",
        purpose="Avklaring", office_id=office))
    view = open_calendar(qtbot, ctx)
    view.week.go_to(day)
    qtbot.waitUntil(lambda: shown(view, entry.id) is not None, timeout=10_000)
    assert view.week.grid.select(entry.id)

    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return answers[len(asked) - 1]

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.keyClick(view.week.grid, Qt.Key.Key_Delete)
    assert len(asked) == 1 and shown(view, entry.id) is not None  # said no: nothing happens
    qtbot.keyClick(view.week.grid, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: shown(view, entry.id) is None, timeout=10_000)
    (after,) = [e for e in appointments.staff_calendar(demo_db, ola, ola.staff_id, day, day) if e.id == entry.id]
    assert after.cancelled


def test_a_bad_booking_shows_each_error_beside_its_field_and_saves_nothing(
        qtbot: QtBot, demo_db: Database, context_for: MakeContext) -> None:
    ola = sign_in(demo_db, "stat")
    ctx = context_for(ola)
    card = open_card(qtbot, ctx, resident(demo_db, GOL))
    before = appointment_count(demo_db)
    card.run_action("book_appointment")
    dialog = card.dialog
    assert isinstance(dialog, BookingDialog)
    ready(qtbot, dialog)
    dialog.day.setDate(to_qdate(date.today() - timedelta(days=2)))
    dialog.purpose.clear()

    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label("starts_at").isVisible(), timeout=10_000)
    assert "past" in dialog.errors.label("starts_at").text()
    assert dialog.errors.label("purpose").isVisible()
    assert not dialog.errors.label("channel").isVisible() and not dialog.errors.label("place").isVisible()
    assert card.dialog is dialog and appointment_count(demo_db) == before

    # An office day elsewhere on a weekday it is not held: the message stands under the place.
    office, hemsedal = ids_of(demo_db)
    select_data(dialog.place, (office, hemsedal))
    book_in_dialog(dialog, NEXT_TUESDAY + timedelta(days=1), time(11), "Oppfølging")
    assert "Tuesday" in dialog.place_note_text()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label("place").isVisible(), timeout=10_000)
    assert not dialog.errors.label("starts_at").isVisible()
    assert appointment_count(demo_db) == before


def test_the_calendar_is_an_area_for_veiledere_and_leaders_only(demo_db: Database) -> None:
    calendar = next(area for area in areas() if area.key == "calendar")
    assert calendar.order == 20
    assert calendar.visible(sign_in(demo_db, "stat")) and calendar.visible(sign_in(demo_db, "leder"))
    assert not calendar.visible(sign_in(demo_db, "admin"))
    # A veileder may look at teammates' calendars; their own comes first.
    choices = appointment_choices.calendar_choices(demo_db, sign_in(demo_db, "stat"))
    assert choices.staff[0].name == "Ola Rud" and "Ingrid Haugen" in [s.name for s in choices.staff]

