"""Consents (samtykke), conflicts of interest (inhabilitet) and emergency access ("break the glass").

A consent opens exactly its scope — parties and data — from the day it is given until it expires or is
withdrawn; only staff who serve the person in their own right may register or withdraw one. A conflict
of interest shuts a staff member out of the person entirely; leaders register and end them, and anyone
may declare themself conflicted. Emergency access opens the person for reading for a few hours, with a
written reason that the leader reviews. Everything here is logged.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from navdesk.domain import access, validators
from navdesk.domain.access_types import (
    Action,
    ConsentFacts,
    ConsentState,
    DataKind,
    ItemFacts,
    PersonFacts,
    Reason,
    data_kind_label,
)
from navdesk.domain.case_codes import ConsentForm, label_of
from navdesk.domain.catalogue import default_service
from navdesk.domain.codes import Role, Side, label
from navdesk.domain.errors import Errors, NotAllowed, ValidationFailed
from navdesk.i18n import _
from navdesk.services import access_log, audit
from navdesk.services.access_facts import AccessContext, access_context, person_facts
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.card_types import ConsentItem
from navdesk.services.person_guard import Refused, action_session, not_found_message, reachable_person, require
from navdesk.store.engine import Database
from navdesk.store.models import ConflictOfInterest, Consent, EmergencyAccess, Municipality, Service, Staff
from navdesk.store.models.confidentiality import consent_municipality, consent_staff

EMERGENCY_HOURS = 8
PURPOSE_MAX = 1000
REASON_MAX = 1000


@dataclass(frozen=True)
class ConsentInput:
    given_on: date | None
    valid_until: date | None
    form: str
    purpose: str
    sides: frozenset[Side]
    to_state: bool = False
    to_municipality_ids: frozenset[uuid.UUID] = frozenset()
    to_staff_ids: frozenset[uuid.UUID] = frozenset()
    service_codes: frozenset[str] = frozenset()
    kinds: frozenset[DataKind] = frozenset()


@dataclass(frozen=True)
class Choice:
    key: str  # a uuid, service code or data kind as text
    label: str


@dataclass(frozen=True)
class ConsentChoices:
    """What the consent form offers: the parties and the data a consent may name."""

    municipalities: tuple[Choice, ...]
    staff: tuple[Choice, ...]
    services: tuple[Choice, ...]
    kinds: tuple[Choice, ...]


@dataclass(frozen=True)
class ConflictItem:
    conflict_id: uuid.UUID
    staff: str
    reason: str
    registered_by: str
    registered_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class EmergencyGrant:
    person_id: uuid.UUID
    ends_at: datetime


# Consents -------------------------------------------------------------------------------------------

def consent_choices(db: Database, actor: Actor, person_id: uuid.UUID, *,
                    now: datetime | None = None) -> ConsentChoices:
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        reachable_person(session, ctx, person_id, action=audit.LogAction.READ, what=access_log.WHAT_CONSENT, at=now)
        municipalities = tuple(Choice(str(m_id), name) for m_id, name in session.execute(
            select(Municipality.id, Municipality.name).order_by(Municipality.name)))
        staff = tuple(Choice(str(s_id), f"{name} ({login})") for s_id, name, login, roles in session.execute(
            select(Staff.id, Staff.name, Staff.login, Staff.roles).where(Staff.active.is_(True))
            .order_by(Staff.name)) if parse_roles(roles) & {Role.VEILEDER, Role.LEADER})
        names: dict[str, str] = {}
        for code, name in session.execute(select(Service.code, Service.name).where(Service.side != Side.CLOSED)
                                          .order_by(Service.valid_from)):
            names.setdefault(code, name)
        services = tuple(Choice(code, name) for code, name in sorted(names.items(), key=lambda pair: pair[1]))
        kinds = tuple(Choice(kind.value, data_kind_label(kind)) for kind in DataKind)
        return ConsentChoices(municipalities, staff, services, kinds)


def register_consent(db: Database, actor: Actor, person_id: uuid.UUID, form: ConsentInput, *,
                     now: datetime | None = None) -> uuid.UUID:
    """Record the person's consent; only staff serving the person in their own right may do it."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE,
                                 what=access_log.WHAT_CONSENT, at=now)
        _validate_consent(session, form, now.date())
        decision = require(session, ctx, facts, ItemFacts.person(), Action.CHANGE,
                           log_action=audit.LogAction.CHANGE, what=access_log.WHAT_CONSENT, at=now)
        consent = Consent(
            person_id=person_id, given_on=form.given_on, valid_until=form.valid_until,
            sides=",".join(sorted(side.value for side in form.sides)),
            service_codes=",".join(sorted(form.service_codes)),
            kinds=",".join(sorted(kind.value for kind in form.kinds)),
            to_state=form.to_state, form=form.form, purpose=form.purpose.strip(),
            registered_by_id=actor.staff_id, registered_at=now,
        )
        session.add(consent)
        session.flush()
        if form.to_staff_ids:
            session.execute(insert(consent_staff), [{"consent_id": consent.id, "staff_id": staff_id}
                                                    for staff_id in sorted(form.to_staff_ids)])
        if form.to_municipality_ids:
            session.execute(insert(consent_municipality), [
                {"consent_id": consent.id, "municipality_id": m} for m in sorted(form.to_municipality_ids)])
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE,
                  what=access_log.WHAT_CONSENT, allowed=True, reason=decision.reason.value, at=now)
        return consent.id


def withdraw_consent(db: Database, actor: Actor, consent_id: uuid.UUID, withdrawn_on: date | None, *,
                     now: datetime | None = None) -> None:
    """The person withdraws their consent: it no longer applies from `withdrawn_on` (that day included)."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        consent = session.get(Consent, consent_id)
        if consent is None:
            raise NotAllowed(not_found_message())
        facts = reachable_person(session, ctx, consent.person_id, action=audit.LogAction.CHANGE,
                                 what=access_log.WHAT_CONSENT, at=now)
        errors = Errors()
        if withdrawn_on is None:
            errors.add("withdrawn_on", _("This field is required."))
        elif withdrawn_on < consent.given_on:
            errors.add("withdrawn_on", _("The consent cannot be withdrawn before it was given."))
        elif withdrawn_on > now.date():
            errors.add("withdrawn_on", _("A withdrawal cannot be dated in the future."))
        if consent.withdrawn_on is not None:
            errors.add("withdrawn_on", _("This consent has already been withdrawn."))
        errors.raise_if_any()
        decision = require(session, ctx, facts, ItemFacts.person(), Action.CHANGE,
                           log_action=audit.LogAction.CHANGE, what=access_log.WHAT_CONSENT, at=now)
        consent.withdrawn_on = withdrawn_on
        consent.withdrawn_registered_by_id = actor.staff_id
        audit.log(session, actor, person_id=consent.person_id, action=audit.LogAction.CHANGE,
                  what=access_log.WHAT_CONSENT, allowed=True, reason=decision.reason.value, at=now)


def list_consents(db: Database, actor: Actor, person_id: uuid.UUID, *,
                  now: datetime | None = None) -> tuple[ConsentItem, ...]:
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.READ,
                                 what=access_log.WHAT_CONSENT, at=now)
        own = ctx.decide(facts, ItemFacts.person(), Action.CHANGE).allowed
        staff = dict(session.execute(select(Staff.id, Staff.name)).all())
        municipalities = dict(session.execute(select(Municipality.id, Municipality.name)).all())
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.READ, what=access_log.WHAT_CONSENT,
                  allowed=True, reason=ctx.decide(facts, ItemFacts.person(), Action.READ).reason.value, at=now)
        return consent_items(session, facts, now.date(), can_change=own, staff=staff.get,
                             municipality=municipalities.get)


def consent_items(session: Session, facts: PersonFacts, today: date, *, can_change: bool,
                  staff: Callable[[uuid.UUID], str | None],
                  municipality: Callable[[uuid.UUID], str | None]) -> tuple[ConsentItem, ...]:
    """The person's consents in words, newest first (one query beyond the facts already loaded)."""
    if not facts.consents:
        return ()
    rows = {row.id: row for row in session.scalars(select(Consent).where(Consent.person_id == facts.person_id))}

    def name(staff_id: uuid.UUID | None) -> str:
        return (staff(staff_id) or "") if staff_id else ""

    items = []
    for consent in sorted(facts.consents, key=lambda c: (c.given_on, c.consent_id), reverse=True):
        row = rows[consent.consent_id]
        state = consent.state_on(today)
        parties = []
        if consent.to_state:
            parties.append(_("The state side (NAV)"))
        parties.extend(sorted(_("The municipal side of {municipality}").format(municipality=municipality(m) or "")
                              for m in consent.to_municipality_ids))
        parties.extend(sorted(name(s) for s in consent.to_staff_ids))
        items.append(ConsentItem(
            consent_id=consent.consent_id,
            state=state.value,
            state_label=consent_state_label(state),
            given_on=consent.given_on,
            valid_until=consent.valid_until,
            withdrawn_on=consent.withdrawn_on,
            parties=tuple(parties),
            scope=consent_scope(consent),
            form=label_of(ConsentForm, row.form),
            purpose=row.purpose,
            registered_by=name(row.registered_by_id),
            withdrawn_by=name(row.withdrawn_registered_by_id),
            can_withdraw=can_change and consent.withdrawn_on is None and state is not ConsentState.EXPIRED,
        ))
    return tuple(items)


_CONSENT_STATES: dict[ConsentState, Callable[[], str]] = {
    ConsentState.NOT_YET_GIVEN: lambda: _("Not yet in force"),
    ConsentState.ACTIVE: lambda: _("In force"),
    ConsentState.EXPIRED: lambda: _("Expired"),
    ConsentState.WITHDRAWN: lambda: _("Withdrawn"),
}


def consent_state_label(state: ConsentState) -> str:
    return _CONSENT_STATES[state]()


def consent_scope(consent: ConsentFacts) -> tuple[str, ...]:
    """What the consent opens, in words: the sides, and the services and kinds of data if narrowed."""
    lines = [", ".join(label(side) for side in sorted(consent.sides))]
    if consent.service_codes:
        names = ", ".join(_service_name(code) for code in sorted(consent.service_codes))
        lines.append(_("Services: {names}").format(names=names))
    if consent.kinds:
        kinds = ", ".join(data_kind_label(kind) for kind in sorted(consent.kinds))
        lines.append(_("Data: {kinds}").format(kinds=kinds))
    return tuple(lines)


def _service_name(code: str) -> str:
    default = default_service(code)
    return default.name if default is not None else code


def _validate_consent(session: Session, form: ConsentInput, today: date) -> None:
    errors = Errors()
    if not (form.to_state or form.to_municipality_ids or form.to_staff_ids):
        errors.add("parties", _("Choose at least one party the person consents to share with."))
    if not form.sides:
        errors.add("sides", _("Choose at least one side."))
    elif Side.CLOSED in form.sides:
        errors.add("sides", _("A consent cannot open a closed area; name the staff on the area instead."))
    if form.given_on is None:
        errors.add("given_on", _("This field is required."))
    elif form.given_on > today:
        errors.add("given_on", _("A consent cannot be dated in the future."))
    if form.valid_until is not None and form.given_on is not None and form.valid_until < form.given_on:
        errors.add("valid_until", _("The consent cannot expire before it is given."))
    if form.form not in set(ConsentForm):
        errors.add("form", _("Choose whether the consent was given orally or in writing."))
    problem = validators.required(form.purpose.replace("\n", " "), PURPOSE_MAX)
    if problem:
        errors.add("purpose", problem)
    if form.to_staff_ids and _unknown(session, Staff.id, form.to_staff_ids):
        errors.add("parties", _("One of the named staff members no longer exists."))
    if form.to_municipality_ids and _unknown(session, Municipality.id, form.to_municipality_ids):
        errors.add("parties", _("One of the municipalities no longer exists."))
    if form.service_codes and set(form.service_codes) - set(session.scalars(select(Service.code).distinct())):
        errors.add("service_codes", _("One of the services is not in any catalogue."))
    errors.raise_if_any()


def _unknown(session: Session, column: InstrumentedAttribute[uuid.UUID], ids: Iterable[uuid.UUID]) -> bool:
    wanted = set(ids)
    return set(session.scalars(select(column).where(column.in_(wanted)))) != wanted


# Conflicts of interest ------------------------------------------------------------------------------

def register_conflict(db: Database, actor: Actor, person_id: uuid.UUID, staff_id: uuid.UUID, reason: str, *,
                      now: datetime | None = None) -> uuid.UUID:
    """Mark `staff_id` as conflicted for the person. Leaders may mark anyone; others only themselves."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE,
                                 what=access_log.WHAT_CONFLICT, at=now)
        declaring = staff_id == actor.staff_id
        if not declaring:
            _require_leader(session, ctx, facts, now)
        errors = Errors()
        member = session.get(Staff, staff_id)
        if member is None or not member.active:
            errors.add("staff_id", _("Choose an active staff member."))
        elif staff_id in facts.conflicted_staff_ids:
            errors.add("staff_id", _("This staff member is already marked as conflicted for the person."))
        problem = validators.required(reason.replace("\n", " "), REASON_MAX)
        if problem:
            errors.add("reason", problem)
        errors.raise_if_any()
        conflict = ConflictOfInterest(person_id=person_id, staff_id=staff_id, reason=reason.strip(),
                                      registered_by_id=actor.staff_id, registered_at=now)
        session.add(conflict)
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE,
                  what=access_log.WHAT_CONFLICT, allowed=True,
                  reason=ctx.decide(facts, ItemFacts.person(), Action.READ).reason.value, at=now)
        return conflict.id


def end_conflict(db: Database, actor: Actor, conflict_id: uuid.UUID, *, now: datetime | None = None) -> None:
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        conflict = session.get(ConflictOfInterest, conflict_id)
        if conflict is None:
            raise NotAllowed(not_found_message())
        facts = reachable_person(session, ctx, conflict.person_id, action=audit.LogAction.CHANGE,
                                 what=access_log.WHAT_CONFLICT, at=now)
        decision = _require_leader(session, ctx, facts, now)
        if conflict.ended_at is None:
            conflict.ended_at = now
            audit.log(session, actor, person_id=conflict.person_id, action=audit.LogAction.CHANGE,
                      what=access_log.WHAT_CONFLICT, allowed=True, reason=decision, at=now)


def list_conflicts(db: Database, actor: Actor, person_id: uuid.UUID, *,
                   now: datetime | None = None) -> tuple[ConflictItem, ...]:
    """The person's conflicts of interest, open ones first: for leaders only."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.READ,
                                 what=access_log.WHAT_CONFLICT, at=now)
        _require_leader(session, ctx, facts, now)
        names = dict(session.execute(select(Staff.id, Staff.name)).all())
        rows = session.scalars(select(ConflictOfInterest).where(ConflictOfInterest.person_id == person_id)
                               .order_by(ConflictOfInterest.registered_at.desc())).all()
        items = [ConflictItem(row.id, names.get(row.staff_id, ""), row.reason, names.get(row.registered_by_id, ""),
                              row.registered_at, row.ended_at) for row in rows]
        return tuple(sorted(items, key=lambda item: item.ended_at is not None))


def _require_leader(session: Session, ctx: AccessContext, facts: PersonFacts, now: datetime) -> str:
    """Leaders who serve the person in their own right; the reason of their access for the log."""
    if not ctx.actor.has(Role.LEADER):
        raise NotAllowed(_("Only a leader can register or end a conflict of interest for someone else."))
    decision = require(session, ctx, facts, ItemFacts.person(), Action.CHANGE,
                       log_action=audit.LogAction.CHANGE, what=access_log.WHAT_CONFLICT, at=now)
    return decision.reason.value


# Emergency access -----------------------------------------------------------------------------------

def open_emergency_access(db: Database, actor: Actor, person_id: uuid.UUID, reason: str, *,
                          now: datetime | None = None) -> EmergencyGrant:
    """Break the glass: read access to the person for a few hours, with a written reason, logged."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = person_facts(session, [person_id]).get(person_id)
        if facts is None:
            raise NotAllowed(not_found_message())
        problem = access.emergency_reason_error(reason)
        if problem:
            raise ValidationFailed({"reason": problem})
        decision = access.can_use_emergency_access(ctx.staff, facts)
        if not decision.allowed:
            audit.log(session, actor, person_id=person_id, action=audit.LogAction.EMERGENCY,
                      what=access_log.WHAT_EMERGENCY, allowed=False, reason=decision.reason.value,
                      why=reason.strip(), at=now)
            raise Refused(not_found_message() if decision.hides_existence else decision.explain())
        ends_at = now + timedelta(hours=EMERGENCY_HOURS)
        session.add(EmergencyAccess(person_id=person_id, staff_id=actor.staff_id, reason=reason.strip(),
                                    opened_at=now, ends_at=ends_at))
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.EMERGENCY,
                  what=access_log.WHAT_EMERGENCY, allowed=True, reason=Reason.EMERGENCY.value,
                  why=reason.strip(), at=now)
        return EmergencyGrant(person_id, ends_at)
