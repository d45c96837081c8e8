"""Journal notes and the contact log: dated, signed, tagged with their side; no text is ever lost.

Editing a note keeps the earlier text as a revision (who signed it and when), and an edit made on a
stale version is refused as a conflict instead of overwriting someone else's words. Every write and
every look at a note's history is logged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk.domain import validators
from navdesk.domain.access_types import Action, DataKind, ItemFacts, PersonFacts
from navdesk.domain.case_codes import ContactChannel, NoteKind
from navdesk.domain.codes import Side
from navdesk.domain.errors import Conflict, Errors, NotAllowed
from navdesk.i18n import _
from navdesk.services import access_log, audit
from navdesk.services.access_facts import AccessContext, access_context
from navdesk.services.actor import Actor
from navdesk.services.person_guard import Refused, action_session, emergency_reason, reachable_person, require
from navdesk.store.engine import Database
from navdesk.store.models import (
    ClosedArea,
    ContactEntry,
    JournalNote,
    JournalNoteRevision,
    Municipality,
    Service,
    Staff,
)

TITLE_MAX = 200
TEXT_MAX = 20_000
SUMMARY_MAX = 2_000
# A contact may be logged a little ahead of the clock (another desk's clock, a call just ending).
CLOCK_SLACK = timedelta(minutes=10)


@dataclass(frozen=True)
class NoteForm:
    side: str
    noted_on: date | None
    title: str
    text: str
    kind: str = NoteKind.NOTE
    responsible_municipality_id: uuid.UUID | None = None
    service_code: str = ""
    closed_area_id: uuid.UUID | None = None


@dataclass(frozen=True)
class SavedNote:
    note_id: uuid.UUID
    version: int
    title: str


@dataclass(frozen=True)
class NoteVersion:
    revision: int
    title: str
    text: str
    signed_by: str
    written_at: datetime
    current: bool


@dataclass(frozen=True)
class NoteHistory:
    note_id: uuid.UUID
    versions: tuple[NoteVersion, ...]  # the current text first, then older ones


@dataclass(frozen=True)
class ContactForm:
    side: str
    channel: str
    at: datetime | None
    summary: str
    responsible_municipality_id: uuid.UUID | None = None
    service_code: str = ""


def add_note(db: Database, actor: Actor, person_id: uuid.UUID, form: NoteForm, *,
             now: datetime | None = None) -> SavedNote:
    """Write a new note; the author must be allowed to change data of that side, municipality and service."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE,
                                 what=access_log.WHAT_NOTE, at=now)
        item = _validated_note(session, facts, form, now)
        decision = require(session, ctx, facts, item, Action.CHANGE, log_action=audit.LogAction.CHANGE,
                           what=access_log.WHAT_NOTE, at=now)
        note = JournalNote(
            person_id=person_id,
            side=form.side,
            responsible_municipality_id=form.responsible_municipality_id if form.side == Side.MUNICIPAL else None,
            service_code=form.service_code.strip() if form.side != Side.STATE else "",
            closed_area_id=form.closed_area_id if form.side == Side.CLOSED else None,
            kind=form.kind,
            noted_on=form.noted_on,
            title=form.title.strip(),
            text=form.text.strip(),
            author_id=actor.staff_id,
            written_at=now,
        )
        session.add(note)
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE, what=access_log.WHAT_NOTE,
                  allowed=True, reason=decision.reason.value, at=now)
        return SavedNote(note.id, note.version, note.title)


def edit_note(db: Database, actor: Actor, note_id: uuid.UUID, version: int, title: str, text: str, *,
              now: datetime | None = None) -> SavedNote:
    """Change a note's title and text; the earlier text is kept. Only its author may change a signed note."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        note, facts = _reachable_note(session, ctx, note_id, audit.LogAction.CHANGE, now)
        decision = require(session, ctx, facts, _note_item(note, facts), Action.CHANGE,
                           log_action=audit.LogAction.CHANGE, what=access_log.WHAT_NOTE, at=now)
        if note.author_id != actor.staff_id:
            raise NotAllowed(_("Only the author can change a signed note. Write a new note instead."))
        if note.version != version:
            raise Conflict(_("Someone else changed this note after you opened it. Close it and open it again "
                             "to see their changes."))
        errors = Errors()
        _check_title_and_text(errors, title, text)
        errors.raise_if_any()
        if (title.strip(), text.strip()) != (note.title, note.text):
            session.add(JournalNoteRevision(
                note_id=note.id, revision=note.version, title=note.title, text=note.text,
                written_by_id=note.edited_by_id or note.author_id, written_at=note.edited_at or note.written_at,
            ))
            note.title, note.text = title.strip(), text.strip()
            note.edited_at, note.edited_by_id = now, actor.staff_id
            session.flush()
            audit.log(session, actor, person_id=note.person_id, action=audit.LogAction.CHANGE,
                      what=access_log.WHAT_NOTE, allowed=True, reason=decision.reason.value, at=now)
        return SavedNote(note.id, note.version, note.title)


def note_history(db: Database, actor: Actor, note_id: uuid.UUID, *, now: datetime | None = None) -> NoteHistory:
    """Every text the note has had, newest first (reading it is logged)."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        note, facts = _reachable_note(session, ctx, note_id, audit.LogAction.READ, now)
        decision = require(session, ctx, facts, _note_item(note, facts), Action.READ,
                           log_action=audit.LogAction.READ, what=access_log.WHAT_NOTE_HISTORY, at=now)
        names = dict(session.execute(select(Staff.id, Staff.name)).all())
        versions = [NoteVersion(note.version, note.title, note.text,
                                names.get(note.edited_by_id or note.author_id, ""),
                                note.edited_at or note.written_at, True)]
        for revision in session.scalars(
            select(JournalNoteRevision).where(JournalNoteRevision.note_id == note_id)
            .order_by(JournalNoteRevision.revision.desc())
        ):
            versions.append(NoteVersion(revision.revision, revision.title, revision.text,
                                        names.get(revision.written_by_id, ""), revision.written_at, False))
        audit.log(session, actor, person_id=note.person_id, action=audit.LogAction.READ,
                  what=access_log.WHAT_NOTE_HISTORY, allowed=True, reason=decision.reason.value,
                  why=emergency_reason(session, ctx, note.person_id, now) if decision.is_emergency else "", at=now)
        return NoteHistory(note_id, tuple(versions))


def add_contact(db: Database, actor: Actor, person_id: uuid.UUID, form: ContactForm, *,
                now: datetime | None = None) -> uuid.UUID:
    """Log a contact with the person (phone, meeting, home visit, SMS, video, letter)."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE,
                                 what=access_log.WHAT_CONTACT, at=now)
        errors = Errors()
        item = _side_item(session, errors, facts, form.side, form.responsible_municipality_id, form.service_code,
                          None, DataKind.NOTE)
        if form.channel not in set(ContactChannel):
            errors.add("channel", _("Choose how the contact took place."))
        if form.at is None:
            errors.add("at", _("This field is required."))
        elif form.at > now + CLOCK_SLACK:
            errors.add("at", _("A contact cannot lie in the future."))
        _add(errors, "summary", validators.required(form.summary.replace("\n", " "), SUMMARY_MAX))
        errors.raise_if_any()
        assert item is not None and form.at is not None  # guaranteed by the checks above
        decision = require(session, ctx, facts, item, Action.CHANGE, log_action=audit.LogAction.CHANGE,
                           what=access_log.WHAT_CONTACT, at=now)
        entry = ContactEntry(
            person_id=person_id, side=form.side,
            responsible_municipality_id=form.responsible_municipality_id if form.side == Side.MUNICIPAL else None,
            service_code=form.service_code.strip() if form.side == Side.MUNICIPAL else "",
            channel=form.channel, at=form.at, staff_id=actor.staff_id, summary=form.summary.strip(),
        )
        session.add(entry)
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE,
                  what=access_log.WHAT_CONTACT, allowed=True, reason=decision.reason.value, at=now)
        return entry.id


def _reachable_note(session: Session, ctx: AccessContext, note_id: uuid.UUID, action: str,
                    now: datetime) -> tuple[JournalNote, PersonFacts]:
    note = session.get(JournalNote, note_id)
    if note is None:
        raise Refused(_("The note no longer exists, or you may not see it."))
    facts = reachable_person(session, ctx, note.person_id, action=action, what=access_log.WHAT_NOTE, at=now)
    return note, facts


def _note_item(note: JournalNote, facts: PersonFacts) -> ItemFacts:
    if note.side == Side.MUNICIPAL:
        return ItemFacts.municipal(DataKind.NOTE, note.responsible_municipality_id or facts.residence_municipality_id,
                                   note.service_code)
    if note.side == Side.CLOSED and note.closed_area_id is not None:
        return ItemFacts.closed(DataKind.NOTE, note.closed_area_id)
    return ItemFacts.state(DataKind.NOTE, note.service_code)


def _validated_note(session: Session, facts: PersonFacts, form: NoteForm, now: datetime) -> ItemFacts:
    errors = Errors()
    item = _side_item(session, errors, facts, form.side, form.responsible_municipality_id, form.service_code,
                      form.closed_area_id, DataKind.NOTE)
    if form.kind not in set(NoteKind):
        errors.add("kind", _("Choose the kind of note."))
    if form.noted_on is None:
        errors.add("noted_on", _("This field is required."))
    elif form.noted_on > now.date():
        errors.add("noted_on", _("A note cannot be dated in the future."))
    _check_title_and_text(errors, form.title, form.text)
    errors.raise_if_any()
    assert item is not None  # guaranteed: _side_item reported an error otherwise
    return item


def _side_item(session: Session, errors: Errors, facts: PersonFacts, side: str,
               municipality_id: uuid.UUID | None, service_code: str, closed_area_id: uuid.UUID | None,
               kind: DataKind) -> ItemFacts | None:
    """The policy's facts for what the form says it is about; field errors for what does not hold."""
    code = service_code.strip()
    if side == Side.STATE:
        return ItemFacts.state(kind)
    if side == Side.MUNICIPAL:
        if municipality_id is None or session.get(Municipality, municipality_id) is None:
            errors.add("responsible_municipality_id", _("Choose the responsible municipality."))
            return None
        if code and session.scalar(select(Service.id).where(
                Service.municipality_id == municipality_id, Service.code == code,
                Service.side == Side.MUNICIPAL).limit(1)) is None:
            errors.add("service_code", _("This service is not in the municipality's catalogue."))
            return None
        return ItemFacts.municipal(kind, municipality_id, code)
    if side == Side.CLOSED:
        area = session.get(ClosedArea, closed_area_id) if closed_area_id is not None else None
        if area is None or area.person_id != facts.person_id:
            errors.add("closed_area_id", _("Choose a closed area of this person that you are named on."))
            return None
        return ItemFacts.closed(kind, area.id)
    errors.add("side", _("Choose the side the note belongs to."))
    return None


def _check_title_and_text(errors: Errors, title: str, text: str) -> None:
    _add(errors, "title", validators.required(title, TITLE_MAX))
    body = text.strip()
    if not body:
        errors.add("text", _("This field is required."))
    elif len(body) > TEXT_MAX:
        errors.add("text", _("At most {count} characters.").format(count=TEXT_MAX))
    elif any(ord(ch) < 32 and ch not in "\n\t" for ch in body):
        errors.add("text", _("Control characters are not allowed."))


def _add(errors: Errors, field: str, problem: str | None) -> None:
    if problem:
        errors.add(field, problem)
