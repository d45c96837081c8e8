"""The card's actions on the person record itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from navdesk.i18n import _
from navdesk.services.card_types import PersonCard
from navdesk.ui.people.card.extensions import CardAction
from navdesk.ui.people.person_dialog import PersonDialog

if TYPE_CHECKING:
    from navdesk.ui.people.card.card_view import CardView


def _edit(view: CardView, card: PersonCard) -> None:
    view.open_dialog(PersonDialog(view.ctx, card.header.person_id, view))


ACTIONS = (
    CardAction("edit_person", lambda: _("&Edit person…"), _edit, shortcut="F2", order=10),
)
