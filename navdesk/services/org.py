"""Organisation set-up: municipalities, offices, host agreements, the service catalogue and teams.

Every function is one user action for an administrator or a leader. Lists come back sorted by the
database; edits take the version the form loaded and refuse to overwrite someone else's save.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from navdesk.domain import validators
from navdesk.domain.catalogue import DEFAULT_SERVICES
from navdesk.domain.codes import Side, TeamType
from navdesk.domain.errors import Errors, NotAllowed, NotFound, ValidationFailed
from navdesk.domain.org_rules import (
    AgreementTerms,
    OfficeDayEntry,
    Opening,
    host_agreement_errors,
    office_days_error,
    opening_hours_error,
    periods_overlap,
)
from navdesk.i18n import _, format_date, ngettext
from navdesk.services import conflicts
from navdesk.services.actor import Actor
from navdesk.services.catalogue_prefill import prefill_catalogue
from navdesk.store.engine import Database
from navdesk.store.models import (
    HostAgreement,
    HostAgreementCoverage,
    Municipality,
    Office,
    OfficeDay,
    OfficeHours,
    Person,
    Service,
    Staff,
    StaffAuthorisation,
    Team,
)
from navdesk.store.models.org import office_municipality, team_municipality, team_office
from navdesk.store.models.staff import staff_office

Record = TypeVar("Record")
DEFAULT_ORDER = {service.code: index for index, service in enumerate(DEFAULT_SERVICES)}


# --- shared plumbing (also used by staff_admin) -------------------------------------------------------


def require_manager(actor: Actor) -> None:
    if not actor.can_manage_organisation:
        raise NotAllowed(_("Only an administrator or a leader can change the organisation set-up."))


def load(session: Session, model: type[Record], record_id: uuid.UUID) -> Record:
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(_("The record no longer exists; someone may have removed it."))
    return record


def check_version(record: Any, version: int, saved: Any = None, draft: Any = None) -> None:
    """`saved` (the record's detail now) and `draft` let the conflict message say what differs."""
    conflicts.check_version(record.version, version, saved=saved, draft=draft)


def mark_changed(record: Any, attribute: str) -> None:
    """Bump the version even when only child rows changed, so that concurrent edits still conflict."""
    flag_modified(record, attribute)


@contextmanager
def managed(db: Database, actor: Actor) -> Iterator[Session]:
    """One session for one action by a manager; a concurrent save surfaces as a Conflict."""
    require_manager(actor)
    try:
        with db.session() as session:
            yield session
    except StaleDataError:
        raise conflicts.stale() from None


def pairs(session: Session, statement: Any) -> dict[Any, Any]:
    """The first column of each row mapped to the second (ids to names, ids to counts)."""
    return {key: value for key, value in session.execute(statement)}


def missing_ids(session: Session, model: Any, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    found = set(session.scalars(select(model.id).where(model.id.in_(list(ids)))))
    return set(ids) - found


# --- choices for the forms ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityChoice:
    id: uuid.UUID
    number: str
    name: str


@dataclass(frozen=True)
class Choice:
    id: uuid.UUID
    label: str


@dataclass(frozen=True)
class ServiceChoice:
    code: str
    name: str
    side: Side


@dataclass(frozen=True)
class Choices:
    """What the set-up forms let the user pick from, each sorted for display."""

    municipalities: tuple[MunicipalityChoice, ...]
    offices: tuple[Choice, ...]
    staff: tuple[Choice, ...]  # active staff only
    services: tuple[ServiceChoice, ...]  # every code in any catalogue, plus the defaults


def choices(db: Database, actor: Actor) -> Choices:
    with managed(db, actor) as session:
        municipalities = tuple(
            MunicipalityChoice(*row)
            for row in session.execute(
                select(Municipality.id, Municipality.number, Municipality.name).order_by(Municipality.number)
            )
        )
        offices = tuple(
            Choice(office_id, f"{code} — {name}")
            for office_id, code, name in session.execute(
                select(Office.id, Office.code, Office.name).order_by(Office.code)
            )
        )
        staff = tuple(
            Choice(staff_id, f"{name} ({login})")
            for staff_id, name, login in session.execute(
                select(Staff.id, Staff.name, Staff.login)
                .where(Staff.active)
                .order_by(Staff.name, Staff.login)
            )
        )
        return Choices(municipalities, offices, staff, service_choices(session))


def service_choices(session: Session) -> tuple[ServiceChoice, ...]:
    found: dict[str, ServiceChoice] = {
        s.code: ServiceChoice(s.code, s.name, s.side) for s in DEFAULT_SERVICES
    }
    # The newest entry of a code names it: a municipality may have renamed the service.
    for code, name, side in session.execute(
        select(Service.code, Service.name, Service.side).order_by(Service.code, Service.valid_from)
    ):
        found[code] = ServiceChoice(code, name, Side(side))
    return tuple(
        sorted(found.values(), key=lambda s: (DEFAULT_ORDER.get(s.code, len(DEFAULT_ORDER)), s.code))
    )


# --- municipalities -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityDraft:
    number: str
    name: str


@dataclass(frozen=True)
class MunicipalityRow:
    id: uuid.UUID
    number: str
    name: str
    offices: tuple[str, ...]  # codes of the offices serving it
    services: int  # catalogue entries valid today


@dataclass(frozen=True)
class MunicipalityDetail:
    id: uuid.UUID
    version: int
    number: str
    name: str


def list_municipalities(db: Database, actor: Actor, today: date | None = None) -> tuple[MunicipalityRow, ...]:
    today = today or date.today()
    with managed(db, actor) as session:
        offices: dict[uuid.UUID, list[str]] = {}
        for municipality_id, code in session.execute(
            select(office_municipality.c.municipality_id, Office.code)
            .join(Office, Office.id == office_municipality.c.office_id)
            .order_by(Office.code)
        ):
            offices.setdefault(municipality_id, []).append(code)
        counts = pairs(
            session,
            select(Service.municipality_id, func.count())
            .where(Service.valid_from <= today, or_(Service.valid_to.is_(None), Service.valid_to >= today))
            .group_by(Service.municipality_id),
        )
        return tuple(
            MunicipalityRow(m.id, m.number, m.name, tuple(offices.get(m.id, ())), counts.get(m.id, 0))
            for m in session.scalars(select(Municipality).order_by(Municipality.number))
        )


def _municipality_detail(m: Municipality) -> MunicipalityDetail:
    return MunicipalityDetail(m.id, m.version, m.number, m.name)


def get_municipality(db: Database, actor: Actor, municipality_id: uuid.UUID) -> MunicipalityDetail:
    with managed(db, actor) as session:
        return _municipality_detail(load(session, Municipality, municipality_id))


def _check_municipality(session: Session, draft: MunicipalityDraft, own_id: uuid.UUID | None) -> None:
    errors = Errors()
    if message := validators.municipality_number(draft.number):
        errors.add("number", message)
    else:
        other = session.scalar(select(Municipality).where(Municipality.number == draft.number.strip()))
        if other is not None and other.id != own_id:
            errors.add(
                "number",
                _("{number} is already registered as {name}.").format(number=other.number, name=other.name),
            )
    if message := validators.required(draft.name, 100):
        errors.add("name", message)
    errors.raise_if_any()


def create_municipality(
    db: Database, actor: Actor, draft: MunicipalityDraft, today: date | None = None
) -> MunicipalityDetail:
    """A new municipality starts with the default catalogue: the municipal minimum and the state services."""
    today = today or date.today()
    with managed(db, actor) as session:
        _check_municipality(session, draft, None)
        municipality = Municipality(number=draft.number.strip(), name=draft.name.strip())
        session.add(municipality)
        session.flush()
        prefill_catalogue(session, municipality.id, today)
        return _municipality_detail(municipality)


def update_municipality(
    db: Database, actor: Actor, municipality_id: uuid.UUID, version: int, draft: MunicipalityDraft
) -> MunicipalityDetail:
    with managed(db, actor) as session:
        municipality = load(session, Municipality, municipality_id)
        check_version(municipality, version, _municipality_detail(municipality), draft)
        _check_municipality(session, draft, municipality_id)
        municipality.number = draft.number.strip()
        municipality.name = draft.name.strip()
        session.flush()
        return _municipality_detail(municipality)


def delete_municipality(db: Database, actor: Actor, municipality_id: uuid.UUID) -> None:
    """Only a municipality nothing refers to can go; its own catalogue goes with it."""
    with managed(db, actor) as session:
        municipality = load(session, Municipality, municipality_id)
        uses = _municipality_uses(session, municipality_id)
        if uses:
            raise ValidationFailed(
                {
                    "delete": _("{name} cannot be deleted because it is in use: {uses}.").format(
                        name=municipality.name, uses="; ".join(uses)
                    )
                }
            )
        for service in session.scalars(select(Service).where(Service.municipality_id == municipality_id)):
            session.delete(service)
        session.flush()
        session.delete(municipality)


def _count(session: Session, statement: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(statement.subquery())) or 0)


def _municipality_uses(session: Session, municipality_id: uuid.UUID) -> list[str]:
    counts = (
        (
            _count(
                session,
                select(office_municipality).where(office_municipality.c.municipality_id == municipality_id),
            )
            + _count(session, select(OfficeDay.id).where(OfficeDay.municipality_id == municipality_id)),
            lambda n: ngettext("served by {count} office", "served by {count} offices", n),
        ),
        (
            _count(
                session, select(HostAgreement.id).where(HostAgreement.host_municipality_id == municipality_id)
            )
            + _count(
                session,
                select(HostAgreementCoverage.agreement_id)
                .distinct()
                .where(HostAgreementCoverage.member_municipality_id == municipality_id),
            ),
            lambda n: ngettext("part of {count} host agreement", "part of {count} host agreements", n),
        ),
        (
            _count(session, select(Staff.id).where(Staff.employer_municipality_id == municipality_id))
            + _count(
                session,
                select(StaffAuthorisation.staff_id)
                .distinct()
                .where(StaffAuthorisation.municipality_id == municipality_id),
            ),
            lambda n: ngettext(
                "employer of or authorisation for {count} staff member",
                "employer of or authorisations for {count} staff members",
                n,
            ),
        ),
        (
            _count(
                session,
                select(team_municipality).where(team_municipality.c.municipality_id == municipality_id),
            ),
            lambda n: ngettext("covered by {count} team", "covered by {count} teams", n),
        ),
        (
            _count(session, select(Person.id).where(Person.residence_municipality_id == municipality_id)),
            lambda n: ngettext(
                "home of {count} person followed up", "home of {count} persons followed up", n
            ),
        ),
    )
    return [text(n).format(count=n) for n, text in counts if n]


# --- offices ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeDraft:
    code: str
    name: str
    address: str
    municipality_ids: tuple[uuid.UUID, ...]
    hours: tuple[Opening, ...] = ()
    days_elsewhere: tuple[OfficeDayEntry, ...] = ()


@dataclass(frozen=True)
class OfficeRow:
    id: uuid.UUID
    code: str
    name: str
    address: str
    municipalities: tuple[str, ...]
    hours: tuple[Opening, ...]
    days_elsewhere: int


@dataclass(frozen=True)
class OfficeDetail:
    id: uuid.UUID
    version: int
    code: str
    name: str
    address: str
    municipality_ids: tuple[uuid.UUID, ...]
    hours: tuple[Opening, ...]
    days_elsewhere: tuple[OfficeDayEntry, ...]


def _office_query() -> Any:
    return select(Office).options(
        selectinload(Office.municipalities), selectinload(Office.hours), selectinload(Office.days_elsewhere)
    )


def list_offices(db: Database, actor: Actor) -> tuple[OfficeRow, ...]:
    with managed(db, actor) as session:
        return tuple(
            OfficeRow(
                o.id,
                o.code,
                o.name,
                o.address,
                tuple(m.name for m in sorted(o.municipalities, key=lambda m: m.number)),
                tuple(Opening(h.weekday, h.opens, h.closes) for h in o.hours),
                len(o.days_elsewhere),
            )
            for o in session.scalars(_office_query().order_by(Office.code))
        )


def _office_detail(o: Office) -> OfficeDetail:
    return OfficeDetail(
        o.id,
        o.version,
        o.code,
        o.name,
        o.address,
        tuple(m.id for m in sorted(o.municipalities, key=lambda m: m.number)),
        tuple(Opening(h.weekday, h.opens, h.closes) for h in o.hours),
        tuple(
            OfficeDayEntry(d.municipality_id, d.weekday, d.opens, d.closes, d.location)
            for d in o.days_elsewhere
        ),
    )


def get_office(db: Database, actor: Actor, office_id: uuid.UUID) -> OfficeDetail:
    with managed(db, actor) as session:
        office = session.scalars(_office_query().where(Office.id == office_id)).one_or_none()
        if office is None:
            raise NotFound(_("The record no longer exists; someone may have removed it."))
        return _office_detail(office)


def _check_office(session: Session, draft: OfficeDraft, own_id: uuid.UUID | None) -> None:
    errors = Errors()
    if message := validators.office_code(draft.code):
        errors.add("code", message)
    else:
        other = session.scalar(select(Office).where(Office.code == draft.code.strip()))
        if other is not None and other.id != own_id:
            errors.add(
                "code",
                _("The code {code} is already used by {name}.").format(code=other.code, name=other.name),
            )
    if message := validators.required(draft.name, 100):
        errors.add("name", message)
    if message := validators.optional(draft.address, 200):
        errors.add("address", message)
    if not draft.municipality_ids:
        errors.add("municipalities", _("Tick at least one municipality the office serves."))
    elif missing_ids(session, Municipality, draft.municipality_ids):
        errors.add("municipalities", _("A chosen municipality no longer exists; reload and try again."))
    if message := opening_hours_error(draft.hours):
        errors.add("hours", message)
    if message := office_days_error(draft.days_elsewhere):
        errors.add("days_elsewhere", message)
    elif missing_ids(
        session, Municipality, [d.municipality_id for d in draft.days_elsewhere if d.municipality_id]
    ):
        errors.add("days_elsewhere", _("A chosen municipality no longer exists; reload and try again."))
    errors.raise_if_any()


def _apply_office(session: Session, office: Office, draft: OfficeDraft) -> None:
    office.code = draft.code.strip()
    office.name = draft.name.strip()
    office.address = draft.address.strip()
    office.municipalities = [load(session, Municipality, m) for m in dict.fromkeys(draft.municipality_ids)]
    office.hours = [OfficeHours(weekday=h.weekday, opens=h.opens, closes=h.closes) for h in draft.hours]
    office.days_elsewhere = [
        OfficeDay(
            municipality_id=d.municipality_id,
            weekday=d.weekday,
            opens=d.opens,
            closes=d.closes,
            location=d.location.strip(),
        )
        for d in draft.days_elsewhere
    ]


def create_office(db: Database, actor: Actor, draft: OfficeDraft) -> OfficeDetail:
    with managed(db, actor) as session:
        _check_office(session, draft, None)
        office = Office(code="", name="")
        session.add(office)
        _apply_office(session, office, draft)
        session.flush()
        return _office_detail(office)


def update_office(
    db: Database, actor: Actor, office_id: uuid.UUID, version: int, draft: OfficeDraft
) -> OfficeDetail:
    with managed(db, actor) as session:
        office = session.scalars(_office_query().where(Office.id == office_id)).one_or_none()
        if office is None:
            raise NotFound(_("The record no longer exists; someone may have removed it."))
        check_version(office, version, _office_detail(office), draft)
        _check_office(session, draft, office_id)
        _apply_office(session, office, draft)
        mark_changed(office, "name")
        session.flush()
        return _office_detail(office)


def delete_office(db: Database, actor: Actor, office_id: uuid.UUID) -> None:
    """An office that staff serve or a team covers stays: remove those links first."""
    with managed(db, actor) as session:
        office = load(session, Office, office_id)
        uses = []
        staff = _count(session, select(staff_office).where(staff_office.c.office_id == office_id))
        if staff:
            uses.append(
                ngettext("{count} staff member serves it", "{count} staff members serve it", staff).format(
                    count=staff
                )
            )
        teams = _count(session, select(team_office).where(team_office.c.office_id == office_id))
        if teams:
            uses.append(
                ngettext("{count} team covers it", "{count} teams cover it", teams).format(count=teams)
            )
        if uses:
            raise ValidationFailed(
                {
                    "delete": _("{name} cannot be deleted because it is in use: {uses}.").format(
                        name=office.name, uses="; ".join(uses)
                    )
                }
            )
        session.delete(office)


# --- host agreements ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HostAgreementDraft:
    name: str
    host_id: uuid.UUID | None
    valid_from: date
    valid_to: date | None
    coverage: frozenset[tuple[uuid.UUID, str]]  # (member municipality, service code)


@dataclass(frozen=True)
class HostAgreementRow:
    id: uuid.UUID
    name: str
    host: str
    members: tuple[str, ...]
    service_codes: tuple[str, ...]
    service_names: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    partial: bool  # not every member takes part in every covered service

    def is_valid_on(self, day: date) -> bool:
        return periods_overlap(self.valid_from, self.valid_to, day, day)


@dataclass(frozen=True)
class HostAgreementDetail:
    id: uuid.UUID
    version: int
    name: str
    host_id: uuid.UUID
    valid_from: date
    valid_to: date | None
    coverage: frozenset[tuple[uuid.UUID, str]]


def _agreements(session: Session) -> list[HostAgreement]:
    return list(session.scalars(select(HostAgreement).options(selectinload(HostAgreement.coverage))))


def _terms(a: HostAgreement) -> AgreementTerms:
    return AgreementTerms(
        a.id,
        a.name,
        a.host_municipality_id,
        a.valid_from,
        a.valid_to,
        frozenset((c.member_municipality_id, c.service_code) for c in a.coverage),
    )


def _service_order(code: str) -> tuple[int, str]:
    return DEFAULT_ORDER.get(code, len(DEFAULT_ORDER)), code


def list_host_agreements(db: Database, actor: Actor) -> tuple[HostAgreementRow, ...]:
    with managed(db, actor) as session:
        municipalities = {m.id: m for m in session.scalars(select(Municipality))}
        service_names = {s.code: s.name for s in service_choices(session)}
        rows = []
        for a in _agreements(session):
            members = sorted(
                {c.member_municipality_id for c in a.coverage}, key=lambda m: municipalities[m].number
            )
            codes = sorted({c.service_code for c in a.coverage}, key=_service_order)
            rows.append(
                HostAgreementRow(
                    a.id,
                    a.name,
                    municipalities[a.host_municipality_id].name,
                    tuple(municipalities[m].name for m in members),
                    tuple(codes),
                    tuple(service_names.get(code, code) for code in codes),
                    a.valid_from,
                    a.valid_to,
                    partial=len(a.coverage) < len(members) * len(codes),
                )
            )
        return tuple(sorted(rows, key=lambda r: (r.host, r.valid_from, r.name)))


def _agreement_detail(a: HostAgreement) -> HostAgreementDetail:
    terms = _terms(a)
    return HostAgreementDetail(
        a.id, a.version, a.name, a.host_municipality_id, a.valid_from, a.valid_to, terms.coverage
    )


def get_host_agreement(db: Database, actor: Actor, agreement_id: uuid.UUID) -> HostAgreementDetail:
    with managed(db, actor) as session:
        return _agreement_detail(load(session, HostAgreement, agreement_id))


def _check_agreement(session: Session, draft: HostAgreementDraft, own_id: uuid.UUID | None) -> None:
    names = pairs(session, select(Municipality.id, Municipality.name))
    terms = AgreementTerms(
        own_id, draft.name, draft.host_id, draft.valid_from, draft.valid_to, draft.coverage
    )
    services = {s.code: s.name for s in service_choices(session) if s.side is not Side.STATE}
    errors = host_agreement_errors(terms, [_terms(a) for a in _agreements(session)], names, services)
    if "host" not in errors and draft.host_id not in names:
        errors["host"] = _("The chosen municipality no longer exists; reload and try again.")
    if "coverage" not in errors and terms.member_ids - set(names):
        errors["coverage"] = _("A chosen municipality no longer exists; reload and try again.")
    if errors:
        raise ValidationFailed(errors)


def _apply_agreement(agreement: HostAgreement, draft: HostAgreementDraft) -> None:
    assert draft.host_id is not None  # checked before
    agreement.name = draft.name.strip()
    agreement.host_municipality_id = draft.host_id
    agreement.valid_from = draft.valid_from
    agreement.valid_to = draft.valid_to
    existing = {(c.member_municipality_id, c.service_code): c for c in agreement.coverage}
    agreement.coverage = [
        existing.get(pair) or HostAgreementCoverage(member_municipality_id=pair[0], service_code=pair[1])
        for pair in sorted(draft.coverage, key=lambda p: (str(p[0]), p[1]))
    ]


def create_host_agreement(db: Database, actor: Actor, draft: HostAgreementDraft) -> HostAgreementDetail:
    with managed(db, actor) as session:
        _check_agreement(session, draft, None)
        agreement = HostAgreement()
        session.add(agreement)
        _apply_agreement(agreement, draft)
        session.flush()
        return _agreement_detail(agreement)


def update_host_agreement(
    db: Database, actor: Actor, agreement_id: uuid.UUID, version: int, draft: HostAgreementDraft
) -> HostAgreementDetail:
    """Also how an agreement ends: give it a last day. Agreements stay, since access decisions cite them."""
    with managed(db, actor) as session:
        agreement = load(session, HostAgreement, agreement_id)
        check_version(agreement, version, _agreement_detail(agreement), draft)
        _check_agreement(session, draft, agreement_id)
        _apply_agreement(agreement, draft)
        mark_changed(agreement, "name")
        session.flush()
        return _agreement_detail(agreement)


# --- service catalogue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceDraft:
    municipality_id: uuid.UUID | None
    code: str
    name: str
    side: Side
    legal_basis: str
    is_minimum: bool
    processing_days: int | None
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True)
class ServiceRow:
    id: uuid.UUID
    municipality_id: uuid.UUID
    municipality: str
    code: str
    name: str
    side: Side
    legal_basis: str
    is_minimum: bool
    processing_days: int | None
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class ServiceDetail:
    id: uuid.UUID
    version: int
    municipality_id: uuid.UUID
    code: str
    name: str
    side: Side
    legal_basis: str
    is_minimum: bool
    processing_days: int | None
    valid_from: date
    valid_to: date | None


SIDE_ORDER = {Side.MUNICIPAL.value: 0, Side.CLOSED.value: 1, Side.STATE.value: 2}


def list_services(
    db: Database, actor: Actor, municipality_id: uuid.UUID | None = None
) -> tuple[ServiceRow, ...]:
    """One municipality's catalogue (or all): municipal services first, then by code and date."""
    with managed(db, actor) as session:
        statement = select(Service, Municipality.name, Municipality.number).join(
            Municipality, Municipality.id == Service.municipality_id
        )
        if municipality_id is not None:
            statement = statement.where(Service.municipality_id == municipality_id)
        rows = [
            (
                number,
                ServiceRow(
                    s.id,
                    s.municipality_id,
                    name,
                    s.code,
                    s.name,
                    Side(s.side),
                    s.legal_basis,
                    s.is_minimum,
                    s.processing_days,
                    s.valid_from,
                    s.valid_to,
                ),
            )
            for s, name, number in session.execute(statement)
        ]
        rows.sort(
            key=lambda pair: (
                pair[0],
                SIDE_ORDER.get(pair[1].side.value, 3),
                _service_order(pair[1].code),
                pair[1].valid_from,
            )
        )
        return tuple(row for _number, row in rows)


def _service_detail(s: Service) -> ServiceDetail:
    return ServiceDetail(
        s.id,
        s.version,
        s.municipality_id,
        s.code,
        s.name,
        Side(s.side),
        s.legal_basis,
        s.is_minimum,
        s.processing_days,
        s.valid_from,
        s.valid_to,
    )


def get_service(db: Database, actor: Actor, service_id: uuid.UUID) -> ServiceDetail:
    with managed(db, actor) as session:
        return _service_detail(load(session, Service, service_id))


def _check_service(session: Session, draft: ServiceDraft, current: Service | None) -> None:
    errors = Errors()
    if draft.municipality_id is None or session.get(Municipality, draft.municipality_id) is None:
        errors.add("municipality", _("Choose the municipality whose catalogue this belongs to."))
    elif current is not None and draft.municipality_id != current.municipality_id:
        errors.add("municipality", _("An entry cannot move to another municipality; add it there instead."))
    code = draft.code.strip()
    if message := validators.service_code(code):
        errors.add("code", message)
    elif current is not None and code != current.code:
        errors.add("code", _("The code cannot be changed: give this entry a last day and add a new one."))
    if message := validators.required(draft.name, 150):
        errors.add("name", message)
    if message := validators.optional(draft.legal_basis, 150):
        errors.add("legal_basis", message)
    if draft.is_minimum and draft.side is not Side.MUNICIPAL:
        errors.add("is_minimum", _("Only municipal services belong to the municipal minimum."))
    if draft.processing_days is not None and (
        message := validators.whole_number(draft.processing_days, 1, 365)
    ):
        errors.add("processing_days", message)
    if message := validators.date_range(draft.valid_from, draft.valid_to):
        errors.add("valid_to", message)
    if not errors:
        _check_service_period(session, draft, current, errors)
    errors.raise_if_any()


def _check_service_period(
    session: Session, draft: ServiceDraft, current: Service | None, errors: Errors
) -> None:
    """One code has one entry at a time in a municipality: a changed service is a new dated entry."""
    code = draft.code.strip()
    for other in session.scalars(
        select(Service).where(Service.municipality_id == draft.municipality_id, Service.code == code)
    ):
        if current is not None and other.id == current.id:
            continue
        if other.valid_from == draft.valid_from:
            errors.add(
                "valid_from",
                _("{code} already has an entry from {start}.").format(
                    code=code, start=format_date(other.valid_from)
                ),
            )
        elif periods_overlap(draft.valid_from, draft.valid_to, other.valid_from, other.valid_to):
            period = format_date(other.valid_from) + " – " + format_date(other.valid_to)
            errors.add(
                "valid_from",
                _("{code} already has an entry for {period}; give that entry a last day first.").format(
                    code=code, period=period
                ),
            )


def _apply_service(service: Service, draft: ServiceDraft) -> None:
    assert draft.municipality_id is not None  # checked before
    service.municipality_id = draft.municipality_id
    service.code = draft.code.strip()
    service.name = draft.name.strip()
    service.side = draft.side.value
    service.legal_basis = draft.legal_basis.strip()
    service.is_minimum = draft.is_minimum
    service.processing_days = draft.processing_days
    service.valid_from = draft.valid_from
    service.valid_to = draft.valid_to


def create_service(db: Database, actor: Actor, draft: ServiceDraft) -> ServiceDetail:
    with managed(db, actor) as session:
        _check_service(session, draft, None)
        service = Service()
        _apply_service(service, draft)
        session.add(service)
        session.flush()
        return _service_detail(service)


def update_service(
    db: Database, actor: Actor, service_id: uuid.UUID, version: int, draft: ServiceDraft
) -> ServiceDetail:
    """Also how a service ends: give it a last day (cases keep referring to it)."""
    with managed(db, actor) as session:
        service = load(session, Service, service_id)
        check_version(service, version, _service_detail(service), draft)
        _check_service(session, draft, service)
        _apply_service(service, draft)
        session.flush()
        return _service_detail(service)


# --- teams --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamDraft:
    name: str
    team_type: TeamType
    office_ids: tuple[uuid.UUID, ...]
    municipality_ids: tuple[uuid.UUID, ...]
    member_ids: tuple[uuid.UUID, ...]
    lead_id: uuid.UUID | None = None


@dataclass(frozen=True)
class TeamRow:
    id: uuid.UUID
    name: str
    team_type: TeamType
    lead: str
    members: tuple[str, ...]
    offices: tuple[str, ...]
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class TeamDetail:
    id: uuid.UUID
    version: int
    name: str
    team_type: TeamType
    office_ids: tuple[uuid.UUID, ...]
    municipality_ids: tuple[uuid.UUID, ...]
    member_ids: tuple[uuid.UUID, ...]
    lead_id: uuid.UUID | None


def _team_query() -> Any:
    return select(Team).options(
        selectinload(Team.offices), selectinload(Team.municipalities), selectinload(Team.members)
    )


def list_teams(db: Database, actor: Actor) -> tuple[TeamRow, ...]:
    with managed(db, actor) as session:
        names = pairs(session, select(Staff.id, Staff.name))
        return tuple(
            TeamRow(
                t.id,
                t.name,
                TeamType(t.team_type),
                names.get(t.lead_id, "") if t.lead_id else "",
                tuple(sorted(s.name for s in t.members)),
                tuple(sorted(o.code for o in t.offices)),
                tuple(m.name for m in sorted(t.municipalities, key=lambda m: m.number)),
            )
            for t in session.scalars(_team_query().order_by(Team.name))
        )


def _team_detail(t: Team) -> TeamDetail:
    return TeamDetail(
        t.id,
        t.version,
        t.name,
        TeamType(t.team_type),
        tuple(o.id for o in sorted(t.offices, key=lambda o: o.code)),
        tuple(m.id for m in sorted(t.municipalities, key=lambda m: m.number)),
        tuple(s.id for s in sorted(t.members, key=lambda s: s.name)),
        t.lead_id,
    )


def get_team(db: Database, actor: Actor, team_id: uuid.UUID) -> TeamDetail:
    with managed(db, actor) as session:
        team = session.scalars(_team_query().where(Team.id == team_id)).one_or_none()
        if team is None:
            raise NotFound(_("The record no longer exists; someone may have removed it."))
        return _team_detail(team)


def _check_team(session: Session, draft: TeamDraft, own_id: uuid.UUID | None) -> None:
    errors = Errors()
    if message := validators.required(draft.name, 100):
        errors.add("name", message)
    else:
        other = session.scalar(select(Team.id).where(Team.name == draft.name.strip()))
        if other is not None and other != own_id:
            errors.add("name", _("There is already a team called {name}.").format(name=draft.name.strip()))
    if not draft.office_ids and not draft.municipality_ids:
        errors.add("offices", _("Tick at least one office or municipality the team covers."))
    elif missing_ids(session, Office, draft.office_ids) or missing_ids(
        session, Municipality, draft.municipality_ids
    ):
        errors.add("offices", _("A chosen office or municipality no longer exists; reload and try again."))
    if missing_ids(session, Staff, draft.member_ids):
        errors.add("members", _("A chosen staff member no longer exists; reload and try again."))
    if draft.lead_id is not None and draft.lead_id not in draft.member_ids:
        errors.add("lead", _("The team lead must be one of the members."))
    errors.raise_if_any()


def _apply_team(session: Session, team: Team, draft: TeamDraft) -> None:
    team.name = draft.name.strip()
    team.team_type = draft.team_type.value
    team.offices = [load(session, Office, i) for i in dict.fromkeys(draft.office_ids)]
    team.municipalities = [load(session, Municipality, i) for i in dict.fromkeys(draft.municipality_ids)]
    team.members = [load(session, Staff, i) for i in dict.fromkeys(draft.member_ids)]
    team.lead_id = draft.lead_id


def create_team(db: Database, actor: Actor, draft: TeamDraft) -> TeamDetail:
    with managed(db, actor) as session:
        _check_team(session, draft, None)
        team = Team()
        session.add(team)
        _apply_team(session, team, draft)
        session.flush()
        return _team_detail(team)


def update_team(db: Database, actor: Actor, team_id: uuid.UUID, version: int, draft: TeamDraft) -> TeamDetail:
    with managed(db, actor) as session:
        team = session.scalars(_team_query().where(Team.id == team_id)).one_or_none()
        if team is None:
            raise NotFound(_("The record no longer exists; someone may have removed it."))
        check_version(team, version, _team_detail(team), draft)
        _check_team(session, draft, team_id)
        _apply_team(session, team, draft)
        mark_changed(team, "name")
        session.flush()
        return _team_detail(team)
