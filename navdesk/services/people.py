"""The person register: register and edit people, ownership, §14a innsatsgruppe, close and keep.

Every change is judged by the access policy for the kinds of data it touches and logged in the same
session; a refused attempt is logged too (in a session that commits) and raises `NotAllowed`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from navdesk.domain import access, person_rules
from navdesk.domain.access_types import Action, DataKind, ItemFacts, PersonFacts, Reason
from navdesk.domain.codes import HouseholdRelation, Hovedmal, Innsatsgruppe, Role
from navdesk.domain.errors import Conflict, Errors, NotAllowed, ValidationFailed
from navdesk.domain.fnr import Fnr
from navdesk.domain.ids import new_id
from navdesk.domain.person_rules import HouseholdEntry, PersonForm
from navdesk.i18n import _, ngettext
from navdesk.services import assignment, audit, settings
from navdesk.services.access_facts import AccessContext, access_context, offices_serving, person_facts, staff_facts
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.person_guard import action_session, reachable_person, require
from navdesk.store.engine import Database
from navdesk.store.models import (
    HouseholdMember,
    InnsatsDecision,
    Municipality,
    OwnershipEvent,
    Person,
    PersonContact,
    Staff,
    Team,
)
from navdesk.store.models.org import office_municipality, team_municipality
from navdesk.store.models.staff import staff_office

MAX_CONTACTS = 3
NOTE_MAX = 2000

# What an edit of each field changes, for the policy and the access log.
_IDENTITY_FIELDS = ("fnr", "first_name", "last_name", "residence_municipality_id", "protected_address",
                    "digital_self_service")
_CONTACT_FIELDS = ("phone", "email", "language", "interpreter_needed")
_ADDRESS_FIELDS = ("address_line", "postal_code", "postal_place")


# --- what the forms get and give ------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSaved:
    id: uuid.UUID
    version: int
    name: str
    fnr: str


@dataclass(frozen=True)
class Option:
    id: uuid.UUID
    text: str


@dataclass(frozen=True)
class LanguageOption:
    code: str
    name: str


@dataclass(frozen=True)
class PersonChoices:
    municipalities: tuple[Option, ...]
    languages: tuple[LanguageOption, ...]
    default_municipality_id: uuid.UUID | None


@dataclass(frozen=True)
class PersonFormData:
    """The edit form of one person. A protected address is never loaded: the fields come empty."""

    id: uuid.UUID
    version: int
    form: PersonForm
    address_withheld: bool
    address_note: str
    archived: bool
    choices: PersonChoices


@dataclass(frozen=True)
class ContactPerson:
    staff_id: uuid.UUID
    name: str
    is_primary: bool
    since: date


@dataclass(frozen=True)
class OwnershipChange:
    at: datetime
    by: str
    team: str
    contacts: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Ownership:
    """Who owns the person now, who could, and how it got here."""

    person_id: uuid.UUID
    team_id: uuid.UUID | None
    contacts: tuple[ContactPerson, ...]
    teams: tuple[Option, ...]  # teams covering the person's municipality
    assignable: tuple[Option, ...]  # staff who may become a contact
    history: tuple[OwnershipChange, ...]


@dataclass(frozen=True)
class InnsatsSaved:
    person_id: uuid.UUID
    innsatsgruppe: Innsatsgruppe
    hovedmal: Hovedmal | None
    decided_on: date
    is_current: bool


# --- shared plumbing --------------------------------------------------------------------------------------


@contextmanager
def _action(db: Database) -> Iterator[Session]:
    """One user action on a person: refusals commit their log entry; a concurrent save is a Conflict."""
    try:
        with action_session(db) as session:
            yield session
    except StaleDataError:
        raise Conflict(_stale()) from None


def _stale() -> str:
    return _("Someone else saved this person after you opened them. Reload to see their changes.")


def _require_people_work(db: Database, actor: Actor, person_id: uuid.UUID | None, what: str, now: datetime) -> None:
    """Only staff who work with people register or change them; a refusal is logged, then raised."""
    if actor.has(Role.VEILEDER, Role.LEADER):
        return
    with db.session() as session:
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE, what=what, allowed=False,
                  reason=Reason.DENIED_ADMIN.value if actor.has(Role.ADMIN) else Reason.DENIED_NO_AUTHORISATION.value,
                  at=now)
    raise NotAllowed(_("Only veiledere and leaders register and change people."))


def _check_version(person: Person, version: int) -> None:
    if person.version != version:
        raise Conflict(_stale())


def _municipalities(session: Session) -> dict[uuid.UUID, Municipality]:
    return {m.id: m for m in session.scalars(select(Municipality).order_by(Municipality.name))}


def _full_name(first: str, last: str) -> str:
    return f"{first} {last}"


def _saved(person: Person) -> PersonSaved:
    return PersonSaved(person.id, person.version, _full_name(person.first_name, person.last_name), person.fnr)


def _choices(session: Session, actor: Actor) -> PersonChoices:
    municipalities = _municipalities(session)
    served = session.scalars(
        select(office_municipality.c.municipality_id)
        .join(staff_office, staff_office.c.office_id == office_municipality.c.office_id)
        .where(staff_office.c.staff_id == actor.staff_id)
    ).all()
    default = min((municipalities[m] for m in served if m in municipalities), key=lambda m: m.name, default=None)
    languages = tuple(LanguageOption(code, person_rules.language_name(code)) for code in person_rules.COMMON_LANGUAGES)
    return PersonChoices(
        municipalities=tuple(Option(m.id, f"{m.name} ({m.number})") for m in municipalities.values()),
        languages=languages,
        default_municipality_id=default.id if default else None,
    )


def person_choices(db: Database, actor: Actor) -> PersonChoices:
    """What the register form offers: municipalities (the actor's own first) and common languages."""
    with db.session() as session:
        return _choices(session, actor)


def _validate(session: Session, ctx: AccessContext, form: PersonForm, *, today: date,
              person_id: uuid.UUID | None) -> Fnr:
    """The parsed number, or ValidationFailed with every field in error (a duplicate included)."""
    parsed, problems = person_rules.form_problems(
        form, allow_synthetic=settings.allows_synthetic_fnr(session), today=today,
        known_municipalities=set(session.scalars(select(Municipality.id))),
    )
    errors = Errors()
    for field, message in problems.items():
        errors.add(field, message)
    if parsed is not None:
        duplicate = duplicate_message(session, ctx, parsed.number, except_id=person_id)
        if duplicate:
            errors.add("fnr", duplicate)
    errors.raise_if_any()
    assert parsed is not None
    return parsed


def duplicate_message(session: Session, ctx: AccessContext | None, number: str, *,
                      except_id: uuid.UUID | None = None) -> str | None:
    """The message for a number that is already registered, naming the person only to those who may find them."""
    row = session.execute(
        select(Person.id, Person.first_name, Person.last_name).where(Person.fnr == number)
    ).first()
    if row is None or row.id == except_id:
        return None
    if ctx is not None:
        facts = person_facts(session, [row.id])[row.id]
        if ctx.may_find(facts):
            return _("Already registered: {name}. Search for them instead of registering them again.").format(
                name=_full_name(row.first_name, row.last_name))
    return _("This number is already registered, for a person you do not have access to.")


# --- register and edit ------------------------------------------------------------------------------------


def create_person(db: Database, actor: Actor, form: PersonForm, *, now: datetime | None = None) -> PersonSaved:
    """Register a new person. Only someone who will serve them may: the residence decides."""
    now = now or datetime.now()
    _require_people_work(db, actor, None, "register", now)
    form = person_rules.normalised(form)
    with db.session() as session:
        ctx = access_context(session, actor, now=now)
        parsed = _validate(session, ctx, form, today=now.date(), person_id=None)
        assert form.residence_municipality_id is not None
        person_id = new_id()
        facts = PersonFacts(
            person_id=person_id, residence_municipality_id=form.residence_municipality_id,
            serving_office_ids=offices_serving(session).get(form.residence_municipality_id, frozenset()),
            protected_address=form.protected_address,
        )
        if not ctx.decide(facts, ItemFacts.person(), Action.CHANGE).allowed:
            name = session.get_one(Municipality, form.residence_municipality_id).name
            raise ValidationFailed({"residence_municipality_id": _(
                "You do not serve residents of {municipality}: their own office registers them."
            ).format(municipality=name)})
        person = Person(
            id=person_id, fnr=parsed.number, birth_date=parsed.birth_date, created_at=now.replace(tzinfo=None),
            **_person_values(form, include_address=True),
        )
        session.add(person)
        session.flush()
        _replace_household(session, person.id, form.household)
        assignment.route_new_person(session, person.id, by_id=actor.staff_id, now=now)
        audit.log(session, actor, person_id=person.id, action=audit.LogAction.CHANGE, what="register",
                  allowed=True, at=now)
        return _saved(person)


def _person_values(form: PersonForm, *, include_address: bool) -> dict[str, object]:
    values: dict[str, object] = {
        "first_name": form.first_name, "last_name": form.last_name,
        "residence_municipality_id": form.residence_municipality_id, "phone": form.phone, "email": form.email,
        "protected_address": form.protected_address, "language": form.language,
        "interpreter_needed": form.interpreter_needed, "digital_self_service": form.digital_self_service,
    }
    if include_address:
        values.update(address_line=form.address_line, postal_code=form.postal_code, postal_place=form.postal_place)
    return values


def _household(session: Session, person_id: uuid.UUID) -> tuple[HouseholdEntry, ...]:
    rows = session.scalars(
        select(HouseholdMember).where(HouseholdMember.person_id == person_id)
        .order_by(HouseholdMember.birth_date.is_(None), HouseholdMember.birth_date, HouseholdMember.id)
    )
    return tuple(HouseholdEntry(HouseholdRelation(r.relation), r.first_name, r.birth_date) for r in rows)


def _replace_household(session: Session, person_id: uuid.UUID, entries: Sequence[HouseholdEntry]) -> None:
    session.execute(delete(HouseholdMember).where(HouseholdMember.person_id == person_id))
    session.add_all(
        HouseholdMember(person_id=person_id, relation=entry.relation.value, first_name=entry.first_name,
                        birth_date=entry.birth_date)
        for entry in entries
    )


def _changed_kinds(person: Person, form: PersonForm, household: tuple[HouseholdEntry, ...],
                   *, address_editable: bool) -> list[DataKind]:
    kinds = []
    if any(getattr(person, field) != getattr(form, field) for field in _IDENTITY_FIELDS):
        kinds.append(DataKind.IDENTITY)
    if any(getattr(person, field) != getattr(form, field) for field in _CONTACT_FIELDS):
        kinds.append(DataKind.CONTACT)
    if address_editable and any(getattr(person, field) != getattr(form, field) for field in _ADDRESS_FIELDS):
        kinds.append(DataKind.ADDRESS)
    if sorted(household, key=repr) != sorted(form.household, key=repr):
        kinds.append(DataKind.HOUSEHOLD)
    return kinds


def update_person(db: Database, actor: Actor, person_id: uuid.UUID, version: int, form: PersonForm, *,
                  now: datetime | None = None) -> PersonSaved:
    """Save the edit form. Each kind of data changed needs its own permission.

    A protected address stays as stored (the form never held it); lifting the protection replaces it
    with what the form holds, so that the old address never comes to light.
    """
    now = now or datetime.now()
    _require_people_work(db, actor, person_id, "edit", now)
    form = person_rules.normalised(form)
    with _action(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE, what="edit", at=now)
        person = session.get_one(Person, person_id)
        _check_version(person, version)
        lifting = person.protected_address and not form.protected_address
        address_editable = not person.protected_address or lifting
        household = _household(session, person_id)
        kinds = _changed_kinds(person, form, household, address_editable=address_editable)
        judged = replace(facts, protected_address=False) if lifting else facts
        for kind in kinds:
            require(session, ctx, judged if kind is DataKind.ADDRESS else facts, ItemFacts.person(kind),
                    Action.CHANGE, log_action=audit.LogAction.CHANGE, what=f"edit {kind.value}", at=now)
        parsed = _validate(session, ctx, form, today=now.date(), person_id=person_id)
        if not kinds:
            return _saved(person)
        for field, value in _person_values(form, include_address=address_editable).items():
            setattr(person, field, value)
        person.fnr, person.birth_date = parsed.number, parsed.birth_date
        if DataKind.HOUSEHOLD in kinds:
            _replace_household(session, person_id, form.household)
            flag_modified(person, "last_name")  # a household edit must make other open forms stale too
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE,
                  what="edit " + ", ".join(kind.value for kind in kinds), allowed=True, at=now)
        return _saved(person)


def person_form(db: Database, actor: Actor, person_id: uuid.UUID, *, now: datetime | None = None) -> PersonFormData:
    """The person's data for the edit form (read and logged as such); refused to those who may not edit."""
    now = now or datetime.now()
    _require_people_work(db, actor, person_id, "edit form", now)
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.READ, what="edit form", at=now)
        require(session, ctx, facts, ItemFacts.person(), Action.CHANGE, log_action=audit.LogAction.READ,
                what="edit form", at=now)
        person = session.get_one(Person, person_id)
        address = ctx.decide(facts, ItemFacts.person(DataKind.ADDRESS), Action.READ)
        form = PersonForm(
            fnr=person.fnr, first_name=person.first_name, last_name=person.last_name,
            residence_municipality_id=person.residence_municipality_id, phone=person.phone, email=person.email,
            address_line=person.address_line if address.allowed else "",
            postal_code=person.postal_code if address.allowed else "",
            postal_place=person.postal_place if address.allowed else "",
            protected_address=person.protected_address, language=person.language,
            interpreter_needed=person.interpreter_needed, digital_self_service=person.digital_self_service,
            household=_household(session, person_id),
        )
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.READ, what="edit form",
                  allowed=True, at=now)
        return PersonFormData(
            id=person.id, version=person.version, form=form, address_withheld=not address.allowed,
            address_note="" if address.allowed else address.explain(), archived=person.archived_at is not None,
            choices=_choices(session, actor),
        )


# --- close and keep ---------------------------------------------------------------------------------------


def archive_person(db: Database, actor: Actor, person_id: uuid.UUID, version: int, *,
                   now: datetime | None = None) -> PersonSaved:
    """Close the person's file and keep it for the archive: gone from daily lists, never deleted.

    The contact veiledere's follow-up ends today (kept as history); the owning team stays on record.
    """
    return _set_archived(db, actor, person_id, version, archived=True, now=now or datetime.now())


def reopen_person(db: Database, actor: Actor, person_id: uuid.UUID, version: int, *,
                  now: datetime | None = None) -> PersonSaved:
    return _set_archived(db, actor, person_id, version, archived=False, now=now or datetime.now())


def _set_archived(db: Database, actor: Actor, person_id: uuid.UUID, version: int, *, archived: bool,
                  now: datetime) -> PersonSaved:
    what = "archive" if archived else "reopen"
    _require_people_work(db, actor, person_id, what, now)
    with _action(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE, what=what, at=now)
        require(session, ctx, facts, ItemFacts.person(), Action.CHANGE, log_action=audit.LogAction.CHANGE,
                what=what, at=now)
        person = session.get_one(Person, person_id)
        _check_version(person, version)
        if (person.archived_at is not None) == archived:
            return _saved(person)
        person.archived_at = now.replace(tzinfo=None) if archived else None
        if archived:
            _end_contacts(session, person_id, [], now.date())
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE, what=what, allowed=True,
                  at=now)
        return _saved(person)


# --- ownership --------------------------------------------------------------------------------------------


def _current_contacts(session: Session, person_id: uuid.UUID) -> list[PersonContact]:
    return list(session.scalars(
        select(PersonContact).where(PersonContact.person_id == person_id, PersonContact.ends.is_(None))
        .order_by(PersonContact.is_primary.desc(), PersonContact.starts, PersonContact.id)
    ))


def _end_contacts(session: Session, person_id: uuid.UUID, keep: Sequence[uuid.UUID], today: date) -> None:
    session.execute(
        update(PersonContact)
        .where(PersonContact.person_id == person_id, PersonContact.ends.is_(None), PersonContact.id.not_in(keep))
        .values(ends=today)
    )


def _covering_teams(session: Session, municipality_id: uuid.UUID) -> list[Team]:
    return list(session.scalars(
        select(Team).join(team_municipality, team_municipality.c.team_id == Team.id)
        .where(team_municipality.c.municipality_id == municipality_id).order_by(Team.name)
    ))


def _assignable(session: Session, ctx: AccessContext, facts: PersonFacts, now: datetime) -> list[Staff]:
    """Active veiledere and leaders who serve the person by their own authorisation (never a conflicted one)."""
    candidates = session.scalars(select(Staff).where(Staff.active.is_(True)).order_by(Staff.name))
    return [
        staff for staff in candidates
        if parse_roles(staff.roles) & {Role.VEILEDER, Role.LEADER}
        and access.may_be_assigned(staff_facts(session, staff.id, now=now), facts, on=ctx.on,
                                   agreements=ctx.agreements).allowed
    ]


def ownership(db: Database, actor: Actor, person_id: uuid.UUID, *, now: datetime | None = None) -> Ownership:
    """The person's owner and contacts, the choices for changing them, and the history."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.READ, what="ownership", at=now)
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.READ, what="ownership",
                  allowed=True, at=now)
        return _ownership(session, ctx, facts, now)


def _ownership(session: Session, ctx: AccessContext, facts: PersonFacts, now: datetime) -> Ownership:
    person = session.get_one(Person, facts.person_id)
    names = dict(session.execute(select(Staff.id, Staff.name)).all())
    team_names = dict(session.execute(select(Team.id, Team.name)).all())
    events = session.scalars(
        select(OwnershipEvent).where(OwnershipEvent.person_id == person.id)
        .order_by(OwnershipEvent.at.desc(), OwnershipEvent.id.desc())
    )
    history = tuple(
        OwnershipChange(
            at=event.at, by=names.get(event.by_id, "") if event.by_id else "",
            team=team_names.get(event.team_id, "") if event.team_id else "",
            contacts=tuple(names.get(uuid.UUID(i), "") for i in event.contact_ids.split(",") if i),
            note=event.note,
        )
        for event in events
    )
    return Ownership(
        person_id=person.id,
        team_id=person.owner_team_id,
        contacts=tuple(ContactPerson(c.staff_id, names.get(c.staff_id, ""), c.is_primary, c.starts)
                       for c in _current_contacts(session, person.id)),
        teams=tuple(Option(t.id, t.name) for t in _covering_teams(session, person.residence_municipality_id)),
        assignable=tuple(Option(s.id, s.name) for s in _assignable(session, ctx, facts, now)),
        history=history,
    )


def set_ownership(
    db: Database,
    actor: Actor,
    person_id: uuid.UUID,
    team_id: uuid.UUID | None,
    contact_staff_ids: Sequence[uuid.UUID],
    agreed_with_person: bool,
    note: str,
    *,
    now: datetime | None = None,
) -> Ownership:
    """Give the person an owning team and/or up to three contact veiledere; the first named is the primary.

    Contacts who stay keep their start date; those left out end today. Every change is kept as an
    ownership event. A contact must serve the person by their own authorisation; a conflicted staff
    member is refused, with a message that does not say why.
    """
    now = now or datetime.now()
    _require_people_work(db, actor, person_id, "ownership", now)
    today = now.date()
    with _action(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE, what="ownership", at=now)
        require(session, ctx, facts, ItemFacts.person(), Action.CHANGE, log_action=audit.LogAction.CHANGE,
                what="ownership", at=now)
        person = session.get_one(Person, person_id)
        contacts = list(contact_staff_ids)
        _validate_ownership(session, ctx, facts, person, team_id, contacts, note, now)
        current = {c.staff_id: c for c in _current_contacts(session, person_id)}
        keep = []
        for index, staff_id in enumerate(contacts):
            existing = current.get(staff_id)
            if existing is not None and existing.is_primary == (index == 0):
                keep.append(existing.id)
                continue
            if existing is not None:
                existing.ends = today
        _end_contacts(session, person_id, keep, today)
        session.flush()
        kept_staff = {c.staff_id for c in current.values() if c.id in keep}
        session.add_all(
            PersonContact(person_id=person_id, staff_id=staff_id, is_primary=index == 0, starts=today,
                          agreed_with_person=agreed_with_person, changed_by_id=actor.staff_id)
            for index, staff_id in enumerate(contacts) if staff_id not in kept_staff
        )
        person.owner_team_id = team_id
        session.add(OwnershipEvent(
            person_id=person_id, at=now.replace(tzinfo=None), by_id=actor.staff_id, team_id=team_id,
            contact_ids=",".join(str(staff_id) for staff_id in contacts), note=note.strip(),
        ))
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE, what="ownership",
                  allowed=True, at=now)
        return _ownership(session, ctx, facts, now)


def _validate_ownership(session: Session, ctx: AccessContext, facts: PersonFacts, person: Person,
                        team_id: uuid.UUID | None, contacts: list[uuid.UUID], note: str, now: datetime) -> None:
    errors = Errors()
    if team_id is None and not contacts:
        errors.add("team_id", _("Choose an owning team or at least one contact veileder."))
    covering = {team.id for team in _covering_teams(session, person.residence_municipality_id)}
    if team_id is not None and team_id not in covering:
        errors.add("team_id", _("This team does not cover the municipality the person lives in."))
    if len(contacts) > MAX_CONTACTS:
        errors.add("contacts", ngettext("At most {count} contact veileder.", "At most {count} contact veiledere.",
                                        MAX_CONTACTS).format(count=MAX_CONTACTS))
    elif len(set(contacts)) != len(contacts):
        errors.add("contacts", _("The same veileder is named twice."))
    else:
        assignable = {staff.id for staff in _assignable(session, ctx, facts, now)}
        names = dict(session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(contacts))).all())
        for staff_id in contacts:
            if staff_id not in assignable:
                errors.add("contacts", _("{name} cannot be this person's contact veileder.").format(
                    name=names.get(staff_id, _("This staff member"))))
    if len(note) > NOTE_MAX:
        errors.add("note", _("At most {count} characters.").format(count=NOTE_MAX))
    errors.raise_if_any()


# --- §14a -------------------------------------------------------------------------------------------------


def record_innsats(
    db: Database,
    actor: Actor,
    person_id: uuid.UUID,
    innsatsgruppe: Innsatsgruppe,
    hovedmal: Hovedmal | None,
    decided_on: date,
    note: str,
    *,
    now: datetime | None = None,
) -> InnsatsSaved:
    """Record a §14a decision. It becomes the person's current innsatsgruppe unless a later one exists.

    §14a is state follow-up: it needs state authorisation for the person.
    """
    now = now or datetime.now()
    _require_people_work(db, actor, person_id, "innsatsgruppe", now)
    with _action(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE, what="innsatsgruppe",
                                 at=now)
        require(session, ctx, facts, ItemFacts.state(DataKind.CASE), Action.CHANGE,
                log_action=audit.LogAction.CHANGE, what="innsatsgruppe", at=now)
        person = session.get_one(Person, person_id)
        errors = Errors()
        if decided_on > now.date():
            errors.add("decided_on", _("The decision date lies in the future."))
        elif decided_on < person.birth_date:
            errors.add("decided_on", _("The decision date is before the person was born."))
        if hovedmal is None and innsatsgruppe in _NEEDS_HOVEDMAL:
            errors.add("hovedmal", _("Choose the hovedmål."))
        if len(note) > NOTE_MAX:
            errors.add("note", _("At most {count} characters.").format(count=NOTE_MAX))
        errors.raise_if_any()
        latest = session.scalar(select(InnsatsDecision.decided_on).where(InnsatsDecision.person_id == person_id)
                                .order_by(InnsatsDecision.decided_on.desc()).limit(1))
        session.add(InnsatsDecision(
            person_id=person_id, innsatsgruppe=innsatsgruppe.value, hovedmal=hovedmal.value if hovedmal else "",
            decided_on=decided_on, decided_by_id=actor.staff_id, note=note.strip(),
        ))
        is_current = latest is None or decided_on >= latest
        if is_current:
            person.innsatsgruppe = innsatsgruppe.value
            person.hovedmal = hovedmal.value if hovedmal else ""
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE, what="innsatsgruppe",
                  allowed=True, at=now)
        return InnsatsSaved(person_id, innsatsgruppe, hovedmal, decided_on, is_current)


# Hovedmål belongs to the work-oriented groups; for the permanently adapted ones it may be left out.
_NEEDS_HOVEDMAL = frozenset({Innsatsgruppe.STANDARD, Innsatsgruppe.SITUASJONSBESTEMT,
                             Innsatsgruppe.SPESIELT_TILPASSET})
