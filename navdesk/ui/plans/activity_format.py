"""How an activity reads on the board, in the list and to a screen reader: period, marks, one-line summary."""

from __future__ import annotations

from datetime import date

from babel.dates import format_skeleton

from navdesk.i18n import _, format_date, locale
from navdesk.services.plan_types import ActivityCard


def short_date(value: date, today: date | None = None) -> str:
    """"5. des." this year, "5. jan. 2027" in another: what fits on a card, in the language's own order."""
    this_year = (today or date.today()).year
    return format_skeleton("MMMd" if value.year == this_year else "yMMMd", value, locale=locale())


def period_text(card: ActivityCard, *, short: bool = False) -> str:
    """"12.03.2026 – 30.03.2026" (on a card: "12. mars – 30. mars"); a meeting has only its date."""
    shown = short_date if short else format_date
    start, end = card.from_date, card.to_date
    if start is not None and end is not None and end != start:
        return _("{start} – {end}").format(start=shown(start), end=shown(end))
    if start is not None:
        return shown(start)
    return _("Until {date}").format(date=shown(end)) if end is not None else ""


def mark_texts(card: ActivityCard) -> list[str]:
    """The card's marks in words, so that none of them is told by colour alone."""
    marks = []
    if card.overdue:
        marks.append(_("Overdue"))
    if card.agreed:
        marks.append(_("Agreed with NAV"))
    if card.kvp:
        marks.append(_("KVP"))
    if card.locked:
        marks.append(_("Locked"))
    return marks


def spoken_text(card: ActivityCard) -> str:
    """Everything the card shows, in one line (tool tips and screen readers)."""
    parts = [card.type_label, card.title, card.subtitle, card.status_label, period_text(card), *mark_texts(card)]
    return " · ".join(part for part in parts if part)
