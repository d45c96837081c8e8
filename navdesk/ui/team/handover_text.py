"""How a handover reads on screen: its state, its answer day, the line that says who waits for whom."""

from __future__ import annotations

from navdesk.i18n import _, format_date
from navdesk.services.handovers import HandoverItem


def due_text(item: HandoverItem) -> str:
    day = format_date(item.answer_due)
    return _("{date} — overdue").format(date=day) if item.overdue else day


def status_text(item: HandoverItem) -> str:
    if item.withdrawn:
        return _("Withdrawn")
    if item.accepted is True:
        return _("Accepted")
    if item.accepted is False:
        return _("Declined: {reason}").format(reason=item.decline_reason)
    return _("Overdue — waiting for an answer") if item.overdue else _("Waiting for an answer")


def waiting_text(item: HandoverItem) -> str:
    """The open handover in one sentence, from the card's point of view."""
    text = _("Handover to {receiver} proposed by {sender} on {proposed}; answer due {due}. {sender} stays the "
             "veileder until {receiver} accepts.").format(
                 receiver=item.receiver, sender=item.sender, proposed=format_date(item.proposed_at.date()),
                 due=format_date(item.answer_due))
    if item.overdue:
        text += " " + _("The answer is overdue: the leader has been told.")
    return text


def agreed_text(item: HandoverItem) -> str:
    return _("Yes") if item.agreed_with_person else _("No")


def proposed_text(item: HandoverItem) -> str:
    return format_date(item.proposed_at.date())
