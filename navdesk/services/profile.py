"""What the signed-in staff member is: roles, offices, teams and authorisations (the home page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from navdesk.domain.codes import Role, Side
from navdesk.services.actor import Actor, parse_roles
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Staff, Team


@dataclass(frozen=True)
class Authorisation:
    side: Side
    municipality: str  # "" for the state side
    service_code: str  # "" = all services


@dataclass(frozen=True)
class Profile:
    name: str
    login: str
    roles: frozenset[Role]
    employer: str  # "" = the state
    fte_percent: int
    leader_share_percent: int
    offices: tuple[str, ...]
    teams: tuple[str, ...]
    authorisations: tuple[Authorisation, ...]
    absent_today: bool


def my_profile(db: Database, actor: Actor, today: date | None = None) -> Profile:
    today = today or date.today()
    with db.session() as session:
        staff = session.scalars(
            select(Staff)
            .where(Staff.id == actor.staff_id)
            .options(selectinload(Staff.offices), selectinload(Staff.authorisations), selectinload(Staff.absences))
        ).one()
        names = {row.id: row.name for row in session.execute(select(Municipality.id, Municipality.name))}
        teams = session.scalars(
            select(Team.name).where(Team.members.any(Staff.id == actor.staff_id)).order_by(Team.name)
        )
        authorisations = tuple(
            sorted(
                (
                    Authorisation(Side(a.side), names.get(a.municipality_id, "") if a.municipality_id else "",
                                  a.service_code)
                    for a in staff.authorisations
                ),
                key=lambda a: (a.side.value, a.municipality, a.service_code),
            )
        )
        return Profile(
            name=staff.name,
            login=staff.login,
            roles=parse_roles(staff.roles),
            employer=names.get(staff.employer_municipality_id, "") if staff.employer_municipality_id else "",
            fte_percent=staff.fte_percent,
            leader_share_percent=staff.leader_share_percent,
            offices=tuple(sorted(o.name for o in staff.offices)),
            teams=tuple(teams),
            authorisations=authorisations,
            absent_today=any(a.starts <= today <= a.ends for a in staff.absences),
        )
