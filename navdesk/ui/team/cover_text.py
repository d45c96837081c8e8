"""The cover view as a readable page: for each working day, who is away and what nobody present covers.

What is bare on every day of the period is said once at the top, so that the days list only what
changes from day to day.
"""

from __future__ import annotations

from html import escape

from navdesk.i18n import _, format_date
from navdesk.services.absence_cover import CoverGap, CoverView


def _line(template: str, values: tuple[str, ...] | list[str], *, bare: bool = False) -> str:
    """One line of the page; `template` has one placeholder, {items}. Bare ones are red."""
    text = escape(template.format(items=", ".join(values)))
    return f'<span style="color:#8c0000">{text}</span>' if bare else text


def _every_day(gaps: tuple[CoverGap, ...], attribute: str) -> list[str]:
    if not gaps:
        return []
    common = set(getattr(gaps[0], attribute))
    for gap in gaps[1:]:
        common &= set(getattr(gap, attribute))
    return sorted(common)


def _block(title: str, away: list[str], areas: list[str], services: list[str]) -> str:
    lines = []
    if away:
        lines.append(_line(_("Away: {items}"), away))
    if areas:
        lines.append(_line(_("Specialist areas nobody present covers: {items}"), areas, bare=True))
    if services:
        lines.append(_line(_("Services nobody present covers: {items}"), services, bare=True))
    return f"<p><b>{escape(title)}</b><br>" + "<br>".join(lines) + "</p>"


def cover_html(view: CoverView, working_days: int) -> str:
    """`working_days`: how many working days the period has (a day without gaps is not listed)."""
    head = _("{office}, {start} – {end}").format(office=view.office, start=format_date(view.start),
                                                 end=format_date(view.end))
    parts = [f"<h3>{escape(head)}</h3>"]
    if not view.gaps:
        parts.append("<p>" + escape(_("Every specialist area and service is covered on every working day, and "
                                      "nobody is away.")) + "</p>")
        return "".join(parts)
    full_period = len(view.gaps) == working_days
    always = {name: _every_day(view.gaps, name) if full_period else [] for name in ("absent", "areas", "services")}
    if any(always.values()):
        parts.append(_block(_("Every working day of the period"), *always.values()))
    days = []
    for gap in view.gaps:
        rest = [[value for value in getattr(gap, name) if value not in always[name]] for name in always]
        if any(rest):
            days.append(_block(format_date(gap.day, "full"), *rest))
    if not days:
        days.append("<p>" + escape(_("No single day adds anything to this.")) + "</p>")
    return "".join(parts + days)
