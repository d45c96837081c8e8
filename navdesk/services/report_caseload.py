"""The caseload report (`navdesk report caseload`): who holds whom on the report's day, per veileder and team,
by side and service, with absences and ufordelte; computed under the reader's access (see `report_reader`),
laid out by `navdesk.reports.caseload_report`."""

from __future__ import annotations

import uuid
from collections.abc import Hashable

from sqlalchemy import or_, select

from navdesk.domain.codes import Role, Side
from navdesk.i18n import _
from navdesk.reports import caseload_report as pdf
from navdesk.reports.month_report import LoadRow
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.caseload import absences_on
from navdesk.services.report_reader import (
    OfficePeople,
    ReportReader,
    caseloads,
    load_of,
    names,
    office_people,
    open_reader,
    report_heading,
    team_loads,
)
from navdesk.services.report_types import ReportScope
from navdesk.store.engine import Database
from navdesk.store.models import Service, Staff, StaffAbsence, Team
from navdesk.store.models.staff import staff_office

SIDES = ((Side.STATE, "state"), (Side.MUNICIPAL, "municipal"))


def build(db: Database, actor: Actor, scope: ReportScope) -> bytes:
    with db.session() as session:
        reader = open_reader(session, actor, scope)
        report = caseload_report(reader)
    return pdf.render(report)


def caseload_report(reader: ReportReader) -> pdf.CaseloadReport:
    heading, access = report_heading(reader.scope), reader.access
    staff = office_staff(reader)
    if not reader.sees_people:
        return pdf.CaseloadReport(heading, reader.day, access, 0, 0, 0, (), (), (), absences(reader, staff, {}))
    columns = service_columns(reader)
    people = office_people(reader, by_service=True)
    held = caseloads(people)
    staff |= set(held)
    unassigned = people.followed - people["held"]
    return pdf.CaseloadReport(
        heading=heading, day=reader.day, access=access, followed=len(people.followed), unassigned=len(unassigned),
        unassigned_without_team=len(unassigned - set(people.teams)),
        veiledere=veileder_rows(reader, people, held, staff), teams=team_rows(reader, people),
        services=service_tables(reader, people, held, columns), absences=absences(reader, staff, held))


def office_staff(reader: ReportReader) -> set[uuid.UUID]:
    """The office's active veiledere (leaders who also work as veileder included)."""
    rows = reader.session.execute(
        select(Staff.id, Staff.roles).join(staff_office, staff_office.c.staff_id == Staff.id)
        .where(staff_office.c.office_id == reader.scope.office_id, Staff.active.is_(True)))
    return {staff_id for staff_id, roles in rows if Role.VEILEDER in parse_roles(roles)}


def veileder_rows(reader: ReportReader, people: OfficePeople, held: dict[uuid.UUID, set[Hashable]],
                  staff: set[uuid.UUID]) -> tuple[pdf.VeilederLoad, ...]:
    rows = {row.id: row for row in reader.session.scalars(select(Staff).where(Staff.id.in_(list(staff))))}
    away = absences_on(reader.session, reader.day)
    deputies = names(reader, Staff, {a.deputy_id for a in away.values() if a.deputy_id is not None})
    result = []
    for staff_id in staff:
        row = rows.get(staff_id)
        if row is None:
            continue
        load = load_of(staff_id, held.get(staff_id, set()), people)
        absence = away.get(staff_id)
        result.append(pdf.VeilederLoad(
            name=row.name, veileder_percent=round(row.fte_percent * (100 - row.leader_share_percent) / 100),
            people=load.people, state=load.state if reader.sees_state else None,
            municipal=load.municipal if reader.sees_municipal else None,
            away_until=absence.ends if absence else None,
            deputy=deputies.get(absence.deputy_id, "") if absence and absence.deputy_id else ""))
    return tuple(sorted(result, key=lambda item: (-item.people, item.name)))


def team_rows(reader: ReportReader, people: OfficePeople) -> tuple[LoadRow, ...]:
    loads = team_loads(people)
    named = names(reader, Team, loads)
    rows = [LoadRow(named.get(team_id, ""), load.people, load.state if reader.sees_state else None,
                    load.municipal if reader.sees_municipal else None, load.unassigned)
            for team_id, load in loads.items()]
    return tuple(sorted(rows, key=lambda row: (-row.people, row.name)))


def service_columns(reader: ReportReader) -> dict[Side, list[tuple[str, str]]]:
    """Per side the reader may see: the services of the office's municipal catalogues (code, name)."""
    shown = [side for side, _key in SIDES if (reader.sees_state if side is Side.STATE else reader.sees_municipal)]
    found: dict[Side, dict[str, str]] = {side: {} for side in shown}
    for code, name, side in reader.session.execute(
        select(Service.code, Service.name, Service.side)
        .where(Service.municipality_id.in_(reader.municipality_ids), Service.side.in_([s.value for s in shown]),
               or_(Service.valid_to.is_(None), Service.valid_to >= reader.scope.period.start),
               Service.valid_from < reader.scope.period.end)
        .order_by(Service.valid_from.desc())
    ):
        found[Side(side)].setdefault(code, name)
    return {side: sorted(codes.items(), key=lambda item: item[1]) for side, codes in found.items()}


def service_tables(reader: ReportReader, people: OfficePeople, held: dict[uuid.UUID, set[Hashable]],
                   columns: dict[Side, list[tuple[str, str]]]) -> tuple[pdf.ServiceTable, ...]:
    """Per side the reader may see: each service's people held by a veileder, and who holds them."""
    staff = names(reader, Staff, held)
    titles = {Side.STATE: _("State services"), Side.MUNICIPAL: _("Municipal services")}
    tables = []
    for side, services in columns.items():
        rows = []
        for code, name in services:
            having = people.sets.get(f"service_{code}", set())
            holders = sorted(((staff.get(key, ""), len(group & having)) for key, group in held.items()),
                             key=lambda item: (-item[1], item[0]))
            people_held = having & set().union(*held.values()) if held else set()
            if people_held:
                rows.append(pdf.ServiceLoad(name, len(people_held), tuple(item for item in holders if item[1])))
        if rows:
            tables.append(pdf.ServiceTable(titles[side], tuple(rows)))
    return tuple(tables)


def absences(reader: ReportReader, staff: set[uuid.UUID], held: dict[uuid.UUID, set[Hashable]]
             ) -> tuple[pdf.Absence, ...]:
    """Absences of the office's veiledere overlapping the period, with how many people each held."""
    rows = reader.session.execute(
        select(StaffAbsence.staff_id, StaffAbsence.starts, StaffAbsence.ends, StaffAbsence.deputy_id)
        .where(StaffAbsence.staff_id.in_(list(staff)), StaffAbsence.starts < reader.scope.period.end,
               StaffAbsence.ends >= reader.scope.period.start)
        .order_by(StaffAbsence.starts)).all()
    named = names(reader, Staff, {row.staff_id for row in rows} | {row.deputy_id for row in rows if row.deputy_id})
    return tuple(pdf.Absence(named.get(row.staff_id, ""), row.starts, row.ends,
                             named.get(row.deputy_id, "") if row.deputy_id else "",
                             len(held.get(row.staff_id, set()))) for row in rows)
