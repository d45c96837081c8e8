"""Handovers: a person passed from one veileder to another without falling between chairs.

The sender proposes to a named receiver with a transfer note and says whether the change was agreed
with the person (a required answer). The sender stays the person's veileder until the receiver
accepts — then the receiver takes the sender's place — or declines with a reason. A handover not
answered within the office's working days (`DeadlineRules.handover_answer_working_days`) is flagged to
the sender, the receiver and the office's leaders (`overview`). Every step is logged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from navdesk.domain import access
from navdesk.domain.access_types import Action, ItemFacts, PersonFacts
from navdesk.domain.codes import Role
from navdesk.domain.errors import Conflict, Errors, NotAllowed, NotFound
from navdesk.domain.workdays import add_working_days
from navdesk.i18n import _
from navdesk.services import audit
from navdesk.services.access_facts import AccessContext, access_context, agreement_facts, person_facts, staff_facts
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.deadline_rules import rule_book
from navdesk.services.person_guard import Refused, action_session, reachable_person, require
from navdesk.store.engine import Database
from navdesk.store.models import Handover, OwnershipEvent, Person, PersonContact, Staff, Team
from navdesk.store.models.org import office_municipality, team_member
from navdesk.store.models.staff import staff_office

NOTE_MAX = 2000
WHAT = "handover"


@dataclass(frozen=True)
class HandoverForm:
    receiver_id: uuid.UUID | None
    note: str
    agreed_with_person: bool | None  # must be answered: yes or no


@dataclass(frozen=True)
class HandoverItem:
    id: uuid.UUID
    version: int
    person_id: uuid.UUID
    person: str  # "Last, First"
    sender_id: uuid.UUID
    sender: str
    receiver_id: uuid.UUID
    receiver: str
    note: str
    agreed_with_person: bool
    proposed_at: datetime
    answer_due: date
    answered_at: datetime | None
    accepted: bool | None
    decline_reason: str
    withdrawn: bool
    overdue: bool  # open past its answer day: flagged to both and to the leader

    @property
    def open(self) -> bool:
        return self.answered_at is None and not self.withdrawn


@dataclass(frozen=True)
class HandoverOverview:
    incoming: tuple[HandoverItem, ...]  # proposed to me, open
    outgoing: tuple[HandoverItem, ...]  # proposed by me, open
    overdue_at_my_offices: tuple[HandoverItem, ...]  # leaders: every overdue handover at their offices


def _works_with_people(actor: Actor) -> None:
    if not actor.has(Role.VEILEDER, Role.LEADER):
        raise NotAllowed(_("Only veiledere and leaders hand people over."))


def _open_contacts(session: Session, person_id: uuid.UUID) -> list[PersonContact]:
    return list(session.scalars(select(PersonContact).where(PersonContact.person_id == person_id,
                                                            PersonContact.ends.is_(None))
                                .order_by(PersonContact.is_primary.desc(), PersonContact.starts)))


def _holds(session: Session, actor: Actor, person: Person) -> bool:
    """The actor may hand the person over: a contact of theirs, in their owning team, or a leader."""
    if actor.has(Role.LEADER):
        return True
    if any(c.staff_id == actor.staff_id for c in _open_contacts(session, person.id)):
        return True
    if person.owner_team_id is None:
        return False
    team = session.get(Team, person.owner_team_id)
    members = set(session.scalars(select(team_member.c.staff_id).where(team_member.c.team_id == person.owner_team_id)))
    return actor.staff_id in members or (team is not None and team.lead_id == actor.staff_id)


def may_receive(session: Session, staff_id: uuid.UUID, facts: PersonFacts, now: datetime) -> bool:
    """Whether the staff member may become the person's veileder (active, veileder or leader, the policy)."""
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active or not parse_roles(staff.roles) & {Role.VEILEDER, Role.LEADER}:
        return False
    return access.may_be_assigned(staff_facts(session, staff_id, now=now), facts, on=now.date(),
                                  agreements=agreement_facts(session)).allowed


def propose(db: Database, actor: Actor, person_id: uuid.UUID, form: HandoverForm, *,
            now: datetime | None = None) -> HandoverItem:
    """Propose to hand the person over to `form.receiver_id`; the actor stays the veileder meanwhile."""
    _works_with_people(actor)
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE, what=WHAT, at=now)
        require(session, ctx, facts, ItemFacts.person(), Action.CHANGE, log_action=audit.LogAction.CHANGE,
                what=WHAT, at=now)
        person = session.get_one(Person, person_id)
        if not _holds(session, actor, person):
            raise NotAllowed(_("Only the person's veileder, their team or a leader can hand them over."))
        errors = Errors()
        contacts = {c.staff_id for c in _open_contacts(session, person_id)}
        if form.receiver_id is None:
            errors.add("receiver_id", _("Choose who is to take over."))
        elif form.receiver_id == actor.staff_id or form.receiver_id in contacts:
            errors.add("receiver_id", _("Choose someone who is not already the person's veileder."))
        elif not may_receive(session, form.receiver_id, facts, now):
            errors.add("receiver_id", _("This staff member cannot be this person's veileder."))
        note = form.note.strip()
        if not note:
            errors.add("note", _("Write a transfer note: what the receiver needs to know."))
        elif len(note) > NOTE_MAX:
            errors.add("note", _("At most {count} characters.").format(count=NOTE_MAX))
        if form.agreed_with_person is None:
            errors.add("agreed_with_person", _("Answer whether the change was agreed with the person."))
        if session.scalar(select(Handover.id).where(Handover.person_id == person_id, _is_open())) is not None:
            errors.add("receiver_id", _("A handover of this person is already waiting for an answer."))
        errors.raise_if_any()
        assert form.receiver_id is not None and form.agreed_with_person is not None
        rules = rule_book(session, now.date()).rules(person.residence_municipality_id)
        handover = Handover(
            person_id=person_id, sender_id=actor.staff_id, receiver_id=form.receiver_id, note=note,
            agreed_with_person=form.agreed_with_person, proposed_at=now.replace(tzinfo=None),
            answer_due=add_working_days(now.date(), rules.handover_answer_working_days),
        )
        session.add(handover)
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE, what=WHAT, allowed=True,
                  at=now)
        return _items(session, [handover], now.date())[0]


def _is_open() -> ColumnElement[bool]:
    return and_(Handover.answered_at.is_(None), Handover.withdrawn_at.is_(None))


def _answerable(session: Session, actor: Actor, handover_id: uuid.UUID, version: int) -> Handover:
    handover = session.get(Handover, handover_id)
    if handover is None:
        raise NotFound(_("The handover no longer exists."))
    if handover.version != version:
        raise Conflict(_("The handover has changed since you opened it. Open it again."))
    if handover.answered_at is not None or handover.withdrawn_at is not None:
        raise Conflict(_("The handover has already been answered or withdrawn."))
    return handover


def accept(db: Database, actor: Actor, handover_id: uuid.UUID, version: int, *,
           now: datetime | None = None) -> HandoverItem:
    """The receiver takes the person over: the sender's contact ends, the receiver's begins today."""
    _works_with_people(actor)
    now = now or datetime.now()
    with action_session(db) as session:
        handover = _answerable(session, actor, handover_id, version)
        if handover.receiver_id != actor.staff_id:
            raise NotAllowed(_("Only the receiver can accept a handover."))
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, handover.person_id, action=audit.LogAction.CHANGE, what=WHAT, at=now)
        if not may_receive(session, actor.staff_id, facts, now):
            audit.log(session, actor, person_id=handover.person_id, action=audit.LogAction.CHANGE, what=WHAT,
                      allowed=False, at=now)
            raise Refused(_("You can no longer be this person's veileder. Decline the handover instead."))
        transfer_contact(session, handover.person_id, leaving=handover.sender_id, arriving=actor.staff_id,
                         by_id=actor.staff_id, agreed_with_person=handover.agreed_with_person,
                         note=_("Handover accepted. Transfer note: {note}").format(note=handover.note),
                         now=now)
        handover.answered_at, handover.accepted = now.replace(tzinfo=None), True
        session.flush()
        audit.log(session, actor, person_id=handover.person_id, action=audit.LogAction.CHANGE, what=WHAT,
                  allowed=True, at=now)
        return _items(session, [handover], now.date())[0]


def transfer_contact(session: Session, person_id: uuid.UUID, *, leaving: uuid.UUID | None, arriving: uuid.UUID,
                     by_id: uuid.UUID, agreed_with_person: bool, note: str, now: datetime) -> None:
    """Replace `leaving` by `arriving` among the person's contacts (the primary when `leaving` holds none),
    keeping the history: the leaving contact ends today and an ownership event records the change."""
    today = now.date()
    contacts = _open_contacts(session, person_id)
    replaced = next((c for c in contacts if c.staff_id == leaving), None)
    if replaced is None:
        replaced = next((c for c in contacts if c.is_primary), None)
    primary = replaced.is_primary if replaced is not None else not any(c.is_primary for c in contacts)
    if replaced is not None:
        replaced.ends = today
    session.add(PersonContact(person_id=person_id, staff_id=arriving, is_primary=primary, starts=today,
                              agreed_with_person=agreed_with_person, changed_by_id=by_id))
    session.flush()
    person = session.get_one(Person, person_id)
    remaining = [str(c.staff_id) for c in _open_contacts(session, person_id)]
    session.add(OwnershipEvent(person_id=person_id, at=now.replace(tzinfo=None), by_id=by_id,
                               team_id=person.owner_team_id, contact_ids=",".join(remaining), note=note))
    session.flush()


def decline(db: Database, actor: Actor, handover_id: uuid.UUID, version: int, reason: str, *,
            now: datetime | None = None) -> HandoverItem:
    """The receiver says no, with a reason; the sender remains the person's veileder."""
    _works_with_people(actor)
    now = now or datetime.now()
    with action_session(db) as session:
        handover = _answerable(session, actor, handover_id, version)
        if handover.receiver_id != actor.staff_id:
            raise NotAllowed(_("Only the receiver can decline a handover."))
        text = reason.strip()
        errors = Errors()
        if not text:
            errors.add("reason", _("Give the reason, so that the sender can find someone else."))
        elif len(text) > NOTE_MAX:
            errors.add("reason", _("At most {count} characters.").format(count=NOTE_MAX))
        errors.raise_if_any()
        handover.answered_at, handover.accepted, handover.decline_reason = now.replace(tzinfo=None), False, text
        session.flush()
        audit.log(session, actor, person_id=handover.person_id, action=audit.LogAction.CHANGE, what=WHAT,
                  allowed=True, at=now)
        return _items(session, [handover], now.date())[0]


def withdraw(db: Database, actor: Actor, handover_id: uuid.UUID, version: int, *,
             now: datetime | None = None) -> HandoverItem:
    """The sender (or a leader) takes the proposal back before it is answered."""
    _works_with_people(actor)
    now = now or datetime.now()
    with action_session(db) as session:
        handover = _answerable(session, actor, handover_id, version)
        if handover.sender_id != actor.staff_id and not actor.has(Role.LEADER):
            raise NotAllowed(_("Only the sender or a leader can withdraw a handover."))
        handover.withdrawn_at = now.replace(tzinfo=None)
        session.flush()
        audit.log(session, actor, person_id=handover.person_id, action=audit.LogAction.CHANGE, what=WHAT,
                  allowed=True, at=now)
        return _items(session, [handover], now.date())[0]


def overview(db: Database, actor: Actor, *, now: datetime | None = None) -> HandoverOverview:
    """Open handovers to and from the actor, and — for leaders — every overdue one at their offices.

    Names of people the actor may not find are not shown (the line says only that a handover waits).
    """
    _works_with_people(actor)
    now = now or datetime.now()
    today = now.date()
    with db.session() as session:
        ctx = access_context(session, actor, now=now)
        mine = session.scalars(select(Handover).where(
            _is_open(), or_(Handover.sender_id == actor.staff_id, Handover.receiver_id == actor.staff_id))
            .order_by(Handover.answer_due, Handover.proposed_at)).all()
        overdue: list[Handover] = []
        if actor.has(Role.LEADER):
            offices = select(staff_office.c.office_id).where(staff_office.c.staff_id == actor.staff_id)
            municipalities = select(office_municipality.c.municipality_id).where(
                office_municipality.c.office_id.in_(offices))
            overdue = list(session.scalars(
                select(Handover).join(Person, Person.id == Handover.person_id)
                .where(_is_open(), Handover.answer_due < today, Person.residence_municipality_id.in_(municipalities))
                .order_by(Handover.answer_due)))
        items = {item.id: item for item in _items(session, [*mine, *overdue], today, ctx)}
    return HandoverOverview(
        incoming=tuple(items[h.id] for h in mine if h.receiver_id == actor.staff_id),
        outgoing=tuple(items[h.id] for h in mine if h.sender_id == actor.staff_id),
        overdue_at_my_offices=tuple(items[h.id] for h in overdue),
    )


def person_handovers(db: Database, actor: Actor, person_id: uuid.UUID, *,
                     now: datetime | None = None) -> tuple[HandoverItem, ...]:
    """Every handover of one person, newest first (for the card's ownership section)."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        reachable_person(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT, at=now)
        rows = session.scalars(select(Handover).where(Handover.person_id == person_id)
                               .order_by(Handover.proposed_at.desc())).all()
        return tuple(_items(session, list(rows), now.date(), ctx))


def _items(session: Session, rows: list[Handover], today: date, ctx: AccessContext | None = None
           ) -> list[HandoverItem]:
    if not rows:
        return []
    staff = dict(session.execute(select(Staff.id, Staff.name)).all())
    person_ids = list({row.person_id for row in rows})
    names = {pid: f"{last}, {first}" for pid, first, last in session.execute(
        select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_(person_ids)))}
    if ctx is not None:
        facts = person_facts(session, person_ids)
        hidden = {pid for pid, f in facts.items() if not ctx.may_find(f)}
        names.update(dict.fromkeys(hidden, _("Person information — no access")))
    return [
        HandoverItem(
            id=row.id, version=row.version, person_id=row.person_id, person=names.get(row.person_id, ""),
            sender_id=row.sender_id, sender=staff.get(row.sender_id, ""), receiver_id=row.receiver_id,
            receiver=staff.get(row.receiver_id, ""), note=row.note, agreed_with_person=row.agreed_with_person,
            proposed_at=row.proposed_at, answer_due=row.answer_due, answered_at=row.answered_at,
            accepted=row.accepted, decline_reason=row.decline_reason, withdrawn=row.withdrawn_at is not None,
            overdue=row.answered_at is None and row.withdrawn_at is None and row.answer_due < today,
        )
        for row in rows
    ]


def receivers(db: Database, actor: Actor, person_id: uuid.UUID, *, now: datetime | None = None
              ) -> tuple[tuple[uuid.UUID, str], ...]:
    """Who the person can be handed over to (active veiledere and leaders the policy lets have them)."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT, at=now)
        contacts = {c.staff_id for c in _open_contacts(session, person_id)}
        candidates = session.execute(select(Staff.id, Staff.name).where(Staff.active.is_(True))
                                     .order_by(Staff.name)).all()
        return tuple((staff_id, name) for staff_id, name in candidates
                     if staff_id not in contacts and staff_id != actor.staff_id
                     and may_receive(session, staff_id, facts, now))
