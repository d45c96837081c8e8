"""The worklist's SQL: the view's people, each ready-made filter, and the sort orders.

One request builds a `Scope`: the reader's access context and today's rules, and `people` — a CTE of
the view's people the reader may find (`visible_person_clause`), read once per statement. Every
item-based filter is a subquery over the item table *joined to that CTE*, so it touches only the
view's items, and it keeps only items the reader may read (`item_access.readable_clause`, using the
CTE's residence municipality); so a count always equals what the reader can open.

`navdesk.services.worklist` is the public face (the filters' names, counts, ids and rows).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import CTE, ColumnElement, and_, false, func, or_, select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from navdesk.domain.access_types import DataKind
from navdesk.domain.codes import Role
from navdesk.domain.deadlines import (
    DeadlineRules,
    RuleBook,
)
from navdesk.domain.errors import NotAllowed
from navdesk.i18n import _
from navdesk.services.access_facts import AccessContext, access_context, visible_person_clause
from navdesk.services.actor import Actor
from navdesk.services.caseload import AbsenceToday, absences_on, covered_by
from navdesk.services.deadline_rules import rule_book
from navdesk.services.item_access import (
    Expr,
    ItemColumns,
    consenting_people,
    readable_clause,
)
from navdesk.store.models import (
    Handover,
    Municipality,
    Office,
    Person,
    PersonContact,
    ServiceCase,
    Team,
)
from navdesk.store.models.org import office_municipality, team_member, team_office
from navdesk.store.models.staff import staff_office

NEW_FOR_ME_DAYS = 30
INNSATS_SERVICE = "oppfolging_14a"
T = TypeVar("T", bound=Hashable)
ResidenceTerm = Callable[[Expr], ColumnElement[bool]]


class View(StrEnum):
    MINE = "mine"
    TEAM = "team"
    OFFICE = "office"


class Filter(StrEnum):
    ALL = "all"
    # NAV's own portefølje
    UNASSIGNED = "ufordelte"
    NEW_FOR_ME = "nye_for_meg"
    NEEDS_14A = "trenger_14a"
    MEETINGS_TODAY = "moter_i_dag"
    EXPIRED_ACTIVITIES = "utlopte_aktiviteter"
    IN_AGREED_ACTIVITY = "i_avtalt_aktivitet"
    NOT_IN_AGREED_ACTIVITY = "ikke_i_avtalt_aktivitet"
    WAITING_FOR_ANSWER = "venter_pa_svar"
    # deadlines, mostly municipal
    OVER_PROCESSING_DEADLINE = "over_behandlingsfrist"
    INTERIM_REPLY_DUE = "forelopig_svar"
    COMPLAINT_DEADLINE = "klagefrist"
    COMPLAINTS_TO_HANDLE = "klager"
    KVP_ENDING = "kvp_slutter"
    IP_REVISION_DUE = "ip_revisjon"
    NO_CONTACT = "ingen_kontakt"
    SICK_LEAVE = "sykefravaer"
    AAP_ENDING = "aap_slutter"
    # the reader's own
    REMINDERS = "huskelapp"
    COVERING = "vikar"


class SortKey(StrEnum):
    NAME = "name"
    FNR = "fnr"
    BIRTH_DATE = "birth_date"
    MUNICIPALITY = "municipality"
    VEILEDER = "veileder"
    TEAM = "team"
    INNSATSGRUPPE = "innsatsgruppe"
    NEXT_DEADLINE = "next_deadline"
    LAST_CONTACT = "last_contact"
    REGISTERED = "registered"


@dataclass
class Scope:
    """Everything one worklist request needs, built once: access, rules, absences and the view's people."""

    session: Session
    ctx: AccessContext
    now: datetime
    absences: dict[uuid.UUID, AbsenceToday]
    view: View
    people: CTE
    consenting: CTE
    population: tuple[ColumnElement[bool], ...]  # the people CTE's conditions on `person`
    scope_id: uuid.UUID | None = None
    _rules: dict[tuple[uuid.UUID | None, str], DeadlineRules] = field(default_factory=dict)
    _readable: dict[tuple[Any, DataKind], ColumnElement[bool]] = field(default_factory=dict)
    # Read when a filter first needs them: a plain list in name order needs neither.
    _book: RuleBook | None = None
    _municipalities: list[uuid.UUID] | None = None

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def book(self) -> RuleBook:
        if self._book is None:
            self._book = rule_book(self.session, self.today)
        return self._book

    @property
    def municipalities(self) -> list[uuid.UUID]:
        if self._municipalities is None:
            self._municipalities = list(self.session.scalars(select(Municipality.id)))
        return self._municipalities

    def first_screen_population(self) -> tuple[ColumnElement[bool], ...]:
        """`population` for a first screen walking a sort index (see `_view_clause(unindexed=True)`)."""
        if self.session.get_bind().dialect.name != "sqlite":
            return self.population
        view = _view_clause(self.session, self.ctx.actor, self.view, self.scope_id, self.absences, unindexed=True)
        return (view, *self.population[1:])

    @property
    def me(self) -> uuid.UUID:
        return self.ctx.actor.staff_id

    @property
    def covering(self) -> frozenset[uuid.UUID]:
        return covered_by(self.absences, self.me)

    @property
    def reminder_staff(self) -> frozenset[uuid.UUID]:
        return self.covering | {self.me}

    @property
    def p(self) -> Any:
        """The columns of the view's people: id, residence, innsatsgruppe, owner team, registered."""
        return self.people.c

    def rules(self, municipality_id: uuid.UUID | None, service_code: str) -> DeadlineRules:
        key = (municipality_id, service_code)
        if key not in self._rules:
            self._rules[key] = self.book.rules(municipality_id, service_code)
        return self._rules[key]

    def readable(self, model: Any, kind: DataKind, *, closed_area: bool = False) -> ColumnElement[bool]:
        """"The reader may read this row of `model`", for rows joined to `people`; built once per request."""
        key = (model, kind)
        if key not in self._readable:
            columns = ItemColumns(model.person_id, self.p.residence_municipality_id, model.side,
                                  model.responsible_municipality_id, model.service_code,
                                  model.closed_area_id if closed_area else None)
            self._readable[key] = readable_clause(self.ctx.reach, columns, kind, consenting=self.consenting)
        return self._readable[key]


def require_worker(actor: Actor) -> None:
    if not actor.has(Role.VEILEDER, Role.LEADER):
        raise NotAllowed(_("Only veiledere and leaders have a worklist."))


def my_teams(session: Session, staff_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    return [(row[0], row[1]) for row in session.execute(
        select(Team.id, Team.name).where(or_(
            Team.lead_id == staff_id,
            Team.id.in_(select(team_member.c.team_id).where(team_member.c.staff_id == staff_id)),
        )).order_by(Team.name))]


def my_offices(session: Session, staff_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    return [(row[0], row[1]) for row in session.execute(
        select(Office.id, Office.name).join(staff_office, staff_office.c.office_id == Office.id)
        .where(staff_office.c.staff_id == staff_id).order_by(Office.name))]


def open_handover() -> ColumnElement[bool]:
    return and_(Handover.answered_at.is_(None), Handover.withdrawn_at.is_(None))


def _unindexed(column: Any) -> Any:
    """SQLite's unary plus: the same value, but the planner may not use the column's index for it."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def _view_clause(session: Session, actor: Actor, view: View, scope_id: uuid.UUID | None,
                 absences: dict[uuid.UUID, AbsenceToday], *, unindexed: bool = False) -> ColumnElement[bool]:
    """Who the view holds, as SQL on `person` (before access and archiving are applied).

    `unindexed` keeps SQLite from collecting the view through the residence and team indexes, for a
    first screen that should walk the sort order's index instead and stop early.
    """
    me = actor.staff_id
    residence = _unindexed(Person.residence_municipality_id) if unindexed else Person.residence_municipality_id
    owner_team = _unindexed(Person.owner_team_id) if unindexed else Person.owner_team_id
    if view is View.MINE:
        holders = {me} | covered_by(absences, me)
        return or_(
            Person.id.in_(select(PersonContact.person_id).where(PersonContact.staff_id.in_(holders),
                                                                PersonContact.ends.is_(None))),
            Person.id.in_(select(Handover.person_id).where(Handover.receiver_id == me, open_handover())),
        )
    if view is View.TEAM:
        teams = [team_id for team_id, _name in my_teams(session, me)]
        if scope_id is not None:
            if scope_id not in teams and not actor.has(Role.LEADER):
                raise NotAllowed(_("You can open the worklist of your own teams only."))
            teams = [scope_id]
        if not teams:
            return false()
        members = select(team_member.c.staff_id).where(team_member.c.team_id.in_(teams))
        return or_(owner_team.in_(teams), Person.id.in_(
            select(PersonContact.person_id).where(PersonContact.staff_id.in_(members), PersonContact.ends.is_(None))))
    if not actor.has(Role.LEADER):
        raise NotAllowed(_("Only leaders can open the office's worklist."))
    offices = [office_id for office_id, _name in my_offices(session, me)]
    if scope_id is not None:
        if scope_id not in offices:
            raise NotAllowed(_("You can open the worklist of your own offices only."))
        offices = [scope_id]
    if not offices:
        return false()
    return or_(
        residence.in_(
            select(office_municipality.c.municipality_id).where(office_municipality.c.office_id.in_(offices))),
        owner_team.in_(select(team_office.c.team_id).where(team_office.c.office_id.in_(offices))),
    )


def build_scope(session: Session, actor: Actor, view: View, scope_id: uuid.UUID | None, now: datetime) -> Scope:
    require_worker(actor)
    ctx = access_context(session, actor, now=now)
    absences = absences_on(session, now.date())
    population = (_view_clause(session, actor, view, scope_id, absences), visible_person_clause(ctx.reach),
                  Person.archived_at.is_(None))
    people = select(Person.id, Person.residence_municipality_id, Person.innsatsgruppe, Person.owner_team_id,
                    Person.created_at).where(*population).cte("worklist_people")
    consenting = consenting_people(ctx.reach, people).cte("worklist_consenting")
    return Scope(session=session, ctx=ctx, now=now, absences=absences, view=view, people=people,
                 consenting=consenting, population=population, scope_id=scope_id)


# --- the offices' own rules in SQL -------------------------------------------------------------------------


def by_rules(scope: Scope, municipality: Expr, services: Sequence[str], service: Expr | None,
              value_of: Callable[[DeadlineRules], T], term: Callable[[T], ColumnElement[bool]]) -> ColumnElement[bool]:
    """`term` with each office's own rule value: one condition per distinct value, on the municipalities
    (and services) that have it. Usually every office keeps the default, and it is one condition."""
    groups: dict[T, list[tuple[uuid.UUID, str]]] = {}
    for municipality_id in scope.municipalities:
        for code in services:
            groups.setdefault(value_of(scope.rules(municipality_id, code)), []).append((municipality_id, code))
    if len(groups) <= 1:
        value = next(iter(groups)) if groups else value_of(scope.rules(None, services[0]))
        return term(value)
    terms = []
    for value, pairs in groups.items():
        if service is None or len(services) == 1:
            where = municipality.in_(sorted({m for m, _code in pairs}))
        else:
            where = tuple_(municipality, service).in_(pairs)
        terms.append(and_(where, term(value)))
    return or_(*terms)


def window(column: Expr, today: date, warning: int, grace: int) -> ColumnElement[bool]:
    return column.between(today - timedelta(days=grace), today + timedelta(days=warning))


def case_municipality(residence: Expr) -> Expr:
    return func.coalesce(ServiceCase.responsible_municipality_id, residence)


