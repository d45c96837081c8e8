"""Filling the access policy's facts from the database, and its SQL twin for lists and search.

Every service that shows or touches a person's data builds one `AccessContext` per user action
(a handful of small queries) and asks `navdesk.domain.access` about each item. Lists, search and
counts over many people filter in SQL with `visible_person_clause`, which is `StaffReach.admits`
term for term (tests/services/test_access_facts.py proves they agree).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, exists, false, or_, select, tuple_
from sqlalchemy.orm import Session

from navdesk.domain import access
from navdesk.domain.access_types import (
    ALL_SERVICES,
    ConsentFacts,
    DataKind,
    Decision,
    HostAgreementFacts,
    ItemFacts,
    MunicipalAuthorisation,
    PersonFacts,
    StaffFacts,
)
from navdesk.domain.access_types import Action as AccessAction
from navdesk.domain.codes import Side
from navdesk.services.actor import Actor, parse_roles
from navdesk.store.models import (
    ClosedArea,
    ConflictOfInterest,
    Consent,
    EmergencyAccess,
    HostAgreement,
    HostAgreementCoverage,
    Person,
    ServiceCase,
    Staff,
    StaffAuthorisation,
)
from navdesk.store.models.cases import closed_area_staff
from navdesk.store.models.confidentiality import consent_municipality, consent_staff
from navdesk.store.models.org import office_municipality
from navdesk.store.models.staff import staff_office


@dataclass(frozen=True)
class AccessContext:
    """The asking staff member, the agreements and the day: everything a decision needs but the person."""

    actor: Actor
    staff: StaffFacts
    agreements: tuple[HostAgreementFacts, ...]
    on: date
    reach: access.StaffReach

    def decide(self, person: PersonFacts, item: ItemFacts, action: AccessAction) -> Decision:
        return access.decide(self.staff, person, item, action, on=self.on, agreements=self.agreements)

    def may_find(self, person: PersonFacts) -> bool:
        return access.may_find(self.staff, person, on=self.on, agreements=self.agreements)

    def visible_sides(self, person: PersonFacts) -> frozenset[Side]:
        return access.visible_sides(self.staff, person, on=self.on, agreements=self.agreements)


def access_context(session: Session, actor: Actor, *, now: datetime | None = None) -> AccessContext:
    now = now or datetime.now()
    staff = staff_facts(session, actor.staff_id, now=now)
    agreements = agreement_facts(session)
    on = now.date()
    return AccessContext(actor, staff, agreements, on, access.reach(staff, on=on, agreements=agreements))


_STAFF, _AUTHORISATION = Staff.__table__.c, StaffAuthorisation.__table__.c
_EMERGENCY = EmergencyAccess.__table__.c
# Built once: these run before every search and card, where building a statement costs as much as running it.
_STAFF_ROW = select(_STAFF.active, _STAFF.roles, _STAFF.employer_municipality_id).where(
    _STAFF.id == bindparam("staff_id"))
_STAFF_AUTHORISATIONS = select(_AUTHORISATION.side, _AUTHORISATION.municipality_id, _AUTHORISATION.service_code).where(
    _AUTHORISATION.staff_id == bindparam("staff_id"))
_STAFF_OFFICES = select(staff_office.c.office_id).where(staff_office.c.staff_id == bindparam("staff_id"))
_STAFF_CLOSED_AREAS = select(closed_area_staff.c.area_id).where(closed_area_staff.c.staff_id == bindparam("staff_id"))
_STAFF_EMERGENCIES = select(_EMERGENCY.person_id).where(_EMERGENCY.staff_id == bindparam("staff_id"),
                                                        _EMERGENCY.ends_at > bindparam("now"))


def staff_facts(session: Session, staff_id: uuid.UUID, *, now: datetime) -> StaffFacts:
    # Plain column queries on the connection: ORM objects (identity map, lazy loads) would cost more
    # than the queries themselves.
    connection = session.connection()
    ids = {"staff_id": staff_id}
    row = connection.execute(_STAFF_ROW, ids).first()
    if row is None or not row.active:
        return StaffFacts(staff_id=staff_id, roles=frozenset())
    authorisations = connection.execute(_STAFF_AUTHORISATIONS, ids).all()
    offices = frozenset(connection.scalars(_STAFF_OFFICES, ids))
    closed = frozenset(connection.scalars(_STAFF_CLOSED_AREAS, ids))
    emergency = frozenset(connection.scalars(_STAFF_EMERGENCIES, {"staff_id": staff_id, "now": now}))
    return StaffFacts(
        staff_id=staff_id,
        roles=parse_roles(row.roles),
        employer_municipality_id=row.employer_municipality_id,
        state_authorised=any(a.side == Side.STATE for a in authorisations),
        office_ids=offices,
        municipal=frozenset(
            MunicipalAuthorisation(a.municipality_id, a.service_code or ALL_SERVICES)
            for a in authorisations
            if a.side == Side.MUNICIPAL and a.municipality_id is not None
        ),
        named_closed_area_ids=closed,
        emergency_person_ids=emergency,
    )


def agreement_facts(session: Session) -> tuple[HostAgreementFacts, ...]:
    connection = session.connection()
    agreement, covered = HostAgreement.__table__.c, HostAgreementCoverage.__table__.c
    coverage: dict[uuid.UUID, set[tuple[uuid.UUID, str]]] = defaultdict(set)
    for agreement_id, member_id, code in connection.execute(
        select(covered.agreement_id, covered.member_municipality_id, covered.service_code)
    ):
        coverage[agreement_id].add((member_id, code))
    return tuple(
        HostAgreementFacts(
            agreement_id=a.id,
            host_municipality_id=a.host_municipality_id,
            valid_from=a.valid_from,
            valid_to=a.valid_to,
            coverage=frozenset(coverage[a.id]),
        )
        for a in connection.execute(
            select(agreement.id, agreement.host_municipality_id, agreement.valid_from, agreement.valid_to)
            .order_by(agreement.valid_from)
        )
    )


def offices_serving(session: Session) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
    """Municipality id -> the offices that serve it."""
    result: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for office_id, municipality_id in session.execute(
        select(office_municipality.c.office_id, office_municipality.c.municipality_id)
    ):
        result[municipality_id].add(office_id)
    return {key: frozenset(value) for key, value in result.items()}


def person_facts(session: Session, person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, PersonFacts]:
    """The facts of several people at once (a few queries, whatever their number)."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return {}
    serving = offices_serving(session)
    people = session.execute(
        select(Person.id, Person.residence_municipality_id, Person.protected_address).where(Person.id.in_(ids))
    ).all()
    conflicts: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for person_id, staff_id in session.execute(
        select(ConflictOfInterest.person_id, ConflictOfInterest.staff_id).where(
            ConflictOfInterest.person_id.in_(ids), ConflictOfInterest.ended_at.is_(None)
        )
    ):
        conflicts[person_id].add(staff_id)
    records: dict[uuid.UUID, set[tuple[uuid.UUID, str]]] = defaultdict(set)
    for person_id, municipality_id, code in session.execute(
        select(ServiceCase.person_id, ServiceCase.responsible_municipality_id, ServiceCase.service_code).where(
            ServiceCase.person_id.in_(ids), ServiceCase.side == Side.MUNICIPAL
        )
    ):
        if municipality_id is not None:
            records[person_id].add((municipality_id, code))
    areas: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for person_id, area_id in session.execute(
        select(ClosedArea.person_id, ClosedArea.id).where(ClosedArea.person_id.in_(ids))
    ):
        areas[person_id].add(area_id)
    consents = _consent_facts(session, ids)
    return {
        person_id: PersonFacts(
            person_id=person_id,
            residence_municipality_id=municipality_id,
            serving_office_ids=serving.get(municipality_id, frozenset()),
            protected_address=protected,
            conflicted_staff_ids=frozenset(conflicts[person_id]),
            consents=tuple(consents[person_id]),
            municipal_records=frozenset(records[person_id]),
            closed_area_ids=frozenset(areas[person_id]),
        )
        for person_id, municipality_id, protected in people
    }


def _split(text: str) -> list[str]:
    return [part for part in text.split(",") if part]


def _consent_facts(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[ConsentFacts]]:
    rows = session.scalars(select(Consent).where(Consent.person_id.in_(ids)).order_by(Consent.given_on)).all()
    if not rows:
        return defaultdict(list)
    consent_ids = [row.id for row in rows]
    to_staff: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for consent_id, staff_id in session.execute(
        select(consent_staff.c.consent_id, consent_staff.c.staff_id).where(consent_staff.c.consent_id.in_(consent_ids))
    ):
        to_staff[consent_id].add(staff_id)
    to_municipality: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for consent_id, municipality_id in session.execute(
        select(consent_municipality.c.consent_id, consent_municipality.c.municipality_id).where(
            consent_municipality.c.consent_id.in_(consent_ids)
        )
    ):
        to_municipality[consent_id].add(municipality_id)
    result: dict[uuid.UUID, list[ConsentFacts]] = defaultdict(list)
    for row in rows:
        result[row.person_id].append(
            ConsentFacts(
                consent_id=row.id,
                given_on=row.given_on,
                sides=frozenset(Side(s) for s in _split(row.sides)),
                valid_until=row.valid_until,
                withdrawn_on=row.withdrawn_on,
                to_staff_ids=frozenset(to_staff[row.id]),
                to_state=row.to_state,
                to_municipality_ids=frozenset(to_municipality[row.id]),
                service_codes=frozenset(_split(row.service_codes)),
                kinds=frozenset(DataKind(k) for k in _split(row.kinds)),
            )
        )
    return result


def visible_person_clause(reach: access.StaffReach, *, few: bool = False) -> ColumnElement[bool]:
    """SQL for `reach.admits(person)` on the `person` table: who may appear in lists, search and counts.

    `few`: the statement judges a bounded number of people (a search's matches, a page of rows). Consents
    are then looked up person by person through their index, instead of listing every consent in force
    for the reader once per statement, which costs the same for two people as for a hundred thousand.
    """
    if not reach.works_with_people:
        return false()
    person = Person.__table__.c
    state_municipalities = select(office_municipality.c.municipality_id).where(
        office_municipality.c.office_id.in_(reach.state_office_ids)
    )
    all_services = [m for m, code in reach.municipal_services if code == ALL_SERVICES]
    pairs = [(m, code) for m, code in reach.municipal_services if code != ALL_SERVICES]
    record_terms: list[ColumnElement[bool]] = []
    if all_services:
        record_terms.append(ServiceCase.responsible_municipality_id.in_(all_services))
    if pairs:
        record_terms.append(tuple_(ServiceCase.responsible_municipality_id, ServiceCase.service_code).in_(pairs))
    terms: list[ColumnElement[bool]] = []
    if reach.state_office_ids:
        terms.append(person.residence_municipality_id.in_(state_municipalities))
    if reach.municipality_ids:
        terms.append(person.residence_municipality_id.in_(reach.municipality_ids))
    if record_terms:
        terms.append(
            exists().where(
                ServiceCase.person_id == person.id, ServiceCase.side == Side.MUNICIPAL, or_(*record_terms)
            )
        )
    if reach.closed_area_ids:
        terms.append(exists().where(ClosedArea.person_id == person.id, ClosedArea.id.in_(reach.closed_area_ids)))
    if reach.emergency_person_ids:
        terms.append(person.id.in_(reach.emergency_person_ids))
    consented = _consented_people(reach, person.id if few else None)
    terms.append(exists(consented) if few else person.id.in_(consented))
    # The reader's conflicts of interest: an uncorrelated sub-select, run once per statement (a reader has few).
    conflicted = select(ConflictOfInterest.person_id).where(
        ConflictOfInterest.staff_id == reach.staff_id, ConflictOfInterest.ended_at.is_(None)
    )
    return and_(person.id.not_in(conflicted), or_(*terms))


def _consented_people(reach: access.StaffReach, person_id: ColumnElement[Any] | None = None) -> Select[Any]:
    """People whose consent in force names this staff member or one of their municipalities (only the
    person `person_id`, when given: a correlated sub-select).

    A consent to the state opens nothing more here: such a person lives where the staff member's
    offices serve, and the residence term already admits them.
    """
    on = reach.on
    parties: list[ColumnElement[bool]] = [
        exists().where(consent_staff.c.consent_id == Consent.id, consent_staff.c.staff_id == reach.staff_id)
    ]
    if reach.municipality_ids:
        parties.append(
            exists().where(
                consent_municipality.c.consent_id == Consent.id,
                consent_municipality.c.municipality_id.in_(reach.municipality_ids),
            )
        )
    statement = select(Consent.person_id).where(
        Consent.given_on <= on,
        or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on),
        or_(Consent.valid_until.is_(None), Consent.valid_until >= on),
        or_(*parties),
    )
    return statement if person_id is None else statement.where(Consent.person_id == person_id)
