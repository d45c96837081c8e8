"""What every plan service shares: judging plan items by the access policy, logging, and the person's plans.

The activity plan is state-side (`ItemFacts.state(DataKind.PLAN)`); an individual plan and a KVP
programme are municipal, for their responsible municipality and the services `ind_plan` and `kvp`. A
KVP activity belongs to its programme's side. A goal or measure is entered on one side and may be linked
into plans on the other: it may be read (and changed) by whoever may read (change) its own side or any
plan it is linked into — linking it is how the person's words become part of that plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Action, DataKind, Decision, ItemFacts, PersonFacts, Reason
from navdesk.domain.codes import Side
from navdesk.domain.plans import ChangedBy, PlanKind, label
from navdesk.i18n import _, format_date
from navdesk.services import audit
from navdesk.services.access_facts import AccessContext
from navdesk.services.card_types import Withheld
from navdesk.services.person_guard import Refused, emergency_reason, reachable_person
from navdesk.services.plan_types import PlanPlace, PlanRef
from navdesk.store.models import IndividualPlan, KvpProgramme, Municipality, PlanLink, Staff
from navdesk.store.models.plans import PlanSide

# What an access-log entry is about (its `what` column).
WHAT_PLANS = "plans"
WHAT_ACTIVITY_PLAN = "activity plan"
WHAT_ACTIVITY = "activity"
WHAT_ACTIVITY_HISTORY = "activity history"
WHAT_GOALS = "plan goals"
WHAT_INDIVIDUAL_PLAN = "individual plan"
WHAT_ANSVARSGRUPPE = "ansvarsgruppe"
WHAT_KVP = "kvp plan"

IP_SERVICE = "ind_plan"
KVP_SERVICE = "kvp"
STATE_PLAN = ItemFacts.state(DataKind.PLAN)
R = TypeVar("R")


def plan_item(side: str, municipality_id: uuid.UUID | None, service_code: str) -> ItemFacts | None:
    """The policy's facts for a stored plan item; None for one that cannot be judged (never shown)."""
    if side == Side.STATE:
        return ItemFacts.state(DataKind.PLAN, service_code)
    if side == Side.MUNICIPAL and municipality_id is not None:
        return ItemFacts.municipal(DataKind.PLAN, municipality_id, service_code)
    return None


def row_item(row: PlanSide) -> ItemFacts | None:
    return plan_item(row.side, row.responsible_municipality_id, row.service_code)


class PlanJudge:
    """Judges one person's plan items for one reader and gathers the "withheld" markers."""

    def __init__(self, ctx: AccessContext, person: PersonFacts) -> None:
        self.ctx = ctx
        self.person = person
        self.emergency_used = False
        self._withheld: dict[str, Withheld] = {}
        self._allowed_seen = False
        # What let the reader in, for the access log: the first allowed decision, else finding the person.
        self.first_reason = ctx.decide(person, ItemFacts.person(), Action.READ).reason

    def decide(self, item: ItemFacts, action: Action = Action.READ) -> Decision:
        decision = self.ctx.decide(self.person, item, action)
        if decision.is_emergency:
            self.emergency_used = True
        if decision.allowed and not self._allowed_seen:
            self._allowed_seen = True
            self.first_reason = decision.reason
        return decision

    def may(self, item: ItemFacts | None, action: Action = Action.READ) -> bool:
        return item is not None and self.decide(item, action).allowed

    def note_refusal(self, decision: Decision) -> None:
        """Remember a "withheld" marker for a refusal that may show (never for closed or conflicted)."""
        if not decision.allowed and not decision.hides_existence:
            text = decision.explain()
            self._withheld.setdefault(text, Withheld(decision.side, text))

    def sort(self, rows: Iterable[R], item_of: Callable[[R], ItemFacts | None],
             action: Action = Action.READ) -> list[R]:
        """The rows the reader may see; a marker for each distinct refusal."""
        shown = []
        for row in rows:
            item = item_of(row)
            if item is None:
                continue
            decision = self.decide(item, action)
            if decision.allowed:
                shown.append(row)
            else:
                self.note_refusal(decision)
        return shown

    @property
    def withheld(self) -> tuple[Withheld, ...]:
        return tuple(self._withheld.values())


def begin(session: Session, ctx: AccessContext, person_id: uuid.UUID, *, action: str, what: str,
          now: datetime) -> tuple[PersonFacts, PlanJudge]:
    """The person's facts and a judge, or `Refused` (logged) when the person may not be found."""
    facts = reachable_person(session, ctx, person_id, action=action, what=what, at=now)
    return facts, PlanJudge(ctx, facts)


def require(session: Session, judge: PlanJudge, item: ItemFacts | None, action: Action, *, log_action: str,
            what: str, now: datetime) -> Decision:
    """The decision for `action` on `item`, or `Refused` (logged) with the policy's explanation."""
    if item is None:
        raise Refused(_("This plan item cannot be opened."))
    decision = judge.decide(item, action)
    if not decision.allowed:
        audit.log(session, judge.ctx.actor, person_id=judge.person.person_id, action=log_action, what=what,
                  allowed=False, reason=decision.reason.value, at=now)
        raise Refused(decision.explain())
    return decision


def log_allowed(session: Session, judge: PlanJudge, *, action: str, what: str, now: datetime,
                reason: Reason | None = None) -> None:
    """One access-log entry for an allowed user action; emergency access is logged as such, with its reason.

    Without `reason`, the first decision that allowed something in this action is named.
    """
    reason = reason or judge.first_reason
    why = ""
    if judge.emergency_used or reason is Reason.EMERGENCY:
        reason = Reason.EMERGENCY
        why = emergency_reason(session, judge.ctx, judge.person.person_id, now)
    audit.log(session, judge.ctx.actor, person_id=judge.person.person_id, action=action, what=what,
              allowed=True, reason=reason.value, why=why, at=now)


@dataclass
class PlanIndex:
    """The person's plans: each one's policy facts and its name, for judging links and labelling them."""

    items: dict[PlanRef, ItemFacts | None] = field(default_factory=dict)
    labels: dict[PlanRef, str] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, person_id: uuid.UUID) -> PlanIndex:
        index = cls()
        activity_plan = PlanRef.activity_plan()
        index.items[activity_plan] = STATE_PLAN
        index.labels[activity_plan] = label(PlanKind.ACTIVITY_PLAN)
        names = municipality_names(session)
        for plan in session.scalars(select(IndividualPlan).where(IndividualPlan.person_id == person_id)):
            ref = PlanRef.individual_plan(plan.id)
            index.items[ref] = row_item(plan)
            index.labels[ref] = _("Individual plan, {municipality}, from {date}").format(
                municipality=_name(names, plan.responsible_municipality_id), date=format_date(plan.period_from))
        for programme in session.scalars(select(KvpProgramme).where(KvpProgramme.person_id == person_id)):
            ref = PlanRef.kvp(programme.id)
            index.items[ref] = row_item(programme)
            index.labels[ref] = _("KVP plan, {municipality}, from {date}").format(
                municipality=_name(names, programme.responsible_municipality_id),
                date=format_date(programme.starts_on))
        return index

    def item(self, ref: PlanRef) -> ItemFacts | None:
        return self.items.get(ref)

    def place(self, ref: PlanRef) -> PlanPlace:
        return PlanPlace(ref, self.labels.get(ref, label(ref.kind)))


def link_refs(session: Session, person_id: uuid.UUID) -> tuple[dict[uuid.UUID, list[PlanRef]],
                                                                 dict[uuid.UUID, list[PlanRef]]]:
    """Goal id -> the plans it is linked into, and measure id -> the same."""
    goals: dict[uuid.UUID, list[PlanRef]] = {}
    measures: dict[uuid.UUID, list[PlanRef]] = {}
    for goal_id, measure_id, kind, plan_id in session.execute(
        select(PlanLink.goal_id, PlanLink.measure_id, PlanLink.plan_kind, PlanLink.plan_id)
        .where(PlanLink.person_id == person_id).order_by(PlanLink.linked_at)
    ):
        ref = PlanRef(PlanKind(kind), plan_id)
        if goal_id is not None:
            goals.setdefault(goal_id, []).append(ref)
        if measure_id is not None:
            measures.setdefault(measure_id, []).append(ref)
    return goals, measures


def linked_decision(judge: PlanJudge, own: ItemFacts | None, refs: Iterable[PlanRef], index: PlanIndex,
                    action: Action) -> Decision | None:
    """The first decision allowing `action` on a goal or measure through its own side or a linked plan.

    None when nothing allows it; the refusal of its own side is then remembered as a marker.
    """
    first_refusal: Decision | None = None
    for item in (own, *(index.item(ref) for ref in refs)):
        if item is None:
            continue
        decision = judge.decide(item, action)
        if decision.allowed:
            return decision
        first_refusal = first_refusal or decision
    if first_refusal is not None and action in (Action.READ, Action.PRINT):
        judge.note_refusal(first_refusal)
    return None


def _name(names: dict[uuid.UUID, str], key: uuid.UUID | None) -> str:
    return names.get(key, "") if key is not None else ""


def municipality_names(session: Session) -> dict[uuid.UUID, str]:
    return {key: name for key, name in session.execute(select(Municipality.id, Municipality.name))}


def staff_names(session: Session) -> dict[uuid.UUID, str]:
    return {key: name for key, name in session.execute(select(Staff.id, Staff.name))}


def changed_by_label(by: str, staff_name: str) -> str:
    """"NAV (Ola Rud)" or "The person (recorded by Ola Rud)"."""
    if by == ChangedBy.PERSON:
        return _("The person (recorded by {name})").format(name=staff_name)
    return _("NAV ({name})").format(name=staff_name)


def parse_by(value: object) -> ChangedBy | None:
    try:
        return ChangedBy(str(value))
    except ValueError:
        return None

