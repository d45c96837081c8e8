"""The card's "Book appointment…" action: the booking form with the person already chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from navdesk.domain.codes import Role, Side
from navdesk.i18n import _
from navdesk.services.card_types import PersonCard
from navdesk.ui.calendar.booking_dialog import BookingDialog
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.extensions import CardAction

if TYPE_CHECKING:
    from navdesk.ui.people.card.card_view import CardView


def _book(view: CardView, card: PersonCard) -> None:
    header = card.header
    view.open_dialog(BookingDialog(view.ctx, None, person=(header.person_id, header.name), parent=view))


def _may_book(ctx: UiContext, card: PersonCard) -> bool:
    # Meetings are planned in the user's own right (not by emergency access), on a side they may write on.
    return (ctx.actor.has(Role.VEILEDER, Role.LEADER) and not card.emergency
            and any(target.side is not Side.CLOSED for target in card.note_targets))


ACTIONS = (
    CardAction("book_appointment", lambda: _("&Book appointment…"), _book, _may_book, shortcut="Ctrl+B", order=13),
)
