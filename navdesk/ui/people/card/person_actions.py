"""The card's actions on the person record itself: edit, contacts, ownership, §14a, conflicts of interest.

Each is offered only to whom the service would allow it, judged from the card as the user sees it; the
service still decides (and logs) on saving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from navdesk.domain.codes import Role, Side
from navdesk.i18n import _
from navdesk.services import contact_log
from navdesk.services.card_types import PersonCard
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.conflict_dialog import ConflictDialog
from navdesk.ui.people.card.contact_dialog import ContactDialog
from navdesk.ui.people.card.extensions import CardAction
from navdesk.ui.people.card.innsats_dialog import InnsatsDialog
from navdesk.ui.people.card.ownership_dialog import OwnershipDialog
from navdesk.ui.people.person_dialog import PersonDialog

if TYPE_CHECKING:
    from navdesk.ui.people.card.card_view import CardView


def _edit(view: CardView, card: PersonCard) -> None:
    view.open_dialog(PersonDialog(view.ctx, card.header.person_id, view))


def _register_contact(view: CardView, card: PersonCard) -> None:
    view.open_dialog(ContactDialog(view.ctx, card.header.person_id, card.note_targets, view))


def _ownership(view: CardView, card: PersonCard) -> None:
    view.open_dialog(OwnershipDialog(view.ctx, card.header.person_id, view))


def _innsats(view: CardView, card: PersonCard) -> None:
    view.open_dialog(InnsatsDialog(view.ctx, card, view))


def _conflicts(view: CardView, card: PersonCard) -> None:
    view.open_dialog(ConflictDialog(view.ctx, card.header.person_id, card.header.name, view))


def _serves(ctx: UiContext, card: PersonCard) -> bool:
    """Works with people and reads this card in their own right (not by emergency access or consent)."""
    return ctx.actor.has(Role.VEILEDER, Role.LEADER) and card.can_register_consent and not card.emergency


def _may_log_contact(_ctx: UiContext, card: PersonCard) -> bool:
    return bool(contact_log.contact_targets(card.note_targets))


def _may_decide_innsats(ctx: UiContext, card: PersonCard) -> bool:
    # §14a is state follow-up: whoever may write on the person's state side.
    return _serves(ctx, card) and any(target.side is Side.STATE for target in card.note_targets)


def _leads(ctx: UiContext, card: PersonCard) -> bool:
    return ctx.actor.has(Role.LEADER) and _serves(ctx, card)


ACTIONS = (
    CardAction("edit_person", lambda: _("&Edit person…"), _edit, shortcut="F2", order=10),
    CardAction("register_contact", lambda: _("Register &contact…"), _register_contact, _may_log_contact,
               shortcut="Ctrl+K", order=12),
    CardAction("ownership", lambda: _("&Ownership…"), _ownership, _serves, order=14),
    CardAction("innsats", lambda: _("§14a &decision…"), _innsats, _may_decide_innsats, order=16),
    CardAction("conflicts", lambda: _("Conflicts of &interest…"), _conflicts, _leads, order=18),
)
