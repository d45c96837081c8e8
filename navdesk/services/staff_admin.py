"""Staff administration: who works here, as what, where, with which authorisations and absences.

Staff are never deleted (journal notes and the access log name them): they are deactivated.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from navdesk.domain import validators
from navdesk.domain.codes import Role, Side
from navdesk.domain.errors import Errors, NotFound
from navdesk.domain.org_rules import AbsenceEntry, AuthorisationEntry, staff_errors
from navdesk.i18n import _
from navdesk.services.actor import Actor, format_roles, parse_roles
from navdesk.services.org import (
    check_version,
    managed,
    mark_changed,
    missing_ids,
    pairs,
    service_choices,
)
from navdesk.services.passwords import hash_password
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, Staff, StaffAbsence, StaffAuthorisation

MANAGING_ROLES = frozenset({Role.ADMIN, Role.LEADER})


@dataclass(frozen=True)
class StaffDraft:
    login: str
    name: str
    email: str = ""
    employer_municipality_id: uuid.UUID | None = None  # None = the state (NAV stat)
    roles: frozenset[Role] = frozenset({Role.VEILEDER})
    fte_percent: int = 100
    leader_share_percent: int = 0
    specialist_areas: tuple[str, ...] = ()
    office_ids: tuple[uuid.UUID, ...] = ()
    authorisations: tuple[AuthorisationEntry, ...] = ()
    absences: tuple[AbsenceEntry, ...] = ()
    active: bool = True
    # An initial password when creating; on update, empty keeps the current one.
    new_password: str = field(default="", repr=False)
    new_password_repeated: str = field(default="", repr=False)


@dataclass(frozen=True)
class StaffRow:
    id: uuid.UUID
    login: str
    name: str
    employer: str  # "" = the state
    roles: frozenset[Role]
    fte_percent: int
    leader_share_percent: int
    offices: tuple[str, ...]  # office codes
    active: bool


@dataclass(frozen=True)
class StaffDetail:
    id: uuid.UUID
    version: int
    login: str
    name: str
    email: str
    employer_municipality_id: uuid.UUID | None
    roles: frozenset[Role]
    fte_percent: int
    leader_share_percent: int
    specialist_areas: tuple[str, ...]
    office_ids: tuple[uuid.UUID, ...]
    authorisations: tuple[AuthorisationEntry, ...]
    absences: tuple[AbsenceEntry, ...]
    active: bool
    must_change_password: bool
    has_password: bool


def _staff_query() -> Any:
    return select(Staff).options(
        selectinload(Staff.offices), selectinload(Staff.authorisations), selectinload(Staff.absences)
    )


def _load_staff(session: Session, staff_id: uuid.UUID) -> Staff:
    staff = session.scalars(_staff_query().where(Staff.id == staff_id)).one_or_none()
    if staff is None:
        raise NotFound(_("The record no longer exists; someone may have removed it."))
    return staff


def list_staff(db: Database, actor: Actor, *, include_inactive: bool = True) -> tuple[StaffRow, ...]:
    with managed(db, actor) as session:
        names = pairs(session, select(Municipality.id, Municipality.name))
        statement = _staff_query().order_by(Staff.name, Staff.login)
        if not include_inactive:
            statement = statement.where(Staff.active)
        return tuple(
            StaffRow(
                s.id,
                s.login,
                s.name,
                names.get(s.employer_municipality_id, "") if s.employer_municipality_id else "",
                parse_roles(s.roles),
                s.fte_percent,
                s.leader_share_percent,
                tuple(sorted(o.code for o in s.offices)),
                s.active,
            )
            for s in session.scalars(statement)
        )


def _authorisation_key(entry: AuthorisationEntry) -> tuple[str, str, str]:
    return entry.side.value, str(entry.municipality_id or ""), entry.service_code


def _detail(s: Staff) -> StaffDetail:
    return StaffDetail(
        id=s.id,
        version=s.version,
        login=s.login,
        name=s.name,
        email=s.email,
        employer_municipality_id=s.employer_municipality_id,
        roles=parse_roles(s.roles),
        fte_percent=s.fte_percent,
        leader_share_percent=s.leader_share_percent,
        specialist_areas=tuple(line for line in s.specialist_areas.splitlines() if line.strip()),
        office_ids=tuple(o.id for o in sorted(s.offices, key=lambda o: o.code)),
        authorisations=tuple(
            sorted(
                (
                    AuthorisationEntry(Side(a.side), a.municipality_id, a.service_code)
                    for a in s.authorisations
                ),
                key=_authorisation_key,
            )
        ),
        absences=tuple(AbsenceEntry(a.starts, a.ends, a.deputy_id, a.reason) for a in s.absences),
        active=s.active,
        must_change_password=s.must_change_password,
        has_password=bool(s.password_hash),
    )


def get_staff(db: Database, actor: Actor, staff_id: uuid.UUID) -> StaffDetail:
    with managed(db, actor) as session:
        return _detail(_load_staff(session, staff_id))


def _check(session: Session, actor: Actor, draft: StaffDraft, current: Staff | None) -> None:
    own_id = current.id if current is not None else None
    errors = Errors()
    login = draft.login.strip()
    if message := validators.login(login):
        errors.add("login", message)
    else:
        other = session.scalar(select(Staff).where(Staff.login == login))
        if other is not None and other.id != own_id:
            errors.add(
                "login", _("The user name {login} is taken by {name}.").format(login=login, name=other.name)
            )
    if message := validators.required(draft.name, 120):
        errors.add("name", message)
    if message := validators.email(draft.email):
        errors.add("email", message)
    if draft.employer_municipality_id is not None and missing_ids(
        session, Municipality, [draft.employer_municipality_id]
    ):
        errors.add("employer", _("The chosen municipality no longer exists; reload and try again."))
    _check_roles(actor, draft, current, errors)
    for area in draft.specialist_areas:
        if message := validators.required(area, 100):
            errors.add("specialist_areas", message)
    if missing_ids(session, Office, draft.office_ids):
        errors.add("offices", _("A chosen office no longer exists; reload and try again."))
    for name, message in staff_errors(
        staff_id=own_id,
        roles=draft.roles,
        fte_percent=draft.fte_percent,
        leader_share_percent=draft.leader_share_percent,
        authorisations=draft.authorisations,
        absences=draft.absences,
    ).items():
        errors.add(name, message)
    _check_references(session, draft, errors)
    _check_password(draft, current, errors)
    errors.raise_if_any()


def _check_roles(actor: Actor, draft: StaffDraft, current: Staff | None, errors: Errors) -> None:
    """Guard against privilege escalation and against managers locking themselves out."""
    before = parse_roles(current.roles) if current is not None else frozenset()
    if (Role.ADMIN in draft.roles) != (Role.ADMIN in before) and not actor.has(Role.ADMIN):
        errors.add("roles", _("Only an administrator can grant or remove the administrator role."))
    if current is not None and current.id == actor.staff_id:
        if not draft.roles & MANAGING_ROLES:
            errors.add("roles", _("You cannot remove your own leader or administrator role."))
        if not draft.active:
            errors.add("active", _("You cannot deactivate your own account."))


def _check_references(session: Session, draft: StaffDraft, errors: Errors) -> None:
    municipalities = [a.municipality_id for a in draft.authorisations if a.municipality_id is not None]
    if missing_ids(session, Municipality, municipalities):
        errors.add("authorisations", _("A chosen municipality no longer exists; reload and try again."))
    known = {s.code for s in service_choices(session)}
    unknown = sorted({a.service_code for a in draft.authorisations if a.service_code} - known)
    if unknown:
        errors.add("authorisations", _("Unknown service code: {code}.").format(code=unknown[0]))
    deputies = [a.deputy_id for a in draft.absences if a.deputy_id is not None]
    if missing_ids(session, Staff, deputies):
        errors.add("absences", _("A chosen deputy no longer exists; reload and try again."))


def _check_password(draft: StaffDraft, current: Staff | None, errors: Errors) -> None:
    if current is not None and not draft.new_password and not draft.new_password_repeated:
        return
    if message := validators.new_password(
        draft.new_password, draft.new_password_repeated, login_name=draft.login.strip()
    ):
        field_name = (
            "new_password_repeated" if draft.new_password != draft.new_password_repeated else "new_password"
        )
        if len(draft.new_password) < validators.MIN_PASSWORD_LENGTH:
            field_name = "new_password"
        errors.add(field_name, message)


def _apply(session: Session, staff: Staff, draft: StaffDraft) -> None:
    staff.login = draft.login.strip()
    staff.name = draft.name.strip()
    staff.email = draft.email.strip()
    staff.employer_municipality_id = draft.employer_municipality_id
    staff.roles = format_roles(draft.roles)
    staff.fte_percent = draft.fte_percent
    staff.leader_share_percent = draft.leader_share_percent
    staff.specialist_areas = "\n".join(area.strip() for area in draft.specialist_areas)
    staff.active = draft.active
    staff.offices = list(
        session.scalars(select(Office).where(Office.id.in_(draft.office_ids)).order_by(Office.code))
    )
    staff.authorisations = [
        StaffAuthorisation(side=a.side.value, municipality_id=a.municipality_id, service_code=a.service_code)
        for a in sorted(set(draft.authorisations), key=_authorisation_key)
    ]
    staff.absences = [
        StaffAbsence(starts=a.starts, ends=a.ends, deputy_id=a.deputy_id, reason=a.reason.strip())
        for a in sorted(draft.absences, key=lambda a: a.starts)
    ]
    if draft.new_password:
        # An administrator-set password is a temporary one: the owner must choose their own at next login.
        staff.password_hash = hash_password(draft.new_password)
        staff.must_change_password = True
        staff.failed_logins = 0
        staff.locked_until = None


def create_staff(db: Database, actor: Actor, draft: StaffDraft) -> StaffDetail:
    with managed(db, actor) as session:
        _check(session, actor, draft, None)
        staff = Staff(login="", name="")
        session.add(staff)
        _apply(session, staff, draft)
        session.flush()
        return _detail(staff)


def update_staff(
    db: Database, actor: Actor, staff_id: uuid.UUID, version: int, draft: StaffDraft
) -> StaffDetail:
    with managed(db, actor) as session:
        staff = _load_staff(session, staff_id)
        check_version(staff, version, _detail(staff), draft)
        _check(session, actor, draft, staff)
        _apply(session, staff, draft)
        mark_changed(staff, "name")
        session.flush()
        return _detail(staff)


def deactivate_staff(db: Database, actor: Actor, staff_id: uuid.UUID) -> StaffDetail:
    """The account can no longer log in; everything the person wrote keeps their name.

    No version check: deactivating twice, or after someone else's edit, ends the same way.
    """
    with managed(db, actor) as session:
        staff = _load_staff(session, staff_id)
        errors = Errors()
        if staff.id == actor.staff_id:
            errors.add("active", _("You cannot deactivate your own account."))
        errors.raise_if_any()
        staff.active = False
        session.flush()
        return _detail(staff)
