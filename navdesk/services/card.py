"""The combined person card: both sides of one person, exactly as the staff member may see them.

One access context and the person's facts are loaded once; then every item is judged by the policy
(`navdesk.domain.access`). Each section is read with one query, whatever the person's history, so that
opening a card costs the same few queries for everyone. The read is logged as one access-log entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from navdesk.domain import fnr as fnr_rules
from navdesk.domain.access_types import (
    Action,
    DataKind,
    Decision,
    ItemFacts,
    PersonFacts,
    Reason,
)
from navdesk.domain.case_codes import (
    INTERIM_REPLY_DAYS,
    AppointmentChannel,
    CaseStatus,
    ContactChannel,
    NoteKind,
    Outcome,
    complaint_deadline,
    label_of,
    sick_leave_checkpoints,
)
from navdesk.domain.codes import Side, label
from navdesk.domain.errors import NotAllowed
from navdesk.i18n import _, format_date, format_number
from navdesk.services import access_log, audit, card_format
from navdesk.services.access_facts import AccessContext, access_context
from navdesk.services.actor import Actor
from navdesk.services.card_judge import Judge, item_facts
from navdesk.services.card_types import (
    AppointmentItem,
    Badge,
    CaseItem,
    Checkpoint,
    ContactItem,
    Header,
    InnsatsItem,
    NoteItem,
    NoteTarget,
    PersonCard,
    Section,
    StateFact,
    StateSide,
    TimelineEvent,
    Withheld,
)
from navdesk.services.consents import consent_items
from navdesk.services.person_guard import action_session, emergency_reason, not_found_message, reachable_person
from navdesk.store.engine import Database
from navdesk.store.models import (
    Appointment,
    ClosedArea,
    ContactEntry,
    EmergencyAccess,
    HouseholdMember,
    InnsatsDecision,
    JournalNote,
    JournalNoteRevision,
    Municipality,
    Person,
    PersonContact,
    Service,
    ServiceCase,
    Staff,
    Team,
)

ACCESS_LOG_ROWS = 100
OPEN_CASE = frozenset({CaseStatus.APPLIED, CaseStatus.IN_PROGRESS})
SIDES = (Side.STATE, Side.MUNICIPAL)
INNSATS_SERVICE = "oppfolging_14a"


def open_card(db: Database, actor: Actor, person_id: uuid.UUID, *, now: datetime | None = None) -> PersonCard:
    """The person's card as `actor` may see it; NotAllowed (logged) when the person may not be found."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.READ, what=access_log.WHAT_CARD,
                                 at=now)
        identity = ctx.decide(facts, ItemFacts.person(), Action.READ)
        return _CardBuilder(session, ctx, facts, identity, now).build()


def open_card_by_fnr(db: Database, actor: Actor, number: str, *, now: datetime | None = None) -> PersonCard:
    """The card of the person with this fødselsnummer or D-number (the command line's way in)."""
    return open_card(db, actor, person_id_for_fnr(db, number), now=now)


def person_id_for_fnr(db: Database, number: str) -> uuid.UUID:
    """The person with this number; an unknown number gets the same refusal as a hidden person, so that
    the answer tells nothing until the person's card itself is judged."""
    compact = fnr_rules.compact(number)
    if len(compact) != 11 or not compact.isdigit():
        raise NotAllowed(_("A fødselsnummer has 11 digits."))
    with db.session() as session:
        person_id = session.scalar(select(Person.id).where(Person.fnr == compact))
    if person_id is None:
        raise NotAllowed(not_found_message())
    return person_id


@dataclass(frozen=True)
class _Lookups:
    municipalities: dict[uuid.UUID, str]
    staff: dict[uuid.UUID, str]
    services: dict[tuple[uuid.UUID, str], Service]


class _CardBuilder:
    def __init__(self, session: Session, ctx: AccessContext, facts: PersonFacts, identity: Decision,
                 now: datetime) -> None:
        self.session = session
        self.ctx = ctx
        self.facts = facts
        self.identity = identity
        self.now = now
        self.today = now.date()
        self.judge = Judge(ctx, facts)
        self.person = session.get_one(Person, facts.person_id)
        self.lookups = self._lookups()
        self.timeline: list[TimelineEvent] = []
        self.markers: dict[str, Withheld] = {}
        self.kvp_running = False

    def _lookups(self) -> _Lookups:
        municipalities = dict(self.session.execute(select(Municipality.id, Municipality.name)).all())
        staff = dict(self.session.execute(select(Staff.id, Staff.name)).all())
        wanted = {self.facts.residence_municipality_id} | {m for m, _code in self.facts.municipal_records}
        services: dict[tuple[uuid.UUID, str], Service] = {}
        rows = self.session.scalars(
            select(Service).where(Service.municipality_id.in_(wanted)).order_by(Service.valid_from)
        )
        for service in rows:
            if service.valid_from <= self.today and (service.valid_to is None or self.today <= service.valid_to):
                services[(service.municipality_id, service.code)] = service
            else:
                services.setdefault((service.municipality_id, service.code), service)
        return _Lookups(municipalities, staff, services)

    def _staff(self, staff_id: uuid.UUID | None) -> str:
        return self.lookups.staff.get(staff_id, "") if staff_id else ""

    def _municipality(self, municipality_id: uuid.UUID | None) -> str:
        return self.lookups.municipalities.get(municipality_id, "") if municipality_id else ""

    def _service_name(self, municipality_id: uuid.UUID | None, code: str) -> str:
        service = self.lookups.services.get((municipality_id or self.facts.residence_municipality_id, code))
        return service.name if service is not None else card_format.service_default_name(code)

    def _collect(self, markers: Iterable[Withheld]) -> tuple[Withheld, ...]:
        result = tuple(markers)
        for marker in result:
            self.markers.setdefault(marker.text, marker)
        return result

    def build(self) -> PersonCard:
        cases = self.session.scalars(
            select(ServiceCase).where(ServiceCase.person_id == self.person.id)
            .order_by(ServiceCase.received_on.desc(), ServiceCase.starts_on.desc())
        ).all()
        state = self._state_side([c for c in cases if c.side == Side.STATE])
        municipal = self._municipal([c for c in cases if c.side == Side.MUNICIPAL])
        closed = self._closed([c for c in cases if c.side == Side.CLOSED])
        journal = self._journal()
        contacts = self._contacts()
        appointments = self._appointments()
        header = self._header()
        by_authorisation = self.identity.reason.by_authorisation
        consents = Section(consent_items(self.session, self.facts, self.today, can_change=by_authorisation,
                                         staff=self.lookups.staff.get, municipality=self.lookups.municipalities.get))
        log_items, log_total, log_marker = self._access_log(by_authorisation)
        self.timeline.sort(key=lambda event: event.at, reverse=True)
        emergency = self.identity.is_emergency or self.judge.emergency_used
        card = PersonCard(
            header=header,
            emergency=emergency,
            emergency_until=self._emergency_until() if emergency else None,
            overview=Section(tuple(self.timeline), self.judge.side_markers(SIDES, list(self.markers.values()))),
            state=state,
            municipal=municipal,
            closed=closed,
            journal=journal,
            contacts=contacts,
            appointments=appointments,
            consents=consents,
            access_log=Section(tuple(log_items), log_marker),
            access_log_total=log_total,
            note_targets=self._note_targets(),
            can_register_consent=by_authorisation,
            can_print_access_log=by_authorisation,
        )
        self._log(emergency)
        return card

    # Header -----------------------------------------------------------------------------------

    def _header(self) -> Header:
        person = self.person
        judge = self.judge
        withheld: dict[str, Withheld] = {}

        def allowed(kind: DataKind) -> bool:
            decision = judge.decide(ItemFacts.person(kind))
            if not decision.allowed and not decision.hides_existence:
                withheld.setdefault(decision.explain(), Withheld(None, decision.explain()))
            return decision.allowed

        contact_ok = allowed(DataKind.CONTACT)
        address_ok = allowed(DataKind.ADDRESS)
        household_ok = allowed(DataKind.HOUSEHOLD)
        badges: list[Badge] = []
        if person.protected_address:
            badges.append(Badge("protected_address", _("Protected address")))
        if contact_ok and person.interpreter_needed:
            badges.append(Badge("interpreter", _("Interpreter ({language})").format(
                language=card_format.language_name(person.language))))
        if contact_ok and not person.digital_self_service:
            badges.append(Badge("not_digital", _("Not digital")))
        if self.kvp_running:
            badges.append(Badge("kvp", _("KVP participant")))
        if household_ok:
            children = self._children()
            if children:
                badges.append(Badge("children", _("Children in household ({count})").format(
                    count=format_number(children))))
        if self.identity.is_emergency or judge.emergency_used:
            badges.append(Badge("emergency", _("Emergency access in use")))
        address = ""
        if address_ok and not person.protected_address and person.address_line:
            address = ", ".join(part for part in (person.address_line,
                                                  f"{person.postal_code} {person.postal_place}".strip()) if part)
        owner_team = ""
        if person.owner_team_id is not None:
            owner_team = self.session.scalar(select(Team.name).where(Team.id == person.owner_team_id)) or ""
        return Header(
            person_id=person.id,
            name=f"{person.first_name} {person.last_name}",
            fnr=person.fnr,
            birth_date=person.birth_date,
            age=card_format.age(person.birth_date, self.today),
            municipality=self.lookups.municipalities.get(person.residence_municipality_id, ""),
            owner_team=owner_team,
            contacts=self._contact_veiledere(),
            phone=person.phone if contact_ok else "",
            email=person.email if contact_ok else "",
            language=card_format.language_name(person.language) if contact_ok else "",
            address=address,
            badges=tuple(badges),
            withheld=tuple(withheld.values()),
        )

    def _contact_veiledere(self) -> tuple[str, ...]:
        rows = self.session.execute(
            select(PersonContact.staff_id, PersonContact.is_primary).where(
                PersonContact.person_id == self.person.id, PersonContact.starts <= self.today,
                # A contact ends on the day it is handed on (`ends` = that day), as everywhere else.
                (PersonContact.ends.is_(None)) | (PersonContact.ends > self.today),
            )
        ).all()
        ordered = sorted(rows, key=lambda row: (not row.is_primary, self._staff(row.staff_id)))
        return tuple(self._staff(row.staff_id) for row in ordered)

    def _children(self) -> int:
        return self.session.scalar(
            select(func.count()).select_from(HouseholdMember).where(
                HouseholdMember.person_id == self.person.id, HouseholdMember.relation == "child")
        ) or 0

    # State side -------------------------------------------------------------------------------

    def _state_side(self, cases: list[ServiceCase]) -> StateSide:
        residence = self.facts.residence_municipality_id
        innsats_item = ItemFacts.state(DataKind.CASE, INNSATS_SERVICE)
        innsats = self.judge.decide(innsats_item)
        history: list[InnsatsItem] = []
        markers: list[Withheld] = []
        if innsats.allowed:
            for row in self.session.scalars(
                select(InnsatsDecision).where(InnsatsDecision.person_id == self.person.id)
                .order_by(InnsatsDecision.decided_on.desc())
            ):
                history.append(InnsatsItem(row.decided_on, card_format.innsats_label(row.innsatsgruppe),
                                           card_format.hovedmal_label(row.hovedmal), self._staff(row.decided_by_id)))
                self._event(row.decided_on, Side.STATE, _("§14a"), card_format.innsats_label(row.innsatsgruppe),
                            card_format.hovedmal_label(row.hovedmal))
        elif not innsats.hides_existence:
            markers.append(Withheld(Side.STATE, innsats.explain()))
        shown, withheld = self.judge.sort(
            cases, lambda c: item_facts(DataKind.CASE, c.side, None, c.service_code, None, residence))
        facts = tuple(self._state_fact(case) for case, _decision in shown)
        return StateSide(
            innsatsgruppe=card_format.innsats_label(self.person.innsatsgruppe) if innsats.allowed else "",
            hovedmal=card_format.hovedmal_label(self.person.hovedmal) if innsats.allowed else "",
            innsats_history=tuple(history),
            facts=facts,
            withheld=self._collect(self.judge.side_markers((Side.STATE,), markers + withheld)),
        )

    def _state_fact(self, case: ServiceCase) -> StateFact:
        name = self._service_name(None, case.service_code)
        checkpoints: tuple[Checkpoint, ...] = ()
        if case.service_code == "sykefravaer" and case.starts_on is not None:
            checkpoints = tuple(Checkpoint(weeks, due, due <= self.today)
                                for weeks, due in sick_leave_checkpoints(case.starts_on))
        if case.starts_on is not None:
            period = (_("From {start} until {end}").format(start=format_date(case.starts_on),
                                                           end=format_date(case.ends_on)) if case.ends_on
                      else _("From {start}").format(start=format_date(case.starts_on)))
            self._event(case.starts_on, Side.STATE, _("Case"), name, period)
        return StateFact(
            case_id=case.id,
            service_code=case.service_code,
            service_name=name,
            status=label_of(CaseStatus, case.status),
            starts_on=case.starts_on,
            ends_on=case.ends_on,
            details=card_format.detail_lines(case.details),
            checkpoints=checkpoints,
        )

    # Municipal side and closed areas -----------------------------------------------------------

    def _municipal(self, cases: list[ServiceCase]) -> Section[CaseItem]:
        residence = self.facts.residence_municipality_id
        shown, withheld = self.judge.sort(
            cases,
            lambda c: item_facts(DataKind.CASE, c.side, c.responsible_municipality_id, c.service_code, None, residence),
        )
        items = tuple(self._case_item(case, "") for case, _decision in shown)
        self.kvp_running = any(card_format.is_running_kvp(case, self.today) for case, _decision in shown)
        return Section(items, self._collect(self.judge.side_markers((Side.MUNICIPAL,), withheld)))

    def _closed(self, cases: list[ServiceCase]) -> Section[CaseItem]:
        """Cases in closed areas the reader is named on; everyone else gets no trace of them."""
        readable = [area for area in self.facts.closed_area_ids
                    if self.judge.decide(ItemFacts.closed(DataKind.CASE, area)).allowed]
        if not readable:
            return Section()
        names = dict(self.session.execute(
            select(ClosedArea.id, ClosedArea.name).where(ClosedArea.id.in_(readable))).all())
        items = tuple(self._case_item(case, names[case.closed_area_id]) for case in cases
                      if case.closed_area_id in names)
        return Section(items)

    def _case_item(self, case: ServiceCase, area: str) -> CaseItem:
        municipality_id = case.responsible_municipality_id
        name = self._service_name(municipality_id, case.service_code)
        service = self.lookups.services.get((municipality_id or self.facts.residence_municipality_id,
                                             case.service_code))
        undecided = case.status in OPEN_CASE and case.received_on is not None
        # Deadlines kept on the case (set when it was saved) win: the date told to the person never moves.
        processing = case.processing_deadline if undecided else None
        if undecided and processing is None and service is not None and service.processing_days \
                and case.received_on:
            processing = case.received_on + timedelta(days=service.processing_days)
        interim = None
        if undecided and case.received_on is not None:
            interim = case.interim_reply_due or case.received_on + timedelta(days=INTERIM_REPLY_DAYS)
        complaint = None
        if case.decided_on is not None:
            complaint = case.complaint_deadline or complaint_deadline(case.decided_on)
        side = Side(case.side)
        if case.received_on is not None:
            received = _("Oral application received") if case.oral_application else _("Application received")
            self._event(case.received_on, side, _("Case"), name, received)
        if case.decided_on is not None:
            self._event(case.decided_on, side, _("Decision"), name, label_of(Outcome, case.outcome))
        return CaseItem(
            case_id=case.id,
            side=side,
            municipality=self.lookups.municipalities.get(municipality_id, "") if municipality_id else "",
            service_code=case.service_code,
            service_name=name,
            status=label_of(CaseStatus, case.status),
            outcome=label_of(Outcome, case.outcome) if case.outcome else "",
            received_on=case.received_on,
            oral_application=case.oral_application,
            decided_on=case.decided_on,
            starts_on=case.starts_on,
            ends_on=case.ends_on,
            processing_deadline=processing,
            interim_reply_due=interim,
            complaint_deadline=complaint,
            reasons=case.reasons,
            area=area,
        )

    # Journal, contacts and appointments ----------------------------------------------------------

    def _where(self, side: Side, municipality_id: uuid.UUID | None, service_code: str,
               area: str = "") -> str:
        if side is Side.STATE:
            return label(Side.STATE)
        if side is Side.CLOSED:
            return area or label(Side.CLOSED)
        municipality = self.lookups.municipalities.get(municipality_id or self.facts.residence_municipality_id, "")
        if service_code:
            return f"{municipality} — {self._service_name(municipality_id, service_code)}"
        return municipality

    def _journal(self) -> Section[NoteItem]:
        residence = self.facts.residence_municipality_id
        revisions = (
            select(JournalNoteRevision.note_id, func.count().label("count"))
            .group_by(JournalNoteRevision.note_id).subquery()
        )
        rows = self.session.execute(
            select(JournalNote, func.coalesce(revisions.c.count, 0))
            .outerjoin(revisions, revisions.c.note_id == JournalNote.id)
            .where(JournalNote.person_id == self.person.id)
            .order_by(JournalNote.noted_on.desc(), JournalNote.written_at.desc())
        ).all()
        def facts_of(note: JournalNote) -> ItemFacts | None:
            return item_facts(DataKind.NOTE, note.side, note.responsible_municipality_id, note.service_code,
                         note.closed_area_id, residence)

        shown, withheld = self.judge.sort(rows, lambda row: facts_of(row[0]))
        area_names = self._area_names() if any(row[0].side == Side.CLOSED for row, _d in shown) else {}
        items = []
        for (note, count), _decision in shown:
            side = Side(note.side)
            facts = facts_of(note)
            assert facts is not None  # only rows with facts are shown
            item = NoteItem(
                note_id=note.id,
                version=note.version,
                side=side,
                where=self._where(side, note.responsible_municipality_id, note.service_code,
                                  area_names.get(note.closed_area_id, "") if note.closed_area_id else ""),
                kind=note.kind,
                kind_label=label_of(NoteKind, note.kind),
                noted_on=note.noted_on,
                title=note.title,
                text=note.text,
                author=self._staff(note.author_id),
                written_at=note.written_at,
                signed_by=self._staff(note.edited_by_id or note.author_id),
                edited_at=note.edited_at,
                revisions=int(count),
                can_edit=(note.author_id == self.ctx.actor.staff_id
                          and self.judge.decide(facts, Action.CHANGE).allowed),
            )
            items.append(item)
            self._event(note.noted_on, side, label_of(NoteKind, note.kind), note.title, item.signed_by,
                        note.written_at)
        return Section(tuple(items), self._collect(self.judge.side_markers(SIDES, withheld)))

    def _area_names(self) -> dict[uuid.UUID, str]:
        return dict(self.session.execute(
            select(ClosedArea.id, ClosedArea.name).where(ClosedArea.person_id == self.person.id)).all())

    def _contacts(self) -> Section[ContactItem]:
        residence = self.facts.residence_municipality_id
        rows = self.session.scalars(
            select(ContactEntry).where(ContactEntry.person_id == self.person.id).order_by(ContactEntry.at.desc())
        ).all()
        shown, withheld = self.judge.sort(
            rows, lambda c: item_facts(DataKind.NOTE, c.side, c.responsible_municipality_id, c.service_code, None,
                                  residence))
        items = []
        for contact, _decision in shown:
            channel = label_of(ContactChannel, contact.channel)
            items.append(ContactItem(contact.at, Side(contact.side), channel, self._staff(contact.staff_id),
                                     contact.summary))
            self._event(contact.at.date(), Side(contact.side), _("Contact"), channel, contact.summary, contact.at)
        return Section(tuple(items), self._collect(self.judge.side_markers(SIDES, withheld)))

    def _appointments(self) -> Section[AppointmentItem]:
        residence = self.facts.residence_municipality_id
        rows = self.session.scalars(
            select(Appointment).where(Appointment.person_id == self.person.id)
            .order_by(Appointment.starts_at.desc())
        ).all()
        shown, withheld = self.judge.sort(
            rows,
            lambda a: item_facts(DataKind.APPOINTMENT, a.side, a.responsible_municipality_id, a.service_code, None,
                            residence),
        )
        items = []
        for appointment, _decision in shown:
            place = appointment.location or self._municipality(appointment.municipality_id)
            items.append(AppointmentItem(
                starts_at=appointment.starts_at,
                ends_at=appointment.ends_at,
                side=Side(appointment.side),
                staff=self._staff(appointment.staff_id),
                place=place,
                channel=label_of(AppointmentChannel, appointment.channel),
                purpose=appointment.purpose,
                cancelled=appointment.cancelled_at is not None,
            ))
            self._event(appointment.starts_at.date(), Side(appointment.side), _("Appointment"),
                        appointment.purpose, place, appointment.starts_at)
        return Section(tuple(items), self._collect(self.judge.side_markers(SIDES, withheld)))

    def _event(self, on: date, side: Side, kind: str, title: str, detail: str,
               at: datetime | None = None) -> None:
        self.timeline.append(TimelineEvent(at or datetime.combine(on, time()), side, kind, title, detail))

    # Consents and the access log ---------------------------------------------------------------

    def _access_log(self, by_authorisation: bool) -> tuple[list[access_log.AccessLogItem], int,
                                                          tuple[Withheld, ...]]:
        if not by_authorisation:
            text = _("The access log is shown only to staff who serve the person in their own right.")
            return [], 0, (Withheld(None, text),)
        discreet = not (self.ctx.staff.named_closed_area_ids & self.facts.closed_area_ids)
        items, total = access_log.person_entries(self.session, self.person.id, discreet=discreet,
                                                 limit=ACCESS_LOG_ROWS)
        return items, total, ()

    def _emergency_until(self) -> datetime | None:
        return self.session.scalar(
            select(func.max(EmergencyAccess.ends_at)).where(
                EmergencyAccess.person_id == self.person.id,
                EmergencyAccess.staff_id == self.ctx.actor.staff_id,
                EmergencyAccess.ends_at > self.now,
            )
        )

    def _note_targets(self) -> tuple[NoteTarget, ...]:
        targets: list[NoteTarget] = []
        judge = self.judge
        if judge.decide(ItemFacts.state(DataKind.NOTE), Action.CHANGE).allowed:
            targets.append(NoteTarget(Side.STATE, None, "", None, _("State side")))
        municipalities = sorted({self.facts.residence_municipality_id} | {m for m, _c in self.facts.municipal_records},
                                key=lambda m: self.lookups.municipalities.get(m, ""))
        for municipality_id in municipalities:
            name = self.lookups.municipalities.get(municipality_id, "")
            codes = sorted(code for (m, code), service in self.lookups.services.items()
                           if m == municipality_id and service.side == Side.MUNICIPAL)
            for code in ["", *codes]:
                item = ItemFacts.municipal(DataKind.NOTE, municipality_id, code)
                if judge.decide(item, Action.CHANGE).allowed:
                    text = (_("Municipal — {municipality} — {service}").format(
                        municipality=name, service=self._service_name(municipality_id, code)) if code
                        else _("Municipal — {municipality} (all services)").format(municipality=name))
                    targets.append(NoteTarget(Side.MUNICIPAL, municipality_id, code, None, text))
        if self.facts.closed_area_ids & self.ctx.staff.named_closed_area_ids:
            for area_id, name in sorted(self._area_names().items(), key=lambda pair: pair[1]):
                if judge.decide(ItemFacts.closed(DataKind.NOTE, area_id), Action.CHANGE).allowed:
                    targets.append(NoteTarget(Side.CLOSED, None, "", area_id,
                                              _("Closed area — {name}").format(name=name)))
        return tuple(targets)

    def _log(self, emergency: bool) -> None:
        why = ""
        reason = self.identity.reason
        if emergency:
            reason = Reason.EMERGENCY
            why = emergency_reason(self.session, self.ctx, self.person.id, self.now)
        audit.log(self.session, self.ctx.actor, person_id=self.person.id, action=audit.LogAction.READ,
                  what=access_log.WHAT_CARD, allowed=True, reason=reason.value, why=why, at=self.now)


