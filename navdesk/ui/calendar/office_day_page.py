"""An office's day: one column for the office itself and one for each office day it holds in another
municipality that weekday (tinted and titled "Office day in …"), with every meeting booked there and
the veileder who holds it — what reception and the leader look at in the morning.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from navdesk.i18n import _
from navdesk.services import appointments
from navdesk.services.appointment_choices import CalendarChoices, OfficeChoice
from navdesk.services.appointments import CalendarEntry, OfficeDayCalendar
from navdesk.ui.calendar.calendar_page import CalendarPage, hour_range
from navdesk.ui.calendar.calendar_text import entry_span, long_day, office_day_title, opening_text, span
from navdesk.ui.calendar.time_grid import GridBlock, GridColumn, Tone
from navdesk.ui.context import UiContext
from navdesk.ui.setup.form import date_edit, from_qdate, select_data, to_qdate

AT_THE_OFFICE = "office"  # the key of the office's own column; office days elsewhere use their municipality


def day_block(entry: CalendarEntry, column: int) -> GridBlock:
    tone = Tone.WITHHELD if entry.withheld else Tone.ELSEWHERE if entry.municipality_id else Tone.OWN
    lines = (f"{entry_span(entry)}  {entry.staff}", f"{entry.person} · {entry.channel}", entry.place)
    return GridBlock(entry, column, tuple(line for line in lines if line), tone, ", ".join(
        part for part in (entry_span(entry), entry.staff, entry.person, entry.channel, entry.place, entry.purpose)
        if part))


class OfficeDayPage(CalendarPage):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.office = QComboBox()
        self.office.setObjectName("calendarOffice")
        self.office.setMinimumContentsLength(24)
        self.office.currentIndexChanged.connect(lambda _index: self._moved())
        self.day = date_edit(date.today())
        self.day.setObjectName("calendarDay")
        self.day.dateChanged.connect(lambda _day: self._moved())
        office_caption = QLabel(_("Offic&e"))
        office_caption.setBuddy(self.office)
        day_caption = QLabel(_("&Date"))
        day_caption.setBuddy(self.day)
        for widget in (office_caption, self.office, day_caption, self.day):
            self.tools.addWidget(widget)
        self.tools.addStretch(1)
        self.previous_button.setToolTip(_("Previous day (Alt+Left)"))
        self.next_button.setToolTip(_("Next day (Alt+Right)"))
        self.previous_button.setAccessibleName(_("Previous day"))
        self.next_button.setAccessibleName(_("Next day"))
        self.finish_tab_order(self.office, self.day)
        self.title.setText(long_day(date.today()))

    def set_choices(self, choices: CalendarChoices) -> None:
        wanted = self.office_id() or next((office.id for office in choices.offices if office.own), None)
        self.office.blockSignals(True)
        self.office.clear()
        for office in choices.offices:
            self.office.addItem(office.name, office.id)
        select_data(self.office, wanted, fallback=0)
        self.office.blockSignals(False)
        super().set_choices(choices)

    def office_id(self) -> uuid.UUID | None:
        value = self.office.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def shown_day(self) -> date:
        return from_qdate(self.day.date())

    def _moved(self) -> None:
        self.keep = None
        self.title.setText(long_day(self.shown_day()))
        self.refresh()

    # Moving in time ---------------------------------------------------------------------------------

    def go_to(self, day: date) -> None:
        if day == self.shown_day():
            self.refresh()
        else:
            self.day.setDate(to_qdate(day))  # dateChanged reloads

    def previous(self) -> None:
        self.go_to(self.shown_day() - timedelta(days=1))

    def next(self) -> None:
        self.go_to(self.shown_day() + timedelta(days=1))

    def today(self) -> None:
        self.day.setDate(QDate.currentDate())

    def show_entry(self, entry: CalendarEntry) -> None:
        self.go_to(entry.starts_at.date())
        self.keep = entry.id

    def booking_defaults(self) -> tuple[uuid.UUID | None, date]:
        return None, self.shown_day()

    # Loading ----------------------------------------------------------------------------------------

    def fetch(self) -> Callable[[], Any] | None:
        office_id = self.office_id()
        if office_id is None:
            return None
        db, actor, day = self.ctx.db, self.ctx.actor, self.shown_day()
        return lambda: appointments.office_day(db, actor, office_id, day)

    def show_result(self, result: Any) -> None:
        calendar: OfficeDayCalendar = result
        office = self.choices.office(calendar.office_id) if self.choices is not None else None
        entries = tuple(entry for entry in calendar.entries if not entry.cancelled)
        columns = self._columns(calendar, office)
        keys = [column.key for column in columns]
        blocks = tuple(day_block(entry, keys.index(entry.municipality_id) if entry.municipality_id in keys else 0)
                       for entry in entries)
        opens = [start for column in columns for start, _end in column.open_hours]
        closes = [end for column in columns for _start, end in column.open_hours]
        first, last = hour_range([*opens, *(e.starts_at.time() for e in entries)],
                                 [*closes, *(e.ends_at.time() if e.ends_at.date() == e.starts_at.date() else time.max
                                             for e in entries)])
        elsewhere = [column.title for column in columns if column.elsewhere]
        self.title.setText(" · ".join([long_day(calendar.day), *elsewhere]))
        self.grid.set_content(columns, blocks, first, last, now=datetime.now(), keep=self.keep,
                              empty_text=_("Nothing is booked at {office} this day. Press Ctrl+N to book a "
                                           "meeting.").format(office=calendar.office))

    @staticmethod
    def _columns(calendar: OfficeDayCalendar, office: OfficeChoice | None) -> tuple[GridColumn, ...]:
        today = calendar.day == date.today()
        own = tuple((o.opens, o.closes) for o in calendar.openings if o.municipality_id is None)
        subtitle = opening_text(office, calendar.day.weekday()) if office is not None else ""
        columns = [GridColumn(AT_THE_OFFICE, calendar.office, subtitle, own, today=today)]
        places = {p.municipality_id: p for p in office.days_elsewhere} if office is not None else {}
        for opening in calendar.openings:
            if opening.municipality_id is None or any(c.key == opening.municipality_id for c in columns):
                continue
            place = places.get(opening.municipality_id)
            title = office_day_title(place) if place is not None else opening.place
            hours = tuple((o.opens, o.closes) for o in calendar.openings
                          if o.municipality_id == opening.municipality_id)
            where = f"{opening.place} · {', '.join(span(start, end) for start, end in hours)}"
            columns.append(GridColumn(opening.municipality_id, title, where, hours, today=today, elsewhere=True))
        return tuple(columns)
