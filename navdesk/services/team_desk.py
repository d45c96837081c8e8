"""What the leader's side of the Team area picks from and shows: offices, an office's staff, teams,
municipalities and services (for the rule editor and "Move to…"), and who is away with whom covering.

Read-only helpers for leaders and administrators; the changes themselves go through `assignment`,
`absence_cover` and `handovers`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from navdesk.domain.codes import Role
from navdesk.domain.errors import Errors, NotFound
from navdesk.i18n import _
from navdesk.services import absence_cover
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.org import ServiceChoice, require_manager, service_choices
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, Person, PersonContact, Staff, StaffAbsence, Team
from navdesk.store.models.org import office_municipality, team_office
from navdesk.store.models.staff import staff_office


@dataclass(frozen=True)
class Pick:
    id: uuid.UUID
    label: str


@dataclass(frozen=True)
class OfficeSetup:
    office_id: uuid.UUID
    office: str
    staff: tuple[Pick, ...]  # active veiledere and leaders working at the office
    teams: tuple[Pick, ...]  # teams working at the office
    municipalities: tuple[Pick, ...]  # the municipalities the office serves
    services: tuple[ServiceChoice, ...]


@dataclass(frozen=True)
class AwayLine:
    staff_id: uuid.UUID
    name: str
    starts: date
    ends: date
    reason: str
    deputy: str  # "" when nobody covers
    people: int  # how many people the absent staff member holds


@dataclass(frozen=True)
class CaseloadLine:
    person_id: uuid.UUID
    name: str  # "Last, First"
    municipality: str


def offices(db: Database, actor: Actor) -> tuple[Pick, ...]:
    """Every office, the actor's own first (a leader mostly works with their own)."""
    require_manager(actor)
    with db.session() as session:
        own = set(session.scalars(select(staff_office.c.office_id).where(staff_office.c.staff_id == actor.staff_id)))
        rows = session.execute(select(Office.id, Office.code, Office.name).order_by(Office.code)).all()
    ordered = sorted(rows, key=lambda row: row[0] not in own)
    return tuple(Pick(office_id, f"{name} ({code})") for office_id, code, name in ordered)


def office_setup(db: Database, actor: Actor, office_id: uuid.UUID) -> OfficeSetup:
    require_manager(actor)
    with db.session() as session:
        office = session.get(Office, office_id)
        if office is None:
            raise NotFound(_("The office no longer exists."))
        staff = tuple(
            Pick(staff_id, name) for staff_id, name, roles in session.execute(
                select(Staff.id, Staff.name, Staff.roles).join(staff_office, staff_office.c.staff_id == Staff.id)
                .where(staff_office.c.office_id == office_id, Staff.active.is_(True)).order_by(Staff.name))
            if parse_roles(roles) & {Role.VEILEDER, Role.LEADER}
        )
        teams = tuple(Pick(*row) for row in session.execute(
            select(Team.id, Team.name).join(team_office, team_office.c.team_id == Team.id)
            .where(team_office.c.office_id == office_id).order_by(Team.name)))
        municipalities = tuple(Pick(*row) for row in session.execute(
            select(Municipality.id, Municipality.name)
            .join(office_municipality, office_municipality.c.municipality_id == Municipality.id)
            .where(office_municipality.c.office_id == office_id).order_by(Municipality.number)))
        return OfficeSetup(office_id, office.name, staff, teams, municipalities, service_choices(session))


def away(db: Database, actor: Actor, office_id: uuid.UUID, start: date, end: date) -> tuple[AwayLine, ...]:
    """The absences of the office's staff that overlap `start`–`end`, with their deputies."""
    require_manager(actor)
    errors = Errors()
    if end < start:
        errors.add("end", _("The period must end after it starts."))
    errors.raise_if_any()
    with db.session() as session:
        names = dict(session.execute(select(Staff.id, Staff.name)).all())
        rows = session.execute(
            select(StaffAbsence.staff_id, StaffAbsence.starts, StaffAbsence.ends, StaffAbsence.reason,
                   StaffAbsence.deputy_id)
            .join(staff_office, staff_office.c.staff_id == StaffAbsence.staff_id)
            .where(staff_office.c.office_id == office_id, StaffAbsence.starts <= end, StaffAbsence.ends >= start)
            .order_by(StaffAbsence.starts, StaffAbsence.staff_id)).all()
        absent = list({row[0] for row in rows})
        counts = dict(session.execute(
            select(PersonContact.staff_id, func.count()).where(PersonContact.staff_id.in_(absent),
                                                               PersonContact.ends.is_(None))
            .group_by(PersonContact.staff_id)).all())
    return tuple(
        AwayLine(staff_id, names.get(staff_id, ""), starts, ends, reason,
                 names.get(deputy_id, "") if deputy_id else "", counts.get(staff_id, 0))
        for staff_id, starts, ends, reason, deputy_id in rows
    )


def caseload(db: Database, actor: Actor, staff_id: uuid.UUID) -> tuple[CaseloadLine, ...]:
    """`absence_cover.caseload` with the names a leader picks from (only people the leader may find)."""
    person_ids = absence_cover.caseload(db, actor, staff_id)
    if not person_ids:
        return ()
    with db.session() as session:
        rows = {row[0]: row for row in session.execute(
            select(Person.id, Person.first_name, Person.last_name, Municipality.name)
            .join(Municipality, Municipality.id == Person.residence_municipality_id)
            .where(Person.id.in_(list(person_ids))))}
    return tuple(CaseloadLine(pid, f"{rows[pid][2]}, {rows[pid][1]}", rows[pid][3]) for pid in person_ids
                 if pid in rows)
