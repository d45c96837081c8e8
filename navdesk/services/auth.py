"""Signing in: passwords, lockout after repeated failures, the idle lock, demo logins, first-start set-up.

Login bookkeeping (failure counter, lock, last login) is written with plain UPDATEs that leave the
record's version alone: signing in is not an edit, and must not make an administrator's open staff
form stale.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from navdesk.domain import validators
from navdesk.domain.codes import Role
from navdesk.domain.errors import Errors, NotAllowed, UserError, ValidationFailed
from navdesk.i18n import N_, _, format_datetime
from navdesk.services import settings
from navdesk.services.actor import Actor, format_roles, parse_roles, require
from navdesk.services.catalogue_prefill import prefill_catalogue
from navdesk.services.passwords import hash_password, needs_rehash, verify_password
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, Staff

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
DEMO_PASSWORD = "demo"
IDLE_LOCK_RANGE = (1, 240)

# The demo logins of DESIGN §5, in the order the login screen lists them.
_DEMO_LOGINS: tuple[tuple[str, str], ...] = (
    ("leder", N_("Office leader at Gol, employed by the state")),
    ("stat", N_("Veileder employed by the state, Gol office")),
    ("kommune", N_("Veileder employed by Gol; municipal services for Gol and Hemsedal")),
    ("gjeld", N_("Debt counsellor in the cross-municipal team")),
    ("admin", N_("Administrator, no access to person data")),
)

_dummy_hash: str | None = None


class LoginRefused(UserError):
    """Wrong user name or password, a locked account or a deactivated one."""


@dataclass(frozen=True)
class SignedIn(Actor):
    """The actor after a successful login; the GUI forces a password change when asked to."""

    must_change_password: bool = False


@dataclass(frozen=True)
class DemoLogin:
    login: str
    description: str


@dataclass(frozen=True)
class MunicipalityEntry:
    number: str
    name: str


@dataclass(frozen=True)
class FirstStartForm:
    office_code: str
    office_name: str
    municipalities: tuple[MunicipalityEntry, ...]
    login: str
    name: str
    password: str
    repeated: str


def authenticate(db: Database, login: str, password: str, *, now: datetime | None = None) -> SignedIn:
    """The staff member for `login`, or LoginRefused. Failures are counted (and committed) even so."""
    now = now or datetime.now()
    actor: SignedIn | None = None
    with db.session() as session:
        staff = session.scalars(select(Staff).where(Staff.login == login.strip().lower())).one_or_none()
        if staff is None:
            # Spend the same time as for a real account, so that timing does not reveal which logins exist.
            verify_password(_dummy(), password)
            refusal: str | None = _wrong_login()
        else:
            refusal = _check_password(session, staff, password, now, wrong=_wrong_login())
            if refusal is None and not staff.active:
                refusal = _deactivated()
            if refusal is None:
                _signed_in(session, staff, password, now)
                actor = SignedIn(
                    staff_id=staff.id,
                    login=staff.login,
                    name=staff.name,
                    roles=parse_roles(staff.roles),
                    employer_municipality_id=staff.employer_municipality_id,
                    must_change_password=staff.must_change_password,
                )
    if actor is None:
        raise LoginRefused(refusal or _wrong_login())
    return actor


def unlock(db: Database, actor: Actor, password: str, *, now: datetime | None = None) -> None:
    """Open the idle lock with the signed-in member's password; failures count towards the lockout."""
    now = now or datetime.now()
    with db.session() as session:
        staff = session.get(Staff, actor.staff_id)
        if staff is None or not staff.active:
            refusal: str | None = _deactivated()
        else:
            refusal = _check_password(session, staff, password, now, wrong=_("Wrong password."))
            if refusal is None:
                _set(session, staff.id, failed_logins=0, locked_until=None)
    if refusal is not None:
        raise LoginRefused(refusal)


def change_password(
    db: Database, actor: Actor, old: str, new: str, repeated: str, *, now: datetime | None = None
) -> Actor:
    """Change the member's own password. Field errors: old, new, repeated. A wrong old one counts as a failure."""
    now = now or datetime.now()
    errors = Errors()
    with db.session() as session:
        staff = session.get(Staff, actor.staff_id)
        if staff is None or not staff.active:
            raise LoginRefused(_deactivated())
        wrong_old = _check_password(session, staff, old, now, wrong=_("The current password is wrong."))
        if wrong_old is not None:
            errors.add("old", wrong_old)
        _check_new_password(errors, new, repeated, staff.login, new_field="new", repeat_field="repeated")
        if wrong_old is None and new == old and "new" not in errors.errors:
            errors.add("new", _("Choose a password different from the current one."))
        if not errors:
            _set(session, staff.id, password_hash=hash_password(new), must_change_password=False,
                 failed_logins=0, locked_until=None)
    errors.raise_if_any()  # after the block, so that a counted failure is committed
    return Actor(
        staff_id=actor.staff_id,
        login=actor.login,
        name=actor.name,
        roles=actor.roles,
        employer_municipality_id=actor.employer_municipality_id,
    )


def demo_logins(db: Database) -> list[DemoLogin]:
    """The demo logins to show on the login screen: none unless this is a demo database."""
    with db.session() as session:
        if settings.get(session, settings.DEMO_KEY) != "1":
            return []
        present = set(
            session.scalars(select(Staff.login).where(Staff.login.in_([login for login, _d in _DEMO_LOGINS]),
                                                      Staff.active))
        )
    return [DemoLogin(login, _(description)) for login, description in _DEMO_LOGINS if login in present]


def first_start(db: Database, form: FirstStartForm, *, today: date | None = None) -> Actor:
    """Set up an empty database: the first office, the municipalities it serves and the first administrator."""
    today = today or date.today()
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(Staff)):
            raise NotAllowed(_("navdesk has already been set up here. Sign in instead."))
        office_code = form.office_code.strip().upper()
        login = form.login.strip().lower()
        # Blank rows are ignored but keep their place, so that an error names the row the user sees.
        entries = [(i, e) for i, e in enumerate(form.municipalities) if e.number.strip() or e.name.strip()]
        _validate_first_start(session, form, office_code, login, entries)

        municipalities = []
        for _index, entry in entries:
            municipality = Municipality(number=entry.number.strip(), name=entry.name.strip())
            session.add(municipality)
            session.flush()
            prefill_catalogue(session, municipality.id, today)
            municipalities.append(municipality)
        office = Office(code=office_code, name=form.office_name.strip(), municipalities=municipalities)
        admin = Staff(
            login=login,
            name=form.name.strip(),
            roles=format_roles({Role.ADMIN}),
            employer_municipality_id=None,
            password_hash=hash_password(form.password),
            offices=[office],
        )
        session.add_all([office, admin])
        session.flush()
        return Actor(staff_id=admin.id, login=admin.login, name=admin.name, roles=frozenset({Role.ADMIN}))


def set_idle_lock_minutes(db: Database, actor: Actor, minutes: int) -> int:
    """How many idle minutes lock the screen on every desk (administrators only)."""
    require(actor, Role.ADMIN)
    low, high = IDLE_LOCK_RANGE
    if not low <= minutes <= high:
        raise ValidationFailed({"minutes": _("From {low} to {high} minutes.").format(low=low, high=high)})
    with db.session() as session:
        settings.put(session, settings.IDLE_LOCK_MINUTES_KEY, str(minutes))
    return minutes


def _validate_first_start(
    session: Session,
    form: FirstStartForm,
    office_code: str,
    login: str,
    entries: list[tuple[int, MunicipalityEntry]],
) -> None:
    errors = Errors()
    _add(errors, "office_code", validators.office_code(office_code))
    _add(errors, "office_name", validators.required(form.office_name, 100))
    if not entries:
        errors.add("municipalities", _("Add at least one municipality the office serves."))
    seen: set[str] = set()
    existing = set(session.scalars(select(Municipality.number)))
    for index, entry in entries:
        number = entry.number.strip()
        problem = validators.municipality_number(number)
        if problem is None and number in seen:
            problem = _("This municipality is listed twice.")
        if problem is None and number in existing:
            problem = _("A municipality with this number already exists.")
        _add(errors, f"municipality_number_{index}", problem)
        _add(errors, f"municipality_name_{index}", validators.required(entry.name, 100))
        seen.add(number)
    if "office_code" not in errors.errors and session.scalar(select(Office.id).where(Office.code == office_code)):
        errors.add("office_code", _("An office with this code already exists."))
    _add(errors, "login", validators.login(login))
    _add(errors, "name", validators.required(form.name, 120))
    _check_new_password(errors, form.password, form.repeated, login, new_field="password", repeat_field="repeated")
    errors.raise_if_any()


def _check_new_password(errors: Errors, new: str, repeated: str, login: str, *, new_field: str,
                        repeat_field: str) -> None:
    problem = validators.new_password(new, repeated, login_name=login)
    if problem is None:
        return
    # A password that is fine on its own but not repeated the same is the repeat field's fault.
    only_mismatch = validators.new_password(new, new, login_name=login) is None
    errors.add(repeat_field if only_mismatch else new_field, problem)


def _check_password(session: Session, staff: Staff, password: str, now: datetime, *, wrong: str) -> str | None:
    """None when the password is right and the account not locked; otherwise the refusal to show."""
    if staff.locked_until is not None and staff.locked_until > now:
        return _locked(staff.locked_until)
    if verify_password(staff.password_hash, password):
        return None
    _set(session, staff.id, failed_logins=Staff.failed_logins + 1)
    failures = session.scalar(select(Staff.failed_logins).where(Staff.id == staff.id)) or 0
    if failures % MAX_FAILURES:
        return wrong
    until = now + LOCKOUT
    _set(session, staff.id, locked_until=until)
    return _locked(until)


def _signed_in(session: Session, staff: Staff, password: str, now: datetime) -> None:
    values: dict[str, Any] = {"failed_logins": 0, "locked_until": None, "last_login": now}
    if needs_rehash(staff.password_hash):
        values["password_hash"] = hash_password(password)
    _set(session, staff.id, **values)


def _set(session: Session, staff_id: uuid.UUID, **values: Any) -> None:
    session.execute(
        update(Staff).where(Staff.id == staff_id).values(**values).execution_options(synchronize_session=False)
    )


def _add(errors: Errors, field: str, problem: str | None) -> None:
    if problem is not None:
        errors.add(field, problem)


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password("navdesk-no-such-login")
    return _dummy_hash


def _wrong_login() -> str:
    return _("Wrong user name or password.")


def _deactivated() -> str:
    return _("This account has been deactivated. Ask an administrator.")


def _locked(until: datetime) -> str:
    return _("Too many failed attempts. The account is locked until {time}.").format(
        time=format_datetime(until, "short")
    )
