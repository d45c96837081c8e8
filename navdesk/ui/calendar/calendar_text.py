"""The calendar's words: times, days, weeks and places, in the user's language."""

from __future__ import annotations

from datetime import date, time, timedelta

from navdesk.i18n import _, format_date, locale
from navdesk.services.appointment_choices import OfficeChoice, OfficeDayPlace
from navdesk.services.appointments import CalendarEntry


def clock(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def span(start: time, end: time) -> str:
    return f"{clock(start)}–{clock(end)}"


def entry_span(entry: CalendarEntry) -> str:
    return span(entry.starts_at.time(), entry.ends_at.time())


def weekday_name(weekday: int) -> str:
    """Monday … Sunday (0 … 6), as the language writes them in running text."""
    return str(locale().days["format"]["wide"][weekday])


def day_heading(day: date) -> str:
    """The short heading of a day column, e.g. "tir. 3. mars"."""
    return format_date(day, "EEE d. MMM") if locale().language != "en" else format_date(day, "EEE d MMM")


def long_day(day: date) -> str:
    return format_date(day, "full")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_title(monday: date) -> str:
    sunday = monday + timedelta(days=6)
    return _("Week {number}: {first} – {last}").format(
        number=monday.isocalendar().week, first=format_date(monday, "long"), last=format_date(sunday, "long"))


def office_day_title(place: OfficeDayPlace) -> str:
    return _("Office day in {municipality}").format(municipality=place.municipality)


def office_day_choice(place: OfficeDayPlace) -> str:
    """How the booking form offers an office day elsewhere: where, and on which weekday at what hours."""
    return _("Office day in {municipality} ({weekday} {hours})").format(
        municipality=place.municipality, weekday=weekday_name(place.weekday), hours=span(place.opens, place.closes))


def opening_text(office: OfficeChoice, weekday: int) -> str:
    hours = office.hours_on(weekday)
    if not hours:
        return _("Closed this day")
    return _("Open {hours}").format(hours=", ".join(span(line.opens, line.closes) for line in hours))


def office_day_of(entry: CalendarEntry, offices: tuple[OfficeChoice, ...]) -> OfficeDayPlace | None:
    """The office day in another municipality the meeting is held on, if it is."""
    if entry.municipality_id is None:
        return None
    weekday = entry.starts_at.weekday()
    days = [day for office in offices for day in office.days_elsewhere if day.municipality_id == entry.municipality_id]
    return next((day for day in days if day.weekday == weekday), days[0] if days else None)


def entry_place(entry: CalendarEntry, offices: tuple[OfficeChoice, ...]) -> str:
    """Where the meeting is; a meeting on an office day in another municipality says so."""
    place = office_day_of(entry, offices)
    if place is None:
        return entry.place
    return f"{office_day_title(place)} · {entry.place}" if entry.place else office_day_title(place)
