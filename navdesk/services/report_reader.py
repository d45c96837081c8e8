"""What the leader reports month, state, walk-ins and caseload read first: the office, the reader's access,
and the office's people as the reader may see them.

The office's people are those living in the municipalities it serves, archived ones included (a report
counts who ended in the period), and only those the reader may find (`visible_person_clause`, the same
policy as every list and count). Items about them (cases, plans, contacts, meetings) count only where the
reader may read the item (`readable_clause`), so no figure holds anything the reader could not open.

Stocks ("followed up", "held by a veileder") are counted on the report's *day*: the last day of the period,
or today while the period is still running. Flows ("new", "decided") are counted over the period.
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import CTE, ColumnElement, Select, String, and_, case, cast, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from navdesk.domain.access_types import DataKind
from navdesk.domain.codes import Side
from navdesk.domain.deadlines import NOT_RUNNING
from navdesk.domain.plans import ActivityStatus
from navdesk.i18n import _
from navdesk.reports.figures import Access, ReportHeading, month_label
from navdesk.services.access_facts import AccessContext, access_context, visible_person_clause
from navdesk.services.actor import Actor
from navdesk.services.caseload import absences_on, uncovered_absent
from navdesk.services.item_access import ItemColumns, consenting_people, readable_clause
from navdesk.services.report_types import KIND_TITLES, ReportScope
from navdesk.store.models import Activity, Person, PersonContact, ServiceCase, Staff
from navdesk.store.models.org import office_municipality

RUNNING_ACTIVITY = (ActivityStatus.PLANLAGT.value, ActivityStatus.GJENNOMFORES.value)


@dataclass
class ReportReader:
    session: Session
    ctx: AccessContext
    scope: ReportScope
    municipality_ids: tuple[uuid.UUID, ...]
    people: CTE  # id, residence_municipality_id, innsatsgruppe, owner_team_id, created_at, archived_at
    consenting: CTE
    _readable: dict[tuple[Any, DataKind], ColumnElement[bool]] = field(default_factory=dict)

    @property
    def p(self) -> Any:
        return self.people.c

    @property
    def day(self) -> date:
        """The day stocks are counted on: the period's last day, or today while the period runs."""
        return min(self.scope.made_at.date(), self.scope.period.end - timedelta(days=1))

    @property
    def day_end(self) -> datetime:
        """The first moment after `day`."""
        return datetime.combine(self.day + timedelta(days=1), time())

    @property
    def start(self) -> datetime:
        return datetime.combine(self.scope.period.start, time())

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.scope.period.end, time())

    @property
    def sees_people(self) -> bool:
        return self.ctx.reach.works_with_people

    @property
    def sees_state(self) -> bool:
        """State authorisation at this office: the state side of its people is open to the reader."""
        return self.sees_people and self.scope.office_id in self.ctx.reach.state_office_ids

    @property
    def sees_municipal(self) -> bool:
        """Municipal authorisation (directly or through a host agreement) in one of the office's municipalities."""
        return self.sees_people and bool(self.ctx.reach.municipality_ids & set(self.municipality_ids))

    @property
    def access(self) -> Access:
        return Access(self.sees_people, self.sees_state, self.sees_municipal)

    def followed_on_day(self) -> ColumnElement[bool]:
        """On the people CTE: registered by the end of the report's day and not archived by then."""
        return and_(self.p.created_at < self.day_end,
                    or_(self.p.archived_at.is_(None), self.p.archived_at >= self.day_end))

    def readable(self, model: Any, kind: DataKind, *, closed_area: bool = False) -> ColumnElement[bool]:
        """"The reader may read this row of `model`", for rows joined to the people CTE."""
        key = (model, kind)
        if key not in self._readable:
            columns = ItemColumns(model.person_id, self.p.residence_municipality_id, model.side,
                                  model.responsible_municipality_id, model.service_code,
                                  model.closed_area_id if closed_area else None)
            self._readable[key] = readable_clause(self.ctx.reach, columns, kind, consenting=self.consenting)
        return self._readable[key]


def report_heading(scope: ReportScope) -> ReportHeading:
    """The title, office and month of a monthly report, and who made it when."""
    return ReportHeading(title=_(KIND_TITLES[scope.kind]), office=scope.office_name,
                         period=month_label(scope.period.start), made_at=scope.made_at, made_by=scope.made_by)


def open_reader(session: Session, actor: Actor, scope: ReportScope) -> ReportReader:
    ctx = access_context(session, actor, now=scope.made_at)
    municipality_ids = tuple(session.scalars(
        select(office_municipality.c.municipality_id).where(office_municipality.c.office_id == scope.office_id)))
    people = (select(Person.id, Person.residence_municipality_id, Person.innsatsgruppe, Person.owner_team_id,
                     Person.created_at, Person.archived_at)
              .where(Person.residence_municipality_id.in_(municipality_ids), visible_person_clause(ctx.reach))
              .cte("report_people"))
    consenting = consenting_people(ctx.reach, people).cte("report_consenting")
    return ReportReader(session, ctx, scope, municipality_ids, people, consenting)


def month_starts(last: date, count: int) -> list[date]:
    """The first days of `count` months ending with the month of `last`, oldest first."""
    year, month = last.year, last.month
    result = []
    for _index in range(count):
        result.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return result[::-1]


def next_month(first: date) -> date:
    return date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)


# --- what several reports count ------------------------------------------------------------------------------


def case_in_period(reader: ReportReader) -> ColumnElement[bool]:
    """On `service_case`: the person had the service during the period — it began (or was applied for)
    before the period ended, and had not ended, been closed or been refused before the period began."""
    start, end = reader.scope.period.start, reader.scope.period.end
    begun = or_(ServiceCase.starts_on < end,
                and_(ServiceCase.starts_on.is_(None),
                     or_(ServiceCase.received_on < end,
                         and_(ServiceCase.received_on.is_(None), ServiceCase.created_at < reader.end))))
    refused_before = and_(ServiceCase.outcome.in_([o.value for o in NOT_RUNNING]), ServiceCase.decided_on < start)
    return and_(begun, or_(ServiceCase.ends_on.is_(None), ServiceCase.ends_on >= start),
                or_(ServiceCase.closed_at.is_(None), ServiceCase.closed_at >= reader.start), ~refused_before)


def has_item(reader: ReportReader, model: Any, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """On the people CTE: the person has a row of `model` meeting `conditions`. Asked person by person, the
    database walks only that person's rows on its `person_id` index and stops at the first that qualifies;
    a set of ids made from the whole table first would judge every matching row, the reader's access check
    included (on the 100k demo about a third of a second for a contact set, against a tenth)."""
    return exists().where(model.person_id == reader.p.id, *conditions)


def activity_plan_set(reader: ReportReader) -> ColumnElement[bool]:
    """The office's people with an activity plan in force on the report's day: an activity planned or under
    way (not a KVP activity) that had not ended before the period, as far as the reader may read it."""
    return has_item(reader, Activity, Activity.kvp_programme_id.is_(None), Activity.status.in_(RUNNING_ACTIVITY),
                    Activity.created_at < reader.day_end,
                    or_(Activity.from_date.is_(None), Activity.from_date <= reader.day),
                    or_(Activity.to_date.is_(None), Activity.to_date >= reader.scope.period.start),
                    reader.readable(Activity, DataKind.PLAN))


def contact_open_on_day(reader: ReportReader) -> ColumnElement[bool]:
    """On `person_contact`: the veileder held the person on the report's day."""
    return and_(PersonContact.starts <= reader.day, or_(PersonContact.ends.is_(None), PersonContact.ends > reader.day))


def gone_on_day(reader: ReportReader) -> frozenset[uuid.UUID]:
    """Staff who cannot hold anyone on the report's day: no longer active, or away with no deputy."""
    inactive = set(reader.session.scalars(select(Staff.id).where(Staff.active.is_(False))))
    return frozenset(inactive | uncovered_absent(absences_on(reader.session, reader.day)))


PersonSet = Select[Any] | ColumnElement[bool]


def count_where(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@dataclass(frozen=True)
class OfficePeople:
    """The office's people the reader may find, as sets of ids (kept as the database returns them: a report
    reads thousands of rows, and converting each id would cost more than the counting).

    Every report has the sets "followed" (on the report's day), "state" and "municipal" (a service on that
    side in the period, as far as the reader may read it) and "held" (an effective veileder on the day);
    each report adds its own. Counting is then set arithmetic: `len(people["followed"] - people["held"])`.
    """

    sets: dict[str, set[Hashable]]
    teams: dict[Hashable, Hashable]  # person -> owning team, for those a team owns
    contacts: dict[Hashable, tuple[uuid.UUID, ...]]  # person -> their veiledere on the report's day

    def __getitem__(self, name: str) -> set[Hashable]:
        return self.sets[name]

    @property
    def followed(self) -> set[Hashable]:
        return self.sets["followed"]


def raw(column: Any) -> Any:
    """A column read without converting its value (an id as the database stores it)."""
    return type_coerce(column, String())


def as_uuid(key: Hashable) -> uuid.UUID:
    return key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))


def office_people(reader: ReportReader, sets: Mapping[str, PersonSet] | None = None, *,
                  case_sets: Mapping[str, ColumnElement[bool]] | None = None, by_service: bool = False
                  ) -> OfficePeople:
    """Every person of the office the reader may find, with their veiledere on the report's day and the
    sets they belong to.

    A set is a condition on the people CTE or a subquery of person ids; they are all read in one statement,
    where the database makes each subquery's set once. Sets about cases — "state" and "municipal", each of
    `case_sets` (a condition on `service_case`) and, with `by_service`, "service_<code>" — come from one
    more pass over the cases of the period the reader may read. "held" (an effective veileder on the day)
    is worked out from the veiledere.
    """
    p = reader.p
    wanted: dict[str, PersonSet] = {"followed": reader.followed_on_day(), **(sets or {})}
    columns = [(p.id.in_(value) if isinstance(value, Select) else value).label(f"in_{index}")
               for index, value in enumerate(wanted.values())]
    veiledere = (select(func.aggregate_strings(cast(PersonContact.staff_id, String()), ","))
                 .where(PersonContact.person_id == p.id, contact_open_on_day(reader)).scalar_subquery())
    members: list[set[Hashable]] = [set() for _name in wanted]
    teams: dict[Hashable, Hashable] = {}
    contacts: dict[Hashable, tuple[uuid.UUID, ...]] = {}
    staff_ids: dict[str, uuid.UUID] = {}
    for key, team, joined, *flags in reader.session.execute(
            select(raw(p.id), raw(p.owner_team_id), veiledere, *columns).select_from(reader.people)):
        if team is not None:
            teams[key] = team
        if joined:
            contacts[key] = tuple(staff_ids.get(text) or staff_ids.setdefault(text, uuid.UUID(text))
                                  for text in joined.split(","))
        for index, flag in enumerate(flags):
            if flag:
                members[index].add(key)
    result = dict(zip(wanted, members, strict=True))
    gone = gone_on_day(reader)
    result["held"] = {key for key, staff in contacts.items() if any(member not in gone for member in staff)}
    result.update(_case_sets(reader, case_sets or {}, by_service=by_service))
    return OfficePeople(result, teams, contacts)


def _case_sets(reader: ReportReader, conditions: Mapping[str, ColumnElement[bool]], *, by_service: bool
               ) -> dict[str, set[Hashable]]:
    names = list(conditions)
    result: dict[str, set[Hashable]] = {"state": set(), "municipal": set(), **{name: set() for name in names}}
    sides = {Side.STATE.value: result["state"], Side.MUNICIPAL.value: result["municipal"]}
    statement = (select(raw(reader.p.id), ServiceCase.side, ServiceCase.service_code,
                        *(condition.label(f"case_{index}") for index, condition in enumerate(conditions.values())))
                 .select_from(reader.people).join(ServiceCase, ServiceCase.person_id == reader.p.id)
                 .where(case_in_period(reader), reader.readable(ServiceCase, DataKind.CASE, closed_area=True)))
    for key, side, code, *flags in reader.session.execute(statement):
        on_side = sides.get(side)
        if on_side is None:
            continue  # a closed area: neither side
        on_side.add(key)
        if by_service:
            result.setdefault(f"service_{code}", set()).add(key)
        for name, flag in zip(names, flags, strict=True):
            if flag:
                result[name].add(key)
    return result


@dataclass(frozen=True)
class Load:
    """How many of the office's people someone (or a team) holds, and of them with a state and a municipal
    service in the period and without an effective veileder."""

    key: uuid.UUID
    people: int
    state: int
    municipal: int
    unassigned: int = 0


def load_of(key: Hashable, held: set[Hashable], people: OfficePeople) -> Load:
    """The load of a group of people followed up on the day."""
    return Load(as_uuid(key), len(held), len(held & people["state"]), len(held & people["municipal"]),
                len(held - people["held"]))


def caseloads(people: OfficePeople) -> dict[uuid.UUID, set[Hashable]]:
    """Veileder -> the office's people (followed up on the report's day) they held as contact on the day."""
    result: dict[uuid.UUID, set[Hashable]] = {}
    followed = people.followed
    for person, staff in people.contacts.items():
        if person in followed:
            for member in staff:
                result.setdefault(member, set()).add(person)
    return result


def veileder_loads(people: OfficePeople) -> dict[uuid.UUID, Load]:
    return {staff: load_of(staff, held, people) for staff, held in caseloads(people).items()}


def team_loads(people: OfficePeople) -> dict[uuid.UUID, Load]:
    """Per owning team: the office's people it owned on the report's day, and how many had no effective
    veileder (the team's queue of ufordelte)."""
    owned: dict[Hashable, set[Hashable]] = {}
    followed = people.followed
    for person, team in people.teams.items():
        if person in followed:
            owned.setdefault(team, set()).add(person)
    return {as_uuid(team): load_of(team, group, people) for team, group in owned.items()}


def names(reader: ReportReader, model: Any, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    wanted = list(ids)
    if not wanted:
        return {}
    return {key: name for key, name in reader.session.execute(select(model.id, model.name).where(model.id.in_(wanted)))}
