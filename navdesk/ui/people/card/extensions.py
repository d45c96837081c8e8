"""What other parts of navdesk add to the person card: tabs and actions, each kept in its own module.

The card lays out its own sections; plans, applications, appointments, handovers and the like add a
tab or an entry in the card's Actions menu by listing it here, so the card never grows into one file.
A tab is a widget with `show_card(card)`: it gets every (re)load of the card and fetches its own data
through the worker — only while it is the tab on screen, so that opening a card stays one quick read.
An action gets the card view (for `open_dialog`) and the card as the user sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from navdesk.services.card_types import PersonCard
from navdesk.ui.context import UiContext

if TYPE_CHECKING:
    from navdesk.ui.people.card.card_view import CardView


class CardPage(Protocol):
    def show_card(self, card: PersonCard) -> None: ...


def _always(_ctx: UiContext, _card: PersonCard) -> bool:
    return True


@dataclass(frozen=True)
class CardAction:
    key: str
    label: Callable[[], str]  # called when the menu is built, so it follows the language
    run: Callable[[CardView, PersonCard], None]
    available: Callable[[UiContext, PersonCard], bool] = _always  # greyed out in the menu when False
    shortcut: str = ""  # a QKeySequence text such as "F2"; active while the card has focus
    order: int = 100


@dataclass(frozen=True)
class CardTab:
    key: str
    label: Callable[[], str]
    factory: Callable[[UiContext, CardView], QWidget]  # the widget also has show_card (CardPage)
    order: int = 100


def card_actions() -> list[CardAction]:
    from navdesk.ui.calendar.card_action import ACTIONS as booking
    from navdesk.ui.cases.card_actions import ACTIONS as cases
    from navdesk.ui.people.card.handover_action import ACTIONS as handover
    from navdesk.ui.people.card.person_actions import ACTIONS as person
    from navdesk.ui.plans.print_dialog import ACTIONS as plan_print

    return sorted([*person, *cases, *handover, *plan_print, *booking], key=lambda action: action.order)


def card_tabs() -> list[CardTab]:
    from navdesk.ui.people.card.handover_action import TABS as handover
    from navdesk.ui.plans.activity_tab import TABS as activity_plan
    from navdesk.ui.plans.plans_tab import TABS as plans

    tabs: list[CardTab] = [*handover, *activity_plan, *plans]
    return sorted(tabs, key=lambda tab: tab.order)
