"""A veileder's week: Monday to Friday (and a weekend day that holds a meeting), the offices' opening hours
white and the rest grey, each meeting a block with its time, person, channel and place.

Whom the meeting is with shows only when the reader may see the person; otherwise the block says
"Booked", so a colleague can still see that the slot is taken.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from navdesk.i18n import _
from navdesk.services import appointments
from navdesk.services.appointment_choices import CalendarChoices, OfficeChoice
from navdesk.services.appointments import CalendarEntry
from navdesk.ui.calendar.calendar_page import CalendarPage, hour_range
from navdesk.ui.calendar.calendar_text import (
    day_heading,
    entry_place,
    entry_span,
    monday_of,
    office_day_title,
    opening_text,
    week_title,
)
from navdesk.ui.calendar.time_grid import GridBlock, GridColumn, Tone
from navdesk.ui.context import UiContext
from navdesk.ui.setup.form import select_data

WORKDAYS = 5


def week_block(entry: CalendarEntry, column: int, offices: tuple[OfficeChoice, ...]) -> GridBlock:
    place = entry_place(entry, offices)
    tone = Tone.WITHHELD if entry.withheld else Tone.ELSEWHERE if entry.municipality_id else Tone.OWN
    lines = (f"{entry_span(entry)}  {entry.person}", f"{entry.channel} · {place}" if place else entry.channel,
             entry.purpose)
    return GridBlock(entry, column, tuple(line for line in lines if line), tone,
                     ", ".join(part for part in (entry_span(entry), entry.person, entry.channel, place, entry.purpose)
                               if part))


class WeekPage(CalendarPage):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.monday = monday_of(date.today())
        self.staff = QComboBox()
        self.staff.setObjectName("calendarStaff")
        self.staff.setMinimumContentsLength(24)
        self.staff.currentIndexChanged.connect(lambda _index: self._staff_changed())
        caption = QLabel(_("Calendar fo&r"))
        caption.setBuddy(self.staff)
        self.tools.addWidget(caption)
        self.tools.addWidget(self.staff)
        self.tools.addStretch(1)
        self.previous_button.setToolTip(_("Previous week (Alt+Left)"))
        self.next_button.setToolTip(_("Next week (Alt+Right)"))
        self.previous_button.setAccessibleName(_("Previous week"))
        self.next_button.setAccessibleName(_("Next week"))
        self.finish_tab_order(self.staff)
        self.title.setText(week_title(self.monday))

    def set_choices(self, choices: CalendarChoices) -> None:
        wanted = self.staff_id() or self.ctx.actor.staff_id
        self.staff.blockSignals(True)
        self.staff.clear()
        for staff in choices.staff:
            self.staff.addItem(staff.name, staff.id)
        select_data(self.staff, wanted, fallback=0)
        self.staff.blockSignals(False)
        super().set_choices(choices)

    def staff_id(self) -> uuid.UUID | None:
        value = self.staff.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def _staff_changed(self) -> None:
        self.keep = None
        self.refresh()

    # Moving in time ---------------------------------------------------------------------------------

    def go_to(self, day: date) -> None:
        self.monday = monday_of(day)
        self.title.setText(week_title(self.monday))
        self.refresh()

    def previous(self) -> None:
        self.go_to(self.monday - timedelta(days=7))

    def next(self) -> None:
        self.go_to(self.monday + timedelta(days=7))

    def today(self) -> None:
        self.go_to(date.today())

    def show_entry(self, entry: CalendarEntry) -> None:
        self.keep = entry.id
        if entry.staff_id != self.staff_id():
            self.staff.blockSignals(True)
            select_data(self.staff, entry.staff_id)
            self.staff.blockSignals(False)
        self.go_to(entry.starts_at.date())

    def booking_defaults(self) -> tuple[uuid.UUID | None, date]:
        today = date.today()
        return self.staff_id(), today if self.monday <= today < self.monday + timedelta(days=7) else self.monday

    # Loading ----------------------------------------------------------------------------------------

    def fetch(self) -> Callable[[], Any] | None:
        staff_id = self.staff_id()
        if staff_id is None:
            return None
        db, actor, monday = self.ctx.db, self.ctx.actor, self.monday
        return lambda: appointments.staff_calendar(db, actor, staff_id, monday, monday + timedelta(days=6))

    def _offices(self) -> tuple[OfficeChoice, ...]:
        """The offices the shown veileder works at: their hours are the week's white background."""
        if self.choices is None:
            return ()
        staff = next((s for s in self.choices.staff if s.id == self.staff_id()), None)
        return tuple(office for office in self.choices.offices if staff is not None and office.id in staff.office_ids)

    def show_result(self, result: Any) -> None:
        entries: tuple[CalendarEntry, ...] = tuple(e for e in result if not e.cancelled)
        offices = self._offices()
        all_offices = self.choices.offices if self.choices is not None else ()
        days = [self.monday + timedelta(days=n) for n in range(7)]
        busy = {entry.starts_at.date() for entry in entries}
        shown = [day for day in days if day.weekday() < WORKDAYS or day in busy]
        today = date.today()
        columns = tuple(self._column(day, offices, today) for day in shown)
        blocks = tuple(week_block(entry, shown.index(entry.starts_at.date()), all_offices) for entry in entries
                       if entry.starts_at.date() in shown)
        opens = [start for column in columns for start, _end in column.open_hours]
        closes = [end for column in columns for _start, end in column.open_hours]
        first, last = hour_range([*opens, *(e.starts_at.time() for e in entries)],
                                 [*closes, *(e.ends_at.time() if e.ends_at.date() == e.starts_at.date() else time.max
                                             for e in entries)])
        self.title.setText(week_title(self.monday))
        self.grid.set_content(columns, blocks, first, last, now=datetime.now(), keep=self.keep,
                              empty_text=_("No meetings this week. Press Ctrl+N to book one, or Alt+Right to look "
                                           "at next week."))

    @staticmethod
    def _column(day: date, offices: tuple[OfficeChoice, ...], today: date) -> GridColumn:
        weekday = day.weekday()
        hours = [(line.opens, line.closes) for office in offices for line in office.hours_on(weekday)]
        away = [place for office in offices for place in office.days_elsewhere if place.weekday == weekday]
        hours += [(place.opens, place.closes) for place in away]
        if away:
            subtitle = ", ".join(office_day_title(place) for place in away)
        elif offices:
            subtitle = opening_text(offices[0], weekday) if len(offices) == 1 else ""
        else:
            subtitle = ""
        return GridColumn(day, day_heading(day), subtitle, tuple(hours), today=day == today)
