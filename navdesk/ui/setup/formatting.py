"""Short texts for the set-up lists: opening hours, positions, roles, validity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from navdesk.domain.codes import Role, label
from navdesk.domain.org_rules import Opening
from navdesk.i18n import _, format_date, format_percent_whole, locale


def _day(weekday: int) -> str:
    return str(locale().days["format"]["abbreviated"][weekday])


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def opening_hours(openings: Sequence[Opening]) -> str:
    """Runs of weekdays with the same hours, e.g. "man.–fre. 10:00–14:00; tor. 10:00–17:00"."""
    by_day: dict[int, tuple[tuple[time, time], ...]] = {}
    for opening in sorted(openings, key=lambda o: (o.weekday, o.opens)):
        by_day[opening.weekday] = (*by_day.get(opening.weekday, ()), (opening.opens, opening.closes))
    runs: list[tuple[int, int, tuple[tuple[time, time], ...]]] = []
    for weekday in sorted(by_day):
        slots = by_day[weekday]
        if runs and runs[-1][1] == weekday - 1 and runs[-1][2] == slots:
            runs[-1] = (runs[-1][0], weekday, slots)
        else:
            runs.append((weekday, weekday, slots))
    parts = []
    for first, last, slots in runs:
        days = _day(first) if first == last else f"{_day(first)}–{_day(last)}"
        hours = ", ".join(f"{_clock(opens)}–{_clock(closes)}" for opens, closes in slots)
        parts.append(f"{days} {hours}")
    return "; ".join(parts) or _("No opening hours")


def roles(values: frozenset[Role]) -> str:
    order = (Role.LEADER, Role.VEILEDER, Role.ADMIN)
    return ", ".join(label(role) for role in order if role in values)


def position(fte_percent: int, leader_share_percent: int) -> str:
    if leader_share_percent:
        return _("{fte} ({leader} leader)").format(
            fte=format_percent_whole(fte_percent), leader=format_percent_whole(leader_share_percent)
        )
    return format_percent_whole(fte_percent)


def validity(valid_from: date, valid_to: date | None, today: date | None = None) -> str:
    today = today or date.today()
    if valid_from > today:
        return _("Not yet in force")
    if valid_to is not None and valid_to < today:
        return _("Ended")
    return _("In force")


def optional_date(value: date | None) -> str:
    return format_date(value) if value is not None else "—"


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")
