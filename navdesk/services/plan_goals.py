"""Reading a person's goals and measures inside a plan service's session, judged item by item.

Shared by every plan view (the activity plan, individual plans, KVP) so that one goal, entered once,
reads the same wherever it is linked.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Action
from navdesk.domain.codes import Side
from navdesk.domain.plans import ChangedBy
from navdesk.services.plan_access import (
    PlanIndex,
    PlanJudge,
    changed_by_label,
    link_refs,
    linked_decision,
    row_item,
    staff_names,
)
from navdesk.services.plan_types import GoalView, MeasureView, PlanRef
from navdesk.store.models import ExternalPartner, Goal, Measure, PartnerContact


def contact_labels(session: Session, contact_ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """Contact id -> (name with title, partner name)."""
    if not contact_ids:
        return {}
    rows = session.execute(
        select(PartnerContact.id, PartnerContact.name, PartnerContact.title, ExternalPartner.name)
        .join(ExternalPartner, ExternalPartner.id == PartnerContact.partner_id)
        .where(PartnerContact.id.in_(contact_ids))
    )
    return {cid: (f"{name} ({title})" if title else name, partner) for cid, name, title, partner in rows}


class GoalReader:
    """The person's goals and measures as one reader may see them."""

    def __init__(self, session: Session, judge: PlanJudge, person_id: uuid.UUID, today: date,
                 index: PlanIndex | None = None, *, action: Action = Action.READ) -> None:
        """`action` is what the reader does with what is shown: READ on screen, PRINT on paper."""
        self.session = session
        self.action = action
        self.judge = judge
        self.person_id = person_id
        self.today = today
        self.index = index or PlanIndex.load(session, person_id)
        self.goal_links, self.measure_links = link_refs(session, person_id)
        self.staff = staff_names(session)
        self._goals = {goal.id: goal for goal in session.scalars(
            select(Goal).where(Goal.person_id == person_id, Goal.archived_at.is_(None)).order_by(Goal.created_at))}
        self._readable: dict[uuid.UUID, bool] = {}

    # Goals ----------------------------------------------------------------------------------------

    def may_read_goal(self, goal_id: uuid.UUID | None) -> bool:
        if goal_id is None or goal_id not in self._goals:
            return False
        if goal_id not in self._readable:
            goal = self._goals[goal_id]
            decision = linked_decision(self.judge, row_item(goal), self.goal_links.get(goal_id, ()), self.index,
                                       self.action)
            self._readable[goal_id] = decision is not None
        return self._readable[goal_id]

    def goal_text(self, goal_id: uuid.UUID | None) -> str:
        return self._goals[goal_id].text if goal_id is not None and self.may_read_goal(goal_id) else ""

    def goal_view(self, goal: Goal) -> GoalView:
        refs = self.goal_links.get(goal.id, [])
        can_change = linked_decision(self.judge, row_item(goal), refs, self.index, Action.CHANGE) is not None
        return GoalView(
            goal_id=goal.id,
            version=goal.version,
            text=goal.text,
            side=Side(goal.side),
            plans=tuple(self.index.place(ref) for ref in refs if self.judge.may(self.index.item(ref), self.action)),
            changed_at=goal.changed_at,
            changed_by=ChangedBy(goal.changed_by),
            changed_by_label=changed_by_label(goal.changed_by, self.staff.get(goal.changed_by_id, "")),
            can_change=can_change,
        )

    def goals(self, plan: PlanRef | None = None) -> tuple[GoalView, ...]:
        """The readable goals, all of them or those linked into `plan`."""
        return tuple(self.goal_view(goal) for goal in self._goals.values()
                     if (plan is None or plan in self.goal_links.get(goal.id, ())) and self.may_read_goal(goal.id))

    def goal_count(self) -> int:
        return sum(1 for goal_id in self._goals if self.may_read_goal(goal_id))

    # Measures -------------------------------------------------------------------------------------

    def measure_rows(self, plan: PlanRef | None = None) -> list[Measure]:
        rows = self.session.scalars(
            select(Measure).where(Measure.person_id == self.person_id, Measure.archived_at.is_(None))
            .order_by(Measure.deadline.is_(None), Measure.deadline, Measure.created_at))
        return [row for row in rows if plan is None or plan in self.measure_links.get(row.id, ())]

    def measures(self, plan: PlanRef | None = None) -> tuple[MeasureView, ...]:
        rows = self.measure_rows(plan)
        contacts = contact_labels(self.session, {row.owner_contact_id for row in rows if row.owner_contact_id})
        views = []
        for row in rows:
            refs = self.measure_links.get(row.id, [])
            if linked_decision(self.judge, row_item(row), refs, self.index, self.action) is None:
                continue
            views.append(self._measure_view(row, refs, contacts))
        return tuple(views)

    def _measure_view(self, row: Measure, refs: list[PlanRef],
                      contacts: dict[uuid.UUID, tuple[str, str]]) -> MeasureView:
        return MeasureView(
            measure_id=row.id,
            version=row.version,
            description=row.description,
            scope=row.scope,
            owner=measure_owner(row, self.staff, contacts),
            owner_staff_id=row.owner_staff_id,
            owner_contact_id=row.owner_contact_id,
            deadline=row.deadline,
            carried_out=row.carried_out,
            done_on=row.done_on,
            overdue=row.done_on is None and row.deadline is not None and row.deadline < self.today,
            goal_id=row.goal_id,
            goal_text=self.goal_text(row.goal_id),
            side=Side(row.side),
            plans=tuple(self.index.place(ref) for ref in refs if self.judge.may(self.index.item(ref), self.action)),
            can_change=linked_decision(self.judge, row_item(row), refs, self.index, Action.CHANGE) is not None,
        )


def measure_owner(row: Measure, staff: dict[uuid.UUID, str], contacts: dict[uuid.UUID, tuple[str, str]]) -> str:
    """Who is responsible, as shown: the named staff member or partner contact, else the words typed."""
    if row.owner_staff_id is not None and row.owner_staff_id in staff:
        return staff[row.owner_staff_id]
    if row.owner_contact_id is not None and row.owner_contact_id in contacts:
        name, partner = contacts[row.owner_contact_id]
        return f"{name}, {partner}"
    return row.owner


def touch(row: Goal | Measure, actor_id: uuid.UUID, now: datetime) -> None:
    row.changed_at = now
    row.changed_by_id = actor_id
