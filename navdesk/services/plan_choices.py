"""What the plan forms let a veileder pick from: colleagues (coordinator, participants, members, measure
owners) and municipalities (where a new individual plan or KVP programme belongs).

The organisation set-up has its own, fuller choices for leaders and administrators; these hold no person
data, so any veileder or leader may read them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from navdesk.domain.codes import Role
from navdesk.services.actor import Actor, require
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Staff


@dataclass(frozen=True)
class PlanChoices:
    staff: tuple[tuple[uuid.UUID, str], ...]  # active staff with a caseworking role, by name: (id, "Name (login)")
    municipalities: tuple[tuple[uuid.UUID, str], ...]  # (id, name), by name


def plan_choices(db: Database, actor: Actor) -> PlanChoices:
    require(actor, Role.VEILEDER, Role.LEADER)
    with db.session() as session:
        staff = tuple(
            (staff_id, f"{name} ({login})")
            for staff_id, name, login, roles in session.execute(
                select(Staff.id, Staff.name, Staff.login, Staff.roles).where(Staff.active)
                .order_by(Staff.name, Staff.login))
            if {Role.VEILEDER.value, Role.LEADER.value} & set(roles.split(","))
        )
        municipalities = tuple(
            (municipality_id, name)
            for municipality_id, name in session.execute(
                select(Municipality.id, Municipality.name).order_by(Municipality.name))
        )
        return PlanChoices(staff, municipalities)
