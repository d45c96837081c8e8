"""Judging a person's stored rows for one reader: what may be shown, and the markers for what may not.

Each refused row that may be acknowledged adds one marker per distinct reason, never one per row, so a
section never tells how much it holds back; rows whose refusal hides their existence (closed areas,
conflict of interest) leave no trace at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from navdesk.domain.access_types import Action, DataKind, Decision, ItemFacts, PersonFacts
from navdesk.domain.codes import Side
from navdesk.services.access_facts import AccessContext
from navdesk.services.card_types import Withheld

R = TypeVar("R")


def item_facts(kind: DataKind, side: str, municipality_id: uuid.UUID | None, service_code: str,
               closed_area_id: uuid.UUID | None, residence: uuid.UUID) -> ItemFacts | None:
    """The policy's facts for a stored row; None for a closed row that names no area (never shown).

    A municipal row without a responsible municipality belongs to the residence municipality.
    """
    if side == Side.STATE:
        return ItemFacts.state(kind, service_code)
    if side == Side.MUNICIPAL:
        return ItemFacts.municipal(kind, municipality_id or residence, service_code)
    if side == Side.CLOSED and closed_area_id is not None:
        return ItemFacts.closed(kind, closed_area_id)
    return None


class Judge:
    """Judges items of one person for one reader, collecting the withheld markers per section."""

    def __init__(self, ctx: AccessContext, person: PersonFacts) -> None:
        self.ctx = ctx
        self.person = person
        self.emergency_used = False

    def decide(self, item: ItemFacts, action: Action = Action.READ) -> Decision:
        decision = self.ctx.decide(self.person, item, action)
        if decision.is_emergency:
            self.emergency_used = True
        return decision

    def sort(self, rows: Iterable[R], item_of: Callable[[R], ItemFacts | None]
             ) -> tuple[list[tuple[R, Decision]], list[Withheld]]:
        """The rows that may be read (with their decision) and one marker per distinct refusal."""
        shown: list[tuple[R, Decision]] = []
        withheld: dict[str, Withheld] = {}
        for row in rows:
            item = item_of(row)
            if item is None:
                continue
            decision = self.decide(item)
            if decision.allowed:
                shown.append((row, decision))
            elif not decision.hides_existence:
                text = decision.explain()
                withheld.setdefault(text, Withheld(decision.side, text))
        return shown, list(withheld.values())

    def side_markers(self, sides: Iterable[Side], found: list[Withheld]) -> tuple[Withheld, ...]:
        """`found` plus a marker for each side the reader may read nothing of.

        Shown whether or not the person has anything on that side, so the marker discloses nothing.
        """
        markers = {marker.text: marker for marker in found}
        visible = self.ctx.visible_sides(self.person)
        for side in sides:
            if side in visible:
                continue
            if side is Side.STATE:
                item = ItemFacts.state(DataKind.CASE)
            else:
                item = ItemFacts.municipal(DataKind.CASE, self.person.residence_municipality_id)
            decision = self.ctx.decide(self.person, item, Action.READ)
            if not decision.allowed and not decision.hides_existence:
                markers.setdefault(decision.explain(), Withheld(side, decision.explain()))
        return tuple(markers.values())


def _item(kind: DataKind, side: str, municipality_id: uuid.UUID | None, service_code: str,
          closed_area_id: uuid.UUID | None, residence: uuid.UUID) -> ItemFacts | None:
    """The policy's facts for a stored row; None for a closed row that names no area (never shown)."""
    if side == Side.STATE:
        return ItemFacts.state(kind, service_code)
    if side == Side.MUNICIPAL:
        return ItemFacts.municipal(kind, municipality_id or residence, service_code)
    if side == Side.CLOSED and closed_area_id is not None:
        return ItemFacts.closed(kind, closed_area_id)
    return None
