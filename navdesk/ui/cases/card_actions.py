"""The card's entries for municipal case handling: register an application, and open a case."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from navdesk.domain.codes import Side
from navdesk.i18n import _
from navdesk.services.card_types import PersonCard
from navdesk.ui.cases.case_dialog import CaseDialog
from navdesk.ui.cases.register_dialog import RegisterApplicationDialog
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.extensions import CardAction

if TYPE_CHECKING:
    from navdesk.ui.people.card.card_view import CardView


def open_case(view: CardView, case_id: uuid.UUID) -> None:
    """The case dialog over the card (Enter or double-click on a case in the Municipal side tab)."""
    name = view.card.header.name if view.card is not None else ""
    view.open_dialog(CaseDialog(view.ctx, case_id, view, person_name=name))


def _applications(card: PersonCard) -> list[uuid.UUID]:
    return [case.case_id for case in card.municipal.items if case.received_on is not None]


def _may_register(_ctx: UiContext, card: PersonCard) -> bool:
    # Whoever may write on the person's municipal side handles applications there; the dialog then offers
    # exactly the services the policy allows.
    return any(target.side is Side.MUNICIPAL for target in card.note_targets)


def _register(view: CardView, card: PersonCard) -> None:
    dialog = RegisterApplicationDialog(view.ctx, card.header.person_id, card.header.name, view)
    dialog.registered.connect(lambda case: open_case(view, case.id))
    view.open_dialog(dialog)


def _has_applications(_ctx: UiContext, card: PersonCard) -> bool:
    return bool(_applications(card))


def _case_handling(view: CardView, card: PersonCard) -> None:
    """The application chosen in the Municipal side tab, or the newest one."""
    ids = _applications(card)
    if not ids:
        return
    view.tabs.setCurrentWidget(view.municipal)
    chosen = view.municipal.cases.current_value()
    open_case(view, chosen if chosen in ids else ids[0])


ACTIONS = (
    CardAction("register_application", lambda: _("Register &application…"), _register, _may_register, order=40),
    CardAction("case_handling", lambda: _("Case &handling…"), _case_handling, _has_applications, order=41),
)
